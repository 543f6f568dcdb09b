/**
 * The client against a server that is not ours: an OCCI 1.1 server
 * (fixtures/occi11-server.ts) that answers the JSON discovery with a JSON
 * array, lists neither the Core kinds nor attribute types, and answers a
 * create with `201`, a Location and the body `OK`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LINK_KIND, RESOURCE_KIND } from '@occi/core';
import { jsonRendering } from '@occi/render-json';
import { textOcci, textPlain } from '@occi/render-text';
import { afterEach, describe, expect, it } from 'vitest';
import { OcciClient, OcciClientError } from '../src/client/index.js';
import { startServer, type TestServer } from './fixtures/client-server.js';
import { INFRA, type Occi11Options, type Occi11Server, startOcci11Server } from './fixtures/occi11-server.js';

const ALL = [jsonRendering, textPlain, textOcci];
const COMPUTE = `${INFRA}compute`;
const NETWORKINTERFACE = `${INFRA}networkinterface`;
const START = 'http://schemas.ogf.org/occi/infrastructure/compute/action#start';
const FIRST_ACCEPT = 'application/occi+json, text/plain;q=0.5, text/occi;q=0.1';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function occi11(options: Occi11Options = {}): Promise<Occi11Server> {
  const server = await startOcci11Server(options);
  closers.push(() => server.close());
  return server;
}

async function ours(): Promise<TestServer> {
  const server = await startServer();
  closers.push(() => server.close());
  return server;
}

function connect(options: Partial<ConstructorParameters<typeof OcciClient>[0]> & { endpoint: string }) {
  const client = new OcciClient({ renderings: ALL, ...options });
  closers.push(() => client.close());
  return client;
}

const discoveryAccepts = (server: Occi11Server) =>
  server.requests.filter((r) => r.url === '/-/' && r.method === 'GET').map((r) => r.accept);

describe('discovery falls back to the renderings it also speaks (HTTP §5.2, §7.1)', () => {
  it.each([
    ['a JSON array as application/json', { jsonType: 'application/json' }],
    ['a JSON array as application/occi+json', { jsonType: 'application/occi+json' }],
    ['406 Not Acceptable', { json: 406 }],
  ] as const)('JSON answered with %s: text/plain, asked for alone, and remembered', async (_, options) => {
    const server = await occi11(options);
    const client = connect({ endpoint: server.url });
    expect(client.learnt()).toBeUndefined();
    expect((await client.discover()).kind(COMPUTE)?.location).toBe('/compute/');
    expect(discoveryAccepts(server)).toEqual([FIRST_ACCEPT, 'text/plain, text/occi;q=0.1']);
    expect(await client.wireFormat()).toBe('plain');
    expect(client.learnt()).toEqual({ discoveredIn: 'text/plain' });
    // Discovered again (a changed model), it starts from what it learnt.
    await client.refresh();
    expect(discoveryAccepts(server).slice(2)).toEqual(['text/plain, text/occi;q=0.1']);
  });

  it('text/plain unreadable too: text/occi', async () => {
    const server = await occi11({ brokenPlain: true });
    const client = connect({ endpoint: server.url });
    expect((await client.discover()).kind(COMPUTE)).toBeDefined();
    expect(discoveryAccepts(server)).toEqual([FIRST_ACCEPT, 'text/plain, text/occi;q=0.1', 'text/occi']);
    expect(await client.wireFormat()).toBe('occi');
    expect(client.learnt()).toEqual({ discoveredIn: 'text/occi' });
  });

  it('a client given what another learnt asks for it first, and keeps it', async () => {
    const server = await occi11();
    const client = connect({ endpoint: server.url, learnt: { discoveredIn: 'text/plain' } });
    expect(await client.wireFormat()).toBe('plain');
    expect(discoveryAccepts(server)).toEqual(['text/plain, text/occi;q=0.1']);
    expect(client.learnt()).toEqual({ discoveredIn: 'text/plain' });
  });

  it('what was learnt holds while it works; a rendering asked for that is preferred over it is tried again', async () => {
    const server = await ours();
    // Our server answers text/plain when asked; the renderings preferred over it are not used then.
    const stale = connect({ endpoint: server.url, learnt: { discoveredIn: 'text/plain' } });
    expect(await stale.wireFormat()).toBe('plain');
    expect(server.seen.at(-1)?.accept).toBe('text/plain, text/occi;q=0.1');
    // Asked for JSON, the client tries JSON again, and forgets.
    const asked = connect({
      endpoint: server.url,
      learnt: { discoveredIn: 'text/plain' },
      rendering: 'json',
    });
    expect(await asked.wireFormat()).toBe('json');
    expect(server.seen.at(-1)?.accept).toBe(FIRST_ACCEPT);
    expect(asked.learnt()).toBeUndefined();
  });

  it('a learnt rendering that stopped working: the rest, then those preferred over it, are tried again', async () => {
    const real = await ours();
    const model = await (
      await fetch(`${real.url}/-/`, { headers: { accept: 'application/occi+json' } })
    ).text();
    const seen: (string | undefined)[] = [];
    const upgraded = createServer((req, res) => {
      seen.push(req.headers.accept);
      if (req.headers.accept?.startsWith('application/occi+json')) {
        res.writeHead(200, { 'content-type': 'application/occi+json' });
        res.end(model);
      } else {
        res.writeHead(406, { 'content-type': 'text/plain' });
        res.end('only JSON now\n');
      }
    });
    await new Promise<void>((resolve) => upgraded.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => upgraded.close(() => resolve())));
    const client = connect({
      endpoint: `http://127.0.0.1:${(upgraded.address() as AddressInfo).port}`,
      learnt: { discoveredIn: 'text/plain' },
    });
    expect(await client.wireFormat()).toBe('json');
    expect(seen).toEqual(['text/plain, text/occi;q=0.1', 'text/occi', 'application/occi+json']);
    expect(client.learnt()).toBeUndefined();
  });

  it('a rendering asked for is not replaced: its unreadable discovery is the error', async () => {
    const server = await occi11();
    const client = connect({ endpoint: server.url, rendering: 'json' });
    const error = await client.discover().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OcciClientError);
    expect((error as OcciClientError).status).toBe(200);
    expect((error as OcciClientError).message).toBe(
      `the query interface the server answered (application/json) cannot be read: (document): expected an object with "kinds", "mixins" or "actions", or a category object, got an array (GET ${server.url}/-/ answered 200)`,
    );
    expect(discoveryAccepts(server)).toEqual([FIRST_ACCEPT]);
  });

  it('nothing readable: every rendering tried once, every reason given', async () => {
    const seen: (string | undefined)[] = [];
    const liar = createServer((req, res) => {
      seen.push(req.headers.accept);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('[]');
    });
    await new Promise<void>((resolve) => liar.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => liar.close(() => resolve())));
    const client = connect({ endpoint: `http://127.0.0.1:${(liar.address() as AddressInfo).port}` });
    const error = (await client.discover().catch((e: unknown) => e)) as OcciClientError;
    expect(error.kind).toBe('internal');
    expect(error.problems).toHaveLength(3);
    expect(seen).toEqual([FIRST_ACCEPT, 'text/plain, text/occi;q=0.1', 'text/occi']);
    expect(client.learnt()).toBeUndefined();
  });

  it('our own server: JSON at once, nothing to learn, attribute types known', async () => {
    const server = await ours();
    const client = connect({ endpoint: server.url });
    expect(await client.wireFormat()).toBe('json');
    expect(server.seen).toHaveLength(1);
    expect(client.learnt()).toBeUndefined();
    expect(await client.attributeTypesKnown()).toBe(true);
  });

  it('learnt: a media type none of the renderings serves is ignored; another shape is refused', () => {
    expect(
      new OcciClient({
        endpoint: 'http://x',
        renderings: [jsonRendering],
        learnt: { discoveredIn: 'text/plain' },
      }).learnt(),
    ).toBeUndefined();
    expect(
      () => new OcciClient({ endpoint: 'http://x', renderings: ALL, learnt: 'text/plain' as never }),
    ).toThrow('learnt must be what OcciClient.learnt() returned: { discoveredIn: <media type> }');
  });
});

describe('the Core kinds and attribute types of a text discovery (Core §5.4, erratum 4)', () => {
  it('knows entity, resource and link, bound nowhere, and the link kinds of the server are links', async () => {
    const server = await occi11();
    const model = await connect({ endpoint: server.url }).discover();
    expect(model.isLinkKind(NETWORKINTERFACE)).toBe(true);
    expect(model.isResourceKind(COMPUTE)).toBe(true);
    expect(model.kind(LINK_KIND)?.location).toBeUndefined();
    expect(model.kind(RESOURCE_KIND)?.attributes.get('occi.core.summary')?.type).toBe('string');
    expect([...model.attributes(NETWORKINTERFACE, []).keys()]).toContain('occi.core.target');
  });

  it('says the attribute types are unknown after a text discovery, known after JSON', async () => {
    const other = await occi11();
    expect(await connect({ endpoint: other.url }).attributeTypesKnown()).toBe(false);
    const server = await ours();
    expect(await connect({ endpoint: server.url, renderings: [textPlain] }).attributeTypesKnown()).toBe(
      false,
    );
    expect(await connect({ endpoint: server.url, renderings: [textOcci] }).attributeTypesKnown()).toBe(false);
    expect(await connect({ endpoint: server.url }).attributeTypesKnown()).toBe(true);
  });
});

describe('writes answered 2xx with a body that is no rendering (HTTP §8, §9)', () => {
  it('create: 201 with a Location and `OK` is the location; the entity is got from there', async () => {
    const server = await occi11();
    const client = connect({ endpoint: server.url });
    const created = await client.create({ kind: COMPUTE, attributes: { 'occi.compute.cores': 2 } });
    expect(created).toEqual({ location: expect.stringMatching(new RegExp(`^/compute/${UUID}$`)) });
    const [post] = server.writes();
    expect(post).toMatchObject({
      method: 'POST',
      url: '/compute/',
      contentType: 'text/plain',
      accept: 'text/plain',
    });
    expect(post!.body).toBe(
      `Category: compute; scheme="${INFRA}"; class="kind"\r\nX-OCCI-Attribute: occi.compute.cores=2\r\n`,
    );
    const entity = await client.get(created.location);
    expect(entity.attributes['occi.compute.cores']).toBe(2);
  });

  it('create in text/occi: the same', async () => {
    const server = await occi11();
    const client = connect({ endpoint: server.url, rendering: 'occi' });
    const created = await client.create({ kind: COMPUTE, title: 'web' });
    expect(created.location).toMatch(new RegExp(`^/compute/${UUID}$`));
    expect(server.writes()[0]!.fields['x-occi-attribute']).toBe('occi.core.title="web"');
  });

  it('create: 200 with `OK` and no Location says nothing of where: an error naming that', async () => {
    const server = await occi11({ createdWithoutLocation: true });
    const error = (await connect({ endpoint: server.url })
      .create({ kind: COMPUTE })
      .catch((e: unknown) => e)) as OcciClientError;
    expect(error.kind).toBe('internal');
    expect(error.message).toBe(
      `the server answered 200 to the create with neither a Location nor an entity rendering (POST ${server.url}/compute/ answered 200)`,
    );
  });

  it('a link of a kind the server relates to Core link only: created with its source and target', async () => {
    const server = await occi11();
    const client = connect({ endpoint: server.url });
    const { location } = await client.create({
      kind: NETWORKINTERFACE,
      source: { location: '/compute/1' },
      target: { location: '/network/2' },
    });
    expect(location).toMatch(new RegExp(`^/link/networkinterface/${UUID}$`));
    expect(server.writes()[0]!.body).toBe(
      [
        `Category: networkinterface; scheme="${INFRA}"; class="kind"`,
        'X-OCCI-Attribute: occi.core.source="/compute/1"',
        'X-OCCI-Attribute: occi.core.target="/network/2"',
        '',
      ].join('\r\n'),
    );
  });

  it('replace, update, invoke, delete: `OK` is success; replace and update read the entity back', async () => {
    const server = await occi11();
    const client = connect({ endpoint: server.url });
    const { location } = await client.create({ kind: COMPUTE, title: 'a' });
    const replaced = await client.replace('/compute/fixed', { kind: COMPUTE, title: 'b' });
    expect(replaced.created).toBe(true);
    expect(replaced.entity).toMatchObject({ location: '/compute/fixed', kind: COMPUTE, title: 'b' });
    const updated = await client.update(location, { attributes: { 'occi.compute.hostname': 'web' } });
    expect(updated.attributes['occi.compute.hostname']).toBe('web');
    expect(await client.invoke(location, START)).toEqual({});
    await client.delete(location);
    expect(server.writes().map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /compute/',
      'PUT /compute/fixed',
      'GET /compute/fixed',
      `POST ${location}`,
      `GET ${location}`,
      `POST ${location}?action=start`,
      `DELETE ${location}`,
    ]);
  });

  it('a user mixin and mixin membership answered `OK`: read back from discovery and the collection', async () => {
    const server = await occi11();
    const client = connect({ endpoint: server.url });
    const { location } = await client.create({ kind: COMPUTE });
    const mixin = await client.defineMixin({
      scheme: 'http://example.com/tags#',
      term: 'prod',
      location: '/tags/prod/',
    });
    expect(mixin).toMatchObject({ class: 'mixin', term: 'prod', location: '/tags/prod/' });
    expect(await client.associate('http://example.com/tags#prod', [location])).toEqual({
      locations: [location],
      entities: [],
    });
  });

  it('list --all: a server that ignores pagination gives each entity once', async () => {
    const server = await occi11();
    const client = connect({ endpoint: server.url });
    const made = [await client.create({ kind: COMPUTE }), await client.create({ kind: COMPUTE })];
    const before = server.requests.length;
    const all = await client.list(COMPUTE, { all: true });
    expect(all.locations.sort()).toEqual(made.map((c) => c.location).sort());
    expect(server.requests.slice(before).map((r) => r.url)).toEqual([
      '/compute/?page=1&number=100',
      '/compute/?page=2&number=100',
    ]);
  });
});
