/**
 * Building entities from a client's draft (src/reference/building.ts): creation, ids,
 * validation, template defaults, and the links given inline with a resource.
 */
import { describe, expect, it } from 'vitest';
import { createReferenceProvider, ENTITY_KIND, type Entity, type EntityDraft } from '../../src/index.js';
import {
  alice,
  BOOT,
  BOX,
  bob,
  EX,
  LARGE,
  MACHINE,
  MACHINE_ONLY,
  machine,
  model,
  p,
  rejection,
  SMALL,
  store,
  TAG,
  useFreshProvider,
  WIRE,
  wire,
} from './setup.js';

useFreshProvider();

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
    // The record's second version; the tag's digest stands for the links the rendering carries.
    expect(updated.version).toMatch(/^2-[0-9a-z]+$/);
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
    const before = await p.get(alice, a.location!);
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
    expect([now.version, now.title, now.attributes['com.example.name']]).toEqual([
      before.version,
      undefined,
      'a',
    ]);
    expect(now.version).toMatch(/^1-/);
    expect(now.links!.map((l) => l.location)).toEqual([w.location]);
    // A link has no links of its own.
    expect(await rejection(p.update(alice, w.location!, { links: [inline(b)] }))).toMatchObject({
      code: 'invalid-link',
    });
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
