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
 * the cluster together, ours vs the baseline's, steadier than req/s.
 */
import { openStore } from '../../apps/server/src/stores/index.js';
import { type Child, processCpu, replayHeaders, startChild } from '../lib/child.js';
import { computeJson, populate } from '../lib/fixtures.js';
import { compare, type Load, load, rps } from '../lib/load.js';
import { type Postgres, startPostgres } from '../lib/postgres.js';
import type { FixedResponse } from '../lib/server-child.js';
import { type BenchCase, type Row, reqs } from '../lib/table.js';
import { JSON_HEADERS } from './create.js';

/** Page 10 of 100: entities 901–1,000 of the 1,000 written before the server starts. */
const PAGE = '/compute/?page=10&number=100';
const ACCEPT = { accept: 'application/occi+json' };
/** Seconds of each side, in alternating rounds: more rounds than the other cases, as PostgreSQL is a third process on the cores and ratios move more between rounds. */
const SECONDS = 9;
const ROUNDS = 6;
/** The INFO rows (shared mode) in half as many rounds: no target rides on them. */
const INFO_ROUNDS = 3;

async function capture(response: Response, expected: number): Promise<FixedResponse> {
  const body = await response.text();
  if (response.status !== expected) throw new Error(`${response.url} answered ${response.status}: ${body}`);
  return { status: response.status, headers: replayHeaders(response.headers), body };
}

/** CPU time (µs) the server's process and the cluster use per request of a 3 s load: steadier than req/s on a loaded machine (a baseline without a database adds the cluster's idle CPU only). */
async function cpuPerRequest(l: Omit<Load, 'duration'>, server: Child, cluster: Postgres): Promise<number> {
  const before = processCpu(server.pid) + cluster.cpu();
  const r = await load({ ...l, duration: 3 });
  return (processCpu(server.pid) + cluster.cpu() - before) / r.requests;
}

/** A row with its target, or an INFO row (`target` undefined). */
function row(name: string, ours: number, baseline: number, target: number | undefined, note?: string): Row {
  const ratio = ours / baseline;
  return {
    case: name,
    ours: reqs(ours),
    baseline: reqs(baseline),
    ratio,
    target: target === undefined ? '—' : `≥ ${target}×`,
    pass: target === undefined ? 'info' : ratio >= target,
    ...(note ? { note } : {}),
  };
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
      const get = await compare(
        { url: `${bare.url}/one`, headers: ACCEPT, connections: 16 },
        { url: `${occi.url}${location}`, headers: ACCEPT, connections: 16 },
        SECONDS,
        ROUNDS,
      );
      const getLoad = (url: string) => ({ url, headers: ACCEPT, connections: 16 });
      const getCpu = await cpuPerRequest(getLoad(`${occi.url}${location}`), occi, cluster);
      const bareGetCpu = await cpuPerRequest(getLoad(`${bare.url}/one`), bare, cluster);
      rows.push(
        row(
          'GET compute json (PostgreSQL, exclusive)',
          rps(get.ours),
          rps(get.baseline),
          0.6,
          `baseline: no database; CPU per GET (server + PostgreSQL) ${Math.round(getCpu)} µs vs ${Math.round(bareGetCpu)} µs`,
        ),
      );
      const list = await compare(
        { url: `${bare.url}/page`, headers: ACCEPT, connections: 16 },
        { url: `${occi.url}${PAGE}`, headers: ACCEPT, connections: 16 },
        SECONDS,
        ROUNDS,
      );
      const pageCpu = await cpuPerRequest(getLoad(`${occi.url}${PAGE}`), occi, cluster);
      const barePageCpu = await cpuPerRequest(getLoad(`${bare.url}/page`), bare, cluster);
      rows.push(
        row(
          'GET page of 100 json (PostgreSQL, exclusive)',
          rps(list.ours),
          rps(list.baseline),
          0.1,
          `of 1,000 computes; CPU per page (server + PostgreSQL) ${Math.round(pageCpu)} µs vs ${Math.round(barePageCpu)} µs`,
        ),
      );
      // The default, several processes sharing the database: every GET is a round trip (INFO).
      for (const [name, path, route] of [
        ['GET compute json (PostgreSQL, shared by several processes)', sharedLocation, '/one'],
        ['GET page of 100 json (PostgreSQL, shared by several processes)', PAGE, '/page'],
      ] as const) {
        const r = await compare(
          getLoad(`${bare.url}${route}`),
          getLoad(`${shared.url}${path}`),
          SECONDS,
          INFO_ROUNDS,
        );
        const cpu = await cpuPerRequest(getLoad(`${shared.url}${path}`), shared, cluster);
        rows.push(
          row(
            name,
            rps(r.ours),
            rps(r.baseline),
            undefined,
            `the default without --store-exclusive; CPU per request (server + PostgreSQL) ${Math.round(cpu)} µs`,
          ),
        );
      }
      const post = { method: 'POST' as const, headers: JSON_HEADERS, body, connections: 16 };
      const creates = await compare(
        { ...post, url: `${insert.url}/compute/` },
        { ...post, url: `${occi.url}/compute/` },
        SECONDS,
        ROUNDS,
      );
      const baselineCpu = await cpuPerRequest({ ...post, url: `${insert.url}/compute/` }, insert, cluster);
      const oursCpu = await cpuPerRequest({ ...post, url: `${occi.url}/compute/` }, occi, cluster);
      rows.push(
        row(
          'POST create compute json (PostgreSQL, exclusive)',
          rps(creates.ours),
          rps(creates.baseline),
          1.0,
          `baseline: bare route INSERTing one row per request; CPU per create (server + PostgreSQL) ${Math.round(oursCpu)} µs vs ${Math.round(baselineCpu)} µs`,
        ),
      );
      return rows;
    } finally {
      await Promise.all(children.map((c) => c.stop()));
      await cluster.stop();
    }
  },
};
