/**
 * Two server processes on one PostgreSQL database, reading: each answers
 * the other's writes at once though it answered the entity before — its
 * attributes, its links (and so its ETag) and its deletion — since every
 * GET reads the entity and its links (`getWithLinks`) and reuses only what
 * it built from rows that did not change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingEngine } from '../../../test/engines.js';
import { type PostgresCluster, postgresMissing, startPostgres } from './support/postgres.js';
import { type ServerProcess, startServer } from './support/server-process.js';

const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';
const missing = missingEngine('PostgreSQL', postgresMissing());
let cluster: PostgresCluster;
let a: ServerProcess;
let b: ServerProcess;

beforeAll(async () => {
  if (missing) return;
  cluster = await startPostgres();
  const url = await cluster.createDatabase('scaleout_reads');
  [a, b] = await Promise.all([startServer(['--store', url]), startServer(['--store', url])]);
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await cluster?.stop();
});

const json = { 'content-type': 'application/occi+json', accept: 'application/occi+json' };

interface Read {
  cores: number;
  links: string[];
  etag: string;
}

async function read(server: ServerProcess, path: string): Promise<Read> {
  const r = await fetch(server.url + path, { headers: { accept: 'application/occi+json' } });
  expect(r.status).toBe(200);
  const body = (await r.json()) as { attributes: Record<string, number>; links?: { id: string }[] };
  return {
    cores: body.attributes['occi.compute.cores']!,
    links: (body.links ?? []).map((l) => l.id),
    etag: r.headers.get('etag')!,
  };
}

async function create(server: ServerProcess, collection: string, body: object): Promise<string> {
  const r = await fetch(`${server.url}${collection}`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify(body),
  });
  expect(r.status).toBe(201);
  await r.arrayBuffer();
  return new URL(r.headers.get('location')!).pathname;
}

describe.skipIf(missing)('two servers, one PostgreSQL database: reads', () => {
  it("each server answers the other's writes at once, though it answered the entity before", async () => {
    const path = await create(a, '/compute/', {
      kind: `${INFRA}compute`,
      attributes: { 'occi.compute.cores': 1 },
    });
    for (let n = 2; n <= 5; n++) {
      const [writer, reader] = n % 2 ? [a, b] : [b, a];
      const before = await read(reader, path);
      expect(before.cores).toBe(n - 1);
      expect(await read(reader, path)).toEqual(before);
      const r = await fetch(writer.url + path, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ attributes: { 'occi.compute.cores': n } }),
      });
      expect(r.status).toBe(200);
      await r.arrayBuffer();
      expect(await read(reader, path)).toEqual({ cores: n, links: [], etag: `"${n}"` });
    }

    // A link made through one server is in the other's next answer, and changes the tag.
    const disk = await create(a, '/storage/', {
      kind: `${INFRA}storage`,
      attributes: { 'occi.storage.size': 1 },
    });
    const unlinked = await read(b, path);
    const link = await create(a, '/storagelink/', {
      kind: `${INFRA}storagelink`,
      source: { location: path },
      target: { location: disk },
      attributes: {},
    });
    const linked = await read(b, path);
    expect(linked.links).toHaveLength(1);
    expect(linked.etag).not.toBe(unlinked.etag);
    const unlink = await fetch(a.url + link, { method: 'DELETE' });
    expect(unlink.status).toBe(200);
    expect(await read(b, path)).toEqual(unlinked);

    const removed = await fetch(a.url + path, { method: 'DELETE' });
    expect(removed.status).toBe(200);
    const gone = await fetch(b.url + path, { headers: { accept: 'text/plain' } });
    expect(gone.status).toBe(404);
  });
});
