import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OcciError } from '@occi/core';
import { describe, expect, it } from 'vitest';
import {
  apiTokenId,
  apiTokenMatches,
  createApiToken,
  emptyUsersFile,
  hashPassword,
  isApiToken,
  readUsersFile,
  type UsersFile,
  userNameProblem,
  verifyPassword,
  writeUsersFile,
} from '../../src/auth/index.js';
import { FAST, temporaryDirectory } from './support.js';

describe('password hashing', () => {
  it('produces scrypt$N$r$p$salt$hash with a fresh salt each time', async () => {
    const a = await hashPassword('correct horse', FAST);
    const b = await hashPassword('correct horse', FAST);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(a).not.toBe(b);
  });

  it('uses N=2^17, r=8, p=1 by default (OWASP)', async () => {
    expect(await hashPassword('x')).toMatch(/^scrypt\$131072\$8\$1\$/);
  });

  it('verifies the right password and refuses others', async () => {
    const hash = await hashPassword('correct horse', FAST);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('correct hors', hash)).toBe(false);
    expect(await verifyPassword('Correct horse', hash)).toBe(false);
    expect(await verifyPassword('', hash)).toBe(false);
  });

  it('handles non-ASCII passwords (NFC-normalised)', async () => {
    const hash = await hashPassword('caf\u00e9-\u{1f511}', FAST);
    expect(await verifyPassword('caf\u00e9-\u{1f511}', hash)).toBe(true);
    expect(await verifyPassword('cafe\u0301-\u{1f511}', hash)).toBe(true);
    expect(await verifyPassword('cafe-\u{1f511}', hash)).toBe(false);
  });

  it('never matches a stored value that is not a usable scrypt hash', async () => {
    const hash = await hashPassword('pw', FAST);
    const [, , r, p, salt, key] = hash.split('$');
    for (const bad of [
      'plain',
      `bcrypt$1024$${r}$${p}$${salt}$${key}`,
      `scrypt$1000$${r}$${p}$${salt}$${key}`,
      `scrypt$${2 ** 22}$${r}$${p}$${salt}$${key}`,
      `scrypt$1024$${r}$${p}$${salt}$not*base64`,
    ]) {
      expect(await verifyPassword('pw', bad)).toBe(false);
    }
  });

  it('refuses parameters outside the safe bounds', async () => {
    await expect(hashPassword('pw', { N: 1000, r: 8, p: 1 })).rejects.toThrow(/power of two/);
    await expect(hashPassword('pw', { N: 2 ** 20, r: 32, p: 1 })).rejects.toThrow(/256 MiB/);
  });
});

describe('API tokens', () => {
  it('have the form occi_<id>_<secret> and only their SHA-256 hash is stored', () => {
    const { token, record } = createApiToken(new Date('2026-11-29T10:00:00Z'));
    expect(token).toMatch(/^occi_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(isApiToken(token)).toBe(true);
    expect(apiTokenId(token)).toBe(record.id);
    expect(record.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(record)).not.toContain(token.slice(-43));
    expect(record.created).toBe('2026-11-29T10:00:00.000Z');
    expect(apiTokenMatches(token, record)).toBe(true);
    const other = token.endsWith('A') ? 'B' : 'A';
    expect(apiTokenMatches(`${token.slice(0, -1)}${other}`, record)).toBe(false);
    expect(apiTokenId('occi_short_x')).toBeUndefined();
  });
});

describe('user names', () => {
  it('accept letters, digits, . _ - @ and refuse the rest', () => {
    for (const ok of ['alice', 'a.b-c_d@example.org', '_svc', '42'])
      expect(userNameProblem(ok)).toBeUndefined();
    expect(userNameProblem('')).toBe('a user name cannot be empty');
    expect(userNameProblem('-rf')).toMatch(/not allowed/);
    expect(userNameProblem('al ice')).toMatch(/not allowed/);
    expect(userNameProblem('a:b')).toMatch(/not allowed/);
    expect(userNameProblem('x'.repeat(129))).toMatch(/129 characters/);
    expect(userNameProblem('__proto__')).toBe('user name "__proto__" is reserved');
  });
});

describe('the users file', () => {
  async function sample(): Promise<UsersFile> {
    return {
      version: 1,
      users: {
        alice: {
          password: await hashPassword('alice-password', FAST),
          admin: false,
          tokens: [createApiToken().record],
        },
        root: { password: await hashPassword('root-password', FAST), admin: true, tokens: [] },
      },
    };
  }

  it('round-trips through write and read', async () => {
    const path = join(await temporaryDirectory(), 'users.json');
    const file = await sample();
    await writeUsersFile(path, file);
    expect(await readUsersFile(path)).toEqual(file);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(file);
  });

  it('is written with mode 0600, creating the directory, leaving no temporary file', async () => {
    const directory = join(await temporaryDirectory(), 'data', 'nested');
    const path = join(directory, 'users.json');
    await writeUsersFile(path, await sample());
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await writeUsersFile(path, emptyUsersFile());
    expect(await readdir(directory)).toEqual(['users.json']);
    expect(await readUsersFile(path)).toEqual(emptyUsersFile());
  });

  it('replaces the file by rename: a reader holding the old inode still sees the old content', async () => {
    const path = join(await temporaryDirectory(), 'users.json');
    await writeUsersFile(path, await sample());
    const before = await stat(path);
    await writeUsersFile(path, emptyUsersFile());
    expect((await stat(path)).ino).not.toBe(before.ino);
  });

  it('keeps the old file and removes the temporary one when the write fails', async () => {
    const directory = await temporaryDirectory();
    const path = join(directory, 'users.json');
    await mkdir(path); // renaming a file over a directory fails
    const error = await writeUsersFile(path, emptyUsersFile()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OcciError);
    expect((error as Error).message).toMatch(
      new RegExp(`^users file ${path}: cannot be written \\(E[A-Z]+\\)$`),
    );
    expect(await readdir(directory)).toEqual(['users.json']);
  });

  it('reads a missing file as an error, or as no users when allowed', async () => {
    const path = join(await temporaryDirectory(), 'users.json');
    await expect(readUsersFile(path)).rejects.toThrow(
      `users file ${path}: does not exist (create it with "occi-server users add <name>")`,
    );
    expect(await readUsersFile(path, { missingOk: true })).toEqual(emptyUsersFile());
  });

  const hash = 'scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
  const token = { id: '0123456789abcdef', hash: 'a'.repeat(64), created: '2026-11-29T00:00:00Z' };
  const cases: [string, string, string][] = [
    ['not JSON', '{"version": 1,', 'is not valid JSON ('],
    ['an array', '[]', 'must contain a JSON object'],
    ['a wrong version', '{"version": 2, "users": {}}', '"version" must be 1, not 2'],
    ['no users', '{"version": 1}', '"users" must be an object of user name to account'],
    [
      'a bad name',
      `{"version":1,"users":{"a b":{"password":"${hash}"}}}`,
      'users["a b"]: user name "a b" is not allowed',
    ],
    [
      'a __proto__ user',
      `{"version":1,"users":{"__proto__":{"password":"${hash}"}}}`,
      'users["__proto__"]: user name "__proto__" is reserved',
    ],
    ['a user that is not an object', '{"version":1,"users":{"a":1}}', 'users["a"] must be an object'],
    ['no password', '{"version":1,"users":{"a":{}}}', 'users["a"].password must be a string'],
    [
      'a plain password',
      '{"version":1,"users":{"a":{"password":"hunter2"}}}',
      'users["a"].password: not an scrypt hash',
    ],
    [
      'a huge N',
      `{"version":1,"users":{"a":{"password":"scrypt$${2 ** 21}$8$1$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA=="}}}`,
      'users["a"].password: scrypt N must be a power of two between 2 and 2^20',
    ],
    [
      'a non-boolean admin',
      `{"version":1,"users":{"a":{"password":"${hash}","admin":"yes"}}}`,
      'users["a"].admin must be true or false',
    ],
    [
      'tokens not a list',
      `{"version":1,"users":{"a":{"password":"${hash}","tokens":{}}}}`,
      'users["a"].tokens must be an array',
    ],
    [
      'a bad token hash',
      `{"version":1,"users":{"a":{"password":"${hash}","tokens":[${JSON.stringify({ ...token, hash: 'x' })}]}}}`,
      'users["a"].tokens[0].hash must be a SHA-256 hash',
    ],
    [
      'a duplicate token id',
      `{"version":1,"users":{"a":{"password":"${hash}","tokens":[${JSON.stringify(token)},${JSON.stringify(token)}]}}}`,
      'users["a"].tokens[1].id 0123456789abcdef is used twice',
    ],
    [
      'quotas that are no object',
      '{"version":1,"users":{},"quotas":5}',
      '"quotas" must be an object with entities, cores and memory',
    ],
    [
      'an unknown quota',
      '{"version":1,"users":{},"quotas":{"disks":1}}',
      '"quotas": unknown quota "disks" (known: entities, cores, memory)',
    ],
    [
      'negative cores',
      '{"version":1,"users":{},"quotas":{"cores":-1}}',
      '"quotas".cores must be a whole number ≥ 0, or null for no limit',
    ],
    [
      'fractional counts',
      '{"version":1,"users":{},"quotas":{"entities":{"compute":1.5}}}',
      '"quotas".entities["compute"] must be a whole number',
    ],
    [
      "a user's quota that is a string",
      `{"version":1,"users":{"a":{"password":"${hash}","quotas":{"memory":"8G"}}}}`,
      'users["a"].quotas.memory must be a number ≥ 0, or null for no limit',
    ],
    [
      'a certificate table that is a list',
      '{"version":1,"users":{},"certificates":[]}',
      '"certificates" must be an object of subject DN to user name',
    ],
    [
      'a subject that is no DN',
      '{"version":1,"users":{},"certificates":{"alice":"alice"}}',
      'certificates["alice"]: not a distinguished name: "alice" is not type=value',
    ],
    [
      'a certificate user that is no name',
      '{"version":1,"users":{},"certificates":{"CN=a":"a b"}}',
      'certificates["CN=a"]: user name "a b" is not allowed',
    ],
    [
      'a subject listed twice',
      '{"version":1,"users":{},"certificates":{"CN=a,O=b":"a","cn=a, o=b":"b"}}',
      'certificates["cn=a, o=b"]: the same subject is listed twice',
    ],
  ];
  for (const [what, content, message] of cases) {
    it(`refuses a file with ${what}, naming the file and the problem`, async () => {
      const path = join(await temporaryDirectory(), 'users.json');
      await writeFile(path, content);
      const error = await readUsersFile(path).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OcciError);
      expect((error as Error).message.startsWith(`users file ${path}: ${message}`)).toBe(true);
    });
  }

  it('keeps quotas and the certificate table through a write, subjects normalised', async () => {
    const path = join(await temporaryDirectory(), 'users.json');
    await writeFile(
      path,
      JSON.stringify({
        version: 1,
        users: { a: { password: hash, quotas: { cores: null, entities: { compute: 3 } } } },
        quotas: { entities: { '*': 10 }, cores: 4, memory: 8.5 },
        certificates: { 'cn = a , o=Example\\2C Inc.': 'a' },
      }),
    );
    const file = await readUsersFile(path);
    expect(file.quotas).toEqual({ entities: { '*': 10 }, cores: 4, memory: 8.5 });
    expect(file.users.a!.quotas).toEqual({ cores: null, entities: { compute: 3 } });
    expect(file.certificates).toEqual({ 'CN=a,O=Example\\, Inc.': 'a' });
    await writeUsersFile(path, file);
    expect(await readUsersFile(path)).toEqual(file);
  });

  it('accepts a file without admin or tokens members', async () => {
    const path = join(await temporaryDirectory(), 'users.json');
    await writeFile(path, `{"version":1,"users":{"a":{"password":"${hash}"}}}`);
    expect(await readUsersFile(path)).toEqual({
      version: 1,
      users: { a: { password: hash, admin: false, tokens: [] } },
    });
  });

  it('names a directory given as the file', async () => {
    const path = await temporaryDirectory();
    await expect(readUsersFile(path)).rejects.toThrow(`users file ${path}: is a directory, not a file`);
  });
});
