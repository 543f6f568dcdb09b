/**
 * JSON requests as the JSON writer makes them (every member the schema
 * requires) through the server: a new entity's urn:uuid id is kept, an
 * inline link's source naming the resource being created by that id is
 * read as the resource; a replacement's made-up id changes nothing; links
 * without source or target are 400 naming the member.
 */
import { jsonRendering } from '@occi/render-json';
import type { FastifyInstance } from 'fastify';
import { beforeEach, describe, expect, it } from 'vitest';
import { BASE, COMPUTE, INFRA, makeApp, NETWORK, NETWORKINTERFACE } from './harness.js';

let app: FastifyInstance;
let model: Awaited<ReturnType<typeof modelOf>>;
beforeEach(async () => {
  app = await makeApp();
  model = await modelOf();
});

async function modelOf() {
  return app.occi.provider.model({ user: 'alice' });
}

const JSON_TYPE = 'application/occi+json';
const write = (draft: Parameters<typeof jsonRendering.writeEntity>[0]) =>
  jsonRendering.writeEntity(draft, { model, baseUrl: BASE }).body;

async function send(method: 'POST' | 'PUT', url: string, payload: string, accept = JSON_TYPE) {
  return app.inject({ method, url, headers: { 'content-type': JSON_TYPE, accept }, payload });
}

async function get(path: string) {
  const r = await app.inject({ method: 'GET', url: path, headers: { accept: JSON_TYPE } });
  expect(r.statusCode).toBe(200);
  return JSON.parse(r.body) as {
    id: string;
    links: { id: string; source: { location: string }; target: { location: string } }[];
  };
}

describe('a create the JSON writer makes (schema-complete)', () => {
  it('keeps the id the client wrote, and reads the inline link whose source is that id as its own', async () => {
    const net = await send('POST', '/network/', write({ kind: NETWORK }));
    expect(net.statusCode).toBe(201);
    const network = String(net.headers.location).slice(BASE.length);
    const payload = write({
      kind: COMPUTE,
      links: [{ kind: NETWORKINTERFACE, target: { location: network, kind: NETWORK } }],
    });
    const sent = JSON.parse(payload) as { id: string; links: { id: string; source: unknown }[] };
    expect(sent.links[0]?.source).toEqual({ location: sent.id, kind: COMPUTE });
    const created = await send('POST', '/compute/', payload);
    expect(created.statusCode, created.body).toBe(201);
    const uuid = sent.id.slice('urn:uuid:'.length);
    expect(created.headers.location).toBe(`${BASE}/compute/${uuid}`);
    const vm = await get(`/compute/${uuid}`);
    expect(vm.id).toBe(sent.id);
    expect(vm.links.map((l) => [l.id, l.source.location, l.target.location])).toEqual([
      [sent.links[0]!.id, `/compute/${uuid}`, network],
    ]);
  });

  it('a replacement written with a made-up id keeps the entity and its id (HTTP §8.2: PUT creates or replaces)', async () => {
    const created = await send('POST', '/compute/', write({ kind: COMPUTE, title: 'a' }));
    const path = String(created.headers.location).slice(BASE.length);
    const before = await get(path);
    const replaced = await send('PUT', path, write({ kind: COMPUTE, title: 'b' }), 'text/plain');
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.body).toContain(`X-OCCI-Attribute: occi.core.id="${before.id}"\r\n`);
    expect(replaced.body).toContain('X-OCCI-Attribute: occi.core.title="b"\r\n');
    // An id another entity has is a change, and refused.
    const other = await send('POST', '/compute/', write({ kind: COMPUTE }));
    const otherId = (await get(String(other.headers.location).slice(BASE.length))).id;
    const refused = await send('PUT', path, write({ kind: COMPUTE, id: otherId }), 'text/plain');
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toBe(`occi.core.id is immutable: it is ${before.id}\r\n`);
  });
});

describe('JSON links without source or target are invalid (JSON §3.1.2: multiplicity 1)', () => {
  it('inline or top-level: 400 naming the member, in each rendering', async () => {
    for (const [url, value, pointer, what] of [
      [
        '/compute/',
        { kind: COMPUTE, links: [{ kind: NETWORKINTERFACE, target: { location: '/network/x' } }] },
        '/links/0/source',
        'missing; a link names its source (JSON §3.1.2: multiplicity 1), inline too: the location or id of the resource it comes with',
      ],
      [
        '/networkinterface/',
        { kind: NETWORKINTERFACE, source: { location: '/compute/x' } },
        '/target',
        'missing; a link names its target (JSON §3.1.2: multiplicity 1)',
      ],
      [
        '/networkinterface/',
        { links: [{ kind: NETWORKINTERFACE, id: 'x', target: { location: '/network/x' } }] },
        '/links/0/source',
        'missing; a link names its source (JSON §3.1.2: multiplicity 1)',
      ],
    ] as const) {
      const message = `${pointer}: ${what}`;
      const plain = await send('POST', url, JSON.stringify(value), 'text/plain');
      expect(plain.statusCode, url).toBe(400);
      expect(plain.body).toBe(`${message}\r\n`);
      const json = await send('POST', url, JSON.stringify(value));
      expect(json.statusCode).toBe(400);
      expect(JSON.parse(json.body)).toEqual({
        error: { status: 400, message, problems: [{ code: 'parse-error', message, pointer }] },
      });
    }
  });

  it('an inline link whose source is another resource is 400', async () => {
    const r = await send(
      'POST',
      '/compute/',
      JSON.stringify({
        kind: COMPUTE,
        id: 'urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e',
        links: [
          {
            kind: `${INFRA}storagelink`,
            id: 'urn:uuid:7c9e6679-7425-40de-944b-e07fc1f90ae7',
            source: { location: '/compute/elsewhere' },
            target: { location: '/storage/x' },
          },
        ],
      }),
      'text/plain',
    );
    expect(r.statusCode).toBe(400);
    expect(r.body).toBe(
      "inline link 1: its source /compute/elsewhere is not the resource it comes with (/compute/0f8fad5b-d9cb-469f-a165-70867728950e); give that resource's location or id, or no source\r\n",
    );
  });
});
