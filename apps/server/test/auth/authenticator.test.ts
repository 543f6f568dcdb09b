import { generateKeyPairSync, randomBytes, scrypt } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Caller, OcciError } from '@occi/core';
import { describe, expect, it, vi } from 'vitest';
import {
  type AuthenticatorOptions,
  createApiToken,
  createAuthenticator,
  hashPassword,
  type UsersFile,
  writeUsersFile,
} from '../../src/auth/index.js';
import { basicHeader, FAST, signJwt, temporaryDirectory } from './support.js';

// Count scrypt computations: the credential cache must spare them.
vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>();
  return { ...original, scrypt: vi.fn(original.scrypt) };
});
const scryptCalls = () => vi.mocked(scrypt).mock.calls.length;

async function usersFile(
  extra: Partial<UsersFile['users']> = {},
): Promise<{ path: string; file: UsersFile }> {
  const path = join(await temporaryDirectory(), 'users.json');
  const file: UsersFile = {
    version: 1,
    users: {
      alice: { password: await hashPassword('alice-password', FAST), admin: false, tokens: [] },
      root: { password: await hashPassword('root-password', FAST), admin: true, tokens: [] },
      ...(extra as UsersFile['users']),
    },
  };
  await writeUsersFile(path, file);
  return { path, file };
}

/** A settable clock. */
function clock(start = Date.parse('2026-11-29T12:00:00Z')) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

async function refusal(promise: Promise<Caller>): Promise<string> {
  const error = await promise.then(
    (caller) => {
      throw new Error(`expected a refusal, got ${JSON.stringify(caller)}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OcciError);
  expect((error as OcciError).kind).toBe('unauthorized');
  return (error as OcciError).message;
}

const request = (authorization?: string | string[]) => ({ headers: { authorization } });

describe('createAuthenticator', () => {
  it('needs a users file or a JWT key', async () => {
    await expect(createAuthenticator({})).rejects.toThrow(
      'authentication needs a users file, a JWT key, an OpenID issuer or client certificates',
    );
  });

  it('refuses to start with a missing users file, naming it', async () => {
    const path = join(await temporaryDirectory(), 'users.json');
    await expect(createAuthenticator({ passwordParams: FAST, usersFile: path })).rejects.toThrow(
      `users file ${path}: does not exist`,
    );
  });

  it('challenges with Basic and Bearer for a users file, Bearer only for a JWT key alone', async () => {
    const { path } = await usersFile();
    expect((await createAuthenticator({ passwordParams: FAST, usersFile: path })).challenge).toBe(
      'Basic realm="occi", charset="UTF-8", Bearer realm="occi"',
    );
    expect(
      (await createAuthenticator({ passwordParams: FAST, usersFile: path, realm: 'my "cloud"' })).challenge,
    ).toBe('Basic realm="my \\"cloud\\"", charset="UTF-8", Bearer realm="my \\"cloud\\""');
    const keyFile = join(await temporaryDirectory(), 'secret');
    await writeFile(keyFile, randomBytes(32));
    expect(
      (await createAuthenticator({ jwtKeyFile: keyFile, jwtIssuer: '*', jwtAudience: '*' })).challenge,
    ).toBe('Bearer realm="occi"');
    await expect(createAuthenticator({ jwtKeyFile: keyFile })).rejects.toThrow(
      'JWTs need a required issuer and audience (or "*" to accept any, explicitly)',
    );
  });
});

describe('HTTP Basic', () => {
  it('authenticates users and admins with the right password', async () => {
    const { path } = await usersFile();
    const auth = await createAuthenticator({ passwordParams: FAST, usersFile: path });
    expect(await auth.authenticate(request(basicHeader('alice', 'alice-password')))).toEqual({
      user: 'alice',
      admin: false,
    });
    expect(await auth.authenticate(request(basicHeader('root', 'root-password')))).toEqual({
      user: 'root',
      admin: true,
    });
    // The scheme is case-insensitive (RFC 7235 §2.1); a password may contain colons (RFC 7617 §2).
    const { path: other } = await usersFile({
      carol: { password: await hashPassword('a:b:c', FAST), admin: false, tokens: [] },
    });
    const auth2 = await createAuthenticator({ passwordParams: FAST, usersFile: other });
    const encoded = Buffer.from('carol:a:b:c').toString('base64');
    expect(await auth2.authenticate(request(`bAsIc ${encoded}`))).toEqual({ user: 'carol', admin: false });
  });

  it('decodes credentials as UTF-8', async () => {
    const { path } = await usersFile({
      dora: { password: await hashPassword('pässwörd-🔑', FAST), admin: false, tokens: [] },
    });
    const auth = await createAuthenticator({ passwordParams: FAST, usersFile: path });
    expect(await auth.authenticate(request(basicHeader('dora', 'pässwörd-🔑')))).toEqual({
      user: 'dora',
      admin: false,
    });
    const latin1 = `Basic ${Buffer.from('dora:p\u00e4ss', 'latin1').toString('base64')}`;
    expect(await refusal(auth.authenticate(request(latin1)))).toBe('malformed Basic credentials: not UTF-8');
  });

  it('says "invalid credentials" for a wrong password and for an unknown user alike', async () => {
    const { path } = await usersFile();
    const auth = await createAuthenticator({ passwordParams: FAST, usersFile: path });
    expect(await refusal(auth.authenticate(request(basicHeader('alice', 'wrong'))))).toBe(
      'invalid credentials',
    );
    expect(await refusal(auth.authenticate(request(basicHeader('mallory', 'alice-password'))))).toBe(
      'invalid credentials',
    );
    expect(await refusal(auth.authenticate(request(basicHeader('', 'alice-password'))))).toBe(
      'invalid credentials',
    );
    expect(await refusal(auth.authenticate(request(basicHeader('__proto__', 'x'))))).toBe(
      'invalid credentials',
    );
    expect(await refusal(auth.authenticate(request(basicHeader('toString', 'x'))))).toBe(
      'invalid credentials',
    );
  });

  it('spends an scrypt on an unknown user too, so refusals take as long', async () => {
    const { path } = await usersFile();
    const auth = await createAuthenticator({ passwordParams: FAST, usersFile: path });
    await refusal(auth.authenticate(request(basicHeader('mallory', 'x'))));
    const before = scryptCalls();
    await refusal(auth.authenticate(request(basicHeader('mallory', 'y'))));
    expect(scryptCalls()).toBe(before + 1);
  });

  const malformed: [string, string | string[] | undefined, string][] = [
    ['no header', undefined, 'authentication required: send an Authorization header'],
    ['an empty header', '', 'authentication required: send an Authorization header'],
    ['two headers', ['Basic a', 'Basic b'], 'more than one Authorization header'],
    ['a scheme alone', 'Basic', 'malformed Basic credentials: nothing after "Basic"'],
    ['wrong base64', 'Basic ***', 'malformed Basic credentials: not base64'],
    ['truncated base64', 'Basic YWxpY2U6cGFzc3dvcmQ=x', 'malformed Basic credentials: not base64'],
    [
      'no colon',
      `Basic ${Buffer.from('alice').toString('base64')}`,
      "malformed Basic credentials: no ':' between user name and password",
    ],
    ['credentials split by spaces', 'Basic YWxp Y2U6', 'malformed Basic credentials: not base64'],
    [
      'an unknown scheme',
      'Digest username="alice"',
      'authentication scheme "Digest" is not supported; use Basic or Bearer',
    ],
    [
      'a bad scheme token',
      '(Basic) abc',
      'malformed Authorization header: expected "<scheme> <credentials>"',
    ],
  ];
  for (const [what, header, message] of malformed) {
    it(`refuses ${what} with 401: ${message}`, async () => {
      const { path } = await usersFile();
      const auth = await createAuthenticator({ passwordParams: FAST, usersFile: path });
      expect(await refusal(auth.authenticate(request(header)))).toBe(message);
    });
  }

  it('accepts a single header given as a one-element list, and unpadded base64', async () => {
    const { path } = await usersFile();
    const auth = await createAuthenticator({ passwordParams: FAST, usersFile: path });
    expect(await auth.authenticate(request([basicHeader('alice', 'alice-password')]))).toEqual({
      user: 'alice',
      admin: false,
    });
    const unpadded = Buffer.from('alice:alice-password').toString('base64').replace(/=+$/, '');
    expect(await auth.authenticate(request(`Basic ${unpadded}`))).toEqual({ user: 'alice', admin: false });
  });

  it('refuses Basic when only a JWT key is configured', async () => {
    const keyFile = join(await temporaryDirectory(), 'secret');
    await writeFile(keyFile, randomBytes(32));
    const auth = await createAuthenticator({ jwtKeyFile: keyFile, jwtIssuer: '*', jwtAudience: '*' });
    expect(await refusal(auth.authenticate(request(basicHeader('alice', 'x'))))).toBe(
      'Basic authentication is not enabled on this server',
    );
  });
});

describe('the verified-credentials cache', () => {
  it('spares scrypt on repeated requests with the same credentials', async () => {
    const { path } = await usersFile();
    const auth = await createAuthenticator({ passwordParams: FAST, usersFile: path });
    const header = basicHeader('alice', 'alice-password');
    const before = scryptCalls();
    await auth.authenticate(request(header));
    expect(scryptCalls()).toBe(before + 1);
    for (let i = 0; i < 20; i++)
      expect(await auth.authenticate(request(header))).toEqual({ user: 'alice', admin: false });
    expect(scryptCalls()).toBe(before + 1);
  });

  it('shares one scrypt between concurrent first requests', async () => {
    const { path } = await usersFile();
    const auth = await createAuthenticator({ passwordParams: FAST, usersFile: path });
    const header = basicHeader('alice', 'alice-password');
    const before = scryptCalls();
    await Promise.all(Array.from({ length: 10 }, () => auth.authenticate(request(header))));
    expect(scryptCalls()).toBe(before + 1);
  });

  it('does not remember failures', async () => {
    const { path } = await usersFile();
    const auth = await createAuthenticator({ passwordParams: FAST, usersFile: path });
    const header = basicHeader('alice', 'wrong');
    const before = scryptCalls();
    await refusal(auth.authenticate(request(header)));
    await refusal(auth.authenticate(request(header)));
    expect(scryptCalls()).toBe(before + 2);
  });

  it('forgets entries after the TTL', async () => {
    const { path } = await usersFile();
    const time = clock();
    const auth = await createAuthenticator({
      passwordParams: FAST,
      usersFile: path,
      now: time.now,
      cacheTtlMs: 30_000,
    });
    const header = basicHeader('alice', 'alice-password');
    await auth.authenticate(request(header));
    const before = scryptCalls();
    time.advance(29_000);
    await auth.authenticate(request(header));
    expect(scryptCalls()).toBe(before);
    time.advance(1_001);
    await auth.authenticate(request(header));
    expect(scryptCalls()).toBe(before + 1);
  });

  it('holds at most cacheSize entries, evicting the oldest', async () => {
    const { path } = await usersFile();
    const auth = await createAuthenticator({ passwordParams: FAST, usersFile: path, cacheSize: 1 });
    const alice = basicHeader('alice', 'alice-password');
    const root = basicHeader('root', 'root-password');
    await auth.authenticate(request(alice));
    await auth.authenticate(request(root));
    const before = scryptCalls();
    await auth.authenticate(request(root));
    expect(scryptCalls()).toBe(before);
    await auth.authenticate(request(alice));
    expect(scryptCalls()).toBe(before + 1);
  });

  it('is keyed by the password: another password is verified, not taken from the cache', async () => {
    const { path } = await usersFile();
    const auth = await createAuthenticator({ passwordParams: FAST, usersFile: path });
    await auth.authenticate(request(basicHeader('alice', 'alice-password')));
    expect(await refusal(auth.authenticate(request(basicHeader('alice', 'alice-passwordX'))))).toBe(
      'invalid credentials',
    );
  });
});

describe('reloading the users file', () => {
  it('picks up added, changed and removed users, checking at most once per second', async () => {
    const { path, file } = await usersFile();
    const time = clock();
    const auth = await createAuthenticator({ passwordParams: FAST, usersFile: path, now: time.now });
    const bob = basicHeader('bob', 'bob-password');
    const alice = basicHeader('alice', 'alice-password');
    await auth.authenticate(request(alice));
    expect(await refusal(auth.authenticate(request(bob)))).toBe('invalid credentials');

    file.users.bob = { password: await hashPassword('bob-password', FAST), admin: false, tokens: [] };
    file.users.alice = { ...file.users.alice!, password: await hashPassword('new-alice-password', FAST) };
    await writeUsersFile(path, file);
    time.advance(500);
    expect(await refusal(auth.authenticate(request(bob)))).toBe('invalid credentials');
    // Still cached with the old password until the file is checked again.
    expect(await auth.authenticate(request(alice))).toEqual({ user: 'alice', admin: false });
    time.advance(600);
    expect(await auth.authenticate(request(bob))).toEqual({ user: 'bob', admin: false });
    // The cached verification was for the old hash: the old password no longer works.
    expect(await refusal(auth.authenticate(request(alice)))).toBe('invalid credentials');
    expect(await auth.authenticate(request(basicHeader('alice', 'new-alice-password')))).toEqual({
      user: 'alice',
      admin: false,
    });

    delete file.users.bob;
    file.users.root = { ...file.users.root!, admin: false };
    await writeUsersFile(path, file);
    time.advance(1000);
    expect(await refusal(auth.authenticate(request(bob)))).toBe('invalid credentials');
    expect(await auth.authenticate(request(basicHeader('root', 'root-password')))).toEqual({
      user: 'root',
      admin: false,
    });
  });

  it('keeps the last good content when the file becomes invalid, and reload() reports the problem', async () => {
    const { path } = await usersFile();
    const time = clock();
    const auth = await createAuthenticator({ passwordParams: FAST, usersFile: path, now: time.now });
    await writeFile(path, '{ "version": 1, "users": ');
    time.advance(2000);
    expect(await auth.authenticate(request(basicHeader('alice', 'alice-password')))).toEqual({
      user: 'alice',
      admin: false,
    });
    await expect(auth.reload()).rejects.toThrow(`users file ${path}: is not valid JSON`);
  });

  it('reload() reads the file immediately', async () => {
    const { path, file } = await usersFile();
    const auth = await createAuthenticator({
      passwordParams: FAST,
      usersFile: path,
      reloadIntervalMs: 3_600_000,
    });
    file.users.bob = { password: await hashPassword('bob-password', FAST), admin: true, tokens: [] };
    await writeUsersFile(path, file);
    expect(await refusal(auth.authenticate(request(basicHeader('bob', 'bob-password'))))).toBe(
      'invalid credentials',
    );
    await auth.reload();
    expect(await auth.authenticate(request(basicHeader('bob', 'bob-password')))).toEqual({
      user: 'bob',
      admin: true,
    });
  });
});

describe('Bearer API tokens', () => {
  it('authenticate the token owner until the token is revoked', async () => {
    const { path, file } = await usersFile();
    const time = clock();
    const auth = await createAuthenticator({ passwordParams: FAST, usersFile: path, now: time.now });
    const { token, record } = createApiToken();
    file.users.root!.tokens.push(record);
    await writeUsersFile(path, file);
    time.advance(1000);
    expect(await auth.authenticate(request(`Bearer ${token}`))).toEqual({ user: 'root', admin: true });
    expect(await auth.authenticate(request(`bearer  ${token}`))).toEqual({ user: 'root', admin: true });

    file.users.root!.tokens = [];
    await writeUsersFile(path, file);
    time.advance(1000);
    expect(await refusal(auth.authenticate(request(`Bearer ${token}`)))).toBe(
      'invalid token: unknown or revoked API token',
    );
  });

  it('refuses unknown, altered and malformed tokens', async () => {
    const { path } = await usersFile();
    const auth = await createAuthenticator({ passwordParams: FAST, usersFile: path });
    const { token } = createApiToken();
    expect(await refusal(auth.authenticate(request(`Bearer ${token}`)))).toBe(
      'invalid token: unknown or revoked API token',
    );
    expect(await refusal(auth.authenticate(request('Bearer occi_123_abc')))).toBe(
      'invalid token: malformed API token',
    );
    expect(await refusal(auth.authenticate(request('Bearer')))).toBe(
      'malformed Bearer token: nothing after "Bearer"',
    );
    expect(await refusal(auth.authenticate(request('Bearer a b')))).toBe('malformed Bearer token');
    expect(await refusal(auth.authenticate(request('Bearer eyJ.x.y')))).toBe(
      'invalid token: not an API token of this server',
    );
  });

  it('does not accept a token of one user with another user id', async () => {
    const { path, file } = await usersFile();
    const a = createApiToken();
    const b = createApiToken();
    file.users.alice!.tokens.push(a.record);
    file.users.root!.tokens.push(b.record);
    await writeUsersFile(path, file);
    const auth = await createAuthenticator({ passwordParams: FAST, usersFile: path });
    const swapped = `occi_${b.record.id}_${a.token.split('_').slice(2).join('_')}`;
    expect(await refusal(auth.authenticate(request(`Bearer ${swapped}`)))).toBe(
      'invalid token: unknown or revoked API token',
    );
    expect(await auth.authenticate(request(`Bearer ${a.token}`))).toEqual({ user: 'alice', admin: false });
  });
});

describe('Bearer JWTs', () => {
  async function jwtSetup(extra: Partial<AuthenticatorOptions> = {}) {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const keyFile = join(await temporaryDirectory(), 'jwt.pem');
    await writeFile(keyFile, publicKey.export({ type: 'spki', format: 'pem' }));
    const time = clock();
    const { path } = await usersFile();
    const auth = await createAuthenticator({
      passwordParams: FAST,
      usersFile: path,
      jwtKeyFile: keyFile,
      jwtIssuer: 'https://idp',
      jwtAudience: 'occi',
      now: time.now,
      ...extra,
    });
    const seconds = time.now() / 1000;
    const sign = (claims: Record<string, unknown>, alg = 'ES256') =>
      signJwt({ exp: seconds + 600, iss: 'https://idp', aud: 'occi', ...claims }, alg, privateKey);
    return { auth, sign, time };
  }

  it('authenticate the subject, admin by the configured claim only, next to Basic and API tokens', async () => {
    const { auth, sign } = await jwtSetup({
      jwtAdminClaim: { path: ['realm_access', 'roles'], value: 'occi-admin' },
    });
    expect(await auth.authenticate(request(`Bearer ${sign({ sub: 'zoe' })}`))).toEqual({ user: 'zoe' });
    // The claims the old verifier hard-coded grant nothing now.
    expect(await auth.authenticate(request(`Bearer ${sign({ sub: 'eve', roles: ['admin'] })}`))).toEqual({
      user: 'eve',
    });
    expect(
      await auth.authenticate(
        request(`Bearer ${sign({ sub: 'ops', realm_access: { roles: ['occi-admin'] } })}`),
      ),
    ).toEqual({ user: 'ops', admin: true });
    const { auth: plain, sign: signPlain } = await jwtSetup();
    expect(
      await plain.authenticate(request(`Bearer ${signPlain({ sub: 'ops', roles: ['admin'] })}`)),
    ).toEqual({
      user: 'ops',
    });
    expect(await auth.authenticate(request(basicHeader('alice', 'alice-password')))).toEqual({
      user: 'alice',
      admin: false,
    });
  });

  it('check issuer, audience, expiry and algorithm', async () => {
    const { auth, sign, time } = await jwtSetup();
    const good = sign({ sub: 'zoe' });
    expect(await auth.authenticate(request(`Bearer ${good}`))).toEqual({ user: 'zoe' });
    expect(
      await refusal(auth.authenticate(request(`Bearer ${sign({ sub: 'zoe', iss: 'https://other' })}`))),
    ).toBe('invalid token: issuer "https://other" is not accepted');
    expect(await refusal(auth.authenticate(request(`Bearer ${sign({ sub: 'zoe', iss: undefined })}`)))).toBe(
      'invalid token: the token has no "iss" claim',
    );
    expect(await refusal(auth.authenticate(request(`Bearer ${sign({ sub: 'zoe', aud: 'other' })}`)))).toBe(
      'invalid token: the token is not meant for this server ("aud")',
    );
    expect(await refusal(auth.authenticate(request(`Bearer ${sign({ sub: 'zoe', exp: undefined })}`)))).toBe(
      'invalid token: the token has no "exp" claim',
    );
    expect(
      await refusal(auth.authenticate(request(`Bearer ${signJwt({ sub: 'zoe' }, 'none', null)}`))),
    ).toMatch(/^invalid token: /);
    time.advance(661_000);
    expect(await refusal(auth.authenticate(request(`Bearer ${good}`)))).toBe(
      'invalid token: expired ("exp" is past)',
    );
  });

  it('uses a configured user claim', async () => {
    const { auth, sign } = await jwtSetup({ jwtUserClaim: 'preferred_username' });
    expect(
      await auth.authenticate(request(`Bearer ${sign({ sub: 'x1', preferred_username: 'zoe' })}`)),
    ).toEqual({
      user: 'zoe',
    });
  });

  it('refuses a JWT when no key is configured', async () => {
    const { path } = await usersFile();
    const auth = await createAuthenticator({ passwordParams: FAST, usersFile: path });
    const { privateKey } = generateKeyPairSync('ed25519');
    expect(
      await refusal(auth.authenticate(request(`Bearer ${signJwt({ sub: 'zoe' }, 'EdDSA', privateKey)}`))),
    ).toBe('invalid token: not an API token of this server');
  });
});

describe('unexpected failures', () => {
  it('become 401 "invalid credentials", never another error', async () => {
    const { path } = await usersFile();
    const auth = await createAuthenticator({ passwordParams: FAST, usersFile: path });
    vi.mocked(scrypt).mockImplementationOnce(() => {
      throw new Error('out of memory');
    });
    expect(await refusal(auth.authenticate(request(basicHeader('alice', 'alice-password'))))).toBe(
      'invalid credentials',
    );
    expect(await auth.authenticate(request(basicHeader('alice', 'alice-password')))).toEqual({
      user: 'alice',
      admin: false,
    });
  });
});
