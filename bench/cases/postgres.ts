/**
 * The PostgreSQL store (a durable cluster started by the case, lib/postgres.ts)
 * from 16 concurrent clients, against bare fastify routes. The target rows
 * run our server with `--store-exclusive` (the only process on its
 * database: it answers repeated reads from what it kept, stores/index.ts);
 * INFO rows run it shared (the default: several processes on one database,
 * every GET a round trip), on a database of its own, against the same bare
 * routes:
 *
 * - GET one compute (application/occi+json) vs a route answering the same
 *   bytes: target ≥ 0.6×;
 * - GET a page of 100 computes (of 1,000) vs a route answering the same
 *   bytes: target ≥ 0.1×;
 * - POST create compute vs a route that parses the same JSON body and
 *   INSERTs one row per request into the same table of another database of
 *   the cluster (pg Pool, autocommit), answering the same 201: target ≥ 1.0×.
 *
 * Each row's note gives the CPU time per request of the server's process and
 * the cluster together, ours vs the baseline's (measured in the same
 * rounds), steadier than req/s.
 */
import { openStore } from '../../apps/server/src/stores/index.js';
import { type Child, replayHeaders, startChild } from '../lib/child.js';
import { computeJson, populate } from '../lib/fixtures.js';
import { compare, cpuPerRequest, type Load, roundsNote, throughputRow } from '../lib/load.js';
import { type Postgres, startPostgres } from '../lib/postgres.js';
import type { FixedResponse } from '../lib/server-child.js';
import type { BenchCase, Row } from '../lib/table.js';
import { JSON_HEADERS } from './create.js';

/** Page 10 of 100: entities 901–1,000 of the 1,000 written before the server starts. */
const PAGE = '/compute/?page=10&number=100';
const ACCEPT = { accept: 'application/occi+json' };
/** Seconds of each side, in alternating rounds: longer rounds than the other cases' 1 s, as PostgreSQL is a third process on the cores (its checkpoints and autovacuum land in some rounds). */
const SECONDS = 9;
const ROUNDS = 6;
/** The INFO rows (shared mode) in half as many rounds: no target rides on them. */
const INFO_ROUNDS = 3;

async function capture(response: Response, expected: number): Promise<FixedResponse> {
  const body = await response.text();
  if (response.status !== expected) throw new Error(`${response.url} answered ${response.status}: ${body}`);
  return { status: response.status, headers: replayHeaders(response.headers), body };
}

/** Writes the 1,000 computes of the page into a fresh database of the cluster; its URL. */
async function populated(cluster: Postgres, name: string): Promise<string> {
  const database = await cluster.createDatabase(name);
  const store = await openStore(database);
  try {
    await populate(store, 1000);
  } finally {
    await store.close();
  }
  return database;
}

/** Creates one compute through `server`: the 201 and the path of the entity. */
async function createOne(server: Child, body: string): Promise<{ created: FixedResponse; location: string }> {
  const created = await capture(
    await fetch(`${server.url}/compute/`, { method: 'POST', headers: JSON_HEADERS, body }),
    201,
  );
  return { created, location: new URL(created.headers.location!).pathname };
}

export const postgres: BenchCase = {
  name: 'postgres',
  description:
    'PostgreSQL store (--store-exclusive; shared as INFO): GET one compute, a page of 100, POST create vs bare fastify routes',
  async run() {
    const cluster = await startPostgres();
    const children: Child[] = [];
    try {
      const occi = await startChild({
        type: 'occi',
        store: await populated(cluster, 'occi'),
        argv: ['--store-exclusive'],
      });
      children.push(occi);
      const shared = await startChild({ type: 'occi', store: await populated(cluster, 'shared') });
      children.push(shared);
      const body = computeJson(1);
      const { created, location } = await createOne(occi, body);
      const sharedLocation = (await createOne(shared, body)).location;
      const one = await capture(await fetch(`${occi.url}${location}`, { headers: ACCEPT }), 200);
      const page = await capture(await fetch(`${occi.url}${PAGE}`, { headers: ACCEPT }), 200);
      const bare = await startChild({ type: 'bare', routes: { 'GET /one': one, 'GET /page': page } });
      children.push(bare);
      const insert = await startChild({
        type: 'bare-postgres-insert',
        database: await cluster.createDatabase('bare'),
        routes: { 'POST /compute/': created },
      });
      children.push(insert);

      const rows: Row[] = [];
      /** A load of `server` at `path`, its CPU counted with the cluster's (a baseline without a database adds the cluster's idle CPU only). */
      const at = (server: Child, path: string, more: Partial<Load> = {}) => ({
        url: `${server.url}${path}`,
        headers: ACCEPT,
        connections: 16,
        pid: server.pid,
        extraCpu: () => cluster.cpu(),
        ...more,
      });
      /** Baseline and ours compared in alternating rounds; the note gets the CPU per request of each (µs). */
      const measured = async (
        name: string,
        baseline: Omit<Load, 'duration'>,
        ours: Omit<Load, 'duration'>,
        target: number | undefined,
        note: (oursCpu: number, baselineCpu: number) => string,
      ) => {
        const r = await compare(baseline, ours, SECONDS, target === undefined ? INFO_ROUNDS : ROUNDS);
        const cpu = (side: typeof r.ours) => Math.round(cpuPerRequest(side));
        return throughputRow(name, r, target, {
          note: `${roundsNote(r)}; ${note(cpu(r.ours), cpu(r.baseline))}`,
        });
      };
      rows.push(
        await measured(
          'GET compute json (PostgreSQL, exclusive)',
          at(bare, '/one'),
          at(occi, location),
          0.6,
          (ours, base) => `baseline: no database; CPU per GET (server + PostgreSQL) ${ours} µs vs ${base} µs`,
        ),
        await measured(
          'GET page of 100 json (PostgreSQL, exclusive)',
          at(bare, '/page'),
          at(occi, PAGE),
          0.1,
          (ours, base) => `of 1,000 computes; CPU per page (server + PostgreSQL) ${ours} µs vs ${base} µs`,
        ),
      );
      // The default, several processes sharing the database: every GET is a round trip (INFO).
      for (const [name, path, route] of [
        ['GET compute json (PostgreSQL, shared by several processes)', sharedLocation, '/one'],
        ['GET page of 100 json (PostgreSQL, shared by several processes)', PAGE, '/page'],
      ] as const)
        rows.push(
          await measured(
            name,
            at(bare, route),
            at(shared, path),
            undefined,
            (ours) =>
              `the default without --store-exclusive; CPU per request (server + PostgreSQL) ${ours} µs`,
          ),
        );
      const post = { method: 'POST' as const, headers: JSON_HEADERS, body };
      rows.push(
        await measured(
          'POST create compute json (PostgreSQL, exclusive)',
          at(insert, '/compute/', post),
          at(occi, '/compute/', post),
          1.0,
          (ours, base) =>
            `baseline: bare route INSERTing one row per request; CPU per create (server + PostgreSQL) ${ours} µs vs ${base} µs`,
        ),
      );
      return rows;
    } finally {
      await Promise.all(children.map((c) => c.stop()));
      await cluster.stop();
    }
  },
};
