/**
 * The users file: the accounts HTTP Basic authentication checks against
 * (HTTP §10: Basic is the default mechanism) and the API tokens Bearer
 * authentication accepts. JSON, read with errors naming the file and the
 * problem, written atomically with mode 0600. Passwords are stored as scrypt
 * hashes, API tokens as SHA-256 hashes only.
 */
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { OcciError } from '@occi/core';

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

export interface UserRecord {
  /** `scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>`. */
  password: string;
  admin: boolean;
  tokens: TokenRecord[];
}

export interface UsersFile {
  version: typeof USERS_FILE_VERSION;
  users: Record<string, UserRecord>;
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
// Passwords

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  /** Block size. */
  r: number;
  /** Parallelisation. */
  p: number;
}

/** 32 MiB and a few hundred milliseconds per hash; one of OWASP's recommended scrypt settings. */
export const DEFAULT_SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({ N: 2 ** 15, r: 8, p: 1 });

const SALT_BYTES = 16;
const KEY_BYTES = 32;
const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

interface ParsedHash extends ScryptParams {
  salt: Buffer;
  key: Buffer;
}

/** Why `params` are unusable, or `undefined`. Bounds keep a hostile file from exhausting memory. */
function scryptParamsProblem({ N, r, p }: ScryptParams): string | undefined {
  if (!Number.isSafeInteger(N) || N < 2 || N > 2 ** 20 || (N & (N - 1)) !== 0) {
    return `scrypt N must be a power of two between 2 and 2^20, not ${N}`;
  }
  if (!Number.isSafeInteger(r) || r < 1 || r > 32) return `scrypt r must be between 1 and 32, not ${r}`;
  if (!Number.isSafeInteger(p) || p < 1 || p > 16) return `scrypt p must be between 1 and 16, not ${p}`;
  if (128 * N * r > MAX_SCRYPT_MEMORY) return `scrypt N=${N}, r=${r} would need more than 256 MiB`;
  return undefined;
}

/** Parses a stored hash; returns a problem description when it is not one. */
function parsePasswordHash(stored: string): ParsedHash | string {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') {
    return 'not an scrypt hash (expected scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>)';
  }
  const [, n, r, p, salt, key] = parts as [string, string, string, string, string, string];
  if (![n, r, p].every((v) => /^[0-9]{1,8}$/.test(v))) return 'scrypt parameters N, r and p must be integers';
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  const problem = scryptParamsProblem(params);
  if (problem) return problem;
  if (!BASE64.test(salt) || !BASE64.test(key)) return 'salt and hash must be base64';
  const saltBytes = Buffer.from(salt, 'base64');
  const keyBytes = Buffer.from(key, 'base64');
  if (saltBytes.length < 8) return 'the salt must be at least 8 bytes';
  if (keyBytes.length < 16 || keyBytes.length > 64) return 'the hash must be 16 to 64 bytes';
  return { ...params, salt: saltBytes, key: keyBytes };
}

function deriveKey(
  password: string,
  salt: Buffer,
  length: number,
  { N, r, p }: ScryptParams,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // scrypt needs 128·N·r bytes plus a little; maxmem's default (32 MiB) is too tight for N=2^15, r=8.
    scrypt(
      password.normalize('NFC'),
      salt,
      length,
      { N, r, p, maxmem: 128 * N * r + 4 * 1024 * 1024 },
      (e, k) => (e ? reject(e) : resolve(k)),
    );
  });
}

/** Hashes a password with scrypt and a random salt: `scrypt$N$r$p$salt$hash`. */
export async function hashPassword(
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT_PARAMS,
): Promise<string> {
  const problem = scryptParamsProblem(params);
  if (problem) throw new OcciError('bad-request', { code: 'other', message: problem });
  const salt = randomBytes(SALT_BYTES);
  const key = await deriveKey(password, salt, KEY_BYTES, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/**
 * Whether `password` matches `stored` (compared in constant time). A stored
 * value that is not a valid scrypt hash never matches.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  if (typeof parsed === 'string') return false;
  const key = await deriveKey(password, parsed.salt, parsed.key.length, parsed);
  return timingSafeEqual(key, parsed.key);
}

// ---------------------------------------------------------------------------
// API tokens

const TOKEN_PREFIX = 'occi_';
/** `occi_<16 hex id>_<43 base64url secret>`. */
const TOKEN_PATTERN = /^occi_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

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

/** Whether `token` hashes to `record.hash`, compared in constant time. */
export function apiTokenMatches(token: string, record: TokenRecord): boolean {
  const expected = Buffer.from(record.hash, 'hex');
  const actual = createHash('sha256').update(token, 'utf8').digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
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
  }
  return { version: USERS_FILE_VERSION, users };
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
