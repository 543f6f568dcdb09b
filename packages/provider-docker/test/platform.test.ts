/**
 * OCCI Platform on a real engine (Podman's Docker-compatible API), with
 * images the tests build: an application made from its template runs, its
 * URL answers a plain HTTP GET, a linked component is reached by name, a
 * linked database gives it credentials of its own, and nothing is left in
 * the engine once everything is deleted.
 */
import type { Caller, Entity } from '@occi/core';
import {
  createReferenceProvider,
  isOcciError,
  MemoryStore,
  Model,
  type OcciError,
  type ReferenceProvider,
} from '@occi/core';
import { infrastructure } from '@occi/infrastructure';
import {
  APP_TPL_MIXIN,
  APPLICATION_KIND,
  APPLICATION_START,
  APPLICATION_STOP,
  COMPONENT_KIND,
  COMPONENT_STOP,
  COMPONENTLINK_KIND,
  DATABASE_MIXIN,
  DATABASELINK_MIXIN,
  platform,
} from '@occi/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingEngine } from '../../../test/engines.js';
import { APP_TEMPLATE_SCHEME, DATABASE_SCHEME, docker, LOCATION_LABEL } from '../src/index.js';
import { podmanMissing, startTestEngine, TEST_IMAGE, type TestEngine } from './support/engine.js';
import { buildPlatformImages, KV_DATABASE, SERVICE_IMAGE, WEB_PAGE } from './support/images.js';

const alice: Caller = { user: 'alice' };
const bob: Caller = { user: 'bob' };
const WEB = `${APP_TEMPLATE_SCHEME}occi-test_web`;
const SERVICE = `${APP_TEMPLATE_SCHEME}occi-test_service`;
const KV = `${DATABASE_SCHEME}kv_1`;

const missing = missingEngine('podman', podmanMissing());
let engine: TestEngine;
let provider: ReferenceProvider;

async function failure(promise: Promise<unknown>): Promise<OcciError> {
  try {
    await promise;
  } catch (error) {
    if (isOcciError(error)) return error;
    throw error;
  }
  throw new Error('expected an OcciError');
}

const container = (location: string) =>
  engine.client.find<{
    State: { Status: string; Running: boolean };
    Config: { Labels: Record<string, string> };
  }>(`/containers/occi${location.replaceAll('/', '-')}/json`, 'inspect');
const get = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, text: await response.text() };
};
const act = (location: string, action: string) =>
  provider.invoke(alice, { location }, { action, attributes: {} });
const state = async (location: string) => {
  const entity = await provider.get(alice, location);
  return entity.attributes['occi.app.state'] ?? entity.attributes['occi.component.state'];
};

/** The reference provider with the Platform over the Docker backend, started. */
async function platformProvider(store = new MemoryStore()): Promise<ReferenceProvider> {
  const p = createReferenceProvider({
    model: Model.create([
      infrastructure,
      platform,
      docker({
        engine: engine.address,
        defaultImage: TEST_IMAGE,
        stopTimeoutSeconds: 5,
        platform: { templates: { databases: [KV_DATABASE] }, readyTimeoutSeconds: 10 },
      }),
    ]),
    store,
    observeIntervalMs: 0,
  });
  await p.start();
  return p;
}

beforeAll(async () => {
  if (missing) return;
  engine = await startTestEngine();
  await buildPlatformImages(engine.client);
  provider = await platformProvider();
}, 180_000);

afterAll(async () => {
  await provider?.close();
  await engine?.stop();
}, 60_000);

describe.skipIf(missing)('application templates from the engine images', () => {
  it('lists labelled images as app_tpl mixins with a title and the attributes they need', async () => {
    const model = await provider.model(alice);
    const web = model.mixin(WEB);
    expect(web?.depends).toEqual([APP_TPL_MIXIN]);
    expect(web?.applies).toEqual([APPLICATION_KIND, COMPONENT_KIND]);
    expect(web?.title).toBe('Busybox web page');
    expect(web?.location).toBe('/app_tpl/docker/occi-test_web/');
    expect(web?.attributes.get('org.occi-ts.app.port')?.default).toBe(8080);
    expect(web?.attributes.get('org.occi-ts.app.env.GREETING')).toMatchObject({
      required: true,
      mutable: false,
    });
    expect(model.mixin(SERVICE)?.title).toBe('Busybox echo service');
    // The database of the catalogue, a flavour of platform#database.
    const kv = model.mixin(KV);
    expect(kv?.depends).toEqual([DATABASE_MIXIN]);
    expect(kv?.attributes.get('occi.database.version')?.default).toBe('1.0');
  });

  it('refuses an application without a template, naming the templates', async () => {
    const error = await failure(
      provider.create(alice, { kind: APPLICATION_KIND, attributes: { 'occi.app.name': 'bare' } }),
    );
    expect(error.kind).toBe('bad-request');
    expect(error.message).toContain(WEB);
  });
});

describe.skipIf(missing)('an application, its components and its database', () => {
  let app: Entity;
  let url: string;

  it('runs the application: created from its template, its URL answers a plain HTTP GET', async () => {
    const started = performance.now();
    app = await provider.create(alice, {
      kind: APPLICATION_KIND,
      mixins: [WEB],
      attributes: { 'occi.app.name': 'Shop', 'org.occi-ts.app.env.GREETING': 'Hello' },
    });
    url = String(app.attributes['occi.app.url']);
    const page = await get(url);
    const elapsed = performance.now() - started;
    console.log(`create → ${url} answers: ${elapsed.toFixed(0)} ms`);
    expect(page).toEqual({ status: 200, text: WEB_PAGE });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(app.attributes['occi.app.state']).toBe('active');
    expect(app.attributes['occi.app.context']).toBe('file:///etc/occi/context');
    const labels = (await container(app.location!))?.Config.Labels;
    expect(labels?.[LOCATION_LABEL]).toBe(app.location);
    expect(labels?.['org.occi-ts.app.url']).toBe(url);
    expect((await get(`${url}cgi-bin/greeting`)).text).toBe('Hello, Shop\n');
  });

  it('stops and starts the container; a stop outside OCCI shows', async () => {
    const stopped = await act(app.location!, APPLICATION_STOP);
    expect(stopped.entities[0]?.attributes['occi.app.state']).toBe('inactive');
    await expect(fetch(url)).rejects.toThrow();
    const again = await act(app.location!, APPLICATION_START);
    expect(again.entities[0]?.attributes['occi.app.state']).toBe('active');
    expect((await get(url)).text).toBe(WEB_PAGE);
    engine.podman(['stop', '--time', '1', `occi${app.location!.replaceAll('/', '-')}`]);
    expect(await state(app.location!)).toBe('inactive');
    engine.podman(['start', `occi${app.location!.replaceAll('/', '-')}`]);
    expect(await state(app.location!)).toBe('active');
  });

  it('tells a renamed application its new name; its URL stays', async () => {
    await provider.update(alice, app.location!, { attributes: { 'occi.app.name': 'Boutique' } });
    expect((await get(`${url}cgi-bin/greeting`)).text).toBe('Hello, Boutique\n');
    expect((await provider.get(alice, app.location!)).attributes['occi.app.url']).toBe(url);
  });

  it('links a component: the application reaches it by name', async () => {
    const backend = await provider.create(alice, {
      kind: COMPONENT_KIND,
      title: 'backend',
      mixins: [SERVICE],
    });
    expect(backend.attributes['occi.component.state']).toBe('active');
    expect((await get(`${url}cgi-bin/reach`)).text).toBe('');
    await provider.create(alice, {
      kind: COMPONENTLINK_KIND,
      source: { location: app.location! },
      target: { location: backend.location! },
    });
    expect((await get(`${url}cgi-bin/reach`)).text).toBe('pong\n');
    // Another component of the same name would make the name ambiguous.
    const twin = await provider.create(alice, { kind: COMPONENT_KIND, title: 'backend', mixins: [SERVICE] });
    const clash = await failure(
      provider.create(alice, {
        kind: COMPONENTLINK_KIND,
        source: { location: app.location! },
        target: { location: twin.location! },
      }),
    );
    expect(clash.kind).toBe('conflict');
    expect(clash.message).toContain('named backend');
    await provider.delete(alice, twin.location!);
  });

  it('links a database: credentials of the link, shown to its owner, reach the application', async () => {
    const db = await provider.create(alice, {
      kind: COMPONENT_KIND,
      title: 'store',
      mixins: [DATABASE_MIXIN],
      attributes: { 'occi.database.version': '1.0' },
    });
    expect(db.mixins).toContain(KV);
    const link = await provider.create(alice, {
      kind: COMPONENTLINK_KIND,
      source: { location: app.location! },
      target: { location: db.location! },
    });
    expect(link.mixins).toContain(DATABASELINK_MIXIN);
    const {
      'occi.database.uri': uri,
      'occi.database.username': user,
      'occi.database.token': token,
    } = link.attributes;
    expect(uri).toBe(`http://${user}:${token}@store:5000/data/`);
    expect((await get(`${url}cgi-bin/db`)).text).toBe('stored data\n');
    expect((await failure(provider.get(bob, link.location!))).kind).toBe('not-found');
    // The URI is the provider's: a client's is refused, and nothing is made.
    const given = await failure(
      provider.create(alice, {
        kind: COMPONENTLINK_KIND,
        mixins: [DATABASELINK_MIXIN],
        source: { location: app.location! },
        target: { location: db.location! },
        attributes: { 'occi.database.uri': 'http://mine:secret@store:5000/data/' },
      }),
    );
    expect(given.kind).toBe('bad-request');
    expect(given.message).toContain('occi.database.uri');
    // A stopped database cannot grant credentials to a new link.
    await act(db.location!, COMPONENT_STOP);
    const refused = await failure(
      provider.create(alice, {
        kind: COMPONENTLINK_KIND,
        source: {
          location: (await provider.create(alice, { kind: COMPONENT_KIND, mixins: [SERVICE] })).location!,
        },
        target: { location: db.location! },
      }),
    );
    expect(refused.kind).toBe('conflict');
    expect(refused.message).toContain('start it first');
    // Deleting its links revokes their credentials all the same (it runs for that, and stops again).
  });

  it('refuses another template for a running application', async () => {
    const error = await failure(provider.update(alice, app.location!, { mixins: [SERVICE] }));
    expect(error.kind).toBe('conflict');
  });

  it('deletes everything, and nothing is left in the engine', async () => {
    for (const kind of [APPLICATION_KIND, COMPONENT_KIND]) await provider.deleteAll(alice, { kind });
    await expect(fetch(url)).rejects.toThrow();
    for (const path of ['/containers/json', '/networks'])
      expect(
        await engine.client.request<unknown[]>('GET', path, {
          query: { all: true, filters: JSON.stringify({ label: [LOCATION_LABEL] }) },
          doing: 'list',
        }),
      ).toEqual([]);
  });
});

describe.skipIf(missing)('failures and what the engine says', () => {
  it('gives applications created at once ports of their own', async () => {
    const apps = await Promise.all(
      ['one', 'two', 'three'].map((name) =>
        provider.create(alice, {
          kind: APPLICATION_KIND,
          mixins: [SERVICE],
          attributes: { 'occi.app.name': name },
        }),
      ),
    );
    const urls = apps.map((a) => String(a.attributes['occi.app.url']));
    expect(new Set(urls).size).toBe(3);
    for (const u of urls) expect((await get(u)).text).toBe('pong\n');
    for (const a of apps) await provider.delete(alice, a.location!);
  });

  it('answers a container name taken outside OCCI with 409, from the engine refusing the create', async () => {
    await engine.client.request('POST', '/containers/create', {
      query: { name: 'occi-component-foreign' },
      json: { Image: TEST_IMAGE, Cmd: ['sleep', '60'] },
      doing: 'create a foreign container',
    });
    const error = await failure(
      provider.put(alice, '/component/foreign', { kind: COMPONENT_KIND, mixins: [SERVICE] }),
    );
    expect([error.kind, error.message]).toEqual([
      'conflict',
      'the engine already has a container named occi-component-foreign that OCCI does not know: remove it or use another location',
    ]);
    // The foreign container is the engine's still, untouched.
    expect((await container('/component/foreign'))?.Config.Labels ?? {}).toEqual({});
    await engine.client.request('DELETE', '/containers/occi-component-foreign', {
      query: { force: true },
      doing: 'remove the foreign container',
    });
  });

  it('answers 409 naming the image of a template removed from the engine since it was listed', async () => {
    const copy = 'occi-test/service-copy';
    await engine.client.request('POST', `/images/${encodeURIComponent(SERVICE_IMAGE)}/tag`, {
      query: { repo: copy, tag: 'latest' },
      doing: `tag ${copy}`,
    });
    const listing = await platformProvider();
    try {
      await engine.client.request('DELETE', `/images/${encodeURIComponent(`${copy}:latest`)}`, {
        doing: `untag ${copy}`,
      });
      const error = await failure(
        listing.create(alice, {
          kind: COMPONENT_KIND,
          mixins: [`${APP_TEMPLATE_SCHEME}occi-test_service-copy`],
        }),
      );
      expect(error.kind).toBe('conflict');
      expect(error.message).toMatch(
        /^the image docker\.io\/occi-test\/service-copy:latest of \/component\/[0-9a-f-]+ is no longer in the container engine$/,
      );
    } finally {
      await listing.close();
    }
  });

  it('puts an application whose process ends in error, with why', async () => {
    const crash = await provider.create(alice, {
      kind: APPLICATION_KIND,
      mixins: [`${APP_TEMPLATE_SCHEME}occi-test_crash`],
      attributes: { 'occi.app.name': 'crash' },
    });
    expect(crash.attributes['occi.app.state']).toBe('error');
    expect(crash.attributes['occi.app.state.message']).toContain('exited with code 3');
    await provider.delete(alice, crash.location!);
  });

  it('removes a database link credentials when the link goes', async () => {
    const db = await provider.create(alice, { kind: COMPONENT_KIND, title: 'kv', mixins: [KV] });
    const worker = await provider.create(alice, { kind: COMPONENT_KIND, mixins: [SERVICE] });
    const link = await provider.create(alice, {
      kind: COMPONENTLINK_KIND,
      source: { location: worker.location! },
      target: { location: db.location! },
    });
    const uri = String(link.attributes['occi.database.uri']);
    const fetchFrom = (target: string) =>
      engine.podman([
        'exec',
        `occi${worker.location!.replaceAll('/', '-')}`,
        'busybox',
        'wget',
        '-q',
        '-O',
        '-',
        target,
      ]);
    expect(fetchFrom(uri)).toBe('stored data\n');
    await provider.delete(alice, link.location!);
    await provider.create(alice, {
      kind: COMPONENTLINK_KIND,
      source: { location: worker.location! },
      target: { location: db.location! },
    });
    expect(() => fetchFrom(uri)).toThrow(/401/);
    for (const r of [worker, db]) await provider.delete(alice, r.location!);
  });

  it('forgets an application removed outside OCCI, and removes at start what a crash left', async () => {
    const app = await provider.create(alice, {
      kind: APPLICATION_KIND,
      mixins: [SERVICE],
      attributes: { 'occi.app.name': 'gone' },
    });
    engine.podman(['rm', '--force', `occi${app.location!.replaceAll('/', '-')}`]);
    const gone = await failure(provider.get(alice, app.location!));
    expect(gone.kind).toBe('not-found');
    expect(gone.message).toContain('outside OCCI');
    // A crash between the engine's work and the commit leaves labelled objects no entity owns.
    await engine.client.request('POST', '/containers/create', {
      query: { name: 'occi-application-orphan' },
      json: { Image: TEST_IMAGE, Cmd: ['true'], Labels: { [LOCATION_LABEL]: '/application/orphan' } },
      doing: 'create',
    });
    await engine.client.request('POST', '/networks/create', {
      json: { Name: 'occi-componentlink-orphan', Labels: { [LOCATION_LABEL]: '/componentlink/orphan' } },
      doing: 'create',
    });
    await (await platformProvider()).close();
    expect(await engine.client.find('/containers/occi-application-orphan/json', 'inspect')).toBeUndefined();
    expect(await engine.client.find('/networks/occi-componentlink-orphan', 'inspect')).toBeUndefined();
  });
});
