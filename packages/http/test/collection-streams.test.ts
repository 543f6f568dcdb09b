/**
 * Whole collections are streamed (HTTP §9.1): an unpaged GET in JSON,
 * text/plain or text/uri-list answers, batch by batch, exactly the body of
 * the one page that holds everything — with filters (HTTP §6.2), for an
 * unbound path holding resources and links (HTTP §4.1), empty — and stops
 * reading when the client goes away.
 */
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Caller,
  createReferenceProvider,
  type Entity,
  type ListRequest,
  MemoryStore,
  Model,
} from '@occi/core';
import { crtp } from '@occi/crtp';
import { infrastructure, osTemplates } from '@occi/infrastructure';
import { jsonRendering } from '@occi/render-json';
import { textOcci, textPlain, uriList } from '@occi/render-text';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LOCATIONS_BATCH, STREAM_BATCH } from '../src/server/collection-stream.js';
import { occiPlugin } from '../src/server/index.js';
import { BASE, COMPUTE, INFRA, STORAGE } from './harness.js';

const DEBIAN = 'http://occi.example/os_tpl#debian-12';
const STORAGELINK = `${INFRA}storagelink`;
const COUNT = 2 * LOCATIONS_BATCH + 37;
const STREAMED = ['application/occi+json', 'text/plain', 'text/uri-list'];
const alice: Caller = { user: 'alice' };

/** A provider whose listBatches counts the batches it reads and says when its iterator was closed. */
function countingProvider() {
  const model = Model.create([infrastructure, osTemplates, crtp]);
  const provider = createReferenceProvider({ model, store: new MemoryStore() });
  const stats = { batches: 0, closed: 0 };
  const listBatches = provider.listBatches.bind(provider);
  provider.listBatches = (caller: Caller, request: ListRequest, size?: number) =>
    (async function* () {
      try {
        for await (const batch of listBatches(caller, request, size)) {
          stats.batches++;
          yield batch;
        }
      } finally {
        stats.closed++;
      }
    })();
  return { provider, stats };
}

async function appOf(provider: ReturnType<typeof countingProvider>['provider']): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(occiPlugin, {
    provider,
    renderings: [textPlain, textOcci, uriList, jsonRendering],
    baseUrl: BASE,
    maxPageSize: 5000,
    authenticate: () => alice,
  });
  await app.ready();
  return app;
}

let shared: { app: FastifyInstance; stats: { batches: number; closed: number } };
let locations: string[] = [];

beforeAll(async () => {
  const { provider, stats } = countingProvider();
  locations = [];
  let storage: Entity | undefined;
  for (let i = 0; i < COUNT; i++) {
    const compute = await provider.create(alice, {
      kind: COMPUTE,
      mixins: i % 3 === 0 ? [DEBIAN] : [],
      attributes: { 'occi.compute.hostname': `vm-${i}.example.com`, 'occi.compute.cores': (i % 4) + 1 },
    });
    locations.push(compute.location!);
    if (i % 50 === 0) {
      storage = await provider.create(alice, { kind: STORAGE, attributes: { 'occi.storage.size': 1 } });
      await provider.create(alice, {
        kind: STORAGELINK,
        attributes: {},
        source: { location: compute.location! },
        target: { location: storage.location! },
      });
    }
  }
  shared = { app: await appOf(provider), stats };
}, 60_000);

const get = (
  url: string,
  accept: string,
  headers: Record<string, string> = {},
  method: 'GET' | 'HEAD' = 'GET',
) => shared.app.inject({ method, url, headers: { accept, ...headers } });

describe('a whole collection is streamed, and equals the page that holds it all', () => {
  it.each(STREAMED)('%s: /compute/ unpaged is the one-page body, read in batches', async (type) => {
    const before = shared.stats.batches;
    const whole = await get('/compute/', type);
    const page = await get(`/compute/?page=1&number=${COUNT}`, type);
    expect(whole.statusCode).toBe(200);
    expect(page.statusCode).toBe(200);
    expect(whole.headers['content-type']).toBe(page.headers['content-type']);
    expect(whole.headers['content-length']).toBeUndefined();
    expect(whole.headers['transfer-encoding']).toBe('chunked');
    expect(whole.headers.vary).toBe('Accept, Category, X-OCCI-Category, X-OCCI-Attribute');
    expect(whole.headers.etag).toBeUndefined();
    expect(whole.body).toBe(page.body);
    // JSON renders whole entities a few at a time; the text renderings list locations, more at once.
    const batch = type === 'application/occi+json' ? STREAM_BATCH : LOCATIONS_BATCH;
    expect(shared.stats.batches - before).toBe(Math.ceil(COUNT / batch));
    if (type === 'text/uri-list') expect(whole.body).toBe(locations.map((l) => `${BASE}${l}\r\n`).join(''));
  });

  it.each(STREAMED)('%s: filtered by a mixin and by an attribute value, as the pages are', async (type) => {
    const filters: Record<string, string>[] = [
      { category: `debian-12; scheme="http://occi.example/os_tpl#"; class="mixin"` },
      { 'x-occi-attribute': 'occi.compute.cores=2' },
      { 'x-occi-attribute': 'occi.compute.hostname="vm-77.example.com"' },
      {
        category: `debian-12; scheme="http://occi.example/os_tpl#"; class="mixin"`,
        'x-occi-attribute': 'occi.compute.cores=4',
      },
    ];
    for (const filter of filters) {
      const whole = await get('/compute/', type, filter);
      expect(whole.statusCode, JSON.stringify(filter)).toBe(200);
      expect(whole.headers.vary).toBe('Accept, Category, X-OCCI-Category, X-OCCI-Attribute');
      // Pages of 40 put together are the whole.
      let pages = '';
      for (let n = 1; ; n++) {
        const page = await get(`/compute/?page=${n}&number=40`, type, filter);
        expect(page.statusCode).toBe(200);
        const empty = type === 'application/occi+json' ? page.body === '{"resources":[]}' : page.body === '';
        if (empty) break;
        pages =
          type === 'application/occi+json' && pages !== ''
            ? `${pages.slice(0, -2)},${page.body.slice('{"resources":['.length)}`
            : pages + page.body;
      }
      expect(whole.body, JSON.stringify(filter)).toBe(pages === '' ? whole.body : pages);
    }
    const one = await get('/compute/', 'text/uri-list', {
      'x-occi-attribute': 'occi.compute.hostname="vm-77.example.com"',
    });
    expect(one.body).toBe(`${BASE}${locations[77]}\r\n`);
  });

  it('JSON: an unbound path gives every resource, then every link, as its one page does', async () => {
    const whole = await get('/', 'application/occi+json');
    const page = await get(`/?page=1&number=5000`, 'application/occi+json');
    expect(whole.statusCode).toBe(200);
    expect(whole.body).toBe(page.body);
    const document = JSON.parse(whole.body) as { resources: unknown[]; links: unknown[] };
    const links = Math.ceil(COUNT / 50);
    expect(document.resources).toHaveLength(COUNT + links);
    expect(document.links).toHaveLength(links);
    expect(Object.keys(document)).toEqual(['resources', 'links']);
  });

  it('JSON: a mixin collection of resources and links, interleaved, comes grouped as its one page', async () => {
    const { provider } = countingProvider();
    await provider.defineMixins(alice, [
      {
        scheme: 'http://example.org/tags#',
        term: 'tagged',
        class: 'mixin',
        title: 'anything tagged',
        location: '/tagged/',
        depends: [],
        applies: [],
        actions: [],
        attributes: new Map(),
      },
    ]);
    const tagged: string[] = [];
    for (let i = 0; i < STREAM_BATCH + 5; i++) {
      const compute = await provider.create(alice, { kind: COMPUTE });
      const storage = await provider.create(alice, { kind: STORAGE, attributes: { 'occi.storage.size': 1 } });
      const link = await provider.create(alice, {
        kind: STORAGELINK,
        attributes: {},
        source: { location: compute.location! },
        target: { location: storage.location! },
      });
      tagged.push(compute.location!, link.location!);
    }
    await provider.associate(alice, 'http://example.org/tags#tagged', tagged);
    const app = await appOf(provider);
    const whole = await app.inject({ url: '/tagged/', headers: { accept: 'application/occi+json' } });
    const page = await app.inject({
      url: '/tagged/?page=1&number=5000',
      headers: { accept: 'application/occi+json' },
    });
    expect(whole.statusCode).toBe(200);
    expect(whole.body).toBe(page.body);
    const document = JSON.parse(whole.body) as { resources: unknown[]; links: unknown[] };
    expect([document.resources.length, document.links.length]).toEqual([STREAM_BATCH + 5, STREAM_BATCH + 5]);
    await app.close();
  });

  it('JSON: empty collections are {"resources":[]} and, for a link kind, {"links":[]}', async () => {
    const filter = { 'x-occi-attribute': 'occi.compute.hostname="nowhere"' };
    expect((await get('/compute/', 'application/occi+json', filter)).body).toBe('{"resources":[]}');
    expect((await get('/networkinterface/', 'application/occi+json')).body).toBe('{"links":[]}');
    expect((await get('/networkinterface/', 'text/plain')).body).toBe('');
  });

  it('a bad filter is still a 400 naming the problem, not a broken stream', async () => {
    const r = await get('/compute/', 'application/occi+json', {
      category: 'nothing; scheme="http://example.org/none#"; class="mixin"',
    });
    expect(r.statusCode).toBe(400);
    expect(JSON.parse(r.body).error.message).toContain('cannot filter by http://example.org/none#nothing');
  });

  it('HEAD answers the header fields of the streamed GET, without content', async () => {
    const before = shared.stats.closed;
    const r = await get('/compute/', 'application/occi+json', {}, 'HEAD');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/occi+json; charset=utf-8');
    expect(r.body).toBe('');
    expect(shared.stats.closed - before).toBe(1);
  });

  it('text/occi, whose collection travels in header fields, is answered whole as before', async () => {
    const r = await get('/compute/', 'text/occi', {
      'x-occi-attribute': 'occi.compute.hostname="vm-5.example.com"',
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers['x-occi-location']).toBe(`${BASE}${locations[5]}`);
  });
});

describe('text/occi, unpaged, reads no more than its header fields could carry', () => {
  it('is 406 pointing to pages past maxResponseHeaderBytes, having read one entity more than fit', async () => {
    const { provider, stats } = countingProvider();
    const listed: number[] = [];
    const list = provider.list.bind(provider);
    provider.list = async (caller, request) => {
      const entities = await list(caller, request);
      listed.push(entities.length);
      return entities;
    };
    for (let i = 0; i < 60; i++) await provider.create(alice, { kind: COMPUTE });
    const app = Fastify();
    await app.register(occiPlugin, {
      provider,
      renderings: [textPlain, textOcci, uriList, jsonRendering],
      baseUrl: BASE,
      maxResponseHeaderBytes: 1000,
      authenticate: () => alice,
    });
    const r = await app.inject({ method: 'GET', url: '/compute/', headers: { accept: 'text/occi' } });
    expect(r.statusCode).toBe(406);
    expect(r.body).toContain('ask for text/plain or application/occi+json, or a smaller page');
    // 1000 / (length of the base URL + 4) + 1 = 1000 / 20 + 1 = 51 entities read, not 60.
    expect(listed).toEqual([51]);
    expect(stats.batches).toBe(0);
    const small = await app.inject({
      method: 'GET',
      url: '/compute/?page=2&number=7',
      headers: { accept: 'text/occi' },
    });
    expect(small.statusCode).toBe(200);
    expect(String(small.headers['x-occi-location']).split(', ')).toHaveLength(7);
    await app.close();
  });
});

describe('a client that goes away stops the stream', () => {
  let server: FastifyInstance | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('reads no more batches once the socket is closed, and the server answers the next request', async () => {
    const { provider, stats } = countingProvider();
    // Enough entities that the response outgrows the socket's buffers: the stream must wait for the reader.
    for (let i = 0; i < 40 * STREAM_BATCH; i += STREAM_BATCH)
      await Promise.all(
        Array.from({ length: STREAM_BATCH }, (_, j) =>
          provider.create(alice, {
            kind: COMPUTE,
            title: `a long title so that every entity takes room ${'x'.repeat(200)} ${i + j}`,
          }),
        ),
      );
    server = await appOf(provider);
    await server.listen({ host: '127.0.0.1', port: 0 });
    const { port } = server.server.address() as AddressInfo;
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path: '/compute/', headers: { accept: 'application/occi+json' } },
        (res) => {
          expect(res.statusCode).toBe(200);
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        },
      );
      req.on('error', () => undefined);
      req.once('error', reject);
      req.end();
    });
    // The stream notices within a few turns of the event loop.
    for (let i = 0; i < 100 && stats.closed === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(stats.closed).toBe(1);
    expect(stats.batches).toBeLessThan(40);
    const after = await fetch(`http://127.0.0.1:${port}/compute/?page=1&number=1`, {
      headers: { accept: 'text/uri-list' },
    });
    expect(after.status).toBe(200);
    expect((await after.text()).split('\r\n')).toHaveLength(2);
  }, 60_000);
});
