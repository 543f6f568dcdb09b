import { beforeEach, describe, expect, it } from 'vitest';
import {
  type Caller,
  createReferenceProvider,
  ENTITY_KIND,
  type Entity,
  type EntityDraft,
  isOcciError,
  MemoryStore,
  Model,
  mixinFromDefinition,
  type OcciError,
  RESOURCE_KIND,
  type ReferenceProvider,
  typeIdentifier,
} from '../src/index.js';
import {
  BOOT,
  EX,
  exampleExtension,
  HALT,
  LARGE,
  MACHINE,
  SIZE_TPL,
  SMALL,
  TAG,
  WIRE,
} from './fixtures/example-extension.js';
import {
  BOX,
  CRASH,
  failingExample,
  GPU,
  labExtension,
  MACHINE_ONLY,
  SNAP_TPL,
  SNAPSHOT,
} from './fixtures/lab-extension.js';

const alice: Caller = { user: 'alice' };
const bob: Caller = { user: 'bob' };
const admin: Caller = { user: 'root', admin: true };
const model = Model.create([failingExample, labExtension]);

let store: MemoryStore;
let p: ReferenceProvider;
beforeEach(() => {
  store = new MemoryStore();
  p = createReferenceProvider({ model, store });
});

async function rejection(promise: Promise<unknown>): Promise<OcciError> {
  try {
    await promise;
  } catch (error) {
    if (!isOcciError(error)) throw new Error(`expected an OcciError, got ${String(error)}`);
    return error;
  }
  throw new Error('expected the promise to reject');
}

const machine = (name: string, more: EntityDraft = {}, caller = alice) =>
  p.create(caller, { kind: MACHINE, ...more, attributes: { 'com.example.name': name, ...more.attributes } });
const wire = (from: Entity, to: Entity | string, caller = alice) =>
  p.create(caller, {
    kind: WIRE,
    source: { location: from.location! },
    target: { location: typeof to === 'string' ? to : to.location! },
    attributes: {},
  });

describe('create (Core §5.3.6 Instantiation)', () => {
  it('gives a urn:uuid id, a location in the kind collection (kind location + key), version 1 and applicable actions', async () => {
    const m = await machine('a');
    expect(m.id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(m.location).toBe(`/machine/${m.id.slice('urn:uuid:'.length)}`);
    expect(m.version).toBe('1');
    expect(m.kind).toBe(MACHINE);
    expect(m.actions).toEqual([BOOT]);
    expect(m.links).toEqual([]);
    expect(m.attributes).toEqual({
      'com.example.cores': 1,
      'com.example.name': 'a',
      'com.example.state': 'off',
    });
  });

  it('uses the newKey option for keys', async () => {
    let n = 0;
    const q = createReferenceProvider({ model, store, newKey: () => `k${++n}` });
    const m = await q.create(alice, { kind: MACHINE, attributes: { 'com.example.name': 'a' } });
    expect([m.id, m.location]).toEqual(['urn:uuid:k1', '/machine/k1']);
    expect(q.store).toBe(store);
  });

  it('Core §5.4: ids are opaque URIs: a client id is kept, a non-URI refused', async () => {
    const m = await machine('a', { id: 'urn:example:my-box' });
    expect(m.id).toBe('urn:example:my-box');
    expect((await p.get(alice, 'urn:example:my-box')).location).toBe(m.location);
    const e = await rejection(machine('b', { id: 'not a uri' }));
    expect(e).toMatchObject({ kind: 'bad-request', code: 'parse-error' });
    const dup = await rejection(machine('c', { id: 'urn:example:my-box' }));
    expect(dup).toMatchObject({ kind: 'conflict', code: 'duplicate' });
  });

  it("a client's id that can be a path segment is the location's last segment (urn:uuid:<uuid>, or a plain token)", async () => {
    const uuid = '996ad860-2a9a-504f-8861-aeafd0b2ae29';
    const m = await machine('a', { id: `urn:uuid:${uuid}` });
    expect([m.id, m.location]).toEqual([`urn:uuid:${uuid}`, `/machine/${uuid}`]);
    expect((await p.get(alice, `/machine/${uuid}`)).id).toBe(`urn:uuid:${uuid}`);
    const t = await machine('t', { id: 'web-1' });
    expect([t.id, t.location]).toEqual(['web-1', '/machine/web-1']);
    // An inline link's source is the resource where the client's id put it.
    const n = await machine('n', {
      id: 'urn:uuid:6df690d2-3158-40c4-88fb-d1c41584d6e5',
      links: [{ kind: WIRE, target: { location: m.location! }, attributes: {} }],
    });
    expect(n.links?.map((l) => l.source?.location)).toEqual([
      '/machine/6df690d2-3158-40c4-88fb-d1c41584d6e5',
    ]);
    expect(await rejection(machine('again', { id: 'web-1' }))).toMatchObject({
      kind: 'conflict',
      code: 'duplicate',
    });
  });

  it('refuses an id too long to be addressed', async () => {
    const e = await rejection(machine('a', { id: 'a'.repeat(1025) }));
    expect(e).toMatchObject({
      kind: 'bad-request',
      message: 'occi.core.id is 1025 characters long; at most 1024 are accepted',
    });
    expect((await machine('b', { id: 'b'.repeat(1024) })).location).toBe(`/machine/${'b'.repeat(1024)}`);
  });

  it('Core §5.3.6: a client MUST supply the kind; unknown kinds, mixins as kinds and Entity are refused', async () => {
    expect(await rejection(p.create(alice, { attributes: {} }))).toMatchObject({
      kind: 'bad-request',
      code: 'missing-kind',
    });
    const unknown = await rejection(p.create(alice, { kind: `${EX}machin` }));
    expect(unknown).toMatchObject({ kind: 'bad-request', code: 'unknown-kind' });
    expect(unknown.message).toContain(`did you mean ${MACHINE}?`);
    expect(await rejection(p.create(alice, { kind: TAG }))).toMatchObject({ code: 'wrong-category-class' });
    expect(await rejection(p.create(alice, { kind: ENTITY_KIND }))).toMatchObject({
      code: 'not-instantiable',
    });
    expect(await store.query({})).toEqual([]);
  });

  it('Core §5.3.2: a required attribute must be supplied, one problem per violation', async () => {
    const e = await rejection(
      p.create(alice, { kind: MACHINE, attributes: { 'com.example.cores': 0, 'com.example.speed': 1 } }),
    );
    expect(e.kind).toBe('bad-request');
    expect(e.problems.map((x) => [x.code, x.attribute])).toEqual([
      ['unknown-attribute', 'com.example.speed'],
      ['attribute-pattern', 'com.example.cores'],
      ['missing-required-attribute', 'com.example.name'],
    ]);
  });

  it('Core §5.2: a client cannot set an immutable attribute the server manages (state, message, initialised values)', async () => {
    for (const attributes of [
      { 'com.example.state': 'on' },
      { 'com.example.state.message': 'hi' },
    ] as Entity['attributes'][]) {
      const e = await rejection(machine('a', { attributes }));
      expect(e).toMatchObject({ kind: 'bad-request', code: 'immutable-attribute' });
    }
    const e = await rejection(p.create(alice, { kind: BOX, attributes: { 'com.example.serial': 'mine' } }));
    expect(e.problems[0]).toMatchObject({ code: 'immutable-attribute', attribute: 'com.example.serial' });
    // Echoing the value the server would set is not a change.
    expect(
      (await machine('b', { attributes: { 'com.example.state': 'off' } })).attributes['com.example.state'],
    ).toBe('off');
  });

  it('Core §5.3.2: an immutable attribute the server leaves empty is given once, at creation', async () => {
    const box = await p.create(alice, { kind: BOX, attributes: { 'com.example.label': 'L1' } });
    expect(box.attributes['com.example.label']).toBe('L1');
    expect(box.attributes['com.example.serial']).toBe(`SN-${box.id.slice(-4)}`);
    const e = await rejection(p.update(alice, box.location!, { attributes: { 'com.example.label': 'L2' } }));
    expect(e).toMatchObject({ code: 'immutable-attribute' });
  });

  it('runs the behaviour validation of extensions', async () => {
    const e = await rejection(p.create(alice, { kind: BOX, attributes: { 'com.example.size': 3 } }));
    expect(e).toMatchObject({ kind: 'bad-request', message: 'com.example.size must be even' });
  });

  it('Core §5.3.7: kind defaults, overridden by mixin defaults, overridden by client values', async () => {
    expect((await machine('a')).attributes['com.example.cores']).toBe(1);
    expect(
      (await machine('b', { attributes: { 'com.example.cores': 3 } })).attributes['com.example.cores'],
    ).toBe(3);
    // The size family overrides (resource templates): the template wins over the client.
    expect(
      (await machine('c', { mixins: [SMALL], attributes: { 'com.example.cores': 3 } })).attributes[
        'com.example.cores'
      ],
    ).toBe(2);
    expect(await rejection(machine('d', { mixins: [SMALL, LARGE] }))).toMatchObject({
      code: 'duplicate',
      kind: 'bad-request',
    });
  });

  it('Core §5.3.4: a mixin that does not apply to the kind is a bad request', async () => {
    const e = await rejection(p.create(alice, { kind: BOX, mixins: [MACHINE_ONLY] }));
    expect(e).toMatchObject({
      kind: 'bad-request',
      code: 'mixin-not-applicable',
      problems: [{ category: MACHINE_ONLY }],
    });
    expect((await machine('ok', { mixins: [MACHINE_ONLY, TAG] })).mixins).toEqual([MACHINE_ONLY, TAG]);
  });
});

describe('links (Core §5.4.2–5.4.3)', () => {
  it('creates a link, filling source and target kinds, and lists it with its source', async () => {
    const a = await machine('a');
    const b = await machine('b');
    const w = await wire(a, b);
    expect(w.source).toEqual({ location: a.location, kind: MACHINE });
    expect(w.target).toEqual({ location: b.location, kind: MACHINE });
    expect(w.location).toMatch(/^\/wire\//);
    expect((await p.get(alice, a.location!)).links!.map((l) => l.location)).toEqual([w.location]);
    expect((await p.get(alice, b.location!)).links).toEqual([]);
    expect((await p.get(alice, w.location!)).links).toBeUndefined();
  });

  it("Core §5.4.3: a link's source must exist and be a resource", async () => {
    const a = await machine('a');
    const missing = await rejection(wire({ location: '/machine/none' } as Entity, a));
    expect(missing).toMatchObject({
      kind: 'bad-request',
      code: 'invalid-link',
      problems: [{ attribute: 'occi.core.source' }],
    });
    const w = await wire(a, a);
    expect(await rejection(wire(w, a))).toMatchObject({ code: 'invalid-link' });
    const bobs = await rejection(wire(a, a, bob));
    expect(bobs.problems[0]!.message).toBe(`link source ${a.location} does not exist`);
  });

  it('Core §5.4.3: the target may be outside the namespace; inside it must exist and match target.kind', async () => {
    const a = await machine('a');
    const out = await wire(a, 'http://other.example/compute/1');
    expect(out.target).toEqual({ location: 'http://other.example/compute/1' });
    expect(await rejection(wire(a, '/machine/none'))).toMatchObject({ code: 'invalid-link' });
    const kindMismatch = await rejection(
      p.create(alice, {
        kind: WIRE,
        source: { location: a.location! },
        target: { location: a.location!, kind: BOX },
      }),
    );
    expect(kindMismatch.problems[0]).toMatchObject({
      code: 'invalid-link',
      attribute: 'occi.core.target.kind',
    });
  });

  it('a link kind needs source and target; a resource has none', async () => {
    expect(await rejection(p.create(alice, { kind: WIRE }))).toMatchObject({ code: 'invalid-link' });
    const e = await rejection(machine('a', { target: { location: '/machine/x' } }));
    expect(e.problems.some((x) => x.code === 'invalid-link')).toBe(true);
  });

  it('creates inline links with their resource, atomically', async () => {
    const b = await machine('b');
    const a = await machine('a', {
      links: [
        {
          kind: WIRE,
          target: { location: b.location! },
          attributes: { 'com.example.port': 2 },
        } as unknown as Entity,
      ],
    });
    expect(a.links).toHaveLength(1);
    expect(a.links![0]!.source).toEqual({ location: a.location, kind: MACHINE });
    const before = (await store.query({})).length;
    const e = await rejection(
      machine('c', {
        links: [{ kind: WIRE, target: { location: '/machine/none' }, attributes: {} } as unknown as Entity],
      }),
    );
    expect(e.message).toMatch(/^inline link 1: /);
    expect(
      await rejection(
        machine('d', { links: [{ kind: MACHINE, target: { location: b.location! } } as unknown as Entity] }),
      ),
    ).toMatchObject({
      code: 'invalid-link',
    });
    expect((await store.query({})).length).toBe(before);
  });

  it('Core §5.4.2: removing a resource removes its links (and links pointing to it)', async () => {
    const a = await machine('a');
    const b = await machine('b');
    const c = await machine('c');
    const ab = await wire(a, b);
    const ca = await wire(c, a);
    const bc = await wire(b, c);
    await p.delete(alice, a.location!);
    for (const gone of [a, ab, ca])
      expect(await rejection(p.get(alice, gone.location!))).toMatchObject({ kind: 'not-found' });
    expect((await p.get(alice, bc.location!)).location).toBe(bc.location);
    // Removing a link leaves its resources.
    await p.delete(alice, bc.location!);
    expect((await p.get(alice, b.location!)).links).toEqual([]);
  });

  it('update may move a link to another existing target', async () => {
    const [a, b, c] = [await machine('a'), await machine('b'), await machine('c')];
    const w = await wire(a, b);
    const moved = await p.update(alice, w.location!, { target: { location: c.location! } });
    expect(moved.target).toEqual({ location: c.location, kind: MACHINE });
    expect(
      await rejection(p.update(alice, w.location!, { target: { location: '/machine/none' } })),
    ).toMatchObject({
      code: 'invalid-link',
    });
  });
});

describe('get and list (Core §5.3.8 Collections, HTTP §4)', () => {
  it('get finds by location or id; anything else is not-found', async () => {
    const m = await machine('a');
    expect((await p.get(alice, m.id)).location).toBe(m.location);
    expect(await rejection(p.get(alice, '/machine/none'))).toMatchObject({
      kind: 'not-found',
      problems: [{ location: '/machine/none' }],
    });
    expect(await rejection(p.get(alice, 'urn:uuid:none'))).toMatchObject({ kind: 'not-found' });
  });

  it('get answers the same entity while nothing is written, and at once what another process wrote', async () => {
    const m = await machine('a');
    const n = await machine('n');
    const first = await p.get(alice, m.location!);
    expect(await p.get(alice, m.location!)).toBe(first);
    // Another provider on the same store stands for another server process.
    const other = createReferenceProvider({ model, store });
    await other.update(alice, m.location!, { attributes: { 'com.example.name': 'renamed' } });
    const renamed = await p.get(alice, m.location!);
    expect(renamed).toMatchObject({ version: '2', attributes: { 'com.example.name': 'renamed' } });
    expect(renamed.links).toEqual([]);
    await other.create(alice, {
      kind: WIRE,
      source: { location: m.location! },
      target: { location: n.location! },
    });
    expect((await p.get(alice, m.location!)).links?.map((l) => l.target?.location)).toEqual([n.location]);
    await other.delete(alice, m.location!);
    expect(await rejection(p.get(alice, m.location!))).toMatchObject({ kind: 'not-found' });
  });

  it('an entity read by its owner is not answered to another user', async () => {
    const m = await machine('a');
    await p.get(alice, m.location!);
    expect(await rejection(p.get(bob, m.location!))).toMatchObject({ kind: 'not-found' });
    expect((await p.get(admin, m.location!)).location).toBe(m.location);
  });

  it('the collection of a kind includes the entities of its sub-kinds', async () => {
    const m = await machine('m');
    const g = await p.create(alice, { kind: GPU, attributes: { 'com.example.name': 'g' } });
    const b = await p.create(alice, { kind: BOX });
    const locations = async (kind: string) =>
      (await p.list(alice, { collection: { kind } })).map((e) => e.location);
    expect(await locations(MACHINE)).toEqual([m.location, g.location]);
    expect(await locations(GPU)).toEqual([g.location]);
    expect(await locations(RESOURCE_KIND)).toEqual([m.location, g.location, b.location]);
    expect(await locations(ENTITY_KIND)).toEqual([m.location, g.location, b.location]);
  });

  it('the collection of a mixin holds its associated entities, of any kind; an unbound path the union below it', async () => {
    const m = await machine('m', { mixins: [TAG] });
    const b = await p.create(alice, { kind: BOX, mixins: [TAG] });
    await machine('n');
    expect((await p.list(alice, { collection: { mixin: TAG } })).map((e) => e.location)).toEqual([
      m.location,
      b.location,
    ]);
    // The size template family collection includes entities with any of its templates.
    const s = await machine('s', { mixins: [SMALL] });
    expect((await p.list(alice, { collection: { mixin: `${EX}size_tpl` } })).map((e) => e.location)).toEqual([
      s.location,
    ]);
    expect((await p.list(alice, { collection: { path: '/size/' } })).map((e) => e.location)).toEqual([
      s.location,
    ]);
    expect(await p.list(alice, { collection: { path: '/' } })).toHaveLength(4);
  });

  it('filters by categories (kind with sub-kinds, mixins) and by attribute values', async () => {
    const a = await machine('a', { mixins: [TAG], title: 'first' });
    await machine('b');
    const g = await p.create(alice, { kind: GPU, mixins: [TAG], attributes: { 'com.example.name': 'g' } });
    const list = async (filter: object) =>
      (await p.list(alice, { collection: { kind: RESOURCE_KIND }, filter })).map((e) => e.location);
    expect(await list({ categories: [MACHINE, TAG] })).toEqual([a.location, g.location]);
    expect(await list({ categories: [GPU] })).toEqual([g.location]);
    expect(await list({ attributes: { 'com.example.name': 'a' } })).toEqual([a.location]);
    expect(await list({ attributes: { 'occi.core.title': 'first' } })).toEqual([a.location]);
    expect(await list({ attributes: { 'com.example.cores': '1', 'com.example.name': 'g' } })).toEqual([
      g.location,
    ]);
    const e = await rejection(
      p.list(alice, { collection: { kind: MACHINE }, filter: { categories: [`${EX}tagg`] } }),
    );
    expect(e).toMatchObject({ kind: 'bad-request', code: 'unknown-category' });
    expect(e.message).toContain(`did you mean ${TAG}?`);
    expect(
      await rejection(p.list(alice, { collection: { kind: MACHINE }, filter: { categories: [BOOT] } })),
    ).toMatchObject({
      code: 'unknown-category',
    });
  });

  it('HTTP §5 pagination: page counts from 1, number per page', async () => {
    const all = [];
    for (let i = 0; i < 5; i++) all.push((await machine(`m${i}`)).location);
    const page = async (page: number, number: number) =>
      (await p.list(alice, { collection: { kind: MACHINE }, page: { page, number } })).map((e) => e.location);
    expect(await page(1, 2)).toEqual(all.slice(0, 2));
    expect(await page(2, 2)).toEqual(all.slice(2, 4));
    expect(await page(3, 2)).toEqual(all.slice(4));
    expect(await page(4, 2)).toEqual([]);
    for (const [pg, n] of [
      [0, 2],
      [1, 0],
      [1.5, 2],
      [-1, 2],
    ]) {
      expect(await rejection(page(pg!, n!))).toMatchObject({
        kind: 'bad-request',
        code: 'invalid-pagination',
      });
    }
  });
});

describe('put (HTTP §8.2)', () => {
  it('creates at a client-chosen path', async () => {
    const { entity, created } = await p.put(alice, '/machine/mine', {
      kind: MACHINE,
      attributes: { 'com.example.name': 'x' },
    });
    expect(created).toBe(true);
    expect(entity.location).toBe('/machine/mine');
    expect(entity.id).toMatch(/^urn:uuid:/);
  });

  it("refuses a path outside the kind's collection, naming where the entity belongs", async () => {
    for (const at of ['/box/mine', '/healthz', '/machine/a/b']) {
      const e = await rejection(p.put(alice, at, { kind: MACHINE, attributes: { 'com.example.name': 'x' } }));
      expect(e).toMatchObject({
        kind: 'bad-request',
        code: 'invalid-location',
        message: expect.stringContaining(`directly below /machine/`),
      });
      expect(e.problems).toHaveLength(1);
      await expect(store.get(at)).resolves.toBeUndefined();
    }
  });

  it('a uuid path segment is the id of an entity put there without one', async () => {
    const uuid = 'b7d55bf4-7057-5113-85c8-141871bf7635';
    const { entity } = await p.put(alice, `/machine/${uuid}`, {
      kind: MACHINE,
      attributes: { 'com.example.name': 'u' },
    });
    expect(entity.id).toBe(`urn:uuid:${uuid}`);
  });

  it('refuses collection paths, the query interface and non-paths', async () => {
    for (const at of ['/machine/', '/-/x', 'machine/x', '//host/x', '/a?b', '/.well-known/x']) {
      expect(await rejection(p.put(alice, at, { kind: MACHINE }))).toMatchObject({
        code: 'invalid-location',
      });
    }
  });

  it('replaces the representation, keeping links and server-managed values', async () => {
    const a = await machine('a', { mixins: [TAG], summary: 'sum' });
    const b = await machine('b');
    const w = await wire(a, b);
    await p.invoke(alice, { location: a.location! }, { action: BOOT, attributes: {} });
    const { entity, created } = await p.put(alice, a.location!, {
      kind: MACHINE,
      attributes: { 'com.example.name': 'A' },
    });
    expect(created).toBe(false);
    expect(entity.id).toBe(a.id);
    expect(entity.attributes).toEqual({
      'com.example.cores': 1,
      'com.example.name': 'A',
      'com.example.state': 'on',
    });
    expect(entity.mixins).toEqual([]);
    expect(entity.summary).toBeUndefined();
    expect(entity.links!.map((l) => l.location)).toEqual([w.location]);
    expect(entity.version).toBe('3');
  });

  it('refuses a change of id, kind or immutable value on replace', async () => {
    const a = await machine('a');
    expect(
      await rejection(
        p.put(alice, a.location!, {
          kind: MACHINE,
          id: 'urn:x:other',
          attributes: { 'com.example.name': 'a' },
        }),
      ),
    ).toMatchObject({ code: 'immutable-attribute' });
    expect(
      await rejection(p.put(alice, a.location!, { kind: GPU, attributes: { 'com.example.name': 'a' } })),
    ).toMatchObject({
      code: 'kind-changed',
    });
    expect(
      await rejection(
        p.put(alice, a.location!, {
          kind: MACHINE,
          attributes: { 'com.example.name': 'a', 'com.example.state.message': 'x' },
        }),
      ),
    ).toMatchObject({ code: 'immutable-attribute' });
    expect((await p.get(alice, a.location!)).version).toBe('1');
  });

  it('takes urn:uuid:<uuid> and the bare uuid for the same id (MartServer writes ids bare)', async () => {
    const uuid = 'c7d55bf4-7057-4113-85c8-141871bf7635';
    const a = await machine('a', { id: `urn:uuid:${uuid}` });
    const { entity } = await p.put(alice, a.location!, {
      kind: MACHINE,
      id: uuid,
      attributes: { 'com.example.name': 'b' },
    });
    expect([entity.id, entity.attributes['com.example.name']]).toEqual([`urn:uuid:${uuid}`, 'b']);
    const updated = await p.update(alice, a.location!, {
      id: uuid.toUpperCase(),
      attributes: { 'com.example.name': 'c' },
    });
    expect(updated.id).toBe(`urn:uuid:${uuid}`);
    expect(await rejection(p.update(alice, a.location!, { id: 'c7d55bf4' }))).toMatchObject({
      code: 'immutable-attribute',
    });
  });

  it("refuses to write over another user's entity", async () => {
    const a = await machine('a');
    expect(
      await rejection(p.put(bob, a.location!, { kind: MACHINE, attributes: { 'com.example.name': 'b' } })),
    ).toMatchObject({
      kind: 'forbidden',
    });
  });
});

describe('update (HTTP §8.3.1)', () => {
  it('changes the given values and adds the given mixins, keeping the rest', async () => {
    const a = await machine('a', { mixins: [TAG], title: 't' });
    const u = await p.update(alice, a.location!, {
      attributes: { 'com.example.tags': ['x'] },
      mixins: [MACHINE_ONLY],
    });
    expect(u.attributes).toEqual({ ...a.attributes, 'com.example.tags': ['x'] });
    expect(u.mixins).toEqual([TAG, MACHINE_ONLY]);
    expect(u.title).toBe('t');
    expect(u.version).toBe('2');
    const t = await p.update(alice, a.location!, { title: 'new', summary: 's' });
    expect([t.title, t.summary]).toEqual(['new', 's']);
  });

  it('Core §5.3.7: a template of an exclusive family replaces the old one and sets its values', async () => {
    const a = await machine('a', { mixins: [SMALL, TAG] });
    const u = await p.update(alice, a.location!, { mixins: [LARGE] });
    expect(u.mixins).toEqual([TAG, LARGE]);
    expect(u.attributes['com.example.cores']).toBe(8);
  });

  it('refuses kind and id changes, immutable values and inapplicable mixins, leaving the entity unchanged', async () => {
    const box = await p.create(alice, { kind: BOX });
    for (const draft of [
      { kind: MACHINE },
      { id: 'urn:x:y' },
      { attributes: { 'com.example.serial': 'x' } },
      { mixins: [MACHINE_ONLY] },
      { attributes: { 'com.example.size': 5 } },
    ] as EntityDraft[]) {
      expect((await rejection(p.update(alice, box.location!, draft))).kind).toBe('bad-request');
    }
    expect(await p.get(alice, box.location!)).toEqual(box);
  });

  it('is not-found for missing entities and those of other users', async () => {
    const a = await machine('a');
    expect(await rejection(p.update(bob, a.location!, { title: 'x' }))).toMatchObject({ kind: 'not-found' });
    expect(await rejection(p.update(alice, '/machine/none', { title: 'x' }))).toMatchObject({
      kind: 'not-found',
    });
  });
});

describe('delete and deleteAll (HTTP §8.5, §9.5.1)', () => {
  it('delete removes the entity; a second delete is not-found', async () => {
    const a = await machine('a');
    await p.delete(alice, a.location!);
    expect(await rejection(p.delete(alice, a.location!))).toMatchObject({ kind: 'not-found' });
  });

  it("deleteAll removes the caller's entities of a collection with their links and says how many", async () => {
    const a = await machine('a');
    const b = await p.create(alice, { kind: BOX });
    await machine('c', {}, bob);
    await wire(a, a);
    expect(await p.deleteAll(alice, { kind: MACHINE })).toBe(1);
    expect((await p.list(alice, { collection: { kind: ENTITY_KIND } })).map((e) => e.location)).toEqual([
      b.location,
    ]);
    expect(await p.list(bob, { collection: { kind: MACHINE } })).toHaveLength(1);
    expect(await p.deleteAll(alice, { mixin: TAG })).toBe(0);
  });
});

describe('mixin membership (Core §5.3.8: add/remove by association)', () => {
  it('associate adds entities to the collection and returns it', async () => {
    const a = await machine('a');
    const b = await p.create(alice, { kind: BOX });
    const members = await p.associate(alice, TAG, [a.location!, b.id]);
    expect(members.map((e) => e.location)).toEqual([a.location, b.location]);
    expect((await p.get(alice, a.location!)).mixins).toEqual([TAG]);
    // Associating again changes nothing.
    await p.associate(alice, TAG, [a.location!]);
    expect((await p.get(alice, a.location!)).version).toBe('2');
  });

  it('Core §5.3.4: a mixin not applying to one entity refuses the whole request', async () => {
    const a = await machine('a');
    const b = await p.create(alice, { kind: BOX });
    const e = await rejection(p.associate(alice, MACHINE_ONLY, [a.location!, b.location!]));
    expect(e).toMatchObject({
      kind: 'bad-request',
      code: 'mixin-not-applicable',
      problems: [{ location: b.location }],
    });
    expect((await p.get(alice, a.location!)).mixins).toEqual([]);
  });

  it('unknown mixins and entities are not-found', async () => {
    const a = await machine('a');
    expect(await rejection(p.associate(alice, `${EX}nope`, [a.location!]))).toMatchObject({
      kind: 'not-found',
    });
    expect(await rejection(p.associate(alice, TAG, [a.location!, '/machine/none']))).toMatchObject({
      kind: 'not-found',
    });
    expect((await p.get(alice, a.location!)).mixins).toEqual([]);
    expect(await rejection(p.associate(bob, TAG, [a.location!]))).toMatchObject({ kind: 'not-found' });
  });

  it('associating a template replaces the old template of an exclusive family and applies its values', async () => {
    const a = await machine('a', { mixins: [SMALL] });
    await p.associate(alice, LARGE, [a.location!]);
    const now = await p.get(alice, a.location!);
    expect(now.mixins).toEqual([LARGE]);
    expect(now.attributes['com.example.cores']).toBe(8);
    expect(await p.list(alice, { collection: { mixin: SMALL } })).toEqual([]);
  });

  it('dissociate removes the given entities, or all', async () => {
    const [a, b, c] = [await machine('a'), await machine('b'), await machine('c')];
    await p.associate(alice, TAG, [a.location!, b.location!, c.location!]);
    await p.dissociate(alice, TAG, [b.location!]);
    expect((await p.list(alice, { collection: { mixin: TAG } })).map((e) => e.location)).toEqual([
      a.location,
      c.location,
    ]);
    await p.dissociate(alice, TAG);
    expect(await p.list(alice, { collection: { mixin: TAG } })).toEqual([]);
    expect(await rejection(p.dissociate(alice, `${EX}nope`))).toMatchObject({ kind: 'not-found' });
  });

  it("dissociate without locations leaves other users' entities alone", async () => {
    const a = await machine('a', { mixins: [TAG] });
    await machine('b', { mixins: [TAG] }, bob);
    await p.dissociate(bob, TAG);
    expect((await p.get(alice, a.location!)).mixins).toEqual([TAG]);
  });

  it('setMembership makes the collection exactly the given entities', async () => {
    const [a, b, c] = [await machine('a'), await machine('b'), await machine('c')];
    await p.associate(alice, TAG, [a.location!, b.location!]);
    const members = await p.setMembership(alice, TAG, [b.location!, c.location!]);
    expect(members.map((e) => e.location)).toEqual([b.location, c.location]);
    expect((await p.get(alice, a.location!)).mixins).toEqual([]);
    const box = await p.create(alice, { kind: BOX });
    expect(await rejection(p.setMembership(alice, MACHINE_ONLY, [a.location!, box.location!]))).toMatchObject(
      {
        code: 'mixin-not-applicable',
      },
    );
    expect(await p.list(alice, { collection: { mixin: MACHINE_ONLY } })).toEqual([]);
  });
});

describe('user-defined mixins (Core §5.5.3, HTTP §7.3–7.4)', () => {
  const scheme = 'http://example.com/users/alice/tags#';
  const fav = (term = 'fav', location = `/users/alice/${term}/`) =>
    mixinFromDefinition({ scheme, term, location });

  it('defines a mixin owned by the caller, visible in its model only', async () => {
    await p.defineMixins(alice, [fav()]);
    const mine = (await p.model(alice)).mixin(`${scheme}fav`);
    expect(mine?.owner).toBe('alice');
    expect((await p.model(bob)).mixin(`${scheme}fav`)).toBeUndefined();
    expect((await p.model(admin)).mixin(`${scheme}fav`)).toBeDefined();
    const a = await machine('a');
    await p.associate(alice, `${scheme}fav`, [a.location!]);
    expect(
      (await p.list(alice, { collection: { path: '/users/alice/fav/' } })).map((e) => e.location),
    ).toEqual([a.location]);
    expect(await rejection(p.associate(bob, `${scheme}fav`, []))).toMatchObject({ kind: 'not-found' });
  });

  it('HTTP §4: a mixin defined without a location gets /<term>/, or /<term>-<n>/ when that is taken', async () => {
    await p.defineMixins(alice, [mixinFromDefinition({ scheme, term: 'blue' })]);
    expect((await p.model(alice)).mixin(`${scheme}blue`)?.location).toBe('/blue/');
    // Another user's /blue/ is taken too: locations are unique in the whole namespace.
    await p.defineMixins(bob, [mixinFromDefinition({ scheme: 'http://example.com/bob#', term: 'blue' })]);
    expect((await p.model(bob)).mixin('http://example.com/bob#blue')?.location).toBe('/blue-2/');
    // A kind's location is taken as well.
    await p.defineMixins(alice, [mixinFromDefinition({ scheme, term: 'machine' })]);
    expect((await p.model(alice)).mixin(`${scheme}machine`)?.location).toBe('/machine-2/');
  });

  it("refuses a location below a kind's (where entities live), or spelled with dot segments or percent-encoding", async () => {
    const a = await machine('a');
    for (const location of [`${a.location}/`, '/machine/fixed/', '/../x/', '/a/./b/', '/%61/']) {
      const e = await rejection(
        p.defineMixins(bob, [
          mixinFromDefinition({ scheme: 'http://example.com/bob#', term: 'b', location }),
        ]),
      );
      expect(['conflict', 'bad-request'], location).toContain(e.kind);
      expect(e.message).toMatch(/below \/machine\/|without "\." or "\.\." segments or percent-encoding/);
    }
    expect((await p.get(admin, a.location!)).location).toBe(a.location);
  });

  it('bounds definitions: at most 100 mixins a request, 1,000 a user', async () => {
    const batch = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) =>
        mixinFromDefinition({ scheme, term: `m${from + i}`, location: `/m${from + i}/` }),
      );
    expect(await rejection(p.defineMixins(alice, batch(0, 101)))).toMatchObject({
      kind: 'bad-request',
      message: 'a request may define at most 100 mixins; this one defines 101',
    });
    for (let i = 0; i < 10; i++) await p.defineMixins(alice, batch(i * 100, 100));
    expect(await rejection(p.defineMixins(alice, batch(1000, 1)))).toMatchObject({
      kind: 'conflict',
      message: expect.stringContaining('a user may define at most 1000 mixins; you have 1000'),
    });
    // Other users have their own allowance.
    await p.defineMixins(bob, [
      mixinFromDefinition({ scheme: 'http://example.com/bob#', term: 'b', location: '/b/' }),
    ]);
  });

  it('suggests a likely name for the first unknown mixins of an entity only', async () => {
    const e = await rejection(machine('a', { mixins: Array.from({ length: 20 }, (_, i) => `${EX}tga${i}`) }));
    const unknown = e.problems.filter((p) => p.code === 'unknown-mixin');
    expect(unknown).toHaveLength(20);
    expect(unknown.filter((p) => p.message.includes('did you mean'))).toHaveLength(8);
  });

  it('Core §5.3.1: refuses the reserved scheme base', async () => {
    const e = await rejection(
      p.defineMixins(alice, [
        mixinFromDefinition({ scheme: 'http://schemas.ogf.org/occi/mine#', term: 'x', location: '/x/' }),
      ]),
    );
    expect(e).toMatchObject({ kind: 'bad-request', code: 'reserved-scheme' });
  });

  it('refuses bad terms, locations, unknown depends/applies, actions and occi. attributes', async () => {
    const bad = [
      { scheme, term: 'bad term', location: '/bt/' },
      { scheme, term: 'x', location: 'x' },
      { scheme, term: 'x', location: '/x/', depends: [`${EX}nope`] },
      { scheme, term: 'x', location: '/x/', applies: [`${EX}nope`] },
      { scheme, term: 'x', location: '/x/', actions: [BOOT] },
      { scheme, term: 'x', location: '/x/', attributes: { 'occi.mine': {} } },
    ];
    const codes = [];
    for (const d of bad) codes.push((await rejection(p.defineMixins(alice, [mixinFromDefinition(d)]))).code);
    expect(codes).toEqual([
      'parse-error',
      'invalid-location',
      'unknown-mixin',
      'unknown-kind',
      'other',
      'reserved-namespace',
    ]);
    expect(await store.mixins()).toEqual([]);
  });

  it('a duplicate id or location is a conflict, also against extension mixins and other users', async () => {
    await p.defineMixins(alice, [fav()]);
    expect(await rejection(p.defineMixins(alice, [fav()]))).toMatchObject({
      kind: 'conflict',
      code: 'duplicate',
    });
    expect(await rejection(p.defineMixins(bob, [fav()]))).toMatchObject({ kind: 'conflict' });
    expect(await rejection(p.defineMixins(alice, [fav('other', '/users/alice/fav/')]))).toMatchObject({
      kind: 'conflict',
    });
    expect(await rejection(p.defineMixins(alice, [fav('other', '/tag/')]))).toMatchObject({
      kind: 'conflict',
    });
    const ext = mixinFromDefinition({ scheme: EX, term: 'tag', location: '/t2/' });
    expect(await rejection(p.defineMixins(alice, [ext]))).toMatchObject({
      kind: 'conflict',
      code: 'duplicate',
    });
  });

  it('defines several at once, all or none', async () => {
    await p.defineMixins(alice, [fav('one'), fav('two')]);
    expect((await store.mixins('alice')).map((m) => m.id)).toEqual([`${scheme}one`, `${scheme}two`]);
    expect(await rejection(p.defineMixins(alice, [fav('three'), fav('three')]))).toMatchObject({
      kind: 'conflict',
    });
    expect(await store.mixins('alice')).toHaveLength(2);
  });

  it('removes own mixins, dissociating their members; extension mixins are forbidden, unknown ones not found', async () => {
    await p.defineMixins(alice, [fav()]);
    const a = await machine('a');
    await p.associate(alice, `${scheme}fav`, [a.location!]);
    expect(await rejection(p.removeMixins(bob, [`${scheme}fav`]))).toMatchObject({ kind: 'not-found' });
    await p.removeMixins(alice, [`${scheme}fav`]);
    expect((await p.get(alice, a.location!)).mixins).toEqual([]);
    expect((await p.model(alice)).mixin(`${scheme}fav`)).toBeUndefined();
    expect(await rejection(p.removeMixins(alice, [TAG]))).toMatchObject({ kind: 'forbidden' });
    expect(await rejection(p.removeMixins(alice, [`${scheme}gone`]))).toMatchObject({ kind: 'not-found' });
  });

  it('Core §5.5.3: with userScheme, a user defines mixins only under their own scheme', async () => {
    const q = createReferenceProvider({
      model,
      store,
      userScheme: (user) => `http://example.com/users/${user}/`,
    });
    await q.defineMixins(alice, [fav()]);
    const e = await rejection(
      q.defineMixins(bob, [mixinFromDefinition({ scheme, term: 'b', location: '/b/' })]),
    );
    expect(e).toMatchObject({ kind: 'forbidden', problems: [{ category: `${scheme}b` }] });
    expect(e.message).toContain('http://example.com/users/bob/');
    expect(await store.mixins('bob')).toEqual([]);
  });

  it('an administrator may remove any user mixin; a removed mixin may be defined again differently', async () => {
    await p.defineMixins(alice, [fav()]);
    await p.removeMixins(admin, [`${scheme}fav`]);
    await p.defineMixins(alice, [fav('fav', '/users/alice/favourite/')]);
    expect((await p.model(alice)).mixin(`${scheme}fav`)?.location).toBe('/users/alice/favourite/');
  });
});

describe('actions (Core §5.3.5, STATE-MACHINES.md)', () => {
  const act = (e: Entity, action: string, attributes = {}, caller = alice) =>
    p.invoke(caller, { location: e.location! }, { action, attributes });

  it('moves the entity along its state machine and lists only applicable actions', async () => {
    const a = await machine('a');
    const on = await act(a, BOOT);
    expect(on.entities[0]).toMatchObject({
      attributes: { 'com.example.state': 'on' },
      actions: [HALT],
      version: '2',
    });
    expect(on.categories).toEqual([]);
    const off = await act(a, HALT, { method: 'hard' });
    expect(off.entities[0]!.attributes).toMatchObject({
      'com.example.state': 'off',
      'com.example.tags': ['hard'],
    });
  });

  it('a non-applicable action is a conflict naming the state, and the entity is unchanged', async () => {
    const a = await machine('a');
    const e = await rejection(act(a, HALT));
    expect(e).toMatchObject({ kind: 'conflict', code: 'action-not-applicable' });
    expect(e.message).toBe(
      `action halt is not applicable to ${a.location} in state off (applicable now: boot)`,
    );
    expect(await p.get(alice, a.location!)).toEqual(a);
  });

  it('an action the entity does not define, or no action at all, is a bad request', async () => {
    const a = await machine('a');
    expect(await rejection(act(a, SNAPSHOT, { name: 'x' }))).toMatchObject({
      kind: 'bad-request',
      code: 'unknown-action',
    });
    const e = await rejection(act(a, 'http://example.com/occi/machine/action#bot'));
    expect(e).toMatchObject({ kind: 'bad-request', code: 'unknown-action' });
    expect(e.message).toContain(`did you mean ${BOOT}?`);
  });

  it('Core §5.3.5: parameters are checked against the action attributes; defaults apply', async () => {
    const a = await machine('a');
    await act(a, BOOT);
    expect(await rejection(act(a, HALT, { method: 'gentle' }))).toMatchObject({ code: 'attribute-type' });
    expect(await rejection(act(a, HALT, { methd: 'soft' }))).toMatchObject({ code: 'unknown-attribute' });
    const box = await p.create(alice, { kind: BOX });
    expect(await rejection(act(box, SNAPSHOT))).toMatchObject({ code: 'missing-required-attribute' });
    const off = await act(a, HALT);
    expect(off.entities[0]!.attributes['com.example.tags']).toEqual(['soft']);
  });

  it('an action that fails leaves the entity in its error state with the reason, as an internal action-failed error', async () => {
    const a = await machine('fail');
    const e = await rejection(act(a, BOOT));
    expect(e).toMatchObject({ kind: 'internal', code: 'action-failed' });
    expect(e.message).toContain('no power');
    const now = await p.get(alice, a.location!);
    expect(now.attributes).toMatchObject({
      'com.example.state': 'broken',
      'com.example.state.message': 'no power',
    });
    expect(now.actions).toEqual([]);
  });

  it('a failing handler without a state machine is still a typed error, the entity unchanged', async () => {
    const box = await p.create(alice, { kind: BOX });
    const e = await rejection(act(box, CRASH));
    expect(e).toMatchObject({ kind: 'internal', code: 'action-failed' });
    expect(e.message).toContain('kernel panic');
    expect(await p.get(alice, box.location!)).toEqual(box);
  });

  it('a handler may define a provider mixin owned by the caller and return it', async () => {
    const box = await p.create(alice, { kind: BOX, attributes: { 'com.example.size': 8 } });
    const r = await act(box, SNAPSHOT, { name: 'snap1' });
    const id = 'http://example.com/users/alice/snap#snap1';
    expect(r.categories.map(typeIdentifier)).toEqual([id]);
    const mine = (await p.model(alice)).mixin(id)!;
    expect(mine).toMatchObject({ owner: 'alice', depends: [SNAP_TPL], location: '/users/alice/snap/snap1/' });
    const copy = await p.create(alice, { kind: BOX, mixins: [id] });
    expect(copy.attributes['com.example.size']).toBe(8);
    expect(await rejection(act(box, SNAPSHOT, { name: 'snap1' }))).toMatchObject({
      kind: 'conflict',
      code: 'duplicate',
    });
  });

  it('Core §5.3.5: an action on a collection applies to all members or none', async () => {
    const a = await machine('a');
    const b = await machine('b');
    const all = await p.invoke(alice, { collection: { kind: MACHINE } }, { action: BOOT, attributes: {} });
    expect(all.entities.map((e) => e.attributes['com.example.state'])).toEqual(['on', 'on']);
    await act(a, HALT);
    // b is on: boot is refused for it, so a is not booted either.
    const e = await rejection(
      p.invoke(alice, { collection: { kind: MACHINE } }, { action: BOOT, attributes: {} }),
    );
    expect(e).toMatchObject({ kind: 'conflict', problems: [{ location: b.location }] });
    expect((await p.get(alice, a.location!)).attributes['com.example.state']).toBe('off');
    // A member that does not define the action makes the whole request bad.
    await p.create(alice, { kind: BOX });
    const mixed = await rejection(
      p.invoke(alice, { collection: { kind: RESOURCE_KIND } }, { action: HALT, attributes: {} }),
    );
    expect(mixed).toMatchObject({ kind: 'bad-request', code: 'unknown-action' });
    expect((await p.get(alice, b.location!)).attributes['com.example.state']).toBe('on');
  });
});

describe('conditional writes (HTTP If-Match / If-None-Match)', () => {
  it('If-Match must name the current version', async () => {
    const a = await machine('a');
    const e = await rejection(p.update(alice, a.location!, { title: 'x' }, { ifMatch: ['7'] }));
    expect(e).toMatchObject({ kind: 'precondition-failed', code: 'version-mismatch' });
    const u = await p.update(alice, a.location!, { title: 'x' }, { ifMatch: ['1'] });
    expect(u.version).toBe('2');
    expect(await rejection(p.delete(alice, a.location!, { ifMatch: ['1'] }))).toMatchObject({
      kind: 'precondition-failed',
    });
    await p.delete(alice, a.location!, { ifMatch: ['2'] });
  });

  it('If-Match holds when any listed version is the current one; If-None-Match fails when one is', async () => {
    const a = await machine('a');
    const u = await p.update(alice, a.location!, { title: 'x' }, { ifMatch: ['7', '1'] });
    expect(u.version).toBe('2');
    const e = await rejection(p.update(alice, a.location!, { title: 'y' }, { ifNoneMatch: ['1', '2'] }));
    expect(e).toMatchObject({
      kind: 'precondition-failed',
      message: `${a.location} is at version 2, which If-None-Match names`,
    });
    expect((await p.update(alice, a.location!, { title: 'y' }, { ifNoneMatch: ['1'] })).version).toBe('3');
  });

  it('If-Match: * needs an entity; If-None-Match: * needs none', async () => {
    const draft = { kind: MACHINE, attributes: { 'com.example.name': 'x' } };
    expect(await rejection(p.put(alice, '/machine/x', draft, { ifMatch: '*' }))).toMatchObject({
      kind: 'precondition-failed',
    });
    expect((await p.put(alice, '/machine/x', draft, { ifNoneMatch: '*' })).created).toBe(true);
    expect(await rejection(p.put(alice, '/machine/x', draft, { ifNoneMatch: '*' }))).toMatchObject({
      kind: 'precondition-failed',
    });
    expect((await p.put(alice, '/machine/x', draft, { ifMatch: '*' })).created).toBe(false);
  });
});

describe('concurrency: writes are atomic per request and no acknowledged change is lost', () => {
  it('many concurrent updates of one entity all land', async () => {
    const scheme = 'http://example.com/users/alice/c#';
    const n = 40;
    await p.defineMixins(
      alice,
      Array.from({ length: n }, (_, i) =>
        mixinFromDefinition({ scheme, term: `t${i}`, location: `/c/t${i}/` }),
      ),
    );
    const a = await machine('a');
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) => p.update(alice, a.location!, { mixins: [`${scheme}t${i}`] })),
    );
    expect(new Set(results.map((r) => r.version)).size).toBe(n);
    const now = await p.get(alice, a.location!);
    expect(now.mixins.sort()).toEqual(Array.from({ length: n }, (_, i) => `${scheme}t${i}`).sort());
    expect(now.version).toBe(String(n + 1));
  });

  it('concurrent updates through two providers sharing one store all land (optimistic versions)', async () => {
    const q = createReferenceProvider({ model, store });
    const a = await machine('a');
    const n = 12;
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        (i % 2 ? p : q).associate(alice, i % 2 ? TAG : MACHINE_ONLY, [a.location!]),
      ),
    );
    const titles = await Promise.all(
      Array.from({ length: n }, (_, i) => (i % 2 ? p : q).update(alice, a.location!, { title: `t${i}` })),
    );
    const now = await p.get(alice, a.location!);
    expect(now.mixins.sort()).toEqual([MACHINE_ONLY, TAG].sort());
    expect(Number(now.version)).toBe(3 + n);
    expect(titles.map((t) => t.title)).toEqual(Array.from({ length: n }, (_, i) => `t${i}`));
  });

  it('concurrent actions on one entity: exactly one boot succeeds, the others are conflicts', async () => {
    const a = await machine('a');
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        p.invoke(alice, { location: a.location! }, { action: BOOT, attributes: {} }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await p.get(alice, a.location!)).version).toBe('2');
  });
});

describe('visibility and ownership', () => {
  it("users see only their own entities; an administrator sees everyone's", async () => {
    const a = await machine('a');
    const b = await machine('b', {}, bob);
    expect((await p.list(alice, { collection: { kind: MACHINE } })).map((e) => e.location)).toEqual([
      a.location,
    ]);
    expect((await p.list(bob, { collection: { kind: MACHINE } })).map((e) => e.location)).toEqual([
      b.location,
    ]);
    expect((await p.list(admin, { collection: { kind: MACHINE } })).map((e) => e.location)).toEqual([
      a.location,
      b.location,
    ]);
    expect(await rejection(p.get(bob, a.location!))).toMatchObject({ kind: 'not-found' });
    expect(await rejection(p.get(bob, a.id))).toMatchObject({ kind: 'not-found' });
    expect((await p.get(admin, a.location!)).id).toBe(a.id);
    expect(await rejection(p.delete(bob, a.location!))).toMatchObject({ kind: 'not-found' });
    expect(
      await rejection(p.invoke(bob, { location: a.location! }, { action: BOOT, attributes: {} })),
    ).toMatchObject({
      kind: 'not-found',
    });
    await p.update(admin, a.location!, { title: 'by admin' });
    expect((await store.get(a.location!))!.owner).toBe('alice');
  });

  it("a user's resource lists only that user's links", async () => {
    const a = await machine('a');
    await wire(a, a);
    expect((await p.get(admin, a.location!)).links).toHaveLength(1);
    expect(await p.list(bob, { collection: { kind: WIRE } })).toEqual([]);
  });
});

describe('link target kinds (Core §5.4.3)', () => {
  it("accepts the target's kind or an ancestor of it, and records the target's own kind", async () => {
    const model = Model.create([exampleExtension]);
    const p = createReferenceProvider({ model, store: new MemoryStore() });
    const user = { user: 'alice' };
    const a = await p.create(user, { kind: MACHINE, attributes: { 'com.example.name': 'a' } });
    const b = await p.create(user, { kind: MACHINE, attributes: { 'com.example.name': 'b' } });
    const link = await p.create(user, {
      kind: WIRE,
      source: { location: a.location! },
      target: { location: b.location!, kind: 'http://schemas.ogf.org/occi/core#resource' },
      attributes: {},
    });
    expect(link.target).toEqual({ location: b.location, kind: MACHINE });
    await expect(
      p.create(user, {
        kind: WIRE,
        source: { location: a.location! },
        target: { location: b.location!, kind: WIRE },
        attributes: {},
      }),
    ).rejects.toMatchObject({ kind: 'bad-request', code: 'invalid-link' });
  });
});

describe('link endpoints (Core §5.4.3)', () => {
  const link = (from: Entity, target: { location: string; kind?: string }) =>
    p.create(alice, { kind: WIRE, source: { location: from.location! }, target, attributes: {} });

  it('Core §5.4.3: a target MUST be a resource: a link as target is refused, naming it', async () => {
    const [a, b] = [await machine('a'), await machine('b')];
    const w = await wire(a, b);
    const before = (await store.query({})).length;
    const e = await rejection(link(a, { location: w.location! }));
    expect(e).toMatchObject({ kind: 'bad-request', code: 'invalid-link' });
    expect(e.problems).toEqual([
      {
        code: 'invalid-link',
        message: `link target ${w.location} is a link, not a resource`,
        attribute: 'occi.core.target',
        location: w.location,
      },
    ]);
    // By id, and when moving an existing link, too.
    expect(await rejection(link(a, { location: w.id }))).toMatchObject({ code: 'invalid-link' });
    expect(
      await rejection(p.update(alice, w.location!, { target: { location: w.location! } })),
    ).toMatchObject({
      code: 'invalid-link',
    });
    expect((await store.query({})).length).toBe(before);
  });

  it('target.kind must name a kind: a mixin or an action is refused; a kind unknown here is kept for outside targets', async () => {
    const a = await machine('a');
    const outside = 'http://other.example/x/1';
    const mixin = await rejection(link(a, { location: outside, kind: TAG }));
    expect(mixin.problems).toEqual([
      {
        code: 'invalid-link',
        message: `link target kind ${TAG} is a mixin, not a kind`,
        attribute: 'occi.core.target.kind',
        category: TAG,
      },
    ]);
    const action = await rejection(link(a, { location: a.location!, kind: BOOT }));
    expect(action.problems.map((x) => x.message)).toEqual([
      `link target kind ${BOOT} is an action, not a kind`,
    ]);
    const other = await link(a, { location: outside, kind: 'http://other.example/occi#vm' });
    expect(other.target).toEqual({ location: outside, kind: 'http://other.example/occi#vm' });
  });

  it('a relative target (neither an absolute path nor an absolute URI) is refused', async () => {
    const a = await machine('a');
    const e = await rejection(link(a, { location: 'machine/xyz' }));
    expect(e).toMatchObject({ kind: 'bad-request' });
    expect(e.problems).toEqual([
      {
        code: 'invalid-link',
        message:
          'link target machine/xyz is neither an absolute path (e.g. /machine/xyz) nor an absolute URI',
        attribute: 'occi.core.target',
        location: 'machine/xyz',
      },
    ]);
  });

  it("a target given by a local entity's id is kept as its location, so deleting the target removes the link", async () => {
    const [a, b] = [await machine('a'), await machine('b')];
    const w = await link(a, { location: b.id });
    expect(w.target).toEqual({ location: b.location, kind: MACHINE });
    await p.delete(alice, b.location!);
    expect(await rejection(p.get(alice, w.location!))).toMatchObject({ kind: 'not-found' });
    // Another user's id is no local entity for bob: an outside URI, kept as given.
    const c = await machine('c');
    const d = await machine('d', {}, bob);
    const out = await p.create(bob, {
      kind: WIRE,
      source: { location: d.location! },
      target: { location: c.id },
    });
    expect(out.target).toEqual({ location: c.id });
  });
});

describe('links given with a partial update or a replacement (Core §5.2 table 7, HTTP §8.2.2)', () => {
  const inline = (target: Entity, more: EntityDraft = {}) =>
    ({ kind: WIRE, target: { location: target.location! }, attributes: {}, ...more }) as EntityDraft;

  it('a partial update creates the links it carries, with the resource as source, keeping the others', async () => {
    const [a, b, c] = [await machine('a'), await machine('b'), await machine('c')];
    const old = await wire(a, b);
    const updated = await p.update(alice, a.location!, {
      title: 'A',
      links: [inline(c, { attributes: { 'com.example.port': 3 } })],
    });
    expect(updated.title).toBe('A');
    expect(updated.version).toBe('2');
    expect(updated.links!.map((l) => [l.source, l.target, l.attributes])).toEqual([
      [{ location: a.location, kind: MACHINE }, { location: b.location, kind: MACHINE }, {}],
      [
        { location: a.location, kind: MACHINE },
        { location: c.location, kind: MACHINE },
        { 'com.example.port': 3 },
      ],
    ]);
    expect(updated.links![0]!.location).toBe(old.location);
    expect((await p.get(alice, a.location!)).links).toEqual(updated.links);
    expect((await p.list(alice, { collection: { kind: WIRE } })).length).toBe(2);
  });

  it('a replacement creates the links it carries; a link naming one the resource has (id or location) is left as it is', async () => {
    const [a, b, c] = [await machine('a'), await machine('b'), await machine('c')];
    const old = await wire(a, b);
    const { entity } = await p.put(alice, a.location!, {
      kind: MACHINE,
      attributes: { 'com.example.name': 'A' },
      links: [
        inline(c, { id: old.id, attributes: { 'com.example.port': 9 } }),
        inline(b, { location: old.location! }),
        inline(c),
      ],
    });
    expect(entity.attributes['com.example.name']).toBe('A');
    expect(entity.links!.map((l) => [l.location === old.location, l.target?.location, l.attributes])).toEqual(
      [
        [true, b.location, {}],
        [false, c.location, {}],
      ],
    );
  });

  it('all or nothing: a bad link leaves the resource and its links unchanged, naming the link', async () => {
    const [a, b] = [await machine('a'), await machine('b')];
    const w = await wire(a, b);
    for (const write of [
      () => p.update(alice, a.location!, { title: 'A', links: [inline(b), inline(w)] }),
      () =>
        p.put(alice, a.location!, {
          kind: MACHINE,
          attributes: { 'com.example.name': 'A' },
          links: [inline(b), { kind: WIRE, target: { location: '/machine/none' } }],
        }),
    ]) {
      const e = await rejection(write());
      expect(e).toMatchObject({ kind: 'bad-request', code: 'invalid-link' });
      expect(e.message).toMatch(
        /^inline link 2: link target \/(wire\/\S+ is a link|machine\/none does not exist)/,
      );
    }
    const now = await p.get(alice, a.location!);
    expect([now.version, now.title, now.attributes['com.example.name']]).toEqual(['1', undefined, 'a']);
    expect(now.links!.map((l) => l.location)).toEqual([w.location]);
    // A link has no links of its own.
    expect(await rejection(p.update(alice, w.location!, { links: [inline(b)] }))).toMatchObject({
      code: 'invalid-link',
    });
  });
});

describe('removing user mixins others depend on (Core §5.3.4, HTTP §7.4)', () => {
  const scheme = 'http://example.com/users/alice/tags#';
  const def = (term: string, depends: string[] = []) =>
    mixinFromDefinition({ scheme, term, location: `/users/alice/${term}/`, depends });

  it('refuses, naming the dependents, unless they are removed in the same request', async () => {
    await p.defineMixins(alice, [def('a'), def('b', [`${scheme}a`]), def('c', [`${scheme}a`])]);
    const m = await machine('m', { mixins: [`${scheme}b`] });
    const e = await rejection(p.removeMixins(alice, [`${scheme}a`, `${scheme}c`]));
    expect(e).toMatchObject({ kind: 'conflict' });
    expect(e.problems).toEqual([
      {
        code: 'other',
        message: `${scheme}a cannot be removed: ${scheme}b depends on it; remove it first, or in the same request`,
        category: `${scheme}a`,
      },
    ]);
    expect((await store.mixins('alice')).map((r) => r.id)).toEqual([
      `${scheme}a`,
      `${scheme}b`,
      `${scheme}c`,
    ]);
    await p.removeMixins(alice, [`${scheme}a`, `${scheme}b`, `${scheme}c`]);
    expect(await store.mixins('alice')).toEqual([]);
    expect((await p.get(alice, m.location!)).mixins).toEqual([]);
  });

  it('an entity with several of the removed mixins loses them all in one write', async () => {
    await p.defineMixins(alice, [def('a'), def('b', [`${scheme}a`])]);
    const m = await machine('m', { mixins: [`${scheme}a`, `${scheme}b`] });
    await p.removeMixins(alice, [`${scheme}a`, `${scheme}b`]);
    const now = await p.get(alice, m.location!);
    expect([now.mixins, now.version]).toEqual([[], '2']);
  });
});

describe('collection membership through depends (Core §5.3.8)', () => {
  it('dissociating an entity that is in the collection through a mixin depending on it is a conflict naming that mixin', async () => {
    const a = await machine('a', { mixins: [SMALL] });
    const b = await machine('b');
    await p.associate(alice, SIZE_TPL, [b.location!]);
    expect((await p.list(alice, { collection: { mixin: SIZE_TPL } })).map((e) => e.location)).toEqual([
      a.location,
      b.location,
    ]);
    const message = `${a.location} is in the collection of ${SIZE_TPL} through ${SMALL}, which depends on it: remove that mixin from the entity instead`;
    for (const write of [
      () => p.dissociate(alice, SIZE_TPL, [a.location!]),
      () => p.dissociate(alice, SIZE_TPL),
      () => p.setMembership(alice, SIZE_TPL, [b.location!]),
    ]) {
      const e = await rejection(write());
      expect(e).toMatchObject({ kind: 'conflict' });
      expect(e.problems).toEqual([{ code: 'other', message, location: a.location, category: SMALL }]);
    }
    // Nothing changed, not even the direct member.
    expect((await p.list(alice, { collection: { mixin: SIZE_TPL } })).map((e) => e.location)).toEqual([
      a.location,
      b.location,
    ]);
    // Removing the mixin that brings it takes the entity out.
    await p.dissociate(alice, SMALL, [a.location!]);
    await p.dissociate(alice, SIZE_TPL);
    expect(await p.list(alice, { collection: { mixin: SIZE_TPL } })).toEqual([]);
  });
});

describe("a client id another user's entity holds", () => {
  it('is a conflict that says only that the id is taken, not where', async () => {
    const uuid = '11111111-2222-3333-4444-555555555555';
    const mine = await machine('a', { id: `urn:uuid:${uuid}` });
    for (const write of [
      () => p.create(bob, { kind: BOX, id: `urn:uuid:${uuid}` }),
      () => machine('b', { id: `urn:uuid:${uuid}` }, bob),
      () => p.put(bob, '/box/x', { kind: BOX, id: `urn:uuid:${uuid}` }),
      () =>
        machine(
          'c',
          { links: [{ kind: WIRE, id: `urn:uuid:${uuid}`, target: { location: 'http://other.example/x' } }] },
          bob,
        ),
    ]) {
      const e = await rejection(write());
      expect(e).toMatchObject({ kind: 'conflict', code: 'duplicate' });
      expect(e.problems).toEqual([
        {
          code: 'duplicate',
          message: `the id urn:uuid:${uuid} is taken: choose another one, or none`,
          attribute: 'occi.core.id',
        },
      ]);
      expect(e.message).not.toContain(mine.location!);
    }
    // The owner is told where it is.
    const own = await rejection(p.create(alice, { kind: BOX, id: `urn:uuid:${uuid}` }));
    expect(own.problems[0]).toMatchObject({ code: 'duplicate', location: mine.location });
  });
});
