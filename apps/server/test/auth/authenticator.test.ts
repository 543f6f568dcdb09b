import { randomBytes, scrypt } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createAuthenticator, hashPassword, writeUsersFile } from '../../src/auth/index.js';
import { clock, refusal, request, usersFile } from './authenticator-support.js';
import { basicHeader, FAST, temporaryDirectory } from './support.js';

// Count scrypt computations: the credential cache must spare them.
vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>();
  return { ...original, scrypt: vi.fn(original.scrypt) };
});
const scryptCalls = () => vi.mocked(scrypt).mock.calls.length;

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
