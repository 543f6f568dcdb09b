import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  createAuthenticator,
  readUsersFile,
  runUsersCommand,
  USERS_HELP,
  verifyPassword,
} from '../../src/auth/index.js';
import { basicHeader, FAST, temporaryDirectory } from './support.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(
  args: string[],
  options: { env?: Record<string, string>; stdin?: string } = {},
): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const code = await runUsersCommand(args, {
    stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
    stdout,
    stderr,
    env: options.env ?? {},
    scrypt: FAST,
  });
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

async function setup() {
  const directory = await temporaryDirectory();
  const path = join(directory, 'data', 'users.json');
  return { directory, path, f: ['--users-file', path] };
}

describe('occi-server users', () => {
  it('adds users from stdin or OCCI_PASSWORD, creating the file with mode 0600', async () => {
    const { path, f } = await setup();
    expect(await run(['add', 'alice', '--password-stdin', ...f], { stdin: 'alice-password\n' })).toEqual({
      code: 0,
      stdout: `added user alice to ${path}\n`,
      stderr: '',
    });
    expect(
      await run(['users', 'add', 'root', '--admin', ...f], { env: { OCCI_PASSWORD: 'root-password' } }),
    ).toEqual({
      code: 0,
      stdout: `added user root (admin) to ${path}\n`,
      stderr: '',
    });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const file = await readUsersFile(path);
    expect(file.users.alice?.admin).toBe(false);
    expect(file.users.root?.admin).toBe(true);
    expect(await verifyPassword('alice-password', file.users.alice!.password)).toBe(true);
    expect(await verifyPassword('alice-password\n', file.users.alice!.password)).toBe(false);
    expect(await verifyPassword('root-password', file.users.root!.password)).toBe(true);
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain('alice-password');
    expect(text).not.toContain('root-password');
  });

  it('hashes with the default scrypt cost when none is given', async () => {
    const { path } = await setup();
    const code = await runUsersCommand(['add', 'alice', '--users-file', path], {
      stdin: Readable.from([]),
      stdout: new PassThrough(),
      stderr: new PassThrough(),
      env: { OCCI_PASSWORD: 'alice-password' },
    });
    expect(code).toBe(0);
    expect((await readUsersFile(path)).users.alice?.password).toMatch(/^scrypt\$131072\$8\$1\$/);
  });

  it('uses $OCCI_USERS_FILE when --users-file is absent, and accepts --users-file=<path>', async () => {
    const { path } = await setup();
    expect(
      (await run(['add', 'alice'], { env: { OCCI_USERS_FILE: path, OCCI_PASSWORD: 'alice-password' } })).code,
    ).toBe(0);
    const listed = await run(['list', `--users-file=${path}`]);
    expect(listed.stdout).toBe('NAME   ADMIN  TOKENS\nalice  no     0\n');
  });

  it('explains both ways of giving a password when there is none', async () => {
    const { path, f } = await setup();
    expect(await run(['add', 'alice', ...f])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'occi-server users: no password given: pipe it to standard input with --password-stdin, or set the OCCI_PASSWORD environment variable\nRun "occi-server users --help" for usage.\n',
    });
    await expect(stat(path)).rejects.toThrow(/ENOENT/);
  });

  it('refuses short passwords, existing users and bad names', async () => {
    const { f } = await setup();
    expect(await run(['add', 'alice', ...f], { env: { OCCI_PASSWORD: 'short' } })).toEqual({
      code: 1,
      stdout: '',
      stderr: 'occi-server users: the password must have at least 8 characters\n',
    });
    await run(['add', 'alice', ...f], { env: { OCCI_PASSWORD: 'alice-password' } });
    const again = await run(['add', 'alice', ...f], { env: { OCCI_PASSWORD: 'other-password' } });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^occi-server users: user alice already exists in .*users\.json/);
    const bad = await run(['add', 'al/ice', ...f], { env: { OCCI_PASSWORD: 'alice-password' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      `user name "al/ice" is not allowed: use letters, digits, '.', '_', '-' and '@'`,
    );
  });

  it('lists users with their role and token count, never hashes', async () => {
    const { path, f } = await setup();
    expect(await run(['list', ...f])).toEqual({ code: 0, stdout: `no users in ${path}\n`, stderr: '' });
    await run(['add', 'bob.smith@example.org', ...f], { env: { OCCI_PASSWORD: 'bob-password' } });
    await run(['add', 'root', '--admin', ...f], { env: { OCCI_PASSWORD: 'root-password' } });
    await run(['token', 'root', ...f]);
    await run(['token', 'root', ...f]);
    const listed = await run(['list', ...f]);
    expect(listed).toEqual({
      code: 0,
      stdout:
        'NAME                   ADMIN  TOKENS\nbob.smith@example.org  no     0\nroot                   yes    2\n',
      stderr: '',
    });
  });

  it('creates an API token shown once, which authenticates until revoked', async () => {
    const { path, f } = await setup();
    await run(['add', 'alice', ...f], { env: { OCCI_PASSWORD: 'alice-password' } });
    const created = await run(['token', 'alice', ...f]);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^occi_[0-9a-f]{16}_[A-Za-z0-9_-]{43}\n$/);
    const token = created.stdout.trim();
    const id = token.split('_')[1]!;
    expect(created.stderr).toBe(
      `created API token ${id} for alice; it is shown only this once (revoke it with "occi-server users revoke alice ${id}")\n`,
    );
    expect(await readFile(path, 'utf8')).not.toContain(token);

    const auth = await createAuthenticator({ usersFile: path });
    expect(await auth.authenticate({ headers: { authorization: `Bearer ${token}` } })).toEqual({
      user: 'alice',
      admin: false,
    });
    expect(
      await auth.authenticate({ headers: { authorization: basicHeader('alice', 'alice-password') } }),
    ).toEqual({
      user: 'alice',
      admin: false,
    });

    expect(await run(['revoke', 'alice', id, ...f])).toEqual({
      code: 0,
      stdout: `revoked API token ${id} of alice\n`,
      stderr: '',
    });
    await auth.reload();
    await expect(auth.authenticate({ headers: { authorization: `Bearer ${token}` } })).rejects.toThrow(
      'invalid token: unknown or revoked API token',
    );
    expect(await run(['revoke', 'alice', id, ...f])).toEqual({
      code: 1,
      stdout: '',
      stderr: `occi-server users: user alice has no API token ${id}\n`,
    });
  });

  it('removes users, and says so when there is none', async () => {
    const { path, f } = await setup();
    await run(['add', 'alice', ...f], { env: { OCCI_PASSWORD: 'alice-password' } });
    expect(await run(['remove', 'alice', ...f])).toEqual({
      code: 0,
      stdout: `removed user alice from ${path}\n`,
      stderr: '',
    });
    expect(await run(['remove', 'alice', ...f])).toEqual({
      code: 1,
      stdout: '',
      stderr: `occi-server users: no user alice in ${path}\n`,
    });
    expect((await run(['token', 'alice', ...f])).stderr).toBe(
      `occi-server users: no user alice in ${path}\n`,
    );
  });

  it('reports a broken users file naming it', async () => {
    const { directory } = await setup();
    const path = join(directory, 'broken.json');
    await writeFile(path, '{"version": 3, "users": {}}');
    expect(await run(['list', '--users-file', path])).toEqual({
      code: 1,
      stdout: '',
      stderr: `occi-server users: users file ${path}: "version" must be 1, not 3\n`,
    });
    expect((await run(['remove', 'x', '--users-file', join(directory, 'none.json')])).stderr).toBe(
      `occi-server users: users file ${join(directory, 'none.json')}: does not exist (create it with "occi-server users add <name>")\n`,
    );
  });

  it('prints help with an example, and usage errors with exit code 2', async () => {
    const help = await run(['--help']);
    expect(help).toEqual({ code: 0, stdout: USERS_HELP, stderr: '' });
    expect(USERS_HELP).toContain('occi-server users add alice --password-stdin');
    expect((await run(['add', '-h'])).stdout).toBe(USERS_HELP);
    const usage = '\nRun "occi-server users --help" for usage.\n';
    const cases: [string[], string][] = [
      [[], 'missing command (add, remove, list, token or revoke)'],
      [['frobnicate'], 'unknown command "frobnicate" (add, remove, list, token or revoke)'],
      [['add'], 'missing user name: users add <name> [--admin] [--password-stdin]'],
      [['add', 'a', 'b'], 'unexpected argument "b": users add <name> [--admin] [--password-stdin]'],
      [['remove', 'a', '--admin'], '--admin does not apply to "users remove"'],
      [['list', '--force'], 'unknown option --force'],
      [['revoke', 'alice'], 'missing token id: users revoke <name> <token-id>'],
      [['list', '--users-file'], '--users-file needs a path'],
    ];
    for (const [args, message] of cases) {
      expect(await run(args)).toEqual({
        code: 2,
        stdout: '',
        stderr: `occi-server users: ${message}${usage}`,
      });
    }
  });
});
