/**
 * Endpoint, credentials and preferences: from flags, the environment
 * (`OCCI_ENDPOINT`, `OCCI_USER`, `OCCI_PASSWORD`, `OCCI_TOKEN`, `OCCI_PROFILE`,
 * `OCCI_CONFIG`) and a config file of named profiles (config-file.ts).
 *
 * Precedence, highest first: flags; the profile named by `--profile`; the
 * environment; the profile named by `OCCI_PROFILE` or the file's `default`.
 * An explicit choice on the command line always wins.
 */
import {
  type ConfigFile,
  currentProfile,
  type LoadedConfig,
  loadConfig,
  type Profile,
  pickProfile,
  WIRE_FORMATS,
  type WireFormat,
} from './config-file.js';
import { usageError } from './exit-codes.js';
import { namedColumns, type OutputFormat, type OutputSpec, parseOutput } from './output-format.js';

export { configPath } from './config-file.js';
export type { ConfigFile, OutputFormat, Profile, WireFormat };
export { WIRE_FORMATS };

/** The global flags, as commander parsed them. */
export interface GlobalOptions {
  endpoint?: string;
  user?: string;
  password?: string;
  token?: string;
  profile?: string;
  config?: string;
  /** An OutputSpec when commander parsed it (its argParser), a string from elsewhere. */
  output?: string | OutputSpec;
  columns?: string;
  rendering?: string;
  timeout?: string;
  color?: boolean;
  sites?: string;
}

export type Credentials =
  | { type: 'basic'; user: string; password: string }
  | { type: 'bearer'; token: string };

export interface Settings {
  endpoint?: string;
  auth?: Credentials;
  /** A user named without a password: asked for on a terminal, else a usage error (Context.client). */
  userWithoutPassword?: string;
  rendering?: WireFormat;
  output: OutputSpec;
  timeoutMs?: number;
  /** The profile used, if any. */
  profile?: string;
}

type Env = Record<string, string | undefined>;

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

/** The output the flags and the profile ask for (`--columns` is `-o custom-columns` made from names). */
function outputOf(options: GlobalOptions, fromProfile: string | undefined): OutputSpec {
  const flag = typeof options.output === 'string' ? parseOutput(options.output) : options.output;
  if (options.columns !== undefined) {
    if (flag !== undefined && flag.format !== 'table')
      throw usageError(`--columns prints a table: it cannot go with --output ${flag.format}`);
    return namedColumns(options.columns);
  }
  return flag ?? (fromProfile !== undefined ? parseOutput(fromProfile) : { format: 'table' });
}

/** Merges flags, profiles and the environment into the settings of one run. */
export function resolveSettings(
  options: GlobalOptions,
  env: Env,
  loaded: LoadedConfig = loadConfig(options, env),
): Settings {
  const { file, path } = loaded;
  const chosen = options.profile !== undefined ? pickProfile(file, options.profile, path) : {};
  const fallbackName = currentProfile(file, env);
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
  if (user !== undefined && password !== undefined) auth = { type: 'basic', user, password };
  const merged: Profile = Object.assign({}, ...levels);
  const output = outputOf(options, merged.output);
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
    ...(user !== undefined && password === undefined ? { userWithoutPassword: user } : {}),
    ...(rendering ? { rendering } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(profileName ? { profile: profileName } : {}),
  };
}
