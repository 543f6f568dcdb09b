import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OcciError } from '@occi/core';
import { describe, expect, it } from 'vitest';
import {
  type JwtKey,
  type JwtVerifyOptions,
  jwtKeyFromJwks,
  jwtKeyFromPem,
  jwtKeyFromSecret,
  loadJwtKey,
  verifyJwt,
} from '../../src/auth/index.js';
import { signJwt, temporaryDirectory } from './support.js';

const NOW = Date.parse('2026-11-29T12:00:00Z');
const seconds = NOW / 1000;
const ISS = 'https://idp.example.org';
const AUD = 'occi';
const claims = { sub: 'alice', iat: seconds, exp: seconds + 300, iss: ISS, aud: AUD };
const base: JwtVerifyOptions = { now: NOW, issuer: ISS, audience: AUD };

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const p521 = generateKeyPairSync('ec', { namedCurve: 'P-521' });
const ed25519 = generateKeyPairSync('ed25519');
const secret = randomBytes(64);

const pem = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }) as string;
const verify = (token: string, key: JwtKey, options: Partial<JwtVerifyOptions> = {}) =>
  verifyJwt(token, key, { ...base, ...options });

/** Expects `verifyJwt` to refuse with 401 and this message (or one matching it). */
async function refused(
  token: string,
  key: JwtKey,
  message: string | RegExp,
  options: Partial<JwtVerifyOptions> = {},
) {
  const error = await verify(token, key, options).then(
    (caller) => new Error(`accepted as ${JSON.stringify(caller)}`),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OcciError);
  expect((error as OcciError).kind).toBe('unauthorized');
  if (typeof message === 'string') expect((error as OcciError).message).toBe(message);
  else expect((error as OcciError).message).toMatch(message);
}

describe('JWT signature algorithms (verified by jose)', () => {
  const families: [string, JwtKey, KeyObject | Buffer][] = [
    ['HS256', jwtKeyFromSecret(secret), secret],
    ['HS384', jwtKeyFromSecret(secret), secret],
    ['HS512', jwtKeyFromSecret(secret), secret],
    ['RS256', jwtKeyFromPem(pem(rsa.publicKey)), rsa.privateKey],
    ['RS512', jwtKeyFromPem(pem(rsa.publicKey)), rsa.privateKey],
    ['PS256', jwtKeyFromPem(pem(rsa.publicKey)), rsa.privateKey],
    ['ES256', jwtKeyFromPem(pem(p256.publicKey)), p256.privateKey],
    ['ES384', jwtKeyFromPem(pem(p384.publicKey)), p384.privateKey],
    ['ES512', jwtKeyFromPem(pem(p521.publicKey)), p521.privateKey],
    ['EdDSA', jwtKeyFromPem(pem(ed25519.publicKey)), ed25519.privateKey],
  ];
  for (const [alg, key, signingKey] of families) {
    it(`verifies ${alg} (${key.kind} key) and refuses a tampered signature or payload`, async () => {
      const token = signJwt(claims, alg, signingKey);
      expect(await verify(token, key)).toEqual({ user: 'alice' });
      const [h, p, s] = token.split('.') as [string, string, string];
      const flipped = Buffer.from(s, 'base64url');
      flipped[0] = flipped[0]! ^ 1;
      await refused(`${h}.${p}.${flipped.toString('base64url')}`, key, 'invalid token: bad signature');
      const otherPayload = Buffer.from(JSON.stringify({ ...claims, sub: 'root' })).toString('base64url');
      await refused(`${h}.${otherPayload}.${s}`, key, 'invalid token: bad signature');
    });
  }

  it('refuses a token signed by another key of the same type', async () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await refused(
      signJwt(claims, 'ES256', other.privateKey),
      jwtKeyFromPem(pem(p256.publicKey)),
      'invalid token: bad signature',
    );
  });
});

describe('JWT algorithms pinned to the key', () => {
  it('refuses alg "none"', async () => {
    await refused(
      signJwt(claims, 'none', null),
      jwtKeyFromSecret(secret),
      'invalid token: algorithm "none" is not accepted (accepted: HS256, HS384, HS512)',
    );
  });

  it('refuses an HMAC token whose secret is the RSA public key (algorithm confusion)', async () => {
    const publicPem = pem(rsa.publicKey);
    await refused(
      signJwt(claims, 'HS256', Buffer.from(publicPem)),
      jwtKeyFromPem(publicPem),
      'invalid token: algorithm "HS256" is not accepted (accepted: RS256, RS384, RS512, PS256, PS384, PS512)',
    );
  });

  it('accepts only the algorithm of the EC curve, and no RSA with an HMAC secret', async () => {
    await refused(
      signJwt(claims, 'ES384', p384.privateKey),
      jwtKeyFromPem(pem(p256.publicKey)),
      'invalid token: algorithm "ES384" is not accepted (accepted: ES256)',
    );
    await refused(
      signJwt(claims, 'RS256', rsa.privateKey),
      jwtKeyFromSecret(secret),
      'invalid token: algorithm "RS256" is not accepted (accepted: HS256, HS384, HS512)',
    );
  });

  it('never accepts HMAC with a key set, even when the set holds a matching key type', async () => {
    const jwks = {
      keys: [{ ...p256.publicKey.export({ format: 'jwk' }), kid: 'a' }],
    };
    const key = jwtKeyFromJwks(jwks);
    expect(key.algorithms).not.toContain('HS256');
    await refused(
      signJwt(claims, 'HS256', secret, { kid: 'a' }),
      key,
      /^invalid token: algorithm "HS256" is not accepted/,
    );
    expect(() => jwtKeyFromJwks({ keys: [{ kty: 'oct', k: secret.toString('base64url') }] })).toThrow(
      'keys[0] is secret; a key set holds public keys only',
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

  it('refuses critical header extensions it does not understand', async () => {
    await refused(
      signJwt(claims, 'HS256', secret, { crit: ['x-unknown'], 'x-unknown': 1 }),
      jwtKeyFromSecret(secret),
      /^invalid token: .*"x-unknown"/,
    );
  });
});

describe('JWT claims', () => {
  const key = jwtKeyFromSecret(secret);
  const token = (extra: Record<string, unknown>, header: Record<string, unknown> = {}) =>
    signJwt({ ...claims, ...extra }, 'HS256', secret, header);

  it('requires exp, and refuses an expired token allowing 60 s of clock skew by default', async () => {
    await refused(token({ exp: undefined }), key, 'invalid token: the token has no "exp" claim');
    expect(await verify(token({ exp: seconds - 59 }), key)).toEqual({ user: 'alice' });
    await refused(token({ exp: seconds - 61 }), key, 'invalid token: expired ("exp" is past)');
    await refused(token({ exp: seconds - 1 }), key, 'invalid token: expired ("exp" is past)', {
      clockSkewSeconds: 0,
    });
    await refused(token({ exp: 'tomorrow' }), key, /^invalid token: "exp"/);
  });

  it('bounds the lifetime: exp − iat, and exp − now without iat', async () => {
    await refused(
      token({ exp: seconds + 7200 }),
      key,
      'invalid token: its lifetime (exp − iat) of 7200 s is longer than the 3600 s accepted',
      { maxLifetimeSeconds: 3600 },
    );
    await refused(
      token({ iat: undefined, exp: seconds + 365 * 86_400 }),
      key,
      `invalid token: it expires in ${365 * 86_400} s, later than the 86400 s accepted`,
    );
    expect(await verify(token({ iat: undefined, exp: seconds + 3600 }), key)).toEqual({ user: 'alice' });
  });

  it('refuses a token before its nbf', async () => {
    expect(await verify(token({ nbf: seconds + 59 }), key)).toEqual({ user: 'alice' });
    await refused(token({ nbf: seconds + 61 }), key, 'invalid token: not valid yet ("nbf" is in the future)');
  });

  it('requires the issuer, unless the operator accepts any with *', async () => {
    await refused(
      token({ iss: 'https://evil.example.org' }),
      key,
      'invalid token: issuer "https://evil.example.org" is not accepted',
    );
    await refused(token({ iss: undefined }), key, 'invalid token: the token has no "iss" claim');
    expect(await verify(token({ iss: undefined }), key, { issuer: '*' })).toEqual({ user: 'alice' });
    expect(await verify(token({ iss: 'https://any' }), key, { issuer: '*' })).toEqual({ user: 'alice' });
  });

  it('requires the audience (a string or a list), unless the operator accepts any with *', async () => {
    expect(await verify(token({ aud: ['other', 'occi'] }), key)).toEqual({ user: 'alice' });
    await refused(
      token({ aud: 'other' }),
      key,
      'invalid token: the token is not meant for this server ("aud")',
    );
    await refused(token({ aud: undefined }), key, 'invalid token: the token has no "aud" claim');
    expect(await verify(token({ aud: undefined }), key, { audience: '*' })).toEqual({ user: 'alice' });
  });

  it('checks typ where present: a JWT or an access token (RFC 9068), nothing else', async () => {
    expect(await verify(token({}, { typ: 'at+jwt' }), key)).toEqual({ user: 'alice' });
    expect(await verify(token({}, { typ: 'application/at+jwt' }), key)).toEqual({ user: 'alice' });
    expect(await verify(token({}, { typ: undefined }), key)).toEqual({ user: 'alice' });
    await refused(
      token({}, { typ: 'logout+jwt' }),
      key,
      'invalid token: "typ" "logout+jwt" is not a JWT or an access token',
    );
  });

  it('takes the user from sub or a configured claim', async () => {
    expect(
      await verify(token({ preferred_username: 'bob' }), key, { userClaim: 'preferred_username' }),
    ).toEqual({ user: 'bob' });
    await refused(
      token({ sub: undefined }),
      key,
      'invalid token: the token has no "sub" claim naming the user',
    );
    await refused(token({ sub: 42 }), key, /^invalid token: /);
    await refused(
      token({ sub: 'a/b' }),
      key,
      `invalid token: "sub": user name "a/b" is not allowed: use letters, digits, '.', '_', '-' and '@', starting with a letter, digit or '_'`,
    );
  });

  it('grants admin only through the configured claim and value (none by default)', async () => {
    expect(await verify(token({ roles: ['admin'], occi_roles: 'admin' }), key)).toEqual({ user: 'alice' });
    const adminClaim = { path: ['realm_access', 'roles'], value: 'occi-admin' };
    expect(
      await verify(token({ realm_access: { roles: ['x', 'occi-admin'] } }), key, { adminClaim }),
    ).toEqual({
      user: 'alice',
      admin: true,
    });
    expect(await verify(token({ realm_access: { roles: ['admin'] } }), key, { adminClaim })).toEqual({
      user: 'alice',
    });
    const scope = { path: ['scope'], value: 'occi:admin' };
    expect(await verify(token({ scope: 'openid occi:admin' }), key, { adminClaim: scope })).toEqual({
      user: 'alice',
      admin: true,
    });
  });
});

describe('malformed JWTs', () => {
  const key = jwtKeyFromSecret(secret);
  const part = (value: string) => Buffer.from(value).toString('base64url');
  const cases: [string, string, string | RegExp][] = [
    ['two parts', 'a.b', 'invalid token: a JWT has three dot-separated parts'],
    ['a header that is not base64url', 'a+b.c.d', /^invalid token: /],
    ['a header that is not JSON', `${part('{alg')}.e30.AAAA`, /^invalid token: /],
    ['a header that is an array', `${part('[]')}.e30.AAAA`, /^invalid token: /],
    ['no alg', `${part('{"typ":"JWT"}')}.e30.AAAA`, /^invalid token: /],
    ['an empty signature', `${part('{"alg":"HS256"}')}.e30.`, /^invalid token: /],
  ];
  for (const [what, token, message] of cases) {
    it(`refuses ${what} with 401`, () => refused(token, key, message));
  }
});

describe('loadJwtKey', () => {
  it('reads a PEM public key, a PEM private key (its public half), a JWK Set or a secret', async () => {
    const directory = await temporaryDirectory();
    await writeFile(join(directory, 'rsa.pem'), pem(rsa.publicKey));
    await writeFile(join(directory, 'ed.pem'), ed25519.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await writeFile(join(directory, 'secret'), `${'s'.repeat(40)}\n`);
    expect((await loadJwtKey(join(directory, 'rsa.pem'))).kind).toBe('rsa');
    const ed = await loadJwtKey(join(directory, 'ed.pem'));
    expect(ed.kind).toBe('eddsa');
    expect(await verify(signJwt(claims, 'EdDSA', ed25519.privateKey), ed)).toEqual({ user: 'alice' });
    const hs = await loadJwtKey(join(directory, 'secret'));
    expect(Buffer.from(hs.key as Uint8Array).toString()).toBe('s'.repeat(40));
    // A key set: each token picks its key by kid (static keys, rotated by hand).
    const second = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwks = {
      keys: [
        { ...p256.publicKey.export({ format: 'jwk' }), kid: 'one', use: 'sig' },
        { ...second.publicKey.export({ format: 'jwk' }), kid: 'two', alg: 'ES256' },
      ],
    };
    await writeFile(join(directory, 'keys.json'), JSON.stringify(jwks));
    const set = await loadJwtKey(join(directory, 'keys.json'));
    expect(set.kind).toBe('jwks');
    expect(await verify(signJwt(claims, 'ES256', second.privateKey, { kid: 'two' }), set)).toEqual({
      user: 'alice',
    });
    await refused(
      signJwt(claims, 'ES256', second.privateKey, { kid: 'three' }),
      set,
      'invalid token: no key of the issuer matches the token ("kid" and "alg")',
    );
    await writeFile(join(directory, 'short'), 'short\n');
    await expect(loadJwtKey(join(directory, 'short'))).rejects.toThrow(
      `JWT key file ${join(directory, 'short')}: an HMAC secret must be at least 32 bytes, this one has 5`,
    );
    await expect(loadJwtKey(join(directory, 'missing'))).rejects.toThrow(
      `JWT key file ${join(directory, 'missing')} cannot be read (ENOENT)`,
    );
    await writeFile(join(directory, 'broken.json'), '{"keys": [');
    await expect(loadJwtKey(join(directory, 'broken.json'))).rejects.toThrow(/: not JSON/);
  });
});
