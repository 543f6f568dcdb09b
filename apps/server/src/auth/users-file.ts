/**
 * The users file: the accounts HTTP Basic authentication checks against
 * (HTTP §10: Basic is the default mechanism) and the API tokens Bearer
 * authentication accepts. JSON, read with errors naming the file and the
 * problem, written atomically with mode 0600. Passwords are stored as scrypt
 * hashes, API tokens as SHA-256 hashes only. It also holds the quotas
 * (defaults and per user) and the table of client certificate subjects.
 */
import { hash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { OcciError } from '@occi/core';
import { normalizeDn } from './client-certificates.js';
import { parsePasswordHash } from './passwords.js';

export const USERS_FILE_VERSION = 1;

/** One API token of a user: only the SHA-256 hash of the token is kept. */
export interface TokenRecord {
  /** Public identifier, part of the token itself (`occi_<id>_<secret>`). */
  id: string;
  /** SHA-256 of the whole token, lower-case hex. */
  hash: string;
  /** ISO 8601 creation time. */
  created: string;
}

/** Limits of one user, or the defaults of all; `null` lifts a default. */
export interface QuotaLimits {
  /** Entities per kind: its term or type identifier, `*` for every kind not named. */
  entities?: Record<string, number | null>;
  /** Total `occi.compute.cores` of the user's computes. */
  cores?: number | null;
  /** Total `occi.compute.memory` (GiB) of the user's computes. */
  memory?: number | null;
}

export interface UserRecord {
  /** `scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>`. */
  password: string;
  admin: boolean;
  tokens: TokenRecord[];
  /** This user's limits, over the file's `quotas`. */
  quotas?: QuotaLimits;
}

export interface UsersFile {
  version: typeof USERS_FILE_VERSION;
  users: Record<string, UserRecord>;
  /** Every user's limits unless their record says otherwise. */
  quotas?: QuotaLimits;
  /** Client certificate subjects (RFC 4514 DN, normalised) to user names. */
  certificates?: Record<string, string>;
}

/** Letters, digits, `.`, `_`, `-`, `@`; starting with a letter, digit or `_`; at most 128 characters. */
export const USER_NAME_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._@-]{0,127}$/;

/** Why `name` is not a valid user name, or `undefined` when it is. */
export function userNameProblem(name: string): string | undefined {
  if (name === '') return 'a user name cannot be empty';
  if (name.length > 128) return `user name is ${name.length} characters long; at most 128 are allowed`;
  // A JavaScript object key with special meaning: it would vanish from the file.
  if (name === '__proto__') return 'user name "__proto__" is reserved';
  if (!USER_NAME_PATTERN.test(name)) {
    return `user name ${JSON.stringify(name)} is not allowed: use letters, digits, '.', '_', '-' and '@', starting with a letter, digit or '_'`;
  }
  return undefined;
}

export function emptyUsersFile(): UsersFile {
  return { version: USERS_FILE_VERSION, users: {} };
}

const fileError = (path: string, message: string, cause?: unknown) =>
  new OcciError('internal', { code: 'other', message: `users file ${path}: ${message}` }, { cause });

// ---------------------------------------------------------------------------
// API tokens

const TOKEN_PREFIX = 'occi_';
/** `occi_<16 hex id>_<43 base64url secret>`. */
const TOKEN_PATTERN = /^occi_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export const sha256Hex = (text: string): string => hash('sha256', text);

/** Whether a bearer token looks like an API token of this server (rather than a JWT). */
export const isApiToken = (token: string): boolean => token.startsWith(TOKEN_PREFIX);

/** The id inside an API token, or `undefined` when `token` is not well formed. */
export function apiTokenId(token: string): string | undefined {
  return TOKEN_PATTERN.exec(token)?.[1];
}

/** A new API token (shown to the user once) and the record to store. */
export function createApiToken(now: Date = new Date()): { token: string; record: TokenRecord } {
  const id = randomBytes(8).toString('hex');
  const token = `${TOKEN_PREFIX}${id}_${randomBytes(32).toString('base64url')}`;
  return { token, record: { id, hash: sha256Hex(token), created: now.toISOString() } };
}

/**
 * Whether `token` hashes to `record.hash` (64 lower-case hex digits, as
 * the file's check requires), compared in constant time: every digit is
 * compared whatever the first difference.
 */
export function apiTokenMatches(token: string, record: TokenRecord): boolean {
  const actual = hash('sha256', token);
  const expected = record.hash;
  if (actual.length !== expected.length) return false;
  let difference = 0;
  for (let i = 0; i < actual.length; i++) difference |= actual.charCodeAt(i) ^ expected.charCodeAt(i);
  return difference === 0;
}

// ---------------------------------------------------------------------------
// Reading and writing

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks the shape of a parsed users file; throws an error naming the file, the member and the problem. */
export function validateUsersFile(data: unknown, path: string): UsersFile {
  if (!isObject(data)) throw fileError(path, 'must contain a JSON object');
  if (data.version !== USERS_FILE_VERSION) {
    throw fileError(path, `"version" must be ${USERS_FILE_VERSION}, not ${JSON.stringify(data.version)}`);
  }
  if (!isObject(data.users)) throw fileError(path, '"users" must be an object of user name to account');
  const users: Record<string, UserRecord> = {};
  const tokenIds = new Set<string>();
  for (const [name, value] of Object.entries(data.users)) {
    const where = `users[${JSON.stringify(name)}]`;
    const nameProblem = userNameProblem(name);
    if (nameProblem) throw fileError(path, `${where}: ${nameProblem}`);
    if (!isObject(value)) throw fileError(path, `${where} must be an object`);
    if (typeof value.password !== 'string') throw fileError(path, `${where}.password must be a string`);
    const hash = parsePasswordHash(value.password);
    if (typeof hash === 'string') throw fileError(path, `${where}.password: ${hash}`);
    if (value.admin !== undefined && typeof value.admin !== 'boolean') {
      throw fileError(path, `${where}.admin must be true or false`);
    }
    if (value.tokens !== undefined && !Array.isArray(value.tokens)) {
      throw fileError(path, `${where}.tokens must be an array`);
    }
    const tokens: TokenRecord[] = [];
    for (const [i, token] of ((value.tokens as unknown[] | undefined) ?? []).entries()) {
      const at = `${where}.tokens[${i}]`;
      if (!isObject(token)) throw fileError(path, `${at} must be an object`);
      if (typeof token.id !== 'string' || !/^[0-9a-f]{16}$/.test(token.id)) {
        throw fileError(path, `${at}.id must be 16 lower-case hex digits`);
      }
      if (tokenIds.has(token.id)) throw fileError(path, `${at}.id ${token.id} is used twice`);
      tokenIds.add(token.id);
      if (typeof token.hash !== 'string' || !/^[0-9a-f]{64}$/.test(token.hash)) {
        throw fileError(path, `${at}.hash must be a SHA-256 hash (64 lower-case hex digits)`);
      }
      if (typeof token.created !== 'string' || Number.isNaN(Date.parse(token.created))) {
        throw fileError(path, `${at}.created must be an ISO 8601 date`);
      }
      tokens.push({ id: token.id, hash: token.hash, created: token.created });
    }
    users[name] = { password: value.password, admin: value.admin === true, tokens };
    if (value.quotas !== undefined)
      users[name].quotas = validateQuotas(value.quotas, `${where}.quotas`, path);
  }
  const file: UsersFile = { version: USERS_FILE_VERSION, users };
  if (data.quotas !== undefined) file.quotas = validateQuotas(data.quotas, '"quotas"', path);
  if (data.certificates !== undefined) file.certificates = validateCertificates(data.certificates, path);
  return file;
}

/** Checks a `quotas` member: a number per limit (whole for counts and cores), or null. */
function validateQuotas(value: unknown, where: string, path: string): QuotaLimits {
  if (!isObject(value)) throw fileError(path, `${where} must be an object with entities, cores and memory`);
  const limit = (v: unknown, at: string, whole: boolean): number | null => {
    if (v === null) return null;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (whole && !Number.isInteger(v)))
      throw fileError(
        path,
        `${at} must be ${whole ? 'a whole number' : 'a number'} ≥ 0, or null for no limit`,
      );
    return v;
  };
  const quotas: QuotaLimits = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'cores' || key === 'memory') quotas[key] = limit(v, `${where}.${key}`, key === 'cores');
    else if (key === 'entities') {
      if (!isObject(v)) throw fileError(path, `${where}.entities must be an object of kind to number`);
      quotas.entities = {};
      for (const [kind, n] of Object.entries(v)) {
        if (kind.trim() === '') throw fileError(path, `${where}.entities: a kind cannot be empty`);
        quotas.entities[kind] = limit(n, `${where}.entities[${JSON.stringify(kind)}]`, true);
      }
    } else throw fileError(path, `${where}: unknown quota "${key}" (known: entities, cores, memory)`);
  }
  return quotas;
}

/** Checks the `certificates` member: normalised distinguished names to user names. */
function validateCertificates(value: unknown, path: string): Record<string, string> {
  if (!isObject(value)) throw fileError(path, '"certificates" must be an object of subject DN to user name');
  const table: Record<string, string> = {};
  for (const [dn, user] of Object.entries(value)) {
    const where = `certificates[${JSON.stringify(dn)}]`;
    const normalized = normalizeDn(dn);
    if ('problem' in normalized)
      throw fileError(path, `${where}: not a distinguished name: ${normalized.problem}`);
    if (typeof user !== 'string') throw fileError(path, `${where} must be a user name`);
    const problem = userNameProblem(user);
    if (problem) throw fileError(path, `${where}: ${problem}`);
    if (Object.hasOwn(table, normalized.dn))
      throw fileError(path, `${where}: the same subject is listed twice`);
    table[normalized.dn] = user;
  }
  return table;
}

const errorCode = (error: unknown): string | undefined =>
  isObject(error) && typeof error.code === 'string' ? error.code : undefined;

/**
 * Reads and validates the users file. A missing file is an error unless
 * `missingOk`, in which case it reads as a file without users.
 */
export async function readUsersFile(path: string, options: { missingOk?: boolean } = {}): Promise<UsersFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') {
      if (options.missingOk) return emptyUsersFile();
      throw fileError(path, 'does not exist (create it with "occi-server users add <name>")', error);
    }
    if (code === 'EISDIR') throw fileError(path, 'is a directory, not a file', error);
    throw fileError(path, `cannot be read (${code ?? String(error)})`, error);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw fileError(path, `is not valid JSON (${(error as Error).message})`, error);
  }
  return validateUsersFile(data, path);
}

/**
 * Writes the users file atomically: a temporary file in the same directory,
 * mode 0600, flushed to disk, then renamed over the old one, so readers see
 * either the old or the new content, never a partial one.
 */
export async function writeUsersFile(path: string, file: UsersFile): Promise<void> {
  const directory = dirname(path);
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const temporary = join(
    directory,
    `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  const text = `${JSON.stringify(file, null, 2)}\n`;
  try {
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw fileError(path, `cannot be written (${errorCode(error) ?? String(error)})`, error);
  }
  // Make the rename itself durable; not every platform lets a directory be opened for this.
  try {
    const dir = await open(directory, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // Best effort only.
  }
}

/**
 * Replaces `user`'s password hash `from` by `to` (a rehash at a higher
 * cost), re-reading the file just before: when the user or their password
 * changed meanwhile, nothing is written. Returns whether it wrote.
 */
export async function replacePasswordHash(
  path: string,
  user: string,
  from: string,
  to: string,
): Promise<boolean> {
  const file = await readUsersFile(path);
  const record = Object.hasOwn(file.users, user) ? file.users[user] : undefined;
  if (!record || record.password !== from) return false;
  record.password = to;
  await writeUsersFile(path, file);
  return true;
}
