/**
 * Reading (src/reference/reading.ts): get, list, filters, pagination and visibility.
 */
import { describe, expect, it } from 'vitest';
import { ENTITY_KIND, RESOURCE_KIND } from '../../src/index.js';
import {
  admin,
  alice,
  BOOT,
  BOX,
  bob,
  EX,
  GPU,
  MACHINE,
  machine,
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
