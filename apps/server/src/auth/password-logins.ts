/**
 * HTTP Basic passwords against the users file: failed logins slowed down
 * per name and per address (login-throttle.ts), unknown names costing the
 * same hash as known ones, at most a few hashes at once, verified
 * passwords remembered briefly, and hashes made at a lower cost than
 * today's made again (and written back) after a successful login.
 */
import { hash, randomBytes } from 'node:crypto';
import { type Caller, OcciError } from '@occi/core';
import { clientKey } from '../addresses.js';
import type { Accounts } from './accounts.js';
import type { LoginThrottle } from './login-throttle.js';
import {
  DEFAULT_SCRYPT_PARAMS,
  type HashLimiter,
  hashParams,
  hashPassword,
  needsRehash,
  type ScryptParams,
  verifyPassword,
} from './passwords.js';
import { replacePasswordHash } from './users-file.js';

export const INVALID_CREDENTIALS = 'invalid credentials';

export interface PasswordLoginOptions {
  accounts: Accounts;
  throttle: LoginThrottle;
  limiter: HashLimiter;
  /** The cost hashes are upgraded to after a successful login; default `DEFAULT_SCRYPT_PARAMS`. */
  target?: ScryptParams;
  /** How long a verified password is remembered, in ms; default 60 000. */
  cacheTtlMs?: number;
  /** How many verified passwords are remembered; default 1000. */
  cacheSize?: number;
  now?: () => number;
  /** Told of each failed login (metrics). */
  onFailure?: () => void;
  /** Told when a hash was upgraded, or could not be. */
  onUpgrade?: (user: string, error?: unknown) => void;
}

interface CacheEntry {
  user: string;
  /** The stored hash the password was verified against: a changed password invalidates the entry. */
  passwordHash: string;
  expires: number;
}

const invalid = () => new OcciError('unauthorized', { code: 'other', message: INVALID_CREDENTIALS });

export class PasswordLogins {
  readonly #o: PasswordLoginOptions;
  readonly #target: ScryptParams;
  /** A secret of this process that the keys of remembered credentials start with. */
  readonly #cacheSecret = randomBytes(32).toString('base64');
  readonly #cache = new Map<string, CacheEntry>();
  readonly #verifying = new Map<string, Promise<boolean>>();
  readonly #dummies = new Map<string, Promise<string>>();
  readonly #upgrading = new Map<string, Promise<void>>();

  constructor(options: PasswordLoginOptions) {
    this.#o = options;
    this.#target = options.target ?? DEFAULT_SCRYPT_PARAMS;
  }

  /** Hash upgrades still running (tests wait for them). */
  async settled(): Promise<void> {
    await Promise.all(this.#upgrading.values());
  }

  /**
   * A hash at the cost most stored hashes have (the target when there are
   * none): an unknown name costs what a known one does.
   */
  #dummyHash(): Promise<string> {
    const counts = new Map<string, number>();
    for (const record of Object.values(this.#o.accounts.file.users)) {
      const p = hashParams(record.password);
      if (p) counts.set(`${p.N}$${p.r}$${p.p}`, (counts.get(`${p.N}$${p.r}$${p.p}`) ?? 0) + 1);
    }
    const target = `${this.#target.N}$${this.#target.r}$${this.#target.p}`;
    const params = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? target;
    let hash = this.#dummies.get(params);
    if (!hash) {
      const [N, r, p] = params.split('$').map(Number) as [number, number, number];
      hash = this.#o.limiter.run(() => hashPassword(randomBytes(16).toString('hex'), { N, r, p }));
      this.#dummies.set(params, hash);
    }
    return hash;
  }

  #remember(key: string, entry: CacheEntry): void {
    this.#cache.delete(key);
    this.#cache.set(key, entry);
    while (this.#cache.size > (this.#o.cacheSize ?? 1000))
      this.#cache.delete(this.#cache.keys().next().value as string);
  }

  #failed(user: string, address: string | undefined): never {
    this.#o.throttle.failed(user, address);
    this.#o.onFailure?.();
    throw invalid();
  }

  /**
   * The key verified credentials are remembered under: SHA-256 of a secret
   * of this process followed by the Basic credentials as sent, so that a
   * client sending them again is recognised without decoding them, no
   * password is kept in memory, and nobody without the secret can compute
   * a key. (Keys are only compared for equality, so the secret prefix does
   * what an HMAC would; Node's one-shot `hash` costs a quarter of an HMAC,
   * and every authenticated request computes one.)
   */
  keyOf(credentials: string): string {
    return hash('sha256', this.#cacheSecret + credentials, 'base64');
  }

  /**
   * The caller of credentials verified before (by their `keyOf`), while the
   * entry lasts and the user's stored hash is the one they were verified
   * against (a changed or removed password in the users file ends it);
   * `LoginThrottled` when the user or address must wait, as for any login.
   */
  cached(key: string, ip: string | undefined): Caller | undefined {
    const cached = this.#cache.get(key);
    if (!cached) return undefined;
    const users = this.#o.accounts.file.users;
    const record = Object.hasOwn(users, cached.user) ? users[cached.user] : undefined;
    if (!record || cached.expires <= (this.#o.now ?? Date.now)() || cached.passwordHash !== record.password) {
      this.#cache.delete(key);
      return undefined;
    }
    this.#o.throttle.check(cached.user, ip === undefined ? undefined : clientKey(ip));
    return { user: cached.user, admin: record.admin };
  }

  /**
   * The caller `user` with `password` proves (remembered under `key` when
   * it does); 401 "invalid credentials", or `LoginThrottled`.
   */
  async verify(user: string, password: string, ip: string | undefined, key: string): Promise<Caller> {
    const now = this.#o.now ?? Date.now;
    const address = ip === undefined ? undefined : clientKey(ip);
    this.#o.throttle.check(user, address);
    const users = this.#o.accounts.file.users;
    const record = Object.hasOwn(users, user) ? users[user] : undefined;

    if (!record) {
      // Same work as for a known user: a refusal does not tell whether the name exists.
      const dummy = await this.#dummyHash();
      await this.#o.limiter.run(() => verifyPassword(password, dummy));
      this.#failed(user, address);
    }
    const stored = record.password;
    // Concurrent requests with the same credentials share one hash.
    let pending = this.#verifying.get(key);
    if (!pending) {
      pending = this.#o.limiter
        .run(() => verifyPassword(password, stored))
        .finally(() => this.#verifying.delete(key));
      this.#verifying.set(key, pending);
    }
    if (!(await pending)) this.#failed(user, address);
    this.#o.throttle.succeeded(user);
    this.#remember(key, { user, passwordHash: stored, expires: now() + (this.#o.cacheTtlMs ?? 60_000) });
    if (needsRehash(stored, this.#target)) this.#upgrade(user, password, stored, key);
    return { user, admin: record.admin };
  }

  /** Makes the hash again at today's cost and writes it back, after answering the request. */
  #upgrade(user: string, password: string, stored: string, key: string): void {
    const path = this.#o.accounts.path;
    if (path === undefined || this.#upgrading.has(user)) return;
    const work = (async () => {
      try {
        const fresh = await this.#o.limiter.run(() => hashPassword(password, this.#target));
        if (await replacePasswordHash(path, user, stored, fresh)) {
          await this.#o.accounts.reload();
          const entry = this.#cache.get(key);
          if (entry) entry.passwordHash = fresh;
          this.#o.onUpgrade?.(user);
        }
      } catch (error) {
        this.#o.onUpgrade?.(user, error);
      } finally {
        this.#upgrading.delete(user);
      }
    })();
    this.#upgrading.set(user, work);
  }
}
