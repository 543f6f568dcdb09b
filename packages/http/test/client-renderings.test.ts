/**
 * The client knows renderings only as values: a rendering of another media
 * type reaches the server plugin and the client alike, for every operation,
 * without the client knowing its name.
 */
import type { Rendering } from '@occi/core';
import { isOcciError } from '@occi/core';
import { jsonRendering } from '@occi/render-json';
import { textOcci, textPlain } from '@occi/render-text';
import { afterEach, describe, expect, it } from 'vitest';
import { OcciClient, OcciClientError } from '../src/client/index.js';
import { COMPUTE, COMPUTE_ACTION, STORAGE, startServer, type TestServer } from './fixtures/client-server.js';

const VENDOR = 'application/vnd.example.occi+json';
/** A fourth rendering: another media type, the JSON rendering's messages. */
const vendor: Rendering = { ...jsonRendering, mediaTypes: [VENDOR] };
const TAGS = 'http://example.com/occi/tags#';

const servers: TestServer[] = [];
const clients: OcciClient[] = [];

async function serve(renderings: readonly Rendering[]): Promise<TestServer> {
  const server = await startServer({ renderings });
  servers.push(server);
  return server;
}

function connect(server: TestServer, renderings: readonly Rendering[], rendering?: string): OcciClient {
  const client = new OcciClient({
    endpoint: server.url,
    renderings,
    ...(rendering !== undefined ? { rendering } : {}),
  });
  clients.push(client);
  return client;
}

afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const s of servers.splice(0)) await s.close();
});

describe('a rendering of another media type', () => {
  it('serves every operation, server and client', async () => {
    const server = await serve([vendor, textOcci]);
    const client = connect(server, [vendor, textOcci]);
    expect(await client.wireFormat()).toBe(VENDOR);
    const { location, entity } = await client.create({ kind: COMPUTE, title: 'vm' });
    expect(entity?.title).toBe('vm');
    expect((await client.update(location, { title: 'renamed' })).title).toBe('renamed');
    const started = await client.invoke(location, `${COMPUTE_ACTION}start`);
    expect(started.entity?.attributes['occi.compute.state']).toBe('active');
    await client.defineMixin({ scheme: TAGS, term: 'blue', location: '/tags/blue/', applies: [COMPUTE] });
    expect((await client.associate(`${TAGS}blue`, [location])).locations).toEqual([location]);
    const filtered = await client.list(COMPUTE, { filter: { attributes: { 'occi.core.title': 'renamed' } } });
    expect(filtered.locations).toEqual([location]);
    await client.removeMixin(`${TAGS}blue`);
    await client.delete(location);
    const gone = await client.get(location).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(OcciClientError);
    expect((gone as OcciClientError).serverMessage).toBe(`no entity at ${location}`);
    for (const r of server.seen.filter((s) => s.url !== '/-/')) expect(r.accept).toBe(VENDOR);
  });

  it('is asked for by its media type', async () => {
    const server = await serve([textPlain, vendor]);
    const client = connect(server, [textPlain, vendor], VENDOR);
    expect(await client.wireFormat()).toBe(VENDOR);
    const { location } = await client.create({ kind: STORAGE, attributes: { 'occi.storage.size': 1 } });
    expect((await client.get(location)).attributes['occi.storage.size']).toBe(1);
  });
});

describe('the renderings decide', () => {
  it('the order of preference: the first the server offers, those in header fields last', async () => {
    const server = await serve([textPlain, textOcci, jsonRendering]);
    expect(await connect(server, [textPlain, jsonRendering]).wireFormat()).toBe('plain');
    expect(await connect(server, [textOcci, jsonRendering]).wireFormat()).toBe('json');
    const vendorOnly = await serve([vendor]);
    const error = await connect(vendorOnly, [jsonRendering, textPlain])
      .discover()
      .catch((e: unknown) => e);
    expect((error as OcciClientError).kind).toBe('not-acceptable');
  });

  it('a mixin the wire rendering cannot carry whole goes in another the server offers', async () => {
    const server = await serve([textPlain, jsonRendering]);
    const client = connect(server, [textPlain, jsonRendering], 'plain');
    const mixin = await client.defineMixin({
      scheme: TAGS,
      term: 'fast',
      location: '/tags/fast/',
      applies: [COMPUTE],
    });
    expect(mixin.applies).toEqual([COMPUTE]);
    const textOnly = connect(server, [textPlain]);
    const refused = await textOnly
      .defineMixin({ scheme: TAGS, term: 'slow', location: '/tags/slow/', applies: [COMPUTE] })
      .catch((e: unknown) => e);
    expect(isOcciError(refused) && refused.message).toContain('"applies" has no form in a Category value');
  });

  it('filters only in a rendering that travels in header fields (HTTP §6)', async () => {
    const server = await serve([jsonRendering]);
    const client = connect(server, [jsonRendering]);
    const refused = await client
      .list(COMPUTE, { filter: { attributes: { 'occi.core.title': 'x' } } })
      .catch((e: unknown) => e);
    expect(isOcciError(refused) && refused.message).toContain(
      'filtering needs a rendering that travels in header fields',
    );
    // Without a filter the same client lists.
    expect(await client.list(COMPUTE)).toEqual({ locations: [], entities: [] });
  });

  it('errors are read by the rendering of their Content-Type', async () => {
    const server = await serve([vendor]);
    const client = connect(server, [vendor]);
    const error = await client
      .create({ kind: COMPUTE, attributes: { 'occi.compute.speed': 1 } })
      .catch((e) => e);
    expect(error).toBeInstanceOf(OcciClientError);
    expect((error as OcciClientError).problems[0]?.attribute).toBe('occi.compute.speed');
  });
});
