import { createHmac, createPublicKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OcciError } from '@occi/core';
import { describe, expect, it } from 'vitest';
import { type JwtKey, jwtKeyFromPem, jwtKeyFromSecret, loadJwtKey, verifyJwt } from '../../src/auth/index.js';
import { signJwt, temporaryDirectory } from './support.js';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const seconds = NOW / 1000;
const claims = { sub: 'alice', iat: seconds, exp: seconds + 300 };

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const p521 = generateKeyPairSync('ec', { namedCurve: 'P-521' });
const ed25519 = generateKeyPairSync('ed25519');
const ed448 = generateKeyPairSync('ed448');
const secret = randomBytes(64);

const pem = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }) as string;

/** Expects `verifyJwt` to refuse with 401 and exactly this message. */
function refused(token: string, key: JwtKey, message: string, options = {}) {
  let error: unknown;
  try {
    verifyJwt(token, key, { now: NOW, ...options });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(OcciError);
  expect((error as OcciError).kind).toBe('unauthorized');
  expect((error as OcciError).message).toBe(message);
}

describe('JWT signature algorithms', () => {
  const families: [string, JwtKey, KeyObject | Buffer][] = [
    ['HS256', jwtKeyFromSecret(secret), secret],
    ['HS384', jwtKeyFromSecret(secret), secret],
    ['HS512', jwtKeyFromSecret(secret), secret],
    ['RS256', jwtKeyFromPem(pem(rsa.publicKey)), rsa.privateKey],
    ['RS384', jwtKeyFromPem(pem(rsa.publicKey)), rsa.privateKey],
    ['RS512', jwtKeyFromPem(pem(rsa.publicKey)), rsa.privateKey],
    ['PS256', jwtKeyFromPem(pem(rsa.publicKey)), rsa.privateKey],
    ['PS512', jwtKeyFromPem(pem(rsa.publicKey)), rsa.privateKey],
    ['ES256', jwtKeyFromPem(pem(p256.publicKey)), p256.privateKey],
    ['ES384', jwtKeyFromPem(pem(p384.publicKey)), p384.privateKey],
    ['ES512', jwtKeyFromPem(pem(p521.publicKey)), p521.privateKey],
    ['EdDSA', jwtKeyFromPem(pem(ed25519.publicKey)), ed25519.privateKey],
    ['EdDSA', jwtKeyFromPem(pem(ed448.publicKey)), ed448.privateKey],
  ];
  for (const [alg, key, signingKey] of families) {
    it(`verifies ${alg} (${key.kind} key) and refuses a tampered signature`, () => {
      const token = signJwt(claims, alg, signingKey);
      expect(verifyJwt(token, key, { now: NOW })).toEqual({ user: 'alice' });
      const [h, p, s] = token.split('.') as [string, string, string];
      const flipped = Buffer.from(s, 'base64url');
      flipped[0] = flipped[0]! ^ 1;
      refused(`${h}.${p}.${flipped.toString('base64url')}`, key, 'invalid token: bad signature');
      const otherPayload = Buffer.from(JSON.stringify({ ...claims, sub: 'root' })).toString('base64url');
      refused(`${h}.${otherPayload}.${s}`, key, 'invalid token: bad signature');
    });
  }

  it('refuses a token signed by another key of the same type', () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    refused(
      signJwt(claims, 'ES256', other.privateKey),
      jwtKeyFromPem(pem(p256.publicKey)),
      'invalid token: bad signature',
    );
    refused(
      signJwt(claims, 'HS256', randomBytes(64)),
      jwtKeyFromSecret(secret),
      'invalid token: bad signature',
    );
  });
});

describe('JWT algorithm restrictions', () => {
  it('refuses alg "none", with or without a signature', () => {
    const key = jwtKeyFromSecret(secret);
    const unsigned = signJwt(claims, 'none', null);
    refused(unsigned, key, 'invalid token: algorithm "none" is not accepted (accepted: HS256, HS384, HS512)');
    refused(
      `${unsigned}AAAA`,
      key,
      'invalid token: algorithm "none" is not accepted (accepted: HS256, HS384, HS512)',
    );
  });

  it('refuses an HMAC token whose secret is the RSA public key (algorithm confusion)', () => {
    const publicPem = pem(rsa.publicKey);
    const forged = signJwt(claims, 'HS256', Buffer.from(publicPem));
    refused(
      forged,
      jwtKeyFromPem(publicPem),
      'invalid token: algorithm "HS256" is not accepted (accepted: RS256, RS384, RS512, PS256, PS384, PS512)',
    );
  });

  it('accepts only the algorithm of the EC curve and no RSA with an HMAC secret', () => {
    refused(
      signJwt(claims, 'ES384', p384.privateKey),
      jwtKeyFromPem(pem(p256.publicKey)),
      'invalid token: algorithm "ES384" is not accepted (accepted: ES256)',
    );
    refused(
      signJwt(claims, 'RS256', rsa.privateKey),
      jwtKeyFromSecret(secret),
      'invalid token: algorithm "RS256" is not accepted (accepted: HS256, HS384, HS512)',
    );
    refused(
      signJwt(claims, 'RS256', rsa.privateKey),
      jwtKeyFromPem(pem(ed25519.publicKey)),
      'invalid token: algorithm "RS256" is not accepted (accepted: EdDSA)',
    );
  });

  it('limits HMAC algorithms to those the secret is long enough for (RFC 7518 §3.2)', () => {
    expect(jwtKeyFromSecret(randomBytes(32)).algorithms).toEqual(['HS256']);
    expect(jwtKeyFromSecret(randomBytes(48)).algorithms).toEqual(['HS256', 'HS384']);
    expect(() => jwtKeyFromSecret(randomBytes(31))).toThrow(
      'JWT secret: an HMAC secret must be at least 32 bytes, this one has 31',
    );
  });

  it('refuses weak or unsupported public keys', () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() => jwtKeyFromPem(pem(small.publicKey))).toThrow(
      'RSA keys must have at least 2048 bits, this one has 1024',
    );
    const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
    expect(() => jwtKeyFromPem(pem(k1.publicKey))).toThrow('EC curve secp256k1 is not P-256, P-384 or P-521');
    expect(() => jwtKeyFromPem('-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----\n')).toThrow(
      /^JWT key: not a PEM public key/,
    );
  });

  it('refuses critical header extensions', () => {
    const key = jwtKeyFromSecret(secret);
    refused(
      signJwt(claims, 'HS256', secret, { crit: ['exp'] }),
      key,
      'invalid token: the JWT header has "crit" extensions this server does not support',
    );
  });
});

describe('JWT claims', () => {
  const key = jwtKeyFromSecret(secret);
  const token = (extra: Record<string, unknown>) => signJwt({ ...claims, ...extra }, 'HS256', secret);

  it('refuses an expired token, allowing 60 s of clock skew by default', () => {
    expect(verifyJwt(token({ exp: seconds - 59 }), key, { now: NOW })).toEqual({ user: 'alice' });
    refused(token({ exp: seconds - 60 }), key, 'invalid token: expired');
    refused(token({ exp: seconds - 1 }), key, 'invalid token: expired', { clockSkewSeconds: 0 });
    refused(token({ exp: 'tomorrow' }), key, 'invalid token: "exp" is not a number');
  });

  it('refuses a token before its nbf', () => {
    expect(verifyJwt(token({ nbf: seconds + 59 }), key, { now: NOW })).toEqual({ user: 'alice' });
    refused(token({ nbf: seconds + 61 }), key, 'invalid token: not valid yet ("nbf" is in the future)');
  });

  it('accepts a token without exp', () => {
    const { exp: _, ...rest } = claims;
    expect(verifyJwt(signJwt(rest, 'HS256', secret), key, { now: NOW })).toEqual({ user: 'alice' });
  });

  it('checks the issuer when one is configured', () => {
    const options = { now: NOW, issuer: 'https://idp.example.org' };
    expect(verifyJwt(token({ iss: 'https://idp.example.org' }), key, options)).toEqual({ user: 'alice' });
    refused(
      token({ iss: 'https://evil.example.org' }),
      key,
      'invalid token: issuer "https://evil.example.org" is not accepted',
      options,
    );
    refused(token({}), key, 'invalid token: issuer null is not accepted', options);
  });

  it('checks the audience (a string or a list) when one is configured', () => {
    const options = { now: NOW, audience: 'occi' };
    expect(verifyJwt(token({ aud: 'occi' }), key, options)).toEqual({ user: 'alice' });
    expect(verifyJwt(token({ aud: ['other', 'occi'] }), key, options)).toEqual({ user: 'alice' });
    refused(
      token({ aud: 'other' }),
      key,
      'invalid token: the token is not meant for this server ("aud")',
      options,
    );
    refused(token({}), key, 'invalid token: the token is not meant for this server ("aud")', options);
  });

  it('takes the user from sub or a configured claim, and admin from roles or occi_roles', () => {
    expect(
      verifyJwt(token({ preferred_username: 'bob' }), key, { now: NOW, userClaim: 'preferred_username' }),
    ).toEqual({
      user: 'bob',
    });
    expect(verifyJwt(token({ roles: ['reader', 'admin'] }), key, { now: NOW })).toEqual({
      user: 'alice',
      admin: true,
    });
    expect(verifyJwt(token({ occi_roles: 'admin' }), key, { now: NOW })).toEqual({
      user: 'alice',
      admin: true,
    });
    expect(verifyJwt(token({ roles: ['administrator'] }), key, { now: NOW })).toEqual({ user: 'alice' });
    refused(token({ sub: undefined }), key, 'invalid token: the token has no "sub" claim naming the user');
    refused(token({ sub: 42 }), key, 'invalid token: the token has no "sub" claim naming the user');
    refused(
      token({ sub: 'a/b' }),
      key,
      `invalid token: "sub": user name "a/b" is not allowed: use letters, digits, '.', '_', '-' and '@', starting with a letter, digit or '_'`,
    );
  });
});

describe('malformed JWTs', () => {
  const key = jwtKeyFromSecret(secret);
  const part = (value: string) => Buffer.from(value).toString('base64url');
  const cases: [string, string, string][] = [
    ['two parts', 'a.b', 'invalid token: a JWT has three dot-separated parts'],
    ['a header that is not base64url', 'a+b.c.d', 'invalid token: the JWT header is not base64url'],
    ['a header that is not JSON', `${part('{alg')}.e30.AAAA`, 'invalid token: the JWT header is not JSON'],
    [
      'a header that is an array',
      `${part('[]')}.e30.AAAA`,
      'invalid token: the JWT header is not a JSON object',
    ],
    ['no alg', `${part('{"typ":"JWT"}')}.e30.AAAA`, 'invalid token: the JWT header has no "alg"'],
    [
      'an empty signature',
      `${part('{"alg":"HS256"}')}.e30.`,
      'invalid token: the signature is not base64url',
    ],
  ];
  for (const [what, token, message] of cases) {
    it(`refuses ${what}`, () => refused(token, key, message));
  }

  it('refuses a validly signed payload that is not JSON', () => {
    const header = part('{"alg":"HS256"}');
    const payload = part('not json');
    const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
    refused(`${header}.${payload}.${signature}`, key, 'invalid token: the JWT payload is not JSON');
  });
});

describe('loadJwtKey', () => {
  it('reads a PEM public key, a PEM private key (using its public half) or a secret', async () => {
    const directory = await temporaryDirectory();
    await writeFile(join(directory, 'rsa.pem'), pem(rsa.publicKey));
    await writeFile(join(directory, 'ed.pem'), ed25519.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await writeFile(join(directory, 'secret'), `${'s'.repeat(40)}\n`);
    expect((await loadJwtKey(join(directory, 'rsa.pem'))).kind).toBe('rsa');
    const ed = await loadJwtKey(join(directory, 'ed.pem'));
    expect(ed.kind).toBe('eddsa');
    expect(ed.publicKey?.equals(createPublicKey(ed25519.privateKey))).toBe(true);
    const hs = await loadJwtKey(join(directory, 'secret'));
    expect(hs.secret?.toString()).toBe('s'.repeat(40));
    await writeFile(join(directory, 'short'), 'short\n');
    await expect(loadJwtKey(join(directory, 'short'))).rejects.toThrow(
      `JWT key file ${join(directory, 'short')}: an HMAC secret must be at least 32 bytes, this one has 5`,
    );
    await expect(loadJwtKey(join(directory, 'missing'))).rejects.toThrow(
      `JWT key file ${join(directory, 'missing')} cannot be read (ENOENT)`,
    );
  });
});
