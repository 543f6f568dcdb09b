/**
 * The composed server against what clients of other implementations send
 * (rOCCI 4/5, erocci, MART, OCCI 1.1 clients) and what a compliance test
 * asks: a user mixin defined twice, class-less Category references, JSON
 * creates with client ids, pagination bounds, and Vary beside CORS.
 */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, type OcciServer, parseConfig } from '../src/index.js';

const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';
const ACTION = 'http://schemas.ogf.org/occi/infrastructure/compute/action#';
let server: OcciServer;

beforeAll(async () => {
  server = await buildServer(
    parseConfig({
      argv: ['--store', 'memory:', '--log-level', 'silent', '--cors-origin', 'https://console.example'],
      env: {},
    }),
  );
});
afterAll(async () => {
  await server?.close();
});

const inject = (options: InjectOptions) => server.app.inject(options);
const path = (url: unknown) => new URL(String(url)).pathname;

describe('a compliance test: the same user mixin posted twice (HTTP §7.3)', () => {
  it('answers 200 both times with the mixin, and 409 for another definition of it', async () => {
    const mixin =
      'interop; scheme="http://example.com/compliance#"; class="mixin"; location="/compliance/interop/"';
    for (let i = 0; i < 2; i++) {
      const r = await inject({
        method: 'POST',
        url: '/-/',
        headers: { 'content-type': 'text/plain', accept: 'text/plain' },
        payload: `Category: ${mixin}\r\n`,
      });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.body).toBe(`Category: ${mixin}\r\n`);
    }
    const other = await inject({
      method: 'POST',
      url: '/-/',
      headers: { 'content-type': 'text/plain', accept: 'text/plain' },
      payload: `Category: interop; scheme="http://example.com/compliance#"; class="mixin"; title="Other"; location="/compliance/interop/"\r\n`,
    });
    expect(other.statusCode).toBe(409);
    expect(other.body).toBe(
      'you defined mixin http://example.com/compliance#interop already, differently: title (none there, "Other" here). Remove it first (DELETE /-/) to define it anew\r\n',
    );
  });
});

describe('an OCCI 1.1 client: Category references without class', () => {
  it('creates, starts and filters with them', async () => {
    const created = await inject({
      method: 'POST',
      url: '/compute/',
      headers: {
        'content-type': 'text/occi',
        accept: 'text/uri-list',
        category: `compute; scheme="${INFRA}"`,
        'x-occi-attribute': 'occi.compute.hostname="one vm"',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const vm = path(created.headers.location);
    const started = await inject({
      method: 'POST',
      url: `${vm}?action=start`,
      headers: { 'content-type': 'text/plain', accept: 'text/plain' },
      payload: `Category: start; scheme="${ACTION}"\r\n`,
    });
    expect(started.statusCode, started.body).toBe(200);
    expect(started.body).toContain('X-OCCI-Attribute: occi.compute.state="active"\r\n');
    // The hostname pattern is the document's "\S+": a name with a space is one.
    expect(started.body).toContain('X-OCCI-Attribute: occi.compute.hostname="one vm"\r\n');
    const listed = await inject({
      method: 'GET',
      url: '/compute/',
      headers: { accept: 'text/uri-list', category: `compute; scheme="${INFRA}"` },
    });
    expect(listed.body).toContain(`${String(created.headers.location)}\r\n`);
  });
});

describe('a JSON client (rOCCI 5 style): a create with the id the client chose', () => {
  it('keeps the id, and the entity lives where it says', async () => {
    const id = 'urn:uuid:3f1c8b2e-5a4d-4e6f-9a7b-1c2d3e4f5a6b';
    const r = await inject({
      method: 'POST',
      url: '/compute/',
      headers: { 'content-type': 'application/occi+json', accept: 'application/occi+json' },
      payload: JSON.stringify({ kind: `${INFRA}compute`, id, attributes: { 'occi.compute.cores': 1 } }),
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(path(r.headers.location)).toBe('/compute/3f1c8b2e-5a4d-4e6f-9a7b-1c2d3e4f5a6b');
    expect((JSON.parse(r.body) as { resources: { id: string }[] }).resources[0]?.id).toBe(id);
  });
});

describe('pagination and caches', () => {
  it('number=10^12 is 413, number=0 is 400', async () => {
    const big = await inject({
      method: 'GET',
      url: '/compute/?number=1000000000000',
      headers: { accept: 'text/plain' },
    });
    expect(big.statusCode).toBe(413);
    const zero = await inject({
      method: 'GET',
      url: '/compute/?number=0',
      headers: { accept: 'text/plain' },
    });
    expect(zero.statusCode).toBe(400);
  });

  it('Vary names Accept beside the Origin CORS adds', async () => {
    const r = await inject({
      method: 'GET',
      url: '/-/',
      headers: { accept: 'application/occi+json', origin: 'https://console.example' },
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers['access-control-allow-origin']).toBe('https://console.example');
    expect(r.headers.vary).toBe('Origin, Accept, Category, X-OCCI-Category, X-OCCI-Attribute');
    const entity = await inject({ method: 'GET', url: '/compute/none', headers: { accept: 'text/plain' } });
    expect(entity.statusCode).toBe(404);
    expect(entity.headers.vary).toBe('Accept');
  });
});
