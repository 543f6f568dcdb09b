/**
 * An occi-server for the console's browser tests: the program itself, run
 * from its sources in a child process (as `corepack pnpm start` runs it),
 * on 127.0.0.1 and a free port, with a memory store and a users file of
 * its own. It serves the console apps/console/dist holds (the global
 * setup builds it when it is missing or older than its sources).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes, scryptSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPOSITORY = fileURLToPath(new URL('../../../../', import.meta.url));
const MAIN = join(REPOSITORY, 'apps', 'server', 'src', 'main.ts');

export interface ServerOptions {
  /**
   * The users of the users file, by name (password `<name>-password`, one
   * API token each); default `alice` and `root` (an admin). `false`: no
   * users file, so the server serves everyone as `anonymous`.
   */
  users?: Record<string, { admin?: boolean }> | false;
  /** More occi-server flags, e.g. `['--no-console']` or `['--rate-limit', '5']`. */
  args?: string[];
  /** More environment variables of the server (OCCI_* of whoever runs the tests are not passed on). */
  env?: Record<string, string>;
}

export interface ConsoleServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  /** `<url>/console/`. */
  consoleUrl: string;
  /** Each user's password (`<name>-password`), by name. */
  passwords: Record<string, string>;
  /** Each user's API token (`occi_…`, for `Authorization: Bearer`), by name. */
  tokens: Record<string, string>;
  /** `Basic …` of a user, for an `Authorization` header. */
  basic(user: string): string;
  /** `fetch` of a path of this server, as `user` (Basic) when given: to set up or check what a test sees. */
  request(path: string, init?: RequestInit & { user?: string }): Promise<Response>;
  /** What the server wrote to its standard output and error so far. */
  output(): string;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes its users file. */
  stop(): Promise<void>;
}

/** `scrypt$N$r$p$salt$hash` at a low cost (the server upgrades it at the first login). */
function passwordHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 32, { N: 1024, r: 8, p: 1 });
  return `scrypt$1024$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
}

function apiToken(): { token: string; record: { id: string; hash: string; created: string } } {
  const id = randomBytes(8).toString('hex');
  const token = `occi_${id}_${randomBytes(32).toString('base64url')}`;
  const hash = createHash('sha256').update(token, 'utf8').digest('hex');
  return { token, record: { id, hash, created: new Date().toISOString() } };
}

/** This process's environment without OCCI_* settings of whoever runs the tests. */
function serverEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('OCCI_')) env[k] = v;
  return { ...env, ...extra };
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startServer(options: ServerOptions = {}): Promise<ConsoleServer> {
  const users = options.users === undefined ? { alice: {}, root: { admin: true } } : options.users;
  const dir = await mkdtemp(join(tmpdir(), 'occi-console-test-'));
  const passwords: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  const args = ['--host', '127.0.0.1', '--port', '0', '--store', 'memory:', '--log-level', 'warn'];
  if (users) {
    const file: { version: 1; users: Record<string, unknown> } = { version: 1, users: {} };
    for (const [name, o] of Object.entries(users)) {
      passwords[name] = `${name}-password`;
      const { token, record } = apiToken();
      tokens[name] = token;
      file.users[name] = {
        password: passwordHash(passwords[name]),
        admin: o.admin ?? false,
        tokens: [record],
      };
    }
    const usersFile = join(dir, 'users.json');
    await writeFile(usersFile, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    args.push('--users-file', usersFile);
  }
  args.push(...(options.args ?? []));

  const child = spawn(process.execPath, ['--conditions=@occi/source', '--import', 'tsx', MAIN, ...args], {
    cwd: REPOSITORY,
    env: serverEnv(options.env ?? {}),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running.delete(child);
      resolve();
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`occi-server did not start in 30 s:\n${out}`)), 30_000);
    const onData = () => {
      const m = out.match(/listening on (http:\/\/\S+)/);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`occi-server exited before listening (exit ${child.exitCode}):\n${out}`));
    });
  });

  const basic = (user: string) => {
    const password = passwords[user];
    if (password === undefined)
      throw new Error(`no user ${user}; the users are ${Object.keys(passwords).join(', ')}`);
    return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
  };
  return {
    url,
    consoleUrl: `${url}/console/`,
    passwords,
    tokens,
    basic,
    request(path, init = {}) {
      const { user, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (user !== undefined) headers.set('authorization', basic(user));
      return fetch(new URL(path, url), { ...rest, headers });
    },
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
