/**
 * JSON Web Tokens (RFC 7519) verified by `jose`: with a key of the
 * operator's (a PEM public key, an HMAC secret or a JWK Set file), or with
 * the key set an OpenID provider publishes (oidc.ts). RFC 8725 (JWT best
 * current practice): the algorithms are those of the key's type, never
 * `none`, and never HMAC with a published key set; `exp` is required and
 * bounded by a largest lifetime; `iss` and `aud` are checked unless the
 * operator explicitly accepts any (`*`); `typ`, where present, must say
 * JWT or an access token (RFC 9068).
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type Caller, OcciError } from '@occi/core';
import {
  createLocalJWKSet,
  decodeProtectedHeader,
  errors,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import { userNameProblem } from './users-file.js';

export type JwtAlgorithm =
  | 'HS256'
  | 'HS384'
  | 'HS512'
  | 'RS256'
  | 'RS384'
  | 'RS512'
  | 'PS256'
  | 'PS384'
  | 'PS512'
  | 'ES256'
  | 'ES384'
  | 'ES512'
  | 'EdDSA'
  | 'Ed25519';

/** Algorithms of public keys: what a key set (a file's, an OpenID provider's) may verify. */
export const ASYMMETRIC: readonly JwtAlgorithm[] = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

/** A verification key (or key set) and the algorithms it may verify. */
export interface JwtKey {
  readonly kind: 'secret' | 'rsa' | 'ec' | 'eddsa' | 'jwks';
  readonly algorithms: readonly JwtAlgorithm[];
  readonly key: KeyObject | Uint8Array | JWTVerifyGetKey;
}

/** The claim (a dotted path into nested objects) and value that make a user an administrator. */
export interface AdminClaim {
  path: readonly string[];
  value: string;
}

export interface JwtVerifyOptions {
  /** Required `iss`; `*` accepts any (the operator said so explicitly). */
  issuer: string;
  /** A value `aud` must be or contain; `*` accepts any. */
  audience: string;
  /** Claim naming the user; default `sub`. */
  userClaim?: string;
  /** The claim and value that grant admin; none by default. */
  adminClaim?: AdminClaim;
  /** Largest lifetime (`exp` − `iat`, and `exp` − now) in seconds; default one day. */
  maxLifetimeSeconds?: number;
  /** Tolerated clock difference for `exp`, `nbf` and `iat`, in seconds; default 60. */
  clockSkewSeconds?: number;
  /** Current time in milliseconds; default `Date.now()`. */
  now?: number;
}

const configError = (message: string, cause?: unknown) =>
  new OcciError('internal', { code: 'other', message }, { cause });

/** 401 for a token that does not verify; the message says why. */
export const invalidToken = (reason: string) =>
  new OcciError('unauthorized', { code: 'other', message: `invalid token: ${reason}` });

/** Makes a verification key from a PEM public key (or private key, whose public half is used). */
export function jwtKeyFromPem(pem: string | Buffer, source = 'JWT key'): JwtKey {
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(pem);
  } catch (error) {
    throw configError(`${source}: not a PEM public key (${(error as Error).message})`, error);
  }
  switch (publicKey.asymmetricKeyType) {
    case 'rsa': {
      const bits = publicKey.asymmetricKeyDetails?.modulusLength ?? 0;
      // RFC 7518 §3.3: a key of size 2048 bits or larger MUST be used.
      if (bits < 2048)
        throw configError(`${source}: RSA keys must have at least 2048 bits, this one has ${bits}`);
      return {
        kind: 'rsa',
        key: publicKey,
        algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'],
      };
    }
    case 'ec': {
      const curve = publicKey.asymmetricKeyDetails?.namedCurve ?? '';
      const algorithm = ({ prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' } as const)[
        curve as 'prime256v1'
      ];
      if (!algorithm)
        throw configError(`${source}: EC curve ${curve || '(unknown)'} is not P-256, P-384 or P-521`);
      return { kind: 'ec', key: publicKey, algorithms: [algorithm] };
    }
    case 'ed25519':
      return { kind: 'eddsa', key: publicKey, algorithms: ['EdDSA', 'Ed25519'] };
    default:
      throw configError(
        `${source}: ${publicKey.asymmetricKeyType ?? 'unknown'} keys are not supported (use RSA, EC P-256/P-384/P-521 or Ed25519)`,
      );
  }
}

/**
 * Makes an HMAC key. RFC 7518 §3.2: the key must be at least as long as the
 * hash output, so a 32-byte secret allows HS256 only, 64 bytes all three.
 */
export function jwtKeyFromSecret(secret: Buffer, source = 'JWT secret'): JwtKey {
  if (secret.length < 32) {
    throw configError(`${source}: an HMAC secret must be at least 32 bytes, this one has ${secret.length}`);
  }
  const algorithms = (['HS256', 'HS384', 'HS512'] as const).filter(
    (a) => secret.length * 8 >= Number(a.slice(2)),
  );
  return { kind: 'secret', key: new Uint8Array(secret), algorithms };
}

/** Makes a key set from a JWK Set (RFC 7517 §5) of public keys: tokens pick theirs by `kid`. */
export function jwtKeyFromJwks(jwks: unknown, source = 'JWK Set'): JwtKey {
  const keys = (jwks as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0)
    throw configError(`${source}: a JWK Set is an object with a non-empty "keys" array`);
  for (const [i, key] of keys.entries()) {
    const jwk = key as Record<string, unknown> | null;
    if (typeof jwk !== 'object' || jwk === null || typeof jwk.kty !== 'string')
      throw configError(`${source}: keys[${i}] is not a JWK (no "kty")`);
    if (jwk.kty === 'oct' || jwk.d !== undefined)
      throw configError(`${source}: keys[${i}] is secret; a key set holds public keys only`);
  }
  try {
    return { kind: 'jwks', key: createLocalJWKSet(jwks as JSONWebKeySet), algorithms: ASYMMETRIC };
  } catch (error) {
    throw configError(`${source}: ${(error as Error).message}`, error);
  }
}

/**
 * Reads a key file: a PEM public key (RSA, EC or Ed25519), a JWK Set (JSON
 * with "keys"), or, for HS*, a secret (the file's bytes, without a final
 * line break).
 */
export async function loadJwtKey(path: string): Promise<JwtKey> {
  let content: Buffer;
  try {
    content = await readFile(path);
  } catch (error) {
    const code = (error as { code?: string }).code ?? String(error);
    throw configError(`JWT key file ${path} cannot be read (${code})`, error);
  }
  const source = `JWT key file ${path}`;
  if (content.includes('-----BEGIN')) return jwtKeyFromPem(content, source);
  const text = content.toString('utf8').trim();
  if (text.startsWith('{')) {
    let jwks: unknown;
    try {
      jwks = JSON.parse(text);
    } catch (error) {
      throw configError(`${source}: not JSON (${(error as Error).message})`, error);
    }
    return jwtKeyFromJwks(jwks, source);
  }
  let end = content.length;
  while (end > 0 && (content[end - 1] === 0x0a || content[end - 1] === 0x0d)) end--;
  return jwtKeyFromSecret(content.subarray(0, end), source);
}

/** RFC 9068 §4 and RFC 8725 §3.11: a token typed for another use (logout, DPoP proof...) is refused. */
const ACCEPTED_TYP = new Set(['jwt', 'at+jwt']);

/** What `jose` says of a token, as the reason a client reads. */
function reasonOf(error: unknown, token: string, key: JwtKey): OcciError {
  if (error instanceof errors.JWTExpired) return invalidToken('expired ("exp" is past)');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf' && error.reason === 'check_failed')
      return invalidToken('not valid yet ("nbf" is in the future)');
    if (error.claim === 'iat' && error.reason === 'check_failed')
      return invalidToken('issued in the future ("iat")');
    if (error.reason === 'missing') return invalidToken(`the token has no "${error.claim}" claim`);
    if (error.claim === 'iss')
      return invalidToken(`issuer ${JSON.stringify(error.payload.iss ?? null)} is not accepted`);
    if (error.claim === 'aud') return invalidToken('the token is not meant for this server ("aud")');
    return invalidToken(`"${error.claim}" ${error.message.replace(/^"[^"]*" claim /, '')}`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    let alg: unknown;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {}
    return invalidToken(
      `algorithm ${JSON.stringify(alg ?? null)} is not accepted (accepted: ${key.algorithms.join(', ')})`,
    );
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return invalidToken('bad signature');
  if (error instanceof errors.JWKSNoMatchingKey)
    return invalidToken('no key of the issuer matches the token ("kid" and "alg")');
  if (error instanceof errors.JWKSMultipleMatchingKeys)
    return invalidToken('several keys of the issuer match the token; it needs a "kid"');
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid)
    return new OcciError('unavailable', {
      code: 'other',
      message: `the OpenID provider's keys cannot be fetched (${error.message}); retry later`,
    });
  if (error instanceof errors.JOSENotSupported) return invalidToken(error.message);
  if (error instanceof errors.JWTInvalid || error instanceof errors.JWSInvalid)
    return invalidToken(error.message.replace(/\.$/, ''));
  if (error instanceof OcciError) return error;
  return new OcciError('unavailable', {
    code: 'other',
    message: `the token cannot be checked now (${error instanceof Error ? error.message : String(error)}); retry later`,
  });
}

/** The value at a dotted path of the claims (Keycloak's `realm_access.roles`, say). */
function claimAt(claims: JWTPayload, path: readonly string[]): unknown {
  let value: unknown = claims;
  for (const name of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, name)) return undefined;
    value = (value as Record<string, unknown>)[name];
  }
  return value;
}

/** An array holding the value, or a string equal to it or listing it among space-separated words. */
function grants(value: unknown, wanted: string): boolean {
  if (Array.isArray(value)) return value.includes(wanted);
  if (typeof value === 'string') return value === wanted || value.split(' ').includes(wanted);
  return value === true && wanted === 'true';
}

/**
 * Verifies a compact JWS JWT and returns the caller it names. Every failure
 * is an `OcciError('unauthorized')` saying what was wrong, or
 * `'unavailable'` when the issuer's keys cannot be fetched.
 */
export async function verifyJwt(token: string, key: JwtKey, options: JwtVerifyOptions): Promise<Caller> {
  if (token.split('.').length !== 3) throw invalidToken('a JWT has three dot-separated parts');
  const now = options.now ?? Date.now();
  const skew = options.clockSkewSeconds ?? 60;
  const required = [
    'exp',
    ...(options.issuer !== '*' ? ['iss'] : []),
    ...(options.audience !== '*' ? ['aud'] : []),
  ];
  let payload: JWTPayload;
  let typ: string | undefined;
  try {
    const verified = await jwtVerify(token, key.key as Parameters<typeof jwtVerify>[1], {
      algorithms: [...key.algorithms],
      requiredClaims: required,
      ...(options.issuer !== '*' ? { issuer: options.issuer } : {}),
      ...(options.audience !== '*' ? { audience: options.audience } : {}),
      clockTolerance: skew,
      currentDate: new Date(now),
    });
    payload = verified.payload;
    typ = verified.protectedHeader.typ;
  } catch (error) {
    throw reasonOf(error, token, key);
  }
  if (typ !== undefined && !ACCEPTED_TYP.has(typ.toLowerCase().replace(/^application\//, '')))
    throw invalidToken(`"typ" ${JSON.stringify(typ)} is not a JWT or an access token`);
  const exp = payload.exp!;
  const lifetime = options.maxLifetimeSeconds ?? 86_400;
  if (typeof payload.iat === 'number' && exp - payload.iat > lifetime)
    throw invalidToken(
      `its lifetime (exp − iat) of ${exp - payload.iat} s is longer than the ${lifetime} s accepted`,
    );
  if (exp - now / 1000 > lifetime + skew)
    throw invalidToken(
      `it expires in ${Math.round(exp - now / 1000)} s, later than the ${lifetime} s accepted`,
    );
  const userClaim = options.userClaim ?? 'sub';
  const user = payload[userClaim];
  if (typeof user !== 'string') throw invalidToken(`the token has no "${userClaim}" claim naming the user`);
  const problem = userNameProblem(user);
  if (problem) throw invalidToken(`"${userClaim}": ${problem}`);
  const admin =
    options.adminClaim && grants(claimAt(payload, options.adminClaim.path), options.adminClaim.value);
  return admin ? { user, admin: true } : { user };
}
