/**
 * The config file: named profiles, the default one, and groups of profiles
 * (sites, for `--sites`). Read and checked here; written only by `occi
 * config` and `occi login`, whole and atomically, with mode 0600 in a 0700
 * directory.
 *
 * A file others may write is refused (whoever can change it can send your
 * credentials to an endpoint of theirs); one that holds a password or a token
 * and that others may read is used, with a warning naming the fix.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { usageError } from './exit-codes.js';
import { parseOutput } from './output-format.js';

export type WireFormat = 'json' | 'plain' | 'occi';
export const WIRE_FORMATS: readonly WireFormat[] = ['json', 'plain', 'occi'];

/** One named profile of the config file. */
export interface Profile {
  endpoint?: string;
  user?: string;
  password?: string;
  token?: string;
  rendering?: WireFormat;
  /** An `--output` value: table, json, text, yaml, name, custom-columns=…, jsonpath=…. */
  output?: string;
  /** Request timeout in seconds. */
  timeout?: number;
}

/** The config file: `{ "default": "name", "profiles": { "name": { ... } }, "groups": { "g": ["name", …] } }`. */
export interface ConfigFile {
  default?: string;
  profiles: Record<string, Profile>;
  /** Named groups of profiles, for `--sites`. */
  groups?: Record<string, string[]>;
}

export interface LoadedConfig {
  path: string;
  /** Given with --config or OCCI_CONFIG (then it must exist). */
  explicit: boolean;
  exists: boolean;
  file: ConfigFile;
  /** What the file held, unknown top-level members too (kept when written back). */
  raw: Record<string, unknown>;
  /** Warnings to print once (a readable file with credentials). */
  warnings: string[];
}

type Env = Record<string, string | undefined>;

export const PROFILE_KEYS = [
  'endpoint',
  'user',
  'password',
  'token',
  'rendering',
  'output',
  'timeout',
] as const;
/** What names of profiles and groups may be: they appear in `site:location` and in `--sites a,b`. */
export const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Where the config file is: `--config`, `OCCI_CONFIG`, else `$XDG_CONFIG_HOME/occi/config.json` (`~/.config/...`). */
export function configPath(options: { config?: string }, env: Env): { path: string; explicit: boolean } {
  const explicit = options.config ?? env.OCCI_CONFIG;
  if (explicit) return { path: explicit, explicit: true };
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return { path: join(base, 'occi', 'config.json'), explicit: false };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

export function holdsSecrets(file: ConfigFile): boolean {
  return Object.values(file.profiles).some((p) => p.password !== undefined || p.token !== undefined);
}

/** Checks a profile's values; `where` prefixes messages. */
export function checkProfile(profile: Record<string, unknown>, where: string): Profile {
  for (const [key, v] of Object.entries(profile)) {
    if (!(PROFILE_KEYS as readonly string[]).includes(key))
      throw usageError(`${where} has an unknown key "${key}" (known: ${PROFILE_KEYS.join(', ')})`);
    if (key === 'timeout' ? typeof v !== 'number' : typeof v !== 'string')
      throw usageError(`${where}: "${key}" must be a ${key === 'timeout' ? 'number' : 'string'}`);
  }
  if (profile.output !== undefined) parseOutput(profile.output as string);
  return profile as Profile;
}

/** Checks what a config file holds. */
export function checkConfig(value: unknown, path: string): ConfigFile {
  if (!isObject(value)) throw usageError(`the config file ${path} must hold an object with "profiles"`);
  const profiles = value.profiles ?? {};
  if (!isObject(profiles)) throw usageError(`${path}: "profiles" must be an object of named profiles`);
  if (value.default !== undefined && typeof value.default !== 'string')
    throw usageError(`${path}: "default" must be the name of a profile`);
  for (const [name, profile] of Object.entries(profiles)) {
    if (!isObject(profile)) throw usageError(`${path}: profile "${name}" must be an object`);
    checkProfile(profile, `${path}: profile "${name}"`);
  }
  const groups = value.groups ?? {};
  if (!isObject(groups)) throw usageError(`${path}: "groups" must be an object of named lists of profiles`);
  for (const [name, members] of Object.entries(groups)) {
    if (!Array.isArray(members) || !members.every((m) => typeof m === 'string'))
      throw usageError(`${path}: group "${name}" must be a list of profile names`);
    const unknown = members.find((m) => !Object.hasOwn(profiles, m));
    if (unknown !== undefined) throw usageError(`${path}: group "${name}" names no profile "${unknown}"`);
  }
  return {
    profiles: profiles as Record<string, Profile>,
    ...(value.default ? { default: value.default } : {}),
    ...(Object.keys(groups).length > 0 ? { groups: groups as Record<string, string[]> } : {}),
  };
}

/** Reads and checks the config file; a missing default file (or any, `forWriting`) is an empty config. */
export function loadConfig(options: { config?: string }, env: Env, forWriting = false): LoadedConfig {
  const { path, explicit } = configPath(options, env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    // A file named explicitly must exist, unless a command is about to write it.
    if ((error as { code?: string }).code === 'ENOENT' && (!explicit || forWriting))
      return { path, explicit, exists: false, file: { profiles: {} }, raw: {}, warnings: [] };
    throw usageError(`cannot read the config file ${path}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw usageError(`the config file ${path} is not JSON: ${(error as Error).message}`);
  }
  const file = checkConfig(value, path);
  const warnings: string[] = [];
  if (process.platform !== 'win32') {
    const { mode } = statSync(path);
    if (mode & 0o022)
      throw usageError(
        `the config file ${path} is writable by others (mode ${octal(mode)}): whoever can change it can send your credentials elsewhere; run: chmod 600 ${path}`,
      );
    if (mode & 0o077 && holdsSecrets(file))
      warnings.push(
        `occi: warning: the config file ${path} holds credentials and others may read it (mode ${octal(mode)}); run: chmod 600 ${path}\n`,
      );
  }
  return { path, explicit, exists: true, file, raw: value as Record<string, unknown>, warnings };
}

/**
 * Writes the config file: aside with mode 0600, then renamed over the old one
 * (a concurrent run reads the old file or the new one); its directory is
 * made 0700 when it does not exist.
 */
export function saveConfig(loaded: LoadedConfig, file: ConfigFile): { modeWas?: number } {
  const { path } = loaded;
  let modeWas: number | undefined;
  try {
    modeWas = statSync(path).mode & 0o777;
  } catch {
    // A new file.
  }
  const out: Record<string, unknown> = { ...loaded.raw };
  delete out.default;
  delete out.groups;
  if (file.default !== undefined) out.default = file.default;
  out.profiles = file.profiles;
  if (file.groups && Object.keys(file.groups).length > 0) out.groups = file.groups;
  checkConfig(out, path);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(out, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
  return modeWas !== undefined && modeWas !== 0o600 ? { modeWas } : {};
}

/** A profile by name, or a usage error listing the profiles. */
export function pickProfile(file: ConfigFile, name: string, path: string): Profile {
  const profile = Object.hasOwn(file.profiles, name) ? file.profiles[name] : undefined;
  if (!profile) {
    const known = Object.keys(file.profiles);
    throw usageError(
      `no profile "${name}" in ${path}${known.length > 0 ? ` (profiles: ${known.join(', ')})` : ' (it has no profiles)'}`,
    );
  }
  return profile;
}

/** The profile in use without --profile: OCCI_PROFILE, else the file's default. */
export function currentProfile(file: ConfigFile, env: Env): string | undefined {
  return env.OCCI_PROFILE || file.default;
}

/** Throws unless `name` may name a profile or group. */
export function checkName(name: string, what: string): void {
  if (!NAME.test(name))
    throw usageError(
      `${what} "${name}" must be letters, digits, "_", "." and "-" (it is written before ":" in site:location)`,
    );
}
