/**
 * Identifies the caller of a request (HTTP §10: authentication by HTTP
 * mechanisms, Basic by default): HTTP Basic (RFC 7617) against the users
 * file, Bearer (RFC 6750) with an API token of the users file or a JWT
 * (signed with the operator's key, or by an OpenID provider), or the TLS
 * client certificate the connection presented. Every refusal is an
 * `OcciError('unauthorized')` (the HTTP plugin answers 401 with the
 * `challenge`), `'unavailable'` when the OpenID provider cannot be reached,
 * or `LoginThrottled` after too many failed passwords (429).
 */
import { type Caller, isOcciError, OcciError } from '@occi/core';
import { Accounts } from './accounts.js';
import { type CertificateUserRule, type ClientCertificate, commonName } from './client-certificates.js';
import { type AdminClaim, type JwtKey, loadJwtKey, verifyJwt } from './jwt.js';
import { LoginThrottle, LoginThrottled, type LoginThrottleOptions } from './login-throttle.js';
import { type OidcOptions, oidcKeys } from './oidc.js';
import { INVALID_CREDENTIALS, PasswordLogins } from './password-logins.js';
import { HashLimiter, type ScryptParams } from './passwords.js';
import { apiTokenId, apiTokenMatches, isApiToken, type UsersFile, userNameProblem } from './users-file.js';

export interface AuthenticatorOptions {
  /** The users file: enables Basic and API tokens (and holds quotas and the certificate table). */
  usersFile?: string;
  /** A PEM public key, an HMAC secret or a JWK Set file: enables JWT bearer tokens. */
  jwtKeyFile?: string;
  /** An OpenID provider's issuer URL: enables JWTs it signs (keys from its discovery document). */
  oidcIssuer?: string;
  /** Required JWT `iss` (`*`: any); with `oidcIssuer`, that issuer. */
  jwtIssuer?: string;
  /** Required JWT `aud` entry (`*`: any). Required with a JWT key or an OpenID provider. */
  jwtAudience?: string;
  /** JWT claim naming the user; default `sub`. */
  jwtUserClaim?: string;
  /** JWT claim and value granting admin; none by default. */
  jwtAdminClaim?: AdminClaim;
  /** Largest JWT lifetime in seconds; default 86 400. */
  jwtMaxLifetimeSeconds?: number;
  /** Tolerated clock difference for JWT `exp`/`nbf`/`iat`, in seconds; default 60. */
  clockSkewSeconds?: number;
  /** Timeouts and caching of the OpenID provider's keys. */
  oidc?: OidcOptions;
  /** Accept verified TLS client certificates, mapping subjects by this rule (`table`: the users file's). */
  certificates?: CertificateUserRule;
  /** The realm of the challenges; default `occi`. */
  realm?: string;
  /** How long a verified Basic password is remembered, in ms; default 60 000. */
  cacheTtlMs?: number;
  /** How many verified Basic credentials are remembered; default 1000. */
  cacheSize?: number;
  /** Smallest interval between two checks of the users file for changes, in ms; default 1000. */
  reloadIntervalMs?: number;
  /** The cost password hashes are upgraded to on login; default N=2^17, r=8, p=1. */
  passwordParams?: ScryptParams;
  /** Back-off of failed logins per user and per address. */
  throttle?: LoginThrottleOptions;
  /** Most password hashes computed at once (each needs 128 MiB); default 2. */
  hashConcurrency?: number;
  /** Clock in milliseconds; default `Date.now`. */
  now?: () => number;
  /** Told of events worth a log line: a hash upgrade, a users file that cannot be read. */
  log?: (level: 'info' | 'warn', message: string, error?: unknown) => void;
  /** Told of each failed password login (metrics). */
  onLoginFailure?: () => void;
}

/** What the authenticator reads of a request (a Fastify request fits, with the certificate added). */
export interface AuthRequest {
  headers: Record<string, string | string[] | undefined>;
  /** The client's address (behind a trusted proxy: the one it forwarded). */
  ip?: string;
  /** The TLS client certificate of the connection, as the handshake verified it. */
  certificate?: ClientCertificate;
}

export interface Authenticator {
  /** The caller a request proves, or an `OcciError('unauthorized')` (or `LoginThrottled`). */
  authenticate(request: AuthRequest): Promise<Caller>;
  /** The `WWW-Authenticate` value for 401 responses. */
  readonly challenge: string;
  /** Reads the users file again now; throws when it is unreadable or invalid. */
  reload(): Promise<void>;
  /** The users file as last read (quotas, the certificate table). */
  accounts(): UsersFile;
  /** Discovers the OpenID provider now (at start); throws what went wrong. */
  ready(): Promise<void>;
  /** Password hash upgrades still running. */
  settled(): Promise<void>;
}

const unauthorized = (message: string) => new OcciError('unauthorized', { code: 'other', message });
const configError = (message: string) => new OcciError('internal', { code: 'other', message });

/** RFC 7235 token (the scheme) and RFC 7617 / RFC 6750 token68 credentials. */
const AUTHORIZATION = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?: +(.*))?$/s;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

function quoted(realm: string): string {
  if (/[\u0000-\u001f\u007f]/.test(realm)) throw configError('the realm cannot contain control characters');
  return `"${realm.replace(/["\\]/g, '\\$&')}"`;
}

export async function createAuthenticator(options: AuthenticatorOptions): Promise<Authenticator> {
  const { usersFile, jwtKeyFile, oidcIssuer } = options;
  const certificates = options.certificates;
  if (usersFile === undefined && jwtKeyFile === undefined && oidcIssuer === undefined && !certificates)
    throw configError(
      'authentication needs a users file, a JWT key, an OpenID issuer or client certificates',
    );
  if (certificates === 'table' && usersFile === undefined)
    throw configError('client certificates mapped by table need the users file that holds the table');
  if (jwtKeyFile !== undefined && oidcIssuer !== undefined)
    throw configError('give a JWT key or an OpenID issuer, not both');
  const jwtEnabled = jwtKeyFile !== undefined || oidcIssuer !== undefined;
  const issuer = oidcIssuer ?? options.jwtIssuer;
  if (jwtEnabled && (issuer === undefined || options.jwtAudience === undefined))
    throw configError('JWTs need a required issuer and audience (or "*" to accept any, explicitly)');
  if (oidcIssuer !== undefined && options.jwtIssuer !== undefined && options.jwtIssuer !== oidcIssuer)
    throw configError(`the JWT issuer ${options.jwtIssuer} differs from the OpenID issuer ${oidcIssuer}`);
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  const realm = quoted(options.realm ?? 'occi');
  const oidc = oidcIssuer !== undefined ? oidcKeys(oidcIssuer, options.oidc) : undefined;
  const jwtKey: JwtKey | undefined =
    oidc ?? (jwtKeyFile !== undefined ? await loadJwtKey(jwtKeyFile) : undefined);

  const accounts = await Accounts.open(usersFile, {
    ...(options.reloadIntervalMs !== undefined ? { reloadIntervalMs: options.reloadIntervalMs } : {}),
    now,
    onReloadError: (error) =>
      log('warn', `users file ${usersFile} cannot be read; keeping its last good content`, error),
  });
  const passwords = new PasswordLogins({
    accounts,
    throttle: new LoginThrottle({ now, ...options.throttle }),
    limiter: new HashLimiter(options.hashConcurrency ?? 2, 64),
    ...(options.passwordParams ? { target: options.passwordParams } : {}),
    ...(options.cacheTtlMs !== undefined ? { cacheTtlMs: options.cacheTtlMs } : {}),
    ...(options.cacheSize !== undefined ? { cacheSize: options.cacheSize } : {}),
    now,
    ...(options.onLoginFailure ? { onFailure: options.onLoginFailure } : {}),
    onUpgrade: (user, error) =>
      error === undefined
        ? log('info', `password hash of ${user} upgraded to the current scrypt cost`)
        : log('warn', `password hash of ${user} could not be upgraded`, error),
  });

  const utf8 = new TextDecoder('utf-8', { fatal: true });

  function basic(credentials: string, ip: string | undefined): Caller | Promise<Caller> {
    if (usersFile === undefined) throw unauthorized('Basic authentication is not enabled on this server');
    // Credentials verified before answer without decoding or hashing (password-logins.ts).
    const key = passwords.keyOf(credentials);
    const known = passwords.cached(key, ip);
    if (known) return known;
    if (!BASE64.test(credentials) || credentials.length % 4 === 1)
      throw unauthorized('malformed Basic credentials: not base64');
    let decoded: string;
    try {
      // RFC 7617 §2.1: the server announces charset="UTF-8".
      decoded = utf8.decode(Buffer.from(credentials, 'base64'));
    } catch {
      throw unauthorized('malformed Basic credentials: not UTF-8');
    }
    const colon = decoded.indexOf(':');
    if (colon < 0) throw unauthorized("malformed Basic credentials: no ':' between user name and password");
    return passwords.verify(decoded.slice(0, colon), decoded.slice(colon + 1), ip, key);
  }

  function bearer(token: string): Caller | Promise<Caller> {
    if (!B64TOKEN.test(token)) throw unauthorized('malformed Bearer token');
    if (usersFile !== undefined && isApiToken(token)) {
      const id = apiTokenId(token);
      if (id === undefined) throw unauthorized('invalid token: malformed API token');
      const entry = accounts.token(id);
      if (!entry || !apiTokenMatches(token, entry.record))
        throw unauthorized('invalid token: unknown or revoked API token');
      return { user: entry.user, admin: accounts.file.users[entry.user]!.admin };
    }
    if (jwtKey === undefined) throw unauthorized('invalid token: not an API token of this server');
    return verifyJwt(token, jwtKey, {
      issuer: issuer!,
      audience: options.jwtAudience!,
      ...(options.jwtUserClaim !== undefined ? { userClaim: options.jwtUserClaim } : {}),
      ...(options.jwtAdminClaim ? { adminClaim: options.jwtAdminClaim } : {}),
      ...(options.jwtMaxLifetimeSeconds !== undefined
        ? { maxLifetimeSeconds: options.jwtMaxLifetimeSeconds }
        : {}),
      ...(options.clockSkewSeconds !== undefined ? { clockSkewSeconds: options.clockSkewSeconds } : {}),
      now: now(),
    });
  }

  /** The user a verified certificate's subject maps to: the table's entry, or by the `cn` rule its CN. */
  function certificate(presented: ClientCertificate): Caller {
    if (!presented.presented) throw unauthorized('authentication required: send an Authorization header');
    if (!presented.verified)
      throw unauthorized(
        `the client certificate is not trusted (${presented.reason}); send an Authorization header`,
      );
    const table = accounts.file.certificates ?? {};
    let user = Object.hasOwn(table, presented.subject) ? table[presented.subject] : undefined;
    if (user === undefined && certificates === 'cn') {
      const cn = commonName(presented.subject);
      if (cn !== undefined && userNameProblem(cn) === undefined) user = cn;
    }
    if (user === undefined)
      throw unauthorized(
        `no user for the client certificate ${presented.subject}${certificates === 'cn' ? ' (its CN is no user name)' : ''}; ask the operator to add it to the users file's "certificates"`,
      );
    const record = Object.hasOwn(accounts.file.users, user) ? accounts.file.users[user] : undefined;
    return record?.admin ? { user, admin: true } : { user };
  }

  async function authenticate(request: AuthRequest): Promise<Caller> {
    let header = request.headers.authorization;
    if (Array.isArray(header)) {
      if (header.length > 1) throw unauthorized('more than one Authorization header');
      header = header[0];
    }
    try {
      if (header === undefined || header.trim() === '') {
        if (certificates && request.certificate) {
          await accounts.refresh();
          return certificate(request.certificate);
        }
        throw unauthorized('authentication required: send an Authorization header');
      }
      const match = AUTHORIZATION.exec(header.trim());
      if (!match) throw unauthorized('malformed Authorization header: expected "<scheme> <credentials>"');
      const scheme = match[1]!.toLowerCase();
      const credentials = (match[2] ?? '').trim();
      if (scheme === 'basic') {
        if (credentials === '') throw unauthorized('malformed Basic credentials: nothing after "Basic"');
        // Waiting only when a check of the users file is due; remembered credentials answer at once.
        const checking = accounts.refresh();
        if (checking) await checking;
        const caller = basic(credentials, request.ip);
        return caller instanceof Promise ? await caller : caller;
      }
      if (scheme === 'bearer') {
        if (usersFile === undefined && jwtKey === undefined)
          throw unauthorized('Bearer authentication is not enabled on this server');
        if (credentials === '') throw unauthorized('malformed Bearer token: nothing after "Bearer"');
        const checking = accounts.refresh();
        if (checking) await checking;
        // An API token is checked at once; a JWT may need the OpenID provider's keys.
        const caller = bearer(credentials);
        return caller instanceof Promise ? await caller : caller;
      }
      throw unauthorized(
        `authentication scheme "${match[1]}" is not supported; use ${accepted.join(' or ')}`,
      );
    } catch (error) {
      // Whatever happens, a refusal (or "try later"): never a 500 for a request's credentials.
      if (error instanceof LoginThrottled) throw error;
      if (isOcciError(error) && (error.kind === 'unauthorized' || error.kind === 'unavailable')) throw error;
      throw new OcciError('unauthorized', { code: 'other', message: INVALID_CREDENTIALS }, { cause: error });
    }
  }

  const accepted = [
    ...(usersFile !== undefined ? ['Basic'] : []),
    ...(usersFile !== undefined || jwtKey ? ['Bearer'] : []),
  ];
  // RFC 7617 §2.1 charset parameter; RFC 7235 §4.1: several challenges, comma-separated.
  const challenge =
    accepted
      .map((scheme) =>
        scheme === 'Basic' ? `Basic realm=${realm}, charset="UTF-8"` : `Bearer realm=${realm}`,
      )
      .join(', ') || `Bearer realm=${realm}`;

  return {
    authenticate,
    challenge,
    reload: () => accounts.reload(),
    accounts: () => accounts.file,
    ready: async () => {
      await oidc?.ready();
    },
    settled: () => passwords.settled(),
  };
}
