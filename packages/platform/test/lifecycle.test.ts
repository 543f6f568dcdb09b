import { type Caller, createReferenceProvider, type Entity, MemoryStore, Model, OcciError } from '@occi/core';
import { describe, expect, it } from 'vitest';
import {
  APPLICATION_KIND,
  APPLICATION_START,
  APPLICATION_STOP,
  COMPONENT_KIND,
  COMPONENT_START,
  COMPONENT_STOP,
  COMPONENTLINK_KIND,
  createPlatform,
  DATABASE_MIXIN,
  DATABASELINK_MIXIN,
  databaseFlavour,
  type PlatformBackend,
  platform,
} from '../src/index.js';

const alice: Caller = { user: 'alice' };

function setup(extension = platform) {
  const flavour = databaseFlavour({
    scheme: 'http://paas.example/database#',
    term: 'postgresql16',
    version: '16.4',
    location: '/mixin/postgresql16/',
  });
  const model = Model.create([extension, { name: 'paas', mixins: [flavour] }]);
  return createReferenceProvider({ model, store: new MemoryStore() });
}

type Provider = ReturnType<typeof setup>;

async function failure(promise: Promise<unknown>): Promise<OcciError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OcciError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const act = (provider: Provider, location: string, action: string) =>
  provider.invoke(alice, { location }, { action, attributes: {} }).then((r) => r.entities[0]!);

const app = (provider: Provider, name = 'shop', attributes: Entity['attributes'] = {}) =>
  provider.create(alice, { kind: APPLICATION_KIND, attributes: { 'occi.app.name': name, ...attributes } });

const component = (provider: Provider, mixins: string[] = [], attributes: Entity['attributes'] = {}) =>
  provider.create(alice, { kind: COMPONENT_KIND, mixins, attributes });

const link = (provider: Provider, source: string, target: string, mixins: string[] = [], attributes = {}) =>
  provider.create(alice, {
    kind: COMPONENTLINK_KIND,
    mixins,
    attributes,
    source: { location: source },
    target: { location: target },
  });

describe('Application lifecycle through the reference provider', () => {
  it('creates an active application with server-assigned url and context', async () => {
    const provider = setup();
    const created = await app(provider, 'My Shop!');
    expect(created.location).toMatch(/^\/application\//);
    expect(created.attributes['occi.app.state']).toBe('active');
    const url = created.attributes['occi.app.url'] as string;
    expect(url).toMatch(/^https:\/\/my-shop-[0-9a-f]{8}\.apps\.example\/$/);
    expect(url).toContain(created.id.slice('urn:uuid:'.length, 'urn:uuid:'.length + 8));
    expect(created.attributes['occi.app.context']).toBe(`${url}context/`);
    expect(created.actions).toEqual([APPLICATION_STOP]);
  });

  it('gives two applications of the same name different urls', async () => {
    const provider = setup();
    const a = await app(provider, 'shop');
    const b = await app(provider, 'shop');
    expect(a.attributes['occi.app.url']).not.toBe(b.attributes['occi.app.url']);
  });

  it('uses the configured domain', async () => {
    const provider = setup(createPlatform({ domain: 'paas.example.org' }));
    const created = await app(provider, 'blog');
    expect(created.attributes['occi.app.url']).toMatch(/^https:\/\/blog-[0-9a-f]{8}\.paas\.example\.org\/$/);
  });

  it('refuses an application without a name', async () => {
    const error = await failure(setup().create(alice, { kind: APPLICATION_KIND, attributes: {} }));
    expect(error.kind).toBe('bad-request');
    expect(error.problems[0]).toMatchObject({
      code: 'missing-required-attribute',
      attribute: 'occi.app.name',
    });
  });

  it('refuses client values for server-managed url and state', async () => {
    const provider = setup();
    const url = await failure(app(provider, 'shop', { 'occi.app.url': 'https://mine.example/' }));
    expect(url.problems[0]).toMatchObject({ code: 'immutable-attribute', attribute: 'occi.app.url' });
    const state = await failure(app(provider, 'shop', { 'occi.app.state': 'inactive' }));
    expect(state.problems[0]).toMatchObject({ code: 'immutable-attribute', attribute: 'occi.app.state' });
  });

  it('stops and starts: active → inactive → active', async () => {
    const provider = setup();
    const { location } = await app(provider);
    const stopped = await act(provider, location!, APPLICATION_STOP);
    expect(stopped.attributes['occi.app.state']).toBe('inactive');
    expect(stopped.actions).toEqual([APPLICATION_START]);
    const started = await act(provider, location!, APPLICATION_START);
    expect(started.attributes['occi.app.state']).toBe('active');
    expect((await provider.get(alice, location!)).attributes['occi.app.state']).toBe('active');
  });

  it('refuses start when active and stop when inactive, leaving the state alone', async () => {
    const provider = setup();
    const { location } = await app(provider);
    const start = await failure(act(provider, location!, APPLICATION_START));
    expect(start.kind).toBe('conflict');
    expect(start.problems[0]).toMatchObject({ code: 'action-not-applicable' });
    expect(start.message).toContain('state active');
    await act(provider, location!, APPLICATION_STOP);
    const stop = await failure(act(provider, location!, APPLICATION_STOP));
    expect(stop.kind).toBe('conflict');
    expect((await provider.get(alice, location!)).attributes['occi.app.state']).toBe('inactive');
  });

  it('refuses component actions on an application', async () => {
    const provider = setup();
    const { location } = await app(provider);
    const error = await failure(act(provider, location!, COMPONENT_STOP));
    expect(error.kind).toBe('bad-request');
    expect(error.problems[0]!.code).toBe('unknown-action');
  });

  it('enters error with occi.app.state.message when the backend fails, and then accepts no action', async () => {
    const backend: PlatformBackend = {
      stop() {
        throw new Error('the router did not answer');
      },
    };
    const provider = setup(createPlatform({ backend }));
    const { location } = await app(provider);
    const error = await failure(act(provider, location!, APPLICATION_STOP));
    expect(error.problems[0]!.code).toBe('action-failed');
    const failed = await provider.get(alice, location!);
    expect(failed.attributes['occi.app.state']).toBe('error');
    expect(failed.attributes['occi.app.state.message']).toBe(
      'stop of the application failed: the router did not answer',
    );
    expect(failed.actions).toEqual([]);
    expect((await failure(act(provider, location!, APPLICATION_START))).kind).toBe('conflict');
  });

  it('calls the backend with the entity on success', async () => {
    const calls: string[] = [];
    const backend: PlatformBackend = {
      start: (e) => void calls.push(`start ${e.location}`),
      stop: async (e) => void calls.push(`stop ${e.location}`),
    };
    const provider = setup(createPlatform({ backend }));
    const { location } = await app(provider);
    await act(provider, location!, APPLICATION_STOP);
    await act(provider, location!, APPLICATION_START);
    expect(calls).toEqual([`stop ${location}`, `start ${location}`]);
  });
});

describe('Component lifecycle through the reference provider', () => {
  it('starts active (erratum 10) and stops and starts', async () => {
    const provider = setup();
    const created = await component(provider);
    expect(created.attributes['occi.component.state']).toBe('active');
    expect(created.actions).toEqual([COMPONENT_STOP]);
    const stopped = await act(provider, created.location!, COMPONENT_STOP);
    expect(stopped.attributes['occi.component.state']).toBe('inactive');
    const started = await act(provider, created.location!, COMPONENT_START);
    expect(started.attributes['occi.component.state']).toBe('active');
  });

  it('refuses start when active and stop when inactive', async () => {
    const provider = setup();
    const { location } = await component(provider);
    expect((await failure(act(provider, location!, COMPONENT_START))).kind).toBe('conflict');
    await act(provider, location!, COMPONENT_STOP);
    expect((await failure(act(provider, location!, COMPONENT_STOP))).kind).toBe('conflict');
  });

  it('enters error with occi.component.state.message when start fails', async () => {
    const provider = setup(
      createPlatform({ backend: { start: () => Promise.reject(new Error('no capacity')) } }),
    );
    const { location } = await component(provider);
    await act(provider, location!, COMPONENT_STOP);
    await failure(act(provider, location!, COMPONENT_START));
    const failed = await provider.get(alice, location!);
    expect(failed.attributes['occi.component.state']).toBe('error');
    expect(failed.attributes['occi.component.state.message']).toBe(
      'start of the component failed: no capacity',
    );
  });

  it('refuses a client-given state', async () => {
    const error = await failure(component(setup(), [], { 'occi.component.state': 'inactive' }));
    expect(error.problems[0]).toMatchObject({
      code: 'immutable-attribute',
      attribute: 'occi.component.state',
    });
  });
});

describe('ComponentLink graphs (Platform §3.3)', () => {
  it('links an application to a component and components to components', async () => {
    const provider = setup();
    const a = await app(provider);
    const web = await component(provider);
    const db = await component(provider);
    await link(provider, a.location!, web.location!);
    const l = await link(provider, web.location!, db.location!);
    expect(l.target).toEqual({ location: db.location, kind: COMPONENT_KIND });
    expect((await provider.get(alice, web.location!)).links?.map((x) => x.target?.location)).toEqual([
      db.location,
    ]);
  });

  it('refuses a link that closes a cycle, naming it', async () => {
    const provider = setup();
    const [x, y, z] = [await component(provider), await component(provider), await component(provider)];
    await link(provider, x.location!, y.location!);
    await link(provider, y.location!, z.location!);
    const error = await failure(link(provider, z.location!, x.location!));
    expect(error.kind).toBe('bad-request');
    expect(error.problems[0]!.code).toBe('invalid-link');
    expect(error.message).toContain(`${z.location} → ${x.location} → ${y.location} → ${z.location}`);
  });

  it('refuses a self-link', async () => {
    const provider = setup();
    const x = await component(provider);
    const error = await failure(link(provider, x.location!, x.location!));
    expect(error.problems[0]!.code).toBe('invalid-link');
    expect(error.message).toContain('cycle');
  });

  it('allows diamonds (acyclic with shared targets)', async () => {
    const provider = setup();
    const [a, b, c, d] = [
      await app(provider),
      await component(provider),
      await component(provider),
      await component(provider),
    ];
    await link(provider, a.location!, b.location!);
    await link(provider, a.location!, c.location!);
    await link(provider, b.location!, d.location!);
    await expect(link(provider, c.location!, d.location!)).resolves.toMatchObject({
      kind: COMPONENTLINK_KIND,
    });
  });

  it('refuses an update that retargets a link to close a cycle', async () => {
    const provider = setup();
    const [x, y, z] = [await component(provider), await component(provider), await component(provider)];
    await link(provider, x.location!, y.location!);
    const yz = await link(provider, y.location!, z.location!);
    const error = await failure(provider.update(alice, yz.location!, { target: { location: x.location! } }));
    expect(error.problems[0]!.code).toBe('invalid-link');
    expect(error.message).toContain('cycle');
  });

  it('refuses a component link to an application or from a plain resource', async () => {
    const provider = setup();
    const a = await app(provider);
    const c = await component(provider);
    const toApp = await failure(link(provider, c.location!, a.location!));
    expect(toApp.problems[0]).toMatchObject({ code: 'invalid-link' });
    expect(toApp.message).toContain('must be a component');
    const plain = await provider.create(alice, {
      kind: 'http://schemas.ogf.org/occi/core#resource',
      attributes: {},
    });
    const fromPlain = await failure(link(provider, plain.location!, c.location!));
    expect(fromPlain.message).toContain('must be an application or a component');
  });
});

describe('Database and DatabaseLink (Platform §4.1)', () => {
  it('refuses a database component without a version and accepts one with it', async () => {
    const provider = setup();
    const error = await failure(component(provider, [DATABASE_MIXIN]));
    expect(error.problems[0]).toMatchObject({
      code: 'missing-required-attribute',
      attribute: 'occi.database.version',
    });
    const db = await component(provider, [DATABASE_MIXIN], { 'occi.database.version': '8.0' });
    expect(db.attributes['occi.database.version']).toBe('8.0');
  });

  it('takes the version from a provider flavour', async () => {
    const db = await component(setup(), ['http://paas.example/database#postgresql16']);
    expect(db.attributes['occi.database.version']).toBe('16.4');
  });

  it('refuses the database mixin on an application', async () => {
    const error = await failure(
      setup().create(alice, {
        kind: APPLICATION_KIND,
        mixins: [DATABASE_MIXIN],
        attributes: { 'occi.app.name': 'x', 'occi.database.version': '1' },
      }),
    );
    expect(error.problems[0]!.code).toBe('mixin-not-applicable');
  });

  it('accepts a databaselink to a database component, with its uri', async () => {
    const provider = setup();
    const a = await app(provider);
    const db = await component(provider, ['http://paas.example/database#postgresql16']);
    const l = await link(provider, a.location!, db.location!, [DATABASELINK_MIXIN], {
      'occi.database.uri': 'postgresql://db.internal:5432/shop',
      'occi.database.username': 'shop',
    });
    expect(l.attributes['occi.database.uri']).toBe('postgresql://db.internal:5432/shop');
  });

  it('refuses a databaselink without uri, with a bad uri, or to a component that is no database', async () => {
    const provider = setup();
    const a = await app(provider);
    const db = await component(provider, ['http://paas.example/database#postgresql16']);
    const web = await component(provider);
    const noUri = await failure(link(provider, a.location!, db.location!, [DATABASELINK_MIXIN]));
    expect(noUri.problems[0]).toMatchObject({
      code: 'missing-required-attribute',
      attribute: 'occi.database.uri',
    });
    const badUri = await failure(
      link(provider, a.location!, db.location!, [DATABASELINK_MIXIN], { 'occi.database.uri': 'not a uri' }),
    );
    expect(badUri.problems[0]!.attribute).toBe('occi.database.uri');
    const notDb = await failure(
      link(provider, a.location!, web.location!, [DATABASELINK_MIXIN], {
        'occi.database.uri': 'mysql://h/db',
      }),
    );
    expect(notDb.problems[0]!.code).toBe('invalid-link');
    expect(notDb.message).toContain('does not have the http://schemas.ogf.org/occi/platform#database mixin');
  });
});
