/**
 * Password hashes: scrypt (RFC 7914) at OWASP's recommended cost
 * (N=2^17, r=8, p=1: 128 MiB and a few hundred milliseconds per hash),
 * stored as `scrypt$N$r$p$salt$hash`. A hash made at a lower cost still
 * verifies; `needsRehash` tells the authenticator to upgrade it on the
 * next successful login.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { OcciError } from '@occi/core';

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  /** Block size. */
  r: number;
  /** Parallelisation. */
  p: number;
}

/** OWASP Password Storage Cheat Sheet: scrypt with N=2^17, r=8, p=1 (128 MiB). */
export const DEFAULT_SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({ N: 2 ** 17, r: 8, p: 1 });

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
export function parsePasswordHash(stored: string): ParsedHash | string {
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

/** The parameters of a stored hash, or `undefined` when it is not one. */
export function hashParams(stored: string): ScryptParams | undefined {
  const parsed = parsePasswordHash(stored);
  return typeof parsed === 'string' ? undefined : { N: parsed.N, r: parsed.r, p: parsed.p };
}

/** Whether a stored hash was made at a lower cost than `target` (and should be made again). */
export function needsRehash(stored: string, target: ScryptParams = DEFAULT_SCRYPT_PARAMS): boolean {
  const params = hashParams(stored);
  return params !== undefined && (params.N < target.N || params.r < target.r || params.p < target.p);
}

function deriveKey(
  password: string,
  salt: Buffer,
  length: number,
  { N, r, p }: ScryptParams,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // scrypt needs 128·N·r bytes plus a little; maxmem's default (32 MiB) is too small for N=2^17, r=8.
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

/**
 * At most `limit` hashes at once (each takes 128 MiB at the default cost),
 * at most `queue` waiting: beyond that a login is refused as unavailable
 * rather than piling up memory.
 */
export class HashLimiter {
  #running = 0;
  readonly #waiting: (() => void)[] = [];
  constructor(
    readonly limit: number,
    readonly queue: number,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.limit) {
      if (this.#waiting.length >= this.queue)
        throw new OcciError('unavailable', {
          code: 'other',
          message: 'too many logins are being checked right now; retry in a second',
        });
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else this.#running++;
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}
