/**
 * The PostgreSQL store (a durable cluster started by the case, lib/postgres.ts)
 * from 16 concurrent clients, against bare fastify routes:
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

function row(name: string, ours: number, baseline: number, target: number, note?: string): Row {
  const ratio = ours / baseline;
  return {
    case: name,
    ours: reqs(ours),
    baseline: reqs(baseline),
    ratio,
    target: `≥ ${target}×`,
    pass: ratio >= target,
    ...(note ? { note } : {}),
  };
}

export const postgres: BenchCase = {
  name: 'postgres',
  description: 'PostgreSQL store: GET one compute, a page of 100, POST create vs bare fastify routes',
  async run() {
    const cluster = await startPostgres();
    const children: Child[] = [];
    try {
      const database = await cluster.createDatabase('occi');
      const store = await openStore(database);
      try {
        await populate(store, 1000);
      } finally {
        await store.close();
      }
      const occi = await startChild({ type: 'occi', store: database });
      children.push(occi);
      const body = computeJson(1);
      const created = await capture(
        await fetch(`${occi.url}/compute/`, { method: 'POST', headers: JSON_HEADERS, body }),
        201,
      );
      const location = new URL(created.headers.location!).pathname;
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
          'GET compute json (PostgreSQL)',
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
          'GET page of 100 json (PostgreSQL)',
          rps(list.ours),
          rps(list.baseline),
          0.1,
          `of 1,000 computes; CPU per page (server + PostgreSQL) ${Math.round(pageCpu)} µs vs ${Math.round(barePageCpu)} µs`,
        ),
      );
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
          'POST create compute json (PostgreSQL)',
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
