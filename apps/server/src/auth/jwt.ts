/**
 * JSON Web Tokens (RFC 7519) in compact JWS serialisation (RFC 7515),
 * verified with one locally configured key. The key's type decides which
 * algorithms are accepted (RFC 8725 §3.1: no `none`, no algorithm confusion
 * such as an RSA public key used as an HMAC secret).
 */
import { constants, createHmac, createPublicKey, type KeyObject, timingSafeEqual, verify } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type Caller, OcciError } from '@occi/core';
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
  | 'EdDSA';

/** A verification key and the algorithms it may verify. */
export interface JwtKey {
  readonly kind: 'secret' | 'rsa' | 'ec' | 'eddsa';
  readonly algorithms: readonly JwtAlgorithm[];
  /** The HMAC secret (kind `secret`). */
  readonly secret?: Buffer;
  /** The public key (other kinds). */
  readonly publicKey?: KeyObject;
}

export interface JwtVerifyOptions {
  /** Required `iss` value. */
  issuer?: string;
  /** A value `aud` must be or contain. */
  audience?: string;
  /** Claim naming the user; default `sub`. */
  userClaim?: string;
  /** Tolerated clock difference for `exp` and `nbf`, in seconds; default 60. */
  clockSkewSeconds?: number;
  /** Current time in milliseconds; default `Date.now()`. */
  now?: number;
}

const HASH: Record<string, string> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };
const EC_ALGORITHM: Record<string, JwtAlgorithm> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' };
/** Size of r and of s in an ES signature (RFC 7518 §3.4). */
const EC_COORDINATE: Record<string, number> = { ES256: 32, ES384: 48, ES512: 66 };

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
      return { kind: 'rsa', publicKey, algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'] };
    }
    case 'ec': {
      const curve = publicKey.asymmetricKeyDetails?.namedCurve ?? '';
      const name = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' }[curve];
      const algorithm = name ? EC_ALGORITHM[name] : undefined;
      if (!algorithm)
        throw configError(`${source}: EC curve ${curve || '(unknown)'} is not P-256, P-384 or P-521`);
      return { kind: 'ec', publicKey, algorithms: [algorithm] };
    }
    case 'ed25519':
    case 'ed448':
      return { kind: 'eddsa', publicKey, algorithms: ['EdDSA'] };
    default:
      throw configError(
        `${source}: ${publicKey.asymmetricKeyType ?? 'unknown'} keys are not supported (use RSA, EC P-256/P-384/P-521, Ed25519 or Ed448)`,
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
  return { kind: 'secret', secret, algorithms };
}

/**
 * Reads a key file: a PEM public key (RSA, EC or EdDSA) or, for HS*, a
 * secret (the file's bytes, without a final line break).
 */
export async function loadJwtKey(path: string): Promise<JwtKey> {
  let content: Buffer;
  try {
    content = await readFile(path);
  } catch (error) {
    const code = (error as { code?: string }).code ?? String(error);
    throw configError(`JWT key file ${path} cannot be read (${code})`, error);
  }
  if (content.includes('-----BEGIN')) return jwtKeyFromPem(content, `JWT key file ${path}`);
  let end = content.length;
  while (end > 0 && (content[end - 1] === 0x0a || content[end - 1] === 0x0d)) end--;
  return jwtKeyFromSecret(content.subarray(0, end), `JWT key file ${path}`);
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function decodeJson(part: string, what: string): Record<string, unknown> {
  if (!BASE64URL.test(part) || part.length % 4 === 1) throw invalidToken(`the ${what} is not base64url`);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(part, 'base64url')));
  } catch {
    throw invalidToken(`the ${what} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidToken(`the ${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

function signatureValid(key: JwtKey, algorithm: JwtAlgorithm, input: Buffer, signature: Buffer): boolean {
  const hash = HASH[algorithm.slice(2)];
  if (key.kind === 'secret') {
    const expected = createHmac(hash!, key.secret!).update(input).digest();
    return expected.length === signature.length && timingSafeEqual(expected, signature);
  }
  const publicKey = key.publicKey!;
  if (key.kind === 'eddsa') return verify(null, input, publicKey, signature);
  if (key.kind === 'ec') {
    // RFC 7518 §3.4: R || S, each exactly the curve's size.
    if (signature.length !== 2 * EC_COORDINATE[algorithm]!) return false;
    return verify(hash!, input, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
  }
  if (algorithm.startsWith('PS')) {
    return verify(
      hash!,
      input,
      {
        key: publicKey,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
      },
      signature,
    );
  }
  return verify(hash!, input, publicKey, signature);
}

const isNumericDate = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/**
 * Verifies a compact JWS JWT and returns the caller it names. Every failure
 * is an `OcciError('unauthorized')` saying what was wrong.
 */
export function verifyJwt(token: string, key: JwtKey, options: JwtVerifyOptions = {}): Caller {
  const parts = token.split('.');
  if (parts.length !== 3) throw invalidToken('a JWT has three dot-separated parts');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart, 'JWT header');
  const algorithm = header.alg;
  if (typeof algorithm !== 'string') throw invalidToken('the JWT header has no "alg"');
  // RFC 8725 §3.1–3.2: only the algorithms of the configured key, never "none".
  if (!(key.algorithms as readonly string[]).includes(algorithm)) {
    throw invalidToken(
      `algorithm ${JSON.stringify(algorithm)} is not accepted (accepted: ${key.algorithms.join(', ')})`,
    );
  }
  // RFC 7515 §4.1.11: extensions we do not understand make the token invalid.
  if (header.crit !== undefined)
    throw invalidToken('the JWT header has "crit" extensions this server does not support');
  if (!BASE64URL.test(signaturePart) || signaturePart.length % 4 === 1 || signaturePart === '') {
    throw invalidToken('the signature is not base64url');
  }
  const input = Buffer.from(`${headerPart}.${payloadPart}`, 'ascii');
  let valid: boolean;
  try {
    valid = signatureValid(key, algorithm as JwtAlgorithm, input, Buffer.from(signaturePart, 'base64url'));
  } catch {
    valid = false;
  }
  if (!valid) throw invalidToken('bad signature');

  const claims = decodeJson(payloadPart, 'JWT payload');
  const now = (options.now ?? Date.now()) / 1000;
  const skew = options.clockSkewSeconds ?? 60;
  if (claims.exp !== undefined) {
    if (!isNumericDate(claims.exp)) throw invalidToken('"exp" is not a number');
    if (now - skew >= claims.exp) throw invalidToken('expired');
  }
  if (claims.nbf !== undefined) {
    if (!isNumericDate(claims.nbf)) throw invalidToken('"nbf" is not a number');
    if (now + skew < claims.nbf) throw invalidToken('not valid yet ("nbf" is in the future)');
  }
  if (options.issuer !== undefined && claims.iss !== options.issuer) {
    throw invalidToken(`issuer ${JSON.stringify(claims.iss ?? null)} is not accepted`);
  }
  if (options.audience !== undefined) {
    const audience = claims.aud;
    const matches = Array.isArray(audience)
      ? audience.includes(options.audience)
      : audience === options.audience;
    if (!matches) throw invalidToken('the token is not meant for this server ("aud")');
  }
  const userClaim = options.userClaim ?? 'sub';
  const user = claims[userClaim];
  if (typeof user !== 'string') throw invalidToken(`the token has no "${userClaim}" claim naming the user`);
  const problem = userNameProblem(user);
  if (problem) throw invalidToken(`"${userClaim}": ${problem}`);
  return hasAdminRole(claims) ? { user, admin: true } : { user };
}

function hasAdminRole(claims: Record<string, unknown>): boolean {
  for (const name of ['roles', 'occi_roles']) {
    const roles = claims[name];
    if (
      Array.isArray(roles)
        ? roles.includes('admin')
        : typeof roles === 'string' && roles.split(' ').includes('admin')
    ) {
      return true;
    }
  }
  return false;
}
