/**
 * Failed password logins slow the next ones down, per user name and per
 * client address (OWASP Authentication Cheat Sheet: exponential back-off
 * rather than a hard lock-out). After `free` failures, each failure makes
 * the name (or address) wait twice as long as the last before the next
 * attempt is even checked: attempts in the wait get 429 with Retry-After
 * and cost no hash. Names that do not exist are counted the same way, so
 * a refusal says nothing of whether the name exists. A success clears the
 * name's count (not the address's: one account an attacker owns must not
 * reset the count of the addresses it tries others from). Counts are
 * forgotten after `forgetAfterMs` without failure; at most `maxEntries`
 * are kept, the least recently failed dropped first.
 */
import { createHash } from 'node:crypto';

export interface BackoffPolicy {
  /** Failures allowed before any wait. */
  free: number;
  /** The first wait, in ms; each further failure doubles it. */
  baseMs: number;
  /** The longest wait, in ms. */
  maxMs: number;
}

export interface LoginThrottleOptions {
  user?: BackoffPolicy;
  address?: BackoffPolicy;
  /** A count is forgotten this long after its last failure; default one hour. */
  forgetAfterMs?: number;
  /** Most names and addresses remembered; default 100 000. */
  maxEntries?: number;
  now?: () => number;
}

/** A name as a key: as it is when it could be a user name, else its hash (a 60 KiB "name" must not take 60 KiB). */
const userKey = (user: string): string =>
  user.length <= 128 ? `u:${user}` : `h:${createHash('sha256').update(user).digest('base64url')}`;

export const DEFAULT_USER_BACKOFF: BackoffPolicy = { free: 5, baseMs: 1000, maxMs: 15 * 60_000 };
export const DEFAULT_ADDRESS_BACKOFF: BackoffPolicy = { free: 20, baseMs: 1000, maxMs: 60 * 60_000 };

interface Entry {
  failures: number;
  /** When the next attempt may be checked. */
  until: number;
  last: number;
}

/** Thrown while a name or address must wait: the caller answers 429 with Retry-After. */
export class LoginThrottled extends Error {
  override readonly name = 'LoginThrottled';
  constructor(
    readonly retryAfterSeconds: number,
    readonly subject: 'user' | 'address',
  ) {
    super(
      `too many failed logins ${subject === 'user' ? 'for this user' : 'from this address'}; retry in ${retryAfterSeconds} s (or use an API token)`,
    );
  }
}

export class LoginThrottle {
  readonly #entries = new Map<string, Entry>();
  readonly #user: BackoffPolicy;
  readonly #address: BackoffPolicy;
  readonly #forget: number;
  readonly #max: number;
  readonly #now: () => number;

  constructor(options: LoginThrottleOptions = {}) {
    this.#user = options.user ?? DEFAULT_USER_BACKOFF;
    this.#address = options.address ?? DEFAULT_ADDRESS_BACKOFF;
    this.#forget = options.forgetAfterMs ?? 60 * 60_000;
    this.#max = options.maxEntries ?? 100_000;
    this.#now = options.now ?? Date.now;
  }

  #entry(key: string, now: number): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry && now - entry.last > this.#forget) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Throws `LoginThrottled` when `user` or `address` must still wait. */
  check(user: string, address: string | undefined): void {
    // The common case: nobody failed lately.
    if (this.#entries.size === 0) return;
    const now = this.#now();
    for (const [key, subject] of [
      [userKey(user), 'user'],
      ...(address !== undefined ? [[`a:${address}`, 'address']] : []),
    ] as [string, 'user' | 'address'][]) {
      const entry = this.#entry(key, now);
      if (entry && entry.until > now)
        throw new LoginThrottled(Math.ceil((entry.until - now) / 1000), subject);
    }
  }

  #fail(key: string, policy: BackoffPolicy, now: number): void {
    const entry = this.#entry(key, now) ?? { failures: 0, until: 0, last: now };
    entry.failures++;
    entry.last = now;
    const over = entry.failures - policy.free;
    entry.until = over > 0 ? now + Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(over - 1, 40)) : 0;
    // Re-inserted last: the map's order is the order of the last failure, oldest first.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value as string);
  }

  /** Counts a failed login of `user` from `address`. */
  failed(user: string, address: string | undefined): void {
    const now = this.#now();
    this.#fail(userKey(user), this.#user, now);
    if (address !== undefined) this.#fail(`a:${address}`, this.#address, now);
  }

  /** A successful login clears the name's count. */
  succeeded(user: string): void {
    this.#entries.delete(userKey(user));
  }

  /** How many names and addresses are remembered (for tests and metrics). */
  get size(): number {
    return this.#entries.size;
  }
}
