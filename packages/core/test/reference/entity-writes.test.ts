/**
 * Writes of entities (src/reference/entity-writes.ts): put, update, delete, deleteAll and
 * their preconditions.
 */
import { describe, expect, it } from 'vitest';
import { ENTITY_KIND, type EntityDraft } from '../../src/index.js';
import {
  alice,
  BOOT,
  BOX,
  bob,
  GPU,
  LARGE,
  MACHINE,
  MACHINE_ONLY,
  machine,
  p,
  rejection,
  SMALL,
  store,
  TAG,
  useFreshProvider,
  wire,
} from './setup.js';

useFreshProvider();

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
    // Version 3 of the record; the tag carries a digest of the link the rendering holds.
    expect(entity.version).toMatch(/^3-[0-9a-z]+$/);
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
