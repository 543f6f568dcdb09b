/**
 * Identifies the caller of a request (HTTP §10: authentication by HTTP
 * mechanisms, Basic by default): HTTP Basic (RFC 7617) against the users
 * file, Bearer (RFC 6750) with an API token of the users file or a JWT signed
 * with the configured key. Every refusal is an `OcciError('unauthorized')`;
 * the HTTP plugin answers 401 with the `challenge`.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { type Caller, isOcciError, OcciError } from '@occi/core';
import { type JwtKey, loadJwtKey, verifyJwt } from './jwt.js';
import {
  apiTokenId,
  apiTokenMatches,
  hashPassword,
  isApiToken,
  readUsersFile,
  type TokenRecord,
  type UsersFile,
  verifyPassword,
} from './users-file.js';

export interface AuthenticatorOptions {
  /** The users file: enables Basic and API tokens. */
  usersFile?: string;
  /** A PEM public key or an HMAC secret file: enables JWT bearer tokens. */
  jwtKeyFile?: string;
  /** Required JWT `iss`. */
  jwtIssuer?: string;
  /** Required JWT `aud` entry. */
  jwtAudience?: string;
  /** JWT claim naming the user; default `sub`. */
  jwtUserClaim?: string;
  /** Tolerated clock difference for JWT `exp`/`nbf`, in seconds; default 60. */
  clockSkewSeconds?: number;
  /** The realm of the challenges; default `occi`. */
  realm?: string;
  /** How long a verified Basic password is remembered, in ms; default 60 000. */
  cacheTtlMs?: number;
  /** How many verified Basic credentials are remembered; default 1000. */
  cacheSize?: number;
  /** Smallest interval between two checks of the users file for changes, in ms; default 1000. */
  reloadIntervalMs?: number;
  /** Clock in milliseconds; default `Date.now`. */
  now?: () => number;
}

/** What the authenticator reads of a request (a Fastify request fits). */
export interface AuthRequest {
  headers: Record<string, string | string[] | undefined>;
}

export interface Authenticator {
  /** The caller a request's `Authorization` header proves, or an `OcciError('unauthorized')`. */
  authenticate(request: AuthRequest): Promise<Caller>;
  /** The `WWW-Authenticate` value for 401 responses. */
  readonly challenge: string;
  /** Reads the users file again now; throws when it is unreadable or invalid. */
  reload(): Promise<void>;
}

const unauthorized = (message: string) => new OcciError('unauthorized', { code: 'other', message });
const INVALID_CREDENTIALS = 'invalid credentials';

/** RFC 7235 token (the scheme) and RFC 7617 / RFC 6750 token68 credentials. */
const AUTHORIZATION = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?: +(.*))?$/s;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

function quoted(realm: string): string {
  if (/[\u0000-\u001f\u007f]/.test(realm)) {
    throw new OcciError('internal', {
      code: 'other',
      message: 'the realm cannot contain control characters',
    });
  }
  return `"${realm.replace(/["\\]/g, '\\$&')}"`;
}

interface CacheEntry {
  user: string;
  /** The stored hash the password was verified against: a changed password invalidates the entry. */
  passwordHash: string;
  expires: number;
}

interface FileStamp {
  mtimeMs: number;
  ctimeMs: number;
  size: number;
  ino: number;
}

const sameStamp = (a: FileStamp | undefined, b: FileStamp) =>
  a !== undefined &&
  a.mtimeMs === b.mtimeMs &&
  a.ctimeMs === b.ctimeMs &&
  a.size === b.size &&
  a.ino === b.ino;

export async function createAuthenticator(options: AuthenticatorOptions): Promise<Authenticator> {
  const { usersFile, jwtKeyFile } = options;
  if (usersFile === undefined && jwtKeyFile === undefined) {
    throw new OcciError('internal', {
      code: 'other',
      message: 'authentication needs a users file, a JWT key file or both',
    });
  }
  const now = options.now ?? Date.now;
  const cacheTtl = options.cacheTtlMs ?? 60_000;
  const cacheSize = options.cacheSize ?? 1000;
  const reloadInterval = options.reloadIntervalMs ?? 1000;
  const realm = quoted(options.realm ?? 'occi');
  const jwtKey: JwtKey | undefined = jwtKeyFile === undefined ? undefined : await loadJwtKey(jwtKeyFile);

  let users: UsersFile = { version: 1, users: {} };
  let tokens = new Map<string, { user: string; record: TokenRecord }>();
  let stamp: FileStamp | undefined;
  let lastCheck = 0;
  let checking: Promise<void> | undefined;

  const cacheKey = randomBytes(32);
  const cache = new Map<string, CacheEntry>();
  const verifying = new Map<string, Promise<boolean>>();
  const dummyHashes = new Map<string, Promise<string>>();

  async function load(path: string): Promise<void> {
    const before = await stat(path).catch(() => undefined);
    const next = await readUsersFile(path);
    users = next;
    tokens = new Map();
    for (const [user, record] of Object.entries(next.users)) {
      for (const token of record.tokens) tokens.set(token.id, { user, record: token });
    }
    stamp = before;
  }

  /** Picks up changes of the users file, checking its stamp at most once per interval. */
  async function refresh(): Promise<void> {
    if (usersFile === undefined) return;
    const time = now();
    if (time - lastCheck < reloadInterval) return;
    lastCheck = time;
    checking ??= (async () => {
      try {
        const current = await stat(usersFile);
        if (!sameStamp(stamp, current)) await load(usersFile);
      } catch {
        // A file being edited by hand (or briefly missing) keeps the last good content.
      } finally {
        checking = undefined;
      }
    })();
    await checking;
  }

  /** A hash with the same cost as the users' own, so unknown users take as long as known ones. */
  function dummyHash(): Promise<string> {
    const sample = Object.values(users.users)[0]?.password ?? 'scrypt$32768$8$1';
    const [, n, r, p] = sample.split('$');
    const params = `${n}$${r}$${p}`;
    let hash = dummyHashes.get(params);
    if (!hash) {
      hash = hashPassword(randomBytes(16).toString('hex'), { N: Number(n), r: Number(r), p: Number(p) });
      dummyHashes.set(params, hash);
    }
    return hash;
  }

  function remember(key: string, entry: CacheEntry): void {
    cache.delete(key);
    cache.set(key, entry);
    while (cache.size > cacheSize) cache.delete(cache.keys().next().value as string);
  }

  async function basic(credentials: string): Promise<Caller> {
    if (usersFile === undefined) throw unauthorized('Basic authentication is not enabled on this server');
    if (!BASE64.test(credentials) || credentials.length % 4 === 1) {
      throw unauthorized('malformed Basic credentials: not base64');
    }
    let decoded: string;
    try {
      // RFC 7617 §2.1: the server announces charset="UTF-8".
      decoded = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(credentials, 'base64'));
    } catch {
      throw unauthorized('malformed Basic credentials: not UTF-8');
    }
    const colon = decoded.indexOf(':');
    if (colon < 0) throw unauthorized("malformed Basic credentials: no ':' between user name and password");
    const user = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);

    const key = createHmac('sha256', cacheKey).update(user).update('\0').update(password).digest('hex');
    const record = Object.hasOwn(users.users, user) ? users.users[user] : undefined;
    const cached = cache.get(key);
    if (cached && record && cached.expires > now() && cached.passwordHash === record.password) {
      return { user, admin: record.admin };
    }
    if (cached) cache.delete(key);

    if (!record) {
      // Same work as for a known user: a refusal does not tell whether the name exists.
      await verifyPassword(password, await dummyHash());
      throw unauthorized(INVALID_CREDENTIALS);
    }
    const stored = record.password;
    let pending = verifying.get(key);
    if (!pending) {
      pending = verifyPassword(password, stored).finally(() => verifying.delete(key));
      verifying.set(key, pending);
    }
    if (!(await pending)) throw unauthorized(INVALID_CREDENTIALS);
    remember(key, { user, passwordHash: stored, expires: now() + cacheTtl });
    return { user, admin: record.admin };
  }

  function bearer(token: string): Caller {
    if (!B64TOKEN.test(token)) throw unauthorized('malformed Bearer token');
    if (usersFile !== undefined && isApiToken(token)) {
      const id = apiTokenId(token);
      if (id === undefined) throw unauthorized('invalid token: malformed API token');
      const entry = tokens.get(id);
      if (!entry || !apiTokenMatches(token, entry.record)) {
        throw unauthorized('invalid token: unknown or revoked API token');
      }
      const record = users.users[entry.user]!;
      return { user: entry.user, admin: record.admin };
    }
    if (jwtKey === undefined) throw unauthorized('invalid token: not an API token of this server');
    return verifyJwt(token, jwtKey, {
      issuer: options.jwtIssuer,
      audience: options.jwtAudience,
      userClaim: options.jwtUserClaim,
      clockSkewSeconds: options.clockSkewSeconds,
      now: now(),
    });
  }

  async function authenticate(request: AuthRequest): Promise<Caller> {
    let header = request.headers.authorization;
    if (Array.isArray(header)) {
      if (header.length > 1) throw unauthorized('more than one Authorization header');
      header = header[0];
    }
    if (header === undefined || header.trim() === '') {
      throw unauthorized('authentication required: send an Authorization header');
    }
    const match = AUTHORIZATION.exec(header.trim());
    if (!match) throw unauthorized('malformed Authorization header: expected "<scheme> <credentials>"');
    const scheme = match[1]!.toLowerCase();
    const credentials = (match[2] ?? '').trim();
    try {
      if (scheme === 'basic') {
        if (credentials === '') throw unauthorized('malformed Basic credentials: nothing after "Basic"');
        await refresh();
        return await basic(credentials);
      }
      if (scheme === 'bearer') {
        if (usersFile === undefined && jwtKey === undefined) {
          throw unauthorized('Bearer authentication is not enabled on this server');
        }
        if (credentials === '') throw unauthorized('malformed Bearer token: nothing after "Bearer"');
        await refresh();
        return bearer(credentials);
      }
    } catch (error) {
      // Whatever happens, a refusal: never a 500 for a request's credentials.
      if (isOcciError(error) && error.kind === 'unauthorized') throw error;
      throw new OcciError('unauthorized', { code: 'other', message: INVALID_CREDENTIALS }, { cause: error });
    }
    throw unauthorized(`authentication scheme "${match[1]}" is not supported; use ${accepted.join(' or ')}`);
  }

  const accepted = [...(usersFile !== undefined ? ['Basic'] : []), 'Bearer'];
  // RFC 7617 §2.1 charset parameter; RFC 7235 §4.1: several challenges, comma-separated.
  const challenge = accepted
    .map((scheme) => (scheme === 'Basic' ? `Basic realm=${realm}, charset="UTF-8"` : `Bearer realm=${realm}`))
    .join(', ');

  if (usersFile !== undefined) {
    await load(usersFile);
    lastCheck = now();
  }

  return {
    authenticate,
    challenge,
    async reload() {
      if (usersFile === undefined) return;
      await load(usersFile);
      lastCheck = now();
    },
  };
}
