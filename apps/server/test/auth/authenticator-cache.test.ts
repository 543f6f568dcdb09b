/**
 * The cache of verified Basic credentials: keyed by a keyed hash of the
 * credentials as sent, so that a client repeating them costs no scrypt;
 * ended by a changed users file and by its lifetime; never holding a
 * refusal; no way around the throttling of failed logins.
 */
import { scrypt } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { createAuthenticator, hashPassword, LoginThrottled, writeUsersFile } from '../../src/auth/index.js';
import { clock, refusal, request, usersFile } from './authenticator-support.js';
import { basicHeader, FAST } from './support.js';

// Count scrypt computations: the credential cache must spare them.
vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>();
  return { ...original, scrypt: vi.fn(original.scrypt) };
});
const scryptCalls = () => vi.mocked(scrypt).mock.calls.length;

describe('the verified-credentials cache', () => {
  it('answers a second request with the same credentials without hashing, however the header spells them', async () => {
    const { path } = await usersFile();
    const auth = await createAuthenticator({ passwordParams: FAST, usersFile: path });
    const header = basicHeader('alice', 'alice-password');
    const before = scryptCalls();
    expect(await auth.authenticate(request(header))).toEqual({ user: 'alice', admin: false });
    expect(scryptCalls()).toBe(before + 1);
    expect(await auth.authenticate(request(header))).toEqual({ user: 'alice', admin: false });
    // RFC 7235 §2.1: the scheme is case-insensitive; the credentials are the same.
    expect(await auth.authenticate(request(`  basic   ${header.slice('Basic '.length)} `))).toEqual({
      user: 'alice',
      admin: false,
    });
    expect(scryptCalls()).toBe(before + 1);
  });

  it('never answers a wrong password from the cache: each one is hashed and refused', async () => {
    const { path } = await usersFile();
    const auth = await createAuthenticator({ passwordParams: FAST, usersFile: path });
    await auth.authenticate(request(basicHeader('alice', 'alice-password')));
    const before = scryptCalls();
    for (const wrong of ['alice-password ', 'Alice-password', 'alice-passwor', 'x'])
      expect(await refusal(auth.authenticate(request(basicHeader('alice', wrong))))).toBe(
        'invalid credentials',
      );
    expect(scryptCalls()).toBe(before + 4);
    // The right password is still remembered.
    expect(await auth.authenticate(request(basicHeader('alice', 'alice-password')))).toEqual({
      user: 'alice',
      admin: false,
    });
    expect(scryptCalls()).toBe(before + 4);
  });

  it('refuses remembered credentials once the users file changes the password or removes the user', async () => {
    const { path, file } = await usersFile();
    const time = clock();
    const auth = await createAuthenticator({ passwordParams: FAST, usersFile: path, now: time.now });
    const alice = basicHeader('alice', 'alice-password');
    const root = basicHeader('root', 'root-password');
    await auth.authenticate(request(alice));
    await auth.authenticate(request(root));

    file.users.alice = { ...file.users.alice!, password: await hashPassword('changed-password', FAST) };
    delete file.users.root;
    await writeUsersFile(path, file);
    // The file is checked for changes at most once per second.
    time.advance(1001);
    expect(await refusal(auth.authenticate(request(alice)))).toBe('invalid credentials');
    expect(await refusal(auth.authenticate(request(root)))).toBe('invalid credentials');
    expect(await auth.authenticate(request(basicHeader('alice', 'changed-password')))).toEqual({
      user: 'alice',
      admin: false,
    });
  });

  it('follows the admin flag of the users file for remembered credentials', async () => {
    const { path, file } = await usersFile();
    const time = clock();
    const auth = await createAuthenticator({ passwordParams: FAST, usersFile: path, now: time.now });
    const root = basicHeader('root', 'root-password');
    expect(await auth.authenticate(request(root))).toEqual({ user: 'root', admin: true });
    file.users.root = { ...file.users.root!, admin: false };
    await writeUsersFile(path, file);
    time.advance(1001);
    const before = scryptCalls();
    expect(await auth.authenticate(request(root))).toEqual({ user: 'root', admin: false });
    expect(scryptCalls()).toBe(before);
  });

  it('makes a user throttled by failed logins wait, even with remembered credentials', async () => {
    const { path } = await usersFile();
    const time = clock();
    const auth = await createAuthenticator({
      passwordParams: FAST,
      usersFile: path,
      now: time.now,
      throttle: { user: { free: 1, baseMs: 10_000, maxMs: 10_000 } },
    });
    const alice = basicHeader('alice', 'alice-password');
    await auth.authenticate(request(alice));
    await refusal(auth.authenticate(request(basicHeader('alice', 'guess-1'))));
    await refusal(auth.authenticate(request(basicHeader('alice', 'guess-2'))));
    const throttled = await auth.authenticate(request(alice)).catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(LoginThrottled);
    expect((throttled as LoginThrottled).retryAfterSeconds).toBe(10);
    time.advance(10_001);
    const before = scryptCalls();
    expect(await auth.authenticate(request(alice))).toEqual({ user: 'alice', admin: false });
    expect(scryptCalls()).toBe(before);
  });

  it('hashes again once the entry outlives its lifetime', async () => {
    const { path } = await usersFile();
    const time = clock();
    const auth = await createAuthenticator({
      passwordParams: FAST,
      usersFile: path,
      now: time.now,
      cacheTtlMs: 5_000,
      reloadIntervalMs: 3_600_000,
    });
    const alice = basicHeader('alice', 'alice-password');
    await auth.authenticate(request(alice));
    const before = scryptCalls();
    time.advance(4_999);
    await auth.authenticate(request(alice));
    expect(scryptCalls()).toBe(before);
    time.advance(2);
    await auth.authenticate(request(alice));
    expect(scryptCalls()).toBe(before + 1);
  });
});
