/**
 * Requests as other implementations and their clients send them, and the
 * corners of the verb table they reach: collection deletes with a
 * selection, media types, payloads in headers, actions whose response
 * cannot be rendered, multi-entity creates, text/uri-list payloads.
 */
import type { FastifyInstance } from 'fastify';
import { beforeEach, describe, expect, it } from 'vitest';
import { headerText } from '../src/header-text.js';
import { BASE, COMPUTE, COMPUTE_ACTION, INFRA, makeApp } from './harness.js';

let app: FastifyInstance;
beforeEach(async () => {
  app = await makeApp();
});

const KIND = `compute; scheme="${INFRA}"; class="kind"`;

async function createCompute(hostname: string): Promise<string> {
  const r = await app.inject({
    method: 'POST',
    url: '/compute/',
    headers: { 'content-type': 'text/plain' },
    payload: `Category: ${KIND}\nX-OCCI-Attribute: occi.compute.hostname="${hostname}"\n`,
  });
  expect(r.statusCode, r.body).toBe(201);
  return String(r.headers.location);
}

async function computes(): Promise<string[]> {
  const r = await app.inject({ method: 'GET', url: '/compute/', headers: { accept: 'text/uri-list' } });
  return r.body.split(/\r?\n/).filter((l) => l !== '');
}

describe('DELETE on a kind collection (HTTP §9.5.1) deletes what the request selects', () => {
  it('only the entities an entity collection rendering names', async () => {
    const [a, b, c] = [await createCompute('a'), await createCompute('b'), await createCompute('c')];
    const r = await app.inject({
      method: 'DELETE',
      url: '/compute/',
      headers: { 'content-type': 'text/plain' },
      payload: `X-OCCI-Location: ${b}\n`,
    });
    expect(r.statusCode).toBe(200);
    expect(await computes()).toEqual([a, c]);
    const uriList = await app.inject({
      method: 'DELETE',
      url: '/compute/',
      headers: { 'content-type': 'text/uri-list' },
      payload: `${c}\n`,
    });
    expect(uriList.statusCode).toBe(200);
    expect(await computes()).toEqual([a]);
  });

  it('only the entities a filter matches (HTTP §6.2), none when it matches none', async () => {
    const [a, b] = [await createCompute('a'), await createCompute('b')];
    const none = await app.inject({
      method: 'DELETE',
      url: '/compute/',
      headers: { 'x-occi-attribute': 'occi.compute.hostname="nomatch"' },
    });
    expect(none.statusCode).toBe(200);
    expect(await computes()).toEqual([a, b]);
    const one = await app.inject({
      method: 'DELETE',
      url: '/compute/',
      headers: { 'content-type': 'text/plain' },
      payload: `Category: ${KIND}\nX-OCCI-Attribute: occi.compute.hostname="a"\n`,
    });
    expect(one.statusCode).toBe(200);
    expect(await computes()).toEqual([b]);
  });

  it('all of them when the request selects nothing; an entity of another collection is 400', async () => {
    await createCompute('a');
    const network = await app.inject({
      method: 'POST',
      url: '/network/',
      headers: { 'content-type': 'text/plain' },
      payload: `Category: network; scheme="${INFRA}"; class="kind"\n`,
    });
    const foreign = await app.inject({
      method: 'DELETE',
      url: '/compute/',
      headers: { 'x-occi-location': String(network.headers.location) },
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.body).toContain('is not in /compute/');
    expect(await computes()).toHaveLength(1);
    expect((await app.inject({ method: 'DELETE', url: '/compute/' })).statusCode).toBe(200);
    expect(await computes()).toEqual([]);
  });
});

describe('media types and where the payload is', () => {
  it('rOCCI 4\'s "Content-Type: text/plain,text/occi" is read as text/plain', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/compute/',
      headers: { 'content-type': 'text/plain,text/occi', accept: 'text/plain,text/occi' },
      payload: `Category: ${KIND}\n`,
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(String(r.headers.location)).toMatch(new RegExp(`^${BASE}/compute/`));
  });

  it('a Content-Type that is no media type at all is 415, not 400', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/compute/',
      headers: { 'content-type': 'text/', accept: 'text/plain' },
      payload: `Category: ${KIND}\n`,
    });
    expect(r.statusCode).toBe(415);
  });

  it('OCCI header fields with an empty body are the payload, whatever Content-Type says', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/compute/',
      headers: {
        'content-type': 'text/plain',
        category: KIND,
        'x-occi-attribute': 'occi.compute.hostname="h"',
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    const got = await app.inject({
      method: 'GET',
      url: String(r.headers.location),
      headers: { accept: 'text/plain' },
    });
    expect(got.body).toContain('occi.compute.hostname="h"');
  });

  it('text/uri-list is read wherever an entity collection is expected (mixin association, HTTP §9.3.2)', async () => {
    const a = await createCompute('a');
    const defined = await app.inject({
      method: 'POST',
      url: '/-/',
      headers: { 'content-type': 'text/plain' },
      payload: `Category: tag; scheme="http://example.com/tags#"; class="mixin"; location="/tag/"\n`,
    });
    expect(defined.statusCode, defined.body).toBe(200);
    const associated = await app.inject({
      method: 'POST',
      url: '/tag/',
      headers: { 'content-type': 'text/uri-list', accept: 'text/uri-list' },
      payload: `${a}\n`,
    });
    expect(associated.statusCode, associated.body).toBe(200);
    expect(associated.body.trim()).toBe(a);
  });
});

describe('actions whose response the client refuses act on nothing', () => {
  it.each([
    ['text/uri-list', 400],
    ['image/png', 406],
  ])('Accept: %s → %i, and the compute stays inactive', async (accept, status) => {
    const a = await createCompute('a');
    const r = await app.inject({
      method: 'POST',
      url: `${new URL(a).pathname}?action=start`,
      headers: { 'content-type': 'text/plain', accept },
      payload: `Category: start; scheme="${COMPUTE_ACTION}"; class="action"\n`,
    });
    expect(r.statusCode).toBe(status);
    const got = await app.inject({
      method: 'GET',
      url: new URL(a).pathname,
      headers: { accept: 'text/plain' },
    });
    expect(got.body).toContain('occi.compute.state="inactive"');
    const all = await app.inject({
      method: 'POST',
      url: '/compute/?action=start',
      headers: { 'content-type': 'text/plain', accept: 'image/png' },
      payload: `Category: start; scheme="${COMPUTE_ACTION}"; class="action"\n`,
    });
    expect(all.statusCode).toBe(406);
    const again = await app.inject({
      method: 'GET',
      url: new URL(a).pathname,
      headers: { accept: 'text/plain' },
    });
    expect(again.body).toContain('occi.compute.state="inactive"');
  });
});

describe('creating several entities at once (HTTP §9.3.1)', () => {
  it('201 lists every location: X-OCCI-Location beside the JSON collection, no single Location', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/compute/',
      headers: { 'content-type': 'application/occi+json', accept: 'application/occi+json' },
      payload: JSON.stringify({ resources: [{ kind: COMPUTE }, { kind: COMPUTE }] }),
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.headers.location).toBeUndefined();
    const listed = String(r.headers['x-occi-location']).split(', ');
    expect(listed).toHaveLength(2);
    expect(listed.sort()).toEqual((await computes()).sort());
  });
});

describe('associating a mixin with attributes (HTTP §9.3.2)', () => {
  it('sets the attributes an entity carries in the collection, e.g. the ones the mixin requires', async () => {
    const a = new URL(await createCompute('a')).pathname;
    const b = new URL(await createCompute('b')).pathname;
    const got = await app.inject({ method: 'GET', url: a, headers: { accept: 'application/occi+json' } });
    const { id } = JSON.parse(got.body) as { id: string };
    const r = await app.inject({
      method: 'POST',
      url: '/mixin/ssh_key/',
      headers: { 'content-type': 'application/occi+json', accept: 'application/occi+json' },
      payload: JSON.stringify({
        resources: [{ id, kind: COMPUTE, attributes: { 'occi.credentials.ssh.publickey': 'ssh-rsa AAAA' } }],
      }),
    });
    expect(r.statusCode, r.body).toBe(200);
    const members = JSON.parse(r.body) as {
      resources: { id: string; attributes: Record<string, unknown> }[];
    };
    expect(members.resources.map((m) => m.id)).toEqual([id]);
    expect(members.resources[0]!.attributes['occi.credentials.ssh.publickey']).toBe('ssh-rsa AAAA');
    // Without the required attribute the association is refused, naming it.
    const refused = await app.inject({
      method: 'POST',
      url: '/mixin/ssh_key/',
      headers: { 'content-type': 'text/plain', accept: 'text/plain' },
      payload: `X-OCCI-Location: ${b}\n`,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('occi.credentials.ssh.publickey');
  });
});

describe('character sets', () => {
  it('a text/plain body with characters beyond US-ASCII names charset=utf-8 (RFC 2046 §4.1.2); an ASCII one stays bare', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/compute/',
      headers: { 'content-type': 'application/occi+json' },
      payload: JSON.stringify({ kind: COMPUTE, title: 'Café ☕' }),
    });
    expect(created.statusCode, created.body).toBe(201);
    const location = new URL(String(created.headers.location)).pathname;
    const plain = await app.inject({ method: 'GET', url: location, headers: { accept: 'text/plain' } });
    expect(plain.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(plain.body).toContain('Café ☕');
    const ascii = await createCompute('plain-ascii');
    const other = await app.inject({
      method: 'GET',
      url: new URL(ascii).pathname,
      headers: { accept: 'text/plain' },
    });
    expect(other.headers['content-type']).toBe('text/plain');
  });
});

describe('user mixins as erocci defines them', () => {
  it('a location without its trailing slash is the collection location with it (HTTP §4)', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/-/',
      headers: { 'content-type': 'application/occi+json', accept: 'application/occi+json' },
      payload: JSON.stringify({
        mixins: [
          {
            scheme: 'http://schemas.example.org/occi#',
            term: 'mymixin0',
            location: `${BASE}/categories/mymixin0`,
          },
        ],
      }),
    });
    expect(r.statusCode, r.body).toBe(200);
    const defined = JSON.parse(r.body) as { mixins: { term: string; location: string }[] };
    expect(defined.mixins).toEqual([
      expect.objectContaining({ term: 'mymixin0', location: '/categories/mymixin0/' }),
    ]);
    const collection = await app.inject({
      method: 'GET',
      url: '/categories/mymixin0/',
      headers: { accept: 'text/uri-list' },
    });
    expect(collection.statusCode).toBe(200);
  });
});

describe('text in OCCI header fields', () => {
  /** A value as Node hands over header bytes: one character per byte. */
  const wire = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

  it('bytes that form UTF-8 are read as UTF-8 (MartServer sends raw UTF-8), and the entity keeps the text', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/compute/',
      headers: {
        'content-type': 'text/occi',
        category: KIND,
        'x-occi-attribute': wire('occi.core.title="Adaptateur réseau ☕"'),
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    const got = await app.inject({
      method: 'GET',
      url: new URL(String(r.headers.location)).pathname,
      headers: { accept: 'application/occi+json' },
    });
    expect(JSON.parse(got.body).title).toBe('Adaptateur réseau ☕');
  });

  it('text/occi responses carry text as UTF-8 bytes, not escapes (RFC 7230 has no \\u)', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/compute/',
      headers: { 'content-type': 'application/occi+json' },
      payload: JSON.stringify({ kind: COMPUTE, title: 'Adaptateur réseau ☕' }),
    });
    const got = await app.inject({
      method: 'GET',
      url: new URL(String(r.headers.location)).pathname,
      headers: { accept: 'text/occi' },
    });
    const field = String(got.headers['x-occi-attribute']);
    expect(field).toContain(`occi.core.title="${wire('Adaptateur réseau ☕')}"`);
    expect(headerText(field)).toContain('occi.core.title="Adaptateur réseau ☕"');
  });

  it('bytes that are no UTF-8 stay the characters they name', () => {
    expect(headerText('caf\u00e9')).toBe('caf\u00e9');
    expect(headerText(wire('café'))).toBe('café');
    expect(headerText('plain')).toBe('plain');
  });
});

describe('methods beyond the verb table', () => {
  it.each(['TRACE', 'PROPFIND', 'MKCOL'])(
    '%s is answered 501, in the negotiated rendering',
    async (method) => {
      const r = await app.inject({
        method: method as 'GET',
        url: '/compute/',
        headers: { accept: 'application/occi+json' },
      });
      expect(r.statusCode).toBe(501);
      expect(r.headers['content-type']).toMatch(/^application\/occi\+json/);
      expect(JSON.parse(r.body)).toMatchObject({
        error: { status: 501, message: expect.stringContaining(`does not serve method ${method}`) },
      });
    },
  );
});

describe('conditional writes (RFC 9110 §13.1)', () => {
  it('If-Match holds when any listed tag is current; If-None-Match naming the current tag is 412', async () => {
    const a = new URL(await createCompute('a')).pathname;
    const body = { 'content-type': 'text/plain' };
    const update = (headers: Record<string, string>, title: string) =>
      app.inject({
        method: 'POST',
        url: a,
        headers: { ...body, ...headers },
        payload: `X-OCCI-Attribute: occi.core.title="${title}"\n`,
      });
    expect((await update({ 'if-match': '"zzz", "1"' }, 'one')).statusCode).toBe(200);
    const refused = await update({ 'if-none-match': '"2"' }, 'two');
    expect(refused.statusCode).toBe(412);
    expect(refused.body).toContain('is at version 2, which If-None-Match names');
    expect((await update({ 'if-match': 'W/"2"' }, 'weak')).statusCode).toBe(412);
    expect((await update({ 'if-none-match': 'W/"1"' }, 'three')).statusCode).toBe(200);
  });
});

describe('web links are no filters', () => {
  it('a GET of a collection with only a standard Link header (RFC 8288) lists the collection', async () => {
    const a = await createCompute('a');
    const r = await app.inject({
      method: 'GET',
      url: '/compute/',
      headers: { accept: 'text/uri-list', link: '<https://example.com/style.css>; rel="preload"' },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.body.trim()).toBe(a);
  });
});
