/**
 * Endpoint, credentials and preferences: from flags, the environment
 * (`OCCI_ENDPOINT`, `OCCI_USER`, `OCCI_PASSWORD`, `OCCI_TOKEN`, `OCCI_PROFILE`,
 * `OCCI_CONFIG`) and a config file of named profiles.
 *
 * Precedence, highest first: flags; the profile named by `--profile`; the
 * environment; the profile named by `OCCI_PROFILE` or the file's `default`.
 * An explicit choice on the command line always wins.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { usageError } from './exit-codes.js';

export type WireFormat = 'json' | 'plain' | 'occi';
export type OutputFormat = 'table' | 'json' | 'text';

export const WIRE_FORMATS: readonly WireFormat[] = ['json', 'plain', 'occi'];
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'text'];

/** One named profile of the config file. */
export interface Profile {
  endpoint?: string;
  user?: string;
  password?: string;
  token?: string;
  rendering?: WireFormat;
  output?: OutputFormat;
  /** Request timeout in seconds. */
  timeout?: number;
}

/** The config file: `{ "default": "name", "profiles": { "name": { ... } } }`. */
export interface ConfigFile {
  default?: string;
  profiles: Record<string, Profile>;
}

/** The global flags, as commander parsed them. */
export interface GlobalOptions {
  endpoint?: string;
  user?: string;
  password?: string;
  token?: string;
  profile?: string;
  config?: string;
  output?: string;
  rendering?: string;
  timeout?: string;
  color?: boolean;
}

export type Credentials =
  | { type: 'basic'; user: string; password: string }
  | { type: 'bearer'; token: string };

export interface Settings {
  endpoint?: string;
  auth?: Credentials;
  rendering?: WireFormat;
  output: OutputFormat;
  timeoutMs?: number;
  /** The profile used, if any. */
  profile?: string;
}

type Env = Record<string, string | undefined>;

/** Where the config file is: `--config`, `OCCI_CONFIG`, else `$XDG_CONFIG_HOME/occi/config.json` (`~/.config/...`). */
export function configPath(options: GlobalOptions, env: Env): { path: string; explicit: boolean } {
  const explicit = options.config ?? env.OCCI_CONFIG;
  if (explicit) return { path: explicit, explicit: true };
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return { path: join(base, 'occi', 'config.json'), explicit: false };
}

const PROFILE_KEYS = new Set(['endpoint', 'user', 'password', 'token', 'rendering', 'output', 'timeout']);

/** Reads and checks a config file; a missing default file is an empty config. */
export function readConfigFile(path: string, explicit: boolean): ConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (!explicit && (error as { code?: string }).code === 'ENOENT') return { profiles: {} };
    throw usageError(`cannot read the config file ${path}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw usageError(`the config file ${path} is not JSON: ${(error as Error).message}`);
  }
  const isObject = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!isObject(value)) throw usageError(`the config file ${path} must hold an object with "profiles"`);
  const profiles = value.profiles ?? {};
  if (!isObject(profiles)) throw usageError(`${path}: "profiles" must be an object of named profiles`);
  if (value.default !== undefined && typeof value.default !== 'string')
    throw usageError(`${path}: "default" must be the name of a profile`);
  for (const [name, profile] of Object.entries(profiles)) {
    if (!isObject(profile)) throw usageError(`${path}: profile "${name}" must be an object`);
    for (const [key, v] of Object.entries(profile)) {
      if (!PROFILE_KEYS.has(key))
        throw usageError(
          `${path}: profile "${name}" has an unknown key "${key}" (known: ${[...PROFILE_KEYS].join(', ')})`,
        );
      if (key === 'timeout' ? typeof v !== 'number' : typeof v !== 'string')
        throw usageError(
          `${path}: profile "${name}": "${key}" must be a ${key === 'timeout' ? 'number' : 'string'}`,
        );
    }
  }
  return {
    profiles: profiles as Record<string, Profile>,
    ...(value.default ? { default: value.default } : {}),
  };
}

function pickProfile(file: ConfigFile, name: string, path: string): Profile {
  const profile = Object.hasOwn(file.profiles, name) ? file.profiles[name] : undefined;
  if (!profile) {
    const known = Object.keys(file.profiles);
    throw usageError(
      `no profile "${name}" in ${path}${known.length > 0 ? ` (profiles: ${known.join(', ')})` : ' (it has no profiles)'}`,
    );
  }
  return profile;
}

function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  what: string,
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw usageError(`${what} "${value}" is not one of ${allowed.join(', ')}`);
  return value as T;
}

/** Merges flags, profiles and the environment into the settings of one run. */
export function resolveSettings(options: GlobalOptions, env: Env): Settings {
  const { path, explicit } = configPath(options, env);
  const file = readConfigFile(path, explicit);
  const chosen = options.profile !== undefined ? pickProfile(file, options.profile, path) : {};
  const fallbackName = env.OCCI_PROFILE || file.default;
  const fallback = options.profile === undefined && fallbackName ? pickProfile(file, fallbackName, path) : {};
  const fromEnv: Profile = {
    ...(env.OCCI_ENDPOINT ? { endpoint: env.OCCI_ENDPOINT } : {}),
    ...(env.OCCI_USER ? { user: env.OCCI_USER } : {}),
    ...(env.OCCI_PASSWORD ? { password: env.OCCI_PASSWORD } : {}),
    ...(env.OCCI_TOKEN ? { token: env.OCCI_TOKEN } : {}),
  };
  const flags: Profile = {
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    ...(options.user !== undefined ? { user: options.user } : {}),
    ...(options.password !== undefined ? { password: options.password } : {}),
    ...(options.token !== undefined ? { token: options.token } : {}),
  };
  // Credentials travel as a unit: a higher level that names a user or a token replaces the lower levels' credentials.
  const levels = [fallback, fromEnv, chosen, flags];
  let auth: Credentials | undefined;
  let user: string | undefined;
  let password: string | undefined;
  for (const level of levels) {
    if (level.token !== undefined) {
      auth = { type: 'bearer', token: level.token };
      user = undefined;
      password = undefined;
    } else if (level.user !== undefined) {
      auth = undefined;
      user = level.user;
      password = level.password;
    } else if (level.password !== undefined) {
      password = level.password;
    }
  }
  if (user !== undefined) {
    if (password === undefined)
      throw usageError(
        `user "${user}" needs a password: give --password, OCCI_PASSWORD or "password" in the profile`,
      );
    auth = { type: 'basic', user, password };
  }
  const merged: Profile = Object.assign({}, ...levels);
  const output = oneOf(options.output ?? merged.output, OUTPUT_FORMATS, 'output') ?? 'table';
  const rendering = oneOf(options.rendering ?? merged.rendering, WIRE_FORMATS, 'rendering');
  let timeoutMs = merged.timeout !== undefined ? Math.round(merged.timeout * 1000) : undefined;
  if (options.timeout !== undefined) {
    const n = Number(options.timeout);
    if (!Number.isFinite(n) || n <= 0)
      throw usageError(`timeout "${options.timeout}" must be a positive number of seconds`);
    timeoutMs = Math.round(n * 1000);
  }
  const endpoint = merged.endpoint;
  if (endpoint !== undefined && !/^https?:\/\/[^/]/i.test(endpoint))
    throw usageError(`endpoint "${endpoint}" must be an http:// or https:// URL`);
  const profileName =
    options.profile ?? (fallbackName && Object.keys(fallback).length > 0 ? fallbackName : undefined);
  return {
    output,
    ...(endpoint !== undefined ? { endpoint } : {}),
    ...(auth ? { auth } : {}),
    ...(rendering ? { rendering } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(profileName ? { profile: profileName } : {}),
  };
}
