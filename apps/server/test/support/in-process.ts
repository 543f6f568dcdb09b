/** A composed server in this process, with its log lines captured and users made for it. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type BuildOptions, buildServer, type OcciServer } from '../../src/app.js';
import { hashPassword, type QuotaLimits, type UsersFile, writeUsersFile } from '../../src/auth/index.js';
import { parseConfig } from '../../src/config.js';
import { FAST } from '../auth/support.js';

export interface Captured {
  server: OcciServer;
  /** The JSON log lines written so far. */
  lines(): Record<string, unknown>[];
  /** The log as written so far. */
  text(): string;
  /** The users file, when users were given. */
  usersFile?: string;
  close(): Promise<void>;
}

export const basic = (user: string) =>
  `Basic ${Buffer.from(`${user}:${user}-password`, 'utf8').toString('base64')}`;

/**
 * Starts a server with `argv` (memory store, level info) and, when `users`
 * is given, a users file with each (password `<name>-password`).
 */
export async function inProcess(
  argv: string[],
  users?: Record<string, { admin?: boolean; quotas?: QuotaLimits }>,
  extra: Partial<UsersFile> = {},
  build: BuildOptions = {},
): Promise<Captured> {
  const text: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text.push(chunk.toString());
      done();
    },
  });
  let dir: string | undefined;
  let usersFile: string | undefined;
  if (users) {
    dir = await mkdtemp(join(tmpdir(), 'occi-many-users-'));
    usersFile = join(dir, 'users.json');
    const file: UsersFile = { version: 1, users: {}, ...extra };
    for (const [name, o] of Object.entries(users))
      file.users[name] = {
        password: await hashPassword(`${name}-password`, FAST),
        admin: o.admin ?? false,
        tokens: [],
        ...(o.quotas ? { quotas: o.quotas } : {}),
      };
    await writeUsersFile(usersFile, file);
  }
  const server = await buildServer(
    parseConfig({
      argv: [
        '--store',
        'memory:',
        '--log-level',
        'info',
        ...(usersFile ? ['--users-file', usersFile] : []),
        ...argv,
      ],
      env: {},
    }),
    { logStream, ...build, authenticator: { passwordParams: FAST, ...build.authenticator } },
  );
  return {
    server,
    ...(usersFile ? { usersFile } : {}),
    text: () => text.join(''),
    lines: () =>
      text
        .join('')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    async close() {
      await server.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}
