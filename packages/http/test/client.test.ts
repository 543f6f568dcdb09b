/**
 * The client against a real server listening on 127.0.0.1 (port 0), in the
 * three wire formats: discovery, CRUD, links, listing (pages, filters),
 * actions, mixin association, user mixins and the errors of each.
 */
import { isOcciError, type OcciError } from '@occi/core';
import { jsonRendering } from '@occi/render-json';
import { textOcci, textPlain, uriList } from '@occi/render-text';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OcciClient, OcciClientError, type WireFormat } from '../src/client/index.js';
import {
  COMPUTE,
  COMPUTE_ACTION,
  STORAGE,
  STORAGELINK,
  startServer,
  type TestServer,
} from './fixtures/client-server.js';

const TAGS = 'http://example.com/occi/tags#';
const BLUE = `${TAGS}blue`;
const MEDIA: Record<WireFormat, string> = {
  json: 'application/occi+json',
  plain: 'text/plain',
  occi: 'text/occi',
};

/** The error a promise rejects with (failing the test when it resolves). */
async function failure(promise: Promise<unknown>): Promise<OcciClientError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(OcciClientError);
    return error as OcciClientError;
  }
  throw new Error('expected the promise to reject');
}

async function occiFailure(promise: Promise<unknown>): Promise<OcciError> {
  try {
    await promise;
  } catch (error) {
    expect(isOcciError(error)).toBe(true);
    return error as OcciError;
  }
  throw new Error('expected the promise to reject');
}

describe.each(['json', 'plain', 'occi'] as const)('OcciClient over %s', (format) => {
  let server: TestServer;
  let client: OcciClient;

  beforeEach(async () => {
    server = await startServer();
    client = new OcciClient({
      endpoint: server.url,
      renderings: [jsonRendering, textPlain, textOcci, uriList],
      rendering: format,
    });
  });

  afterEach(async () => {
    await client.close();
    await server.close();
  });

  /** The requests after discovery, as the server saw them. */
  const requests = () => server.seen.filter((r) => r.url !== '/-/');

  describe('discovery', () => {
    it('discovers the model from /-/ and takes collection locations from it', async () => {
      const model = await client.discover();
      expect(model.kind(COMPUTE)?.location).toBe('/compute/');
      expect(model.action(`${COMPUTE_ACTION}start`)?.term).toBe('start');
      expect(await client.locationOf(STORAGE)).toBe('/storage/');
      expect(await client.wireFormat()).toBe(format);
      // JSON when the client can read it (complete), text/plain otherwise.
      expect(server.seen[0]).toMatchObject({ method: 'GET', url: '/-/' });
      expect(server.seen[0]!.accept).toMatch(/^application\/occi\+json, text\/plain;q=0.5/);
    });

    it('caches the model, and refresh() asks again', async () => {
      const first = await client.discover();
      expect(await client.discover()).toBe(first);
      expect(server.seen).toHaveLength(1);
      const again = await client.refresh();
      expect(again).not.toBe(first);
      expect(server.seen).toHaveLength(2);
    });

    it('names the category that is unknown or unbound', async () => {
      const unknown = await occiFailure(client.locationOf('http://example.com/nope#thing'));
      expect(unknown.kind).toBe('not-found');
      expect(unknown.message).toContain('http://example.com/nope#thing');
      const unbound = await occiFailure(client.locationOf('http://schemas.ogf.org/occi/core#entity'));
      expect(unbound.message).toBe(
        'http://schemas.ogf.org/occi/core#entity is not bound to a location on this server (HTTP §4: it cannot be instantiated)',
      );
      const action = await occiFailure(client.locationOf(`${COMPUTE_ACTION}start`));
      expect(action.kind).toBe('bad-request');
      expect(action.message).toContain('is an action');
    });
  });

  describe('entities', () => {
    it('creates, gets, updates, replaces and deletes a compute', async () => {
      const created = await client.create({
        kind: COMPUTE,
        title: 'web',
        attributes: { 'occi.compute.cores': 2, 'occi.compute.hostname': 'web-1' },
      });
      expect(created.location).toMatch(/^\/compute\/[0-9a-f-]{36}$/);
      if (format === 'json') {
        expect(created.entity).toMatchObject({ kind: COMPUTE, title: 'web', location: created.location });
      } else {
        expect(created.entity).toBeUndefined();
      }

      const entity = await client.get(created.location);
      expect(entity).toMatchObject({
        kind: COMPUTE,
        mixins: [],
        title: 'web',
        location: created.location,
        version: '1',
        actions: [`${COMPUTE_ACTION}start`],
      });
      expect(entity.id).toBe(`urn:uuid:${created.location.slice('/compute/'.length)}`);
      expect(entity.attributes).toMatchObject({
        'occi.compute.cores': 2,
        'occi.compute.hostname': 'web-1',
        'occi.compute.state': 'inactive',
      });

      const updated = await client.update(created.location, { attributes: { 'occi.compute.cores': 4 } });
      expect(updated.attributes['occi.compute.cores']).toBe(4);
      expect(updated.attributes['occi.compute.hostname']).toBe('web-1');
      expect(updated.version).toBe('2');

      const replaced = await client.replace(
        created.location,
        { kind: COMPUTE, title: 'web (new)', attributes: { 'occi.compute.cores': 1 } },
        { ifMatch: updated.version! },
      );
      expect(replaced.created).toBe(false);
      expect(replaced.entity.title).toBe('web (new)');
      expect(replaced.entity.attributes['occi.compute.cores']).toBe(1);
      expect(replaced.entity.attributes['occi.compute.hostname']).toBeUndefined();

      await client.delete(created.location, { ifMatch: replaced.entity.version! });
      const gone = await failure(client.get(created.location));
      expect(gone.status).toBe(404);
      expect(gone.kind).toBe('not-found');
      expect(gone.serverMessage).toBe(`no entity at ${created.location}`);
      expect(gone.method).toBe('GET');
      expect(gone.url).toBe(`${server.url}${created.location}`);

      // Every request carried the wire format.
      for (const r of requests()) expect(r.accept).toBe(MEDIA[format]);
    });

    it('creates at a chosen location with PUT', async () => {
      const put = await client.replace('/compute/mine', { kind: COMPUTE, title: 'chosen' });
      expect(put.created).toBe(true);
      expect(put.entity).toMatchObject({ location: '/compute/mine', title: 'chosen', version: '1' });
      expect((await client.get('/compute/mine')).title).toBe('chosen');
    });

    it('carries strings with quotes, non-ASCII text and numbers through the rendering', async () => {
      const title = 'caf\u00e9 "quoted" \\ back';
      const { location } = await client.create({
        kind: COMPUTE,
        title,
        summary: 'line\twith tab',
        attributes: { 'occi.compute.memory': 1.5 },
      });
      const entity = await client.get(location);
      expect(entity.title).toBe(title);
      expect(entity.summary).toBe('line\twith tab');
      expect(entity.attributes['occi.compute.memory']).toBe(1.5);
    });

    it('creates a link between resources and reads its source and target', async () => {
      const compute = await client.create({ kind: COMPUTE });
      const storage = await client.create({ kind: STORAGE, attributes: { 'occi.storage.size': 10 } });
      const link = await client.create({
        kind: STORAGELINK,
        source: { location: compute.location, kind: COMPUTE },
        target: { location: storage.location, kind: STORAGE },
        attributes: { 'occi.storagelink.deviceid': '/dev/vdb' },
      });
      expect(link.location).toMatch(/^\/storagelink\//);
      const got = await client.get(link.location);
      expect(got.kind).toBe(STORAGELINK);
      expect(got.source?.location).toBe(compute.location);
      expect(got.target).toEqual({ location: storage.location, kind: STORAGE });
      const resource = await client.get(compute.location);
      expect(resource.links?.map((l) => l.target?.location)).toEqual([storage.location]);
    });

    it('creates a resource with an inline link (HTTP §9.3.1, GFD.229 §5.1.1)', async () => {
      const storage = await client.create({ kind: STORAGE, attributes: { 'occi.storage.size': 5 } });
      const { location } = await client.create({
        kind: COMPUTE,
        title: 'with disk',
        links: [
          {
            kind: STORAGELINK,
            mixins: [],
            target: { location: storage.location, kind: STORAGE },
            attributes: { 'occi.storagelink.deviceid': '/dev/vdc', 'occi.storagelink.mountpoint': '/data' },
          },
        ],
      });
      const compute = await client.get(location);
      expect(compute.links).toHaveLength(1);
      const link = compute.links![0]!;
      expect(link.kind).toBe(STORAGELINK);
      expect(link.target).toEqual({ location: storage.location, kind: STORAGE });
      expect(link.attributes['occi.storagelink.mountpoint']).toBe('/data');
      expect((await client.list(STORAGELINK)).locations).toHaveLength(1);
    });

    it('refuses a stale version with 412 (If-Match)', async () => {
      const { location } = await client.create({ kind: COMPUTE });
      const entity = await client.get(location);
      await client.update(location, { title: 'first' }, { ifMatch: entity.version! });
      const stale = await failure(client.update(location, { title: 'second' }, { ifMatch: entity.version! }));
      expect(stale.status).toBe(412);
      expect(stale.kind).toBe('precondition-failed');
      expect(stale.serverMessage).toBe(
        `${location} is at version 2, not 1 (If-Match): it changed since you read it`,
      );
      expect((await client.get(location)).title).toBe('first');
    });

    it('surfaces a 400 with the server message naming the attribute', async () => {
      const error = await failure(client.create({ kind: COMPUTE, attributes: { 'occi.compute.speed': 2 } }));
      expect(error.status).toBe(400);
      expect(error.kind).toBe('bad-request');
      expect(error.method).toBe('POST');
      expect(error.url).toBe(`${server.url}/compute/`);
      expect(error.serverMessage).toMatch(/^unknown attribute occi\.compute\.speed: /);
      expect(error.message).toBe(`${error.serverMessage} (POST ${server.url}/compute/ answered 400)`);
      if (format === 'json') expect(error.problems[0]?.attribute).toBe('occi.compute.speed');
    });

    it('needs the kind to know where to create', async () => {
      const error = await occiFailure(client.create({ title: 'kindless' }));
      expect(error.code).toBe('missing-kind');
      const action = await occiFailure(client.create({ kind: `${COMPUTE_ACTION}start` }));
      expect(action.message).toBe(`${COMPUTE_ACTION}start is an action, not a kind`);
      expect(requests()).toHaveLength(0);
    });

    it('deletes every entity of a kind', async () => {
      await client.create({ kind: COMPUTE });
      await client.create({ kind: COMPUTE });
      await client.create({ kind: STORAGE, attributes: { 'occi.storage.size': 1 } });
      await client.deleteAll(COMPUTE);
      expect((await client.list(COMPUTE)).locations).toEqual([]);
      expect((await client.list(STORAGE)).locations).toHaveLength(1);
    });
  });

  describe('listing', () => {
    const make = async (n: number) => {
      const locations: string[] = [];
      for (let i = 0; i < n; i++)
        locations.push((await client.create({ kind: COMPUTE, title: `vm-${i}` })).location);
      return locations;
    };

    it('lists a collection by kind or by location', async () => {
      const locations = await make(3);
      const byKind = await client.list(COMPUTE);
      expect(byKind.locations.sort()).toEqual([...locations].sort());
      expect(byKind.entities).toHaveLength(format === 'json' ? 3 : 0);
      const byLocation = await client.list(`${server.url}/compute/`);
      expect(byLocation.locations.sort()).toEqual([...locations].sort());
      // An unbound path: the union of the collections below it (HTTP §4.1).
      expect((await client.list('/')).locations.sort()).toEqual([...locations].sort());
    });

    it('gets the entities of a text listing with details', async () => {
      await make(2);
      const listed = await client.list(COMPUTE, { details: true });
      expect(listed.entities.map((e) => e.title).sort()).toEqual(['vm-0', 'vm-1']);
      for (const e of listed.entities) expect(listed.locations).toContain(e.location);
    });

    it('gets one page, and all pages until an empty one (HTTP §5)', async () => {
      const locations = await make(5);
      const first = await client.list(COMPUTE, { page: 1, number: 2 });
      const third = await client.list(COMPUTE, { page: 3, number: 2 });
      const fourth = await client.list(COMPUTE, { page: 4, number: 2 });
      expect(first.locations).toHaveLength(2);
      expect(third.locations).toHaveLength(1);
      expect(fourth).toEqual({ locations: [], entities: [] });

      const before = requests().length;
      const all = await client.list(COMPUTE, { all: true, number: 2 });
      expect(all.locations.sort()).toEqual([...locations].sort());
      expect(
        requests()
          .slice(before)
          .map((r) => r.url),
      ).toEqual([1, 2, 3, 4].map((p) => `/compute/?page=${p}&number=2`));
    });

    it('surfaces 413 for a page larger than the server allows', async () => {
      const error = await failure(client.list(COMPUTE, { number: 5000 }));
      expect(error.status).toBe(413);
      expect(error.kind).toBe('payload-too-large');
      expect(error.serverMessage).toBe("number=5000 is above this server's page size limit of 1000");
    });

    it('refuses a page that is not a positive integer before sending', async () => {
      const error = await occiFailure(client.list(COMPUTE, { page: 0 }));
      expect(error.code).toBe('invalid-pagination');
      expect(requests()).toHaveLength(0);
    });

    it('filters by attribute values and by categories, in header fields (HTTP §6.2)', async () => {
      const [a, b] = await make(3);
      const byTitle = await client.list(COMPUTE, { filter: { attributes: { 'occi.core.title': 'vm-1' } } });
      expect(byTitle.locations).toEqual([b]);
      expect(
        (await client.list(COMPUTE, { filter: { attributes: { 'occi.core.title': 'none' } } })).locations,
      ).toEqual([]);

      await client.defineMixin({ scheme: TAGS, term: 'blue', location: '/tags/blue/' });
      await client.associate(BLUE, [a!]);
      const byMixin = await client.list(COMPUTE, { filter: { categories: [BLUE] } });
      expect(byMixin.locations).toEqual([a]);
      const byBoth = await client.list('/', {
        filter: { categories: [COMPUTE, BLUE], attributes: { 'occi.core.title': 'vm-0' } },
      });
      expect(byBoth.locations).toEqual([a]);
    });

    it('names an unknown filter category', async () => {
      const error = await occiFailure(client.list(COMPUTE, { filter: { categories: [`${TAGS}red`] } }));
      expect(error.message).toContain(`${TAGS}red`);
    });
  });

  describe('actions', () => {
    it('starts and stops a compute', async () => {
      const { location } = await client.create({ kind: COMPUTE });
      const started = await client.invoke(location, `${COMPUTE_ACTION}start`);
      expect(started.entity?.attributes['occi.compute.state']).toBe('active');
      expect(started.entity?.location).toBe(location);
      expect(started.entity?.actions).toContain(`${COMPUTE_ACTION}stop`);
      const stopped = await client.invoke(location, `${COMPUTE_ACTION}stop`, { method: 'acpioff' });
      expect(stopped.entity?.attributes['occi.compute.state']).toBe('inactive');
      expect(requests().at(-1)!.url).toBe(`${location}?action=stop`);
    });

    it('surfaces 409 for an action the state does not allow', async () => {
      const { location } = await client.create({ kind: COMPUTE });
      const error = await failure(client.invoke(location, `${COMPUTE_ACTION}stop`));
      expect(error.status).toBe(409);
      expect(error.kind).toBe('conflict');
      expect(error.serverMessage).toBe(
        `action stop is not applicable to ${location} in state inactive (applicable now: start)`,
      );
    });

    it('invokes an action on a whole collection (HTTP §9.4)', async () => {
      const a = await client.create({ kind: COMPUTE });
      const b = await client.create({ kind: COMPUTE });
      const result = await client.invoke(COMPUTE, `${COMPUTE_ACTION}start`);
      expect(result.locations?.sort()).toEqual([a.location, b.location].sort());
      if (format === 'json')
        expect(result.entities?.map((e) => e.attributes['occi.compute.state'])).toEqual(['active', 'active']);
      expect((await client.get(a.location)).attributes['occi.compute.state']).toBe('active');
    });

    it('returns the category save creates, and the model then knows it', async () => {
      const { location } = await client.create({ kind: COMPUTE });
      await client.invoke(location, `${COMPUTE_ACTION}start`);
      const saved = await client.invoke(location, `${COMPUTE_ACTION}save`);
      expect(saved.entity).toBeUndefined();
      expect(saved.categories).toHaveLength(1);
      const template = saved.categories![0]!;
      expect(template.class).toBe('mixin');
      expect(template.title).toBe(`Saved from ${location}`);
      const id = template.scheme + template.term;
      expect(await client.locationOf(id)).toBe(template.class === 'mixin' ? template.location : undefined);
    });

    it('names an action the model does not have', async () => {
      const { location } = await client.create({ kind: COMPUTE });
      const error = await occiFailure(client.invoke(location, `${COMPUTE_ACTION}explode`));
      expect(error.kind).toBe('not-found');
      expect(error.message).toContain(`${COMPUTE_ACTION}explode`);
    });
  });

  describe('mixins', () => {
    it('defines a user mixin, associates, dissociates and sets membership', async () => {
      const mixin = await client.defineMixin({
        scheme: TAGS,
        term: 'blue',
        title: 'Blue things',
        location: '/tags/blue/',
      });
      expect(mixin).toMatchObject({ class: 'mixin', scheme: TAGS, term: 'blue', location: '/tags/blue/' });
      expect(await client.locationOf(BLUE)).toBe('/tags/blue/');

      const a = await client.create({ kind: COMPUTE, title: 'a' });
      const b = await client.create({ kind: COMPUTE, title: 'b' });
      const c = await client.create({ kind: STORAGE, attributes: { 'occi.storage.size': 1 } });

      const associated = await client.associate(BLUE, [a.location, b.location]);
      expect(associated.locations.sort()).toEqual([a.location, b.location].sort());
      expect((await client.get(a.location)).mixins).toEqual([BLUE]);
      expect((await client.list(BLUE)).locations.sort()).toEqual([a.location, b.location].sort());

      // An entity as list() or get() returned it refers to itself.
      const storage = await client.get(c.location);
      await client.associate(BLUE, [storage]);
      expect((await client.list(BLUE)).locations).toContain(c.location);

      const remaining = await client.dissociate(BLUE, [a.location]);
      expect(remaining.locations.sort()).toEqual([b.location, c.location].sort());
      expect((await client.get(a.location)).mixins).toEqual([]);

      const exactly = await client.setMembership(BLUE, [a.location]);
      expect(exactly.locations).toEqual([a.location]);
      expect((await client.get(b.location)).mixins).toEqual([]);

      const none = await client.dissociate(BLUE);
      expect(none.locations).toEqual([]);
      expect((await client.get(a.location)).mixins).toEqual([]);

      await client.removeMixin(BLUE);
      const gone = await occiFailure(client.locationOf(BLUE));
      expect(gone.kind).toBe('not-found');
    });

    it('defines a mixin that depends on and applies to others', async () => {
      const mixin = await client.defineMixin({
        scheme: TAGS,
        term: 'fast',
        location: '/tags/fast/',
        depends: ['http://schemas.ogf.org/occi/infrastructure#os_tpl'],
        applies: [COMPUTE],
      });
      expect(mixin.class === 'mixin' && mixin.depends).toEqual([
        'http://schemas.ogf.org/occi/infrastructure#os_tpl',
      ]);
      const storage = await client.create({ kind: STORAGE, attributes: { 'occi.storage.size': 1 } });
      const refused = await failure(client.associate(`${TAGS}fast`, [storage.location]));
      expect(refused.status).toBe(400);
      expect(refused.serverMessage).toContain(`applies to ${COMPUTE}`);
    });

    it('surfaces 404 for an entity that is not there', async () => {
      await client.defineMixin({ scheme: TAGS, term: 'blue', location: '/tags/blue/' });
      const error = await failure(client.associate(BLUE, ['/compute/missing']));
      expect(error.status).toBe(404);
      expect(error.serverMessage).toBe('no entity at /compute/missing');
    });

    it('refuses deleteAll on a mixin collection, which would only dissociate', async () => {
      await client.defineMixin({ scheme: TAGS, term: 'blue', location: '/tags/blue/' });
      const error = await occiFailure(client.deleteAll(BLUE));
      expect(error.message).toContain('use dissociate()');
    });

    it('surfaces the server refusing to remove an extension mixin', async () => {
      const error = await failure(client.removeMixin('http://schemas.ogf.org/occi/infrastructure#os_tpl'));
      expect(error.status).toBeGreaterThanOrEqual(400);
      expect(error.serverMessage).toContain('os_tpl');
    });
  });
});
