/**
 * Scale-out: two server processes share one PostgreSQL database, or one
 * SQLite file. Both serve the same entities, each sees the other's writes
 * at once, and concurrent updates through different processes never lose
 * an acknowledged write. On PostgreSQL every GET reads the entity and its
 * links (`getWithLinks`) and reuses only what it built from rows that did
 * not change: attributes, links (and so the ETag) and deletions made
 * through one server are in the other's next answer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileCluster } from './support/postgres.js';
import { type ServerProcess, startServer } from './support/server-process.js';

const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';
const cluster = fileCluster();
const { missing } = cluster;
let a: ServerProcess;
let b: ServerProcess;

beforeAll(async () => {
  if (missing) return;
  const url = await cluster.createDatabase('scaleout');
  [a, b] = await Promise.all([startServer(['--store', url]), startServer(['--store', url])]);
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
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

/** A partial update (HTTP §9.4.1) of `attributes` through `server`, answered 200. */
async function update(server: ServerProcess, path: string, attributes: object): Promise<void> {
  const r = await fetch(server.url + path, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ attributes }),
  });
  expect(r.status).toBe(200);
  await r.arrayBuffer();
}

describe.skipIf(missing)('two servers, one PostgreSQL database', () => {
  it('an entity created through one server is served by the other', async () => {
    const path = await create(a, '/compute/', {
      kind: `${INFRA}compute`,
      attributes: { 'occi.compute.hostname': 'shared' },
    });
    const got = await fetch(b.url + path, { headers: { accept: 'text/plain' } });
    expect(got.status).toBe(200);
    expect(await got.text()).toContain('occi.compute.hostname="shared"');
  });

  it('concurrent read-modify-write increments through both servers all land', async () => {
    const created = await fetch(`${a.url}/compute/`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ kind: `${INFRA}compute`, attributes: { 'occi.compute.cores': 1 } }),
    });
    const path = new URL(created.headers.get('location')!).pathname;
    let acknowledged = 0;
    let conflicts = 0;
    const worker = async (server: ServerProcess, increments: number) => {
      for (let done = 0; done < increments; ) {
        const { cores: current, etag } = await read(server, path);
        const r = await fetch(server.url + path, {
          method: 'POST',
          headers: { ...json, 'if-match': etag },
          body: JSON.stringify({ attributes: { 'occi.compute.cores': current + 1 } }),
        });
        await r.arrayBuffer();
        if (r.status === 200) {
          acknowledged++;
          done++;
        } else {
          expect(r.status).toBe(412);
          conflicts++;
        }
      }
    };
    await Promise.all([worker(a, 15), worker(b, 15), worker(a, 15), worker(b, 15)]);
    expect(acknowledged).toBe(60);
    expect((await read(a, path)).cores).toBe(61);
    expect((await read(b, path)).cores).toBe(61);
    expect(conflicts).toBeGreaterThan(0);
  }, 120_000);

  it('concurrent partial updates of different attributes through both servers keep both', async () => {
    const created = await fetch(`${b.url}/compute/`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ kind: `${INFRA}compute` }),
    });
    const path = new URL(created.headers.get('location')!).pathname;
    const updates = Array.from({ length: 20 }, (_, i) =>
      fetch((i % 2 ? a : b).url + path, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({
          attributes: i % 2 ? { 'occi.compute.hostname': `h${i}` } : { 'occi.compute.share': i },
        }),
      }).then(async (r) => {
        await r.arrayBuffer();
        return r.status;
      }),
    );
    expect(await Promise.all(updates)).toEqual(Array(20).fill(200));
    const r = await fetch(a.url + path, { headers: { accept: 'application/occi+json' } });
    const body = (await r.json()) as { attributes: Record<string, unknown> };
    expect(body.attributes['occi.compute.hostname']).toMatch(/^h\d+$/);
    expect(typeof body.attributes['occi.compute.share']).toBe('number');
    expect(r.headers.get('etag')).toBe('"21"');
  }, 60_000);

  it('a user mixin defined through one server is known to the other at once (LISTEN/NOTIFY)', async () => {
    const before = await (await fetch(`${b.url}/-/`, { headers: { accept: 'text/plain' } })).text();
    expect(before).not.toContain('shared_tag');
    const defined = await fetch(`${a.url}/-/`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'Category: shared_tag; scheme="http://example.com/tags#"; class="mixin"; location="/shared_tag/"\n',
    });
    expect(defined.status).toBe(200);
    // Well within the 1 s a model is otherwise kept: the notification, not the timeout, refreshed it.
    const deadline = Date.now() + 400;
    let seen = false;
    while (!seen && Date.now() < deadline) {
      const r = await fetch(`${b.url}/shared_tag/`, { headers: { accept: 'text/plain' } });
      await r.arrayBuffer();
      seen = r.status === 200;
      if (!seen) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(seen).toBe(true);
  });

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
      await update(writer, path, { 'occi.compute.cores': n });
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

describe('two servers, one SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'occi-two-sqlite-'));
  let c: ServerProcess;
  let d: ServerProcess;
  beforeAll(async () => {
    const store = `sqlite:${join(dir, 'occi.db')}`;
    c = await startServer(['--store', store]);
    d = await startServer(['--store', store]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([c?.stop(), d?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("each server answers the other's writes at once, though it answered the entity before", async () => {
    const created = await fetch(`${c.url}/compute/`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ kind: `${INFRA}compute`, attributes: { 'occi.compute.cores': 1 } }),
    });
    const path = new URL(created.headers.get('location')!).pathname;
    for (let n = 2; n <= 6; n++) {
      const [writer, reader] = n % 2 ? [c, d] : [d, c];
      expect((await read(reader, path)).cores).toBe(n - 1);
      await update(writer, path, { 'occi.compute.cores': n });
      expect(await read(reader, path)).toEqual({ cores: n, links: [], etag: `"${n}"` });
    }
    const removed = await fetch(c.url + path, { method: 'DELETE' });
    expect(removed.status).toBe(200);
    const gone = await fetch(d.url + path, { headers: { accept: 'text/plain' } });
    expect(gone.status).toBe(404);
  });

  it("each server lists the other's writes at once, though it listed the page before", async () => {
    const page = async (server: ServerProcess) => {
      const r = await fetch(`${server.url}/compute/?page=1&number=50`, {
        headers: { accept: 'application/occi+json' },
      });
      expect(r.status).toBe(200);
      const body = (await r.json()) as { resources: { id: string; attributes: Record<string, unknown> }[] };
      return body.resources;
    };
    const before = await page(d);
    expect(await page(d)).toEqual(before);
    const path = await create(c, '/compute/', {
      kind: `${INFRA}compute`,
      attributes: { 'occi.compute.hostname': 'listed' },
    });
    const after = await page(d);
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)!.attributes['occi.compute.hostname']).toBe('listed');
    await update(c, path, { 'occi.compute.hostname': 'renamed' });
    expect((await page(d)).at(-1)!.attributes['occi.compute.hostname']).toBe('renamed');
    expect((await fetch(c.url + path, { method: 'DELETE' })).status).toBe(200);
    expect(await page(d)).toEqual(before);
  });

  it('a user mixin defined through one server is known to the other at once', async () => {
    const before = await fetch(`${d.url}/local_tag/`, { headers: { accept: 'text/plain' } });
    expect(before.status).toBe(404);
    const defined = await fetch(`${c.url}/-/`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'Category: local_tag; scheme="http://example.com/tags#"; class="mixin"; location="/local_tag/"\n',
    });
    expect(defined.status).toBe(200);
    const after = await fetch(`${d.url}/local_tag/`, { headers: { accept: 'text/plain' } });
    expect(after.status).toBe(200);
  });
});
