/**
 * Pagination bounds (HTTP §5) and Vary (RFC 9110 §12.5.5), in each of the
 * three renderings: a `number` above the largest page is 413 however large
 * it is; only a value that is no positive integer is 400; every response
 * chosen by Accept says so, so that a cache never hands one client's
 * rendering to another.
 */
import { createReferenceProvider, MemoryStore, Model } from '@occi/core';
import { textPlain } from '@occi/render-text';
import Fastify, { type FastifyInstance } from 'fastify';
import { beforeEach, describe, expect, it } from 'vitest';
import { occiPlugin } from '../src/server/index.js';
import { BASE, INFRA, makeApp, RENDERINGS } from './harness.js';

let app: FastifyInstance;
beforeEach(async () => {
  app = await makeApp({ maxPageSize: 50 });
});

const KIND = `compute; scheme="${INFRA}"; class="kind"`;

/** The error body each rendering answers: text lines, or the JSON error object. */
function errorBody(rendering: string, status: number, code: string, message: string): string {
  if (rendering === 'application/occi+json')
    return JSON.stringify({ error: { status, message, problems: [{ code, message }] } });
  return `${message}\r\n`;
}

async function get(url: string, accept: string, headers: Record<string, string> = {}) {
  return app.inject({ method: 'GET', url, headers: { accept, ...headers } });
}

async function createCompute(): Promise<string> {
  const r = await app.inject({
    method: 'POST',
    url: '/compute/',
    headers: { 'content-type': 'text/plain' },
    payload: `Category: ${KIND}\n`,
  });
  expect(r.statusCode, r.body).toBe(201);
  return String(r.headers.location);
}

describe('pagination (HTTP §5): 413 for any number above the largest page, 400 only for no positive integer', () => {
  it.each(RENDERINGS)('%s: number=51, 10^12, 2^53 + 1 and 10^400 are 413 naming the limit', async (type) => {
    for (const number of ['51', '1000000000000', '9007199254740993', `1${'0'.repeat(400)}`]) {
      const r = await get(`/compute/?number=${number}`, type);
      expect(r.statusCode, number).toBe(413);
      expect(String(r.headers['content-type']).split(';')[0]).toBe(type);
      const message = `number=${number} is above this server's page size limit of 50`;
      expect(r.body).toBe(errorBody(type, 413, 'invalid-pagination', message));
    }
  });

  it.each(RENDERINGS)('%s: zero, negatives and non-integers are 400', async (type) => {
    for (const [query, name, value] of [
      ['number=0', 'number', '0'],
      ['number=000', 'number', '000'],
      ['number=-1', 'number', '-1'],
      ['number=2.5', 'number', '2.5'],
      ['number=1e3', 'number', '1e3'],
      ['number=', 'number', ''],
      ['page=0', 'page', '0'],
      ['page=-3&number=2', 'page', '-3'],
      ['page=1.5', 'page', '1.5'],
      ['page=%2B2', 'page', '+2'],
    ]) {
      const r = await get(`/compute/?${query}`, type);
      expect(r.statusCode, query).toBe(400);
      const message = `query parameter ${name}=${value} must be a positive integer (page counts from 1)`;
      expect(r.body).toBe(errorBody(type, 400, 'invalid-pagination', message));
    }
  });

  it('number at the limit and leading zeros are fine; a page past the end, 10^12 or 10^400, is 200 and empty', async () => {
    const vm = await createCompute();
    const first = await get('/compute/?page=01&number=050', 'text/uri-list');
    expect(first.statusCode).toBe(200);
    expect(first.body).toBe(`${vm}\r\n`);
    for (const page of ['1000000000000', `1${'0'.repeat(400)}`]) {
      const plain = await get(`/compute/?page=${page}&number=50`, 'text/plain');
      expect(plain.statusCode, page).toBe(200);
      expect(plain.body).toBe('');
      const occi = await get(`/compute/?page=${page}`, 'text/occi');
      expect(occi.statusCode, page).toBe(200);
      expect(occi.headers['x-occi-location']).toBeUndefined();
      expect(occi.body).toBe('OK');
      const json = await get(`/compute/?page=${page}&number=1`, 'application/occi+json');
      expect(json.statusCode, page).toBe(200);
      expect(json.body).toBe('{"resources":[]}');
    }
  });
});

describe('Vary: Accept on every negotiated response (RFC 9110 §12.5.5)', () => {
  it.each(RENDERINGS)('%s: entity, collection, query interface, create, delete and errors', async (type) => {
    const vm = await createCompute();
    const path = vm.slice(BASE.length);
    const responses = [
      await get(path, type),
      await get('/-/', type),
      await get('/compute/', type),
      await get('/compute/?number=51', type),
      await get('/compute/none', type),
      await app.inject({
        method: 'POST',
        url: '/compute/',
        headers: { 'content-type': 'text/plain', accept: type },
        payload: `Category: ${KIND}\n`,
      }),
      await app.inject({ method: 'DELETE', url: path, headers: { accept: type } }),
    ];
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200, 413, 404, 201, 200]);
    for (const r of responses) {
      expect(String(r.headers['content-type']).split(';')[0]).toBe(type);
      expect(String(r.headers.vary).split(', ')).toContain('Accept');
    }
  });

  it('a listing and discovery also vary with the header fields a filter travels in (HTTP §6)', async () => {
    const listing = await get('/compute/', 'application/occi+json');
    expect(listing.headers.vary).toBe('Accept, Category, X-OCCI-Category, X-OCCI-Attribute');
    const discovery = await get('/-/', 'text/plain', { category: KIND });
    expect(discovery.statusCode).toBe(200);
    expect(discovery.headers.vary).toBe('Accept, Category, X-OCCI-Category, X-OCCI-Attribute');
  });

  it('an entity varies with Accept alone; so do a 304, a 406 and a text/uri-list refusal', async () => {
    const vm = (await createCompute()).slice(BASE.length);
    const entity = await get(vm, 'text/occi');
    expect(entity.headers.vary).toBe('Accept');
    const notModified = await get(vm, 'text/plain', { 'if-none-match': String(entity.headers.etag) });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.headers.vary).toBe('Accept');
    const refused = await get(vm, 'application/xml');
    expect(refused.statusCode).toBe(406);
    expect(refused.headers['content-type']).toBe('text/plain');
    expect(refused.headers.vary).toBe('Accept');
    const listingOnly = await get(vm, 'text/uri-list');
    expect(listingOnly.statusCode).toBe(400);
    expect(listingOnly.headers.vary).toBe('Accept');
  });

  it('keeps a Vary set before (CORS: Origin)', async () => {
    const cors = Fastify();
    cors.addHook('onRequest', async (_request, reply) => {
      reply.header('vary', 'Origin');
    });
    await cors.register(occiPlugin, {
      provider: createReferenceProvider({ model: Model.create([]), store: new MemoryStore() }),
      renderings: [textPlain],
    });
    const r = await cors.inject({ method: 'GET', url: '/-/', headers: { accept: 'text/plain' } });
    expect(r.headers.vary).toBe('Origin, Accept, Category, X-OCCI-Category, X-OCCI-Attribute');
  });
});

describe('a page answered again (the provider keeps pages while nothing changes)', () => {
  it.each(RENDERINGS)(
    '%s: the same bytes while nothing is written, the write as soon as it is',
    async (type) => {
      const location = await createCompute();
      await createCompute();
      const page = '/compute/?page=1&number=10';
      // text/occi lists in header fields, the others in the body.
      const listed = (r: Awaited<ReturnType<typeof get>>) =>
        type === 'text/occi' ? String(r.headers['x-occi-location']) : r.body;
      const first = await get(page, type);
      const again = await get(page, type);
      expect(again.statusCode).toBe(200);
      expect(listed(again)).toBe(listed(first));
      expect(again.headers['content-type']).toBe(first.headers['content-type']);
      expect(again.headers['content-type']).toBe(
        type === 'application/occi+json' ? 'application/occi+json; charset=utf-8' : type,
      );
      const path = new URL(location).pathname;
      const updated = await app.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': 'text/plain' },
        payload: `Category: ${KIND}\nX-OCCI-Attribute: occi.core.title="renamed"\n`,
      });
      expect(updated.statusCode, updated.body).toBe(200);
      const after = await get(page, type);
      // Only the JSON listing carries attributes; the text ones list locations.
      if (type === 'application/occi+json') expect(after.body).toContain('renamed');
      else expect(listed(after)).toBe(listed(first));
      expect((await app.inject({ method: 'DELETE', url: path })).statusCode).toBe(200);
      const gone = await get(page, type);
      const uuid = path.slice(path.lastIndexOf('/') + 1);
      expect(listed(first)).toContain(uuid);
      expect(listed(gone)).not.toContain(uuid);
    },
  );
});
