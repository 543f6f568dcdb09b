/** Reading records back: by location and id, as copies, every JSON value intact, and after reopening. */
import { describe, expect, it } from 'vitest';
import {
  COMPUTE,
  creating,
  linkRecord,
  locationsOf,
  mixinRecord,
  nextVersion,
  resourceRecord,
  STORAGE,
  TAGGED,
  UBUNTU,
} from './fixtures.js';
import type { ContractContext } from './target.js';

export function recordCases(context: ContractContext): void {
  describe('get and getById', () => {
    it('return the stored record by location and by id, and undefined for others', async () => {
      const { store } = context;
      expect(await store.get('/compute/a')).toBeUndefined();
      expect(await store.getById('urn:uuid:a')).toBeUndefined();
      const a = resourceRecord('a', { title: 'A', attributes: { 'occi.compute.cores': 2 } });
      await store.commit(creating(a));
      expect(await store.get('/compute/a')).toEqual(a);
      expect(await store.getById('urn:uuid:a')).toEqual(a);
      expect(await store.get('/compute/b')).toBeUndefined();
      expect(await store.getById('urn:uuid:b')).toBeUndefined();
      // A location is not an id, nor an id a location.
      expect(await store.getById('/compute/a')).toBeUndefined();
      expect(await store.get('urn:uuid:a')).toBeUndefined();
    });

    it('return copies: changing a returned record changes nothing stored', async () => {
      const { store } = context;
      const a = resourceRecord('a', { attributes: { n: 1, list: [1] } });
      await store.commit(creating(a));
      const got = (await store.get(a.location))!;
      got.entity.attributes.n = 99;
      (got.entity.attributes.list as number[]).push(2);
      got.mixins.push(UBUNTU);
      const byId = (await store.getById(a.id))!;
      byId.entity.attributes.n = 98;
      const [queried] = await store.query({});
      queried!.entity.mixins.push(UBUNTU);
      expect(await store.get(a.location)).toEqual(a);
    });

    it('keep no reference to committed records: changing one after the commit changes nothing stored', async () => {
      const { store } = context;
      const a = resourceRecord('a', { attributes: { n: 1 } });
      await store.commit(creating(a));
      a.entity.attributes.n = 42;
      a.mixins.push(UBUNTU);
      expect(await store.get(a.location)).toEqual(resourceRecord('a', { attributes: { n: 1 } }));
    });

    it('keep source and target of links and leave them off resources', async () => {
      const { store } = context;
      const c = resourceRecord('c');
      const s = resourceRecord('s', { kind: STORAGE });
      const l = linkRecord('l', c, s);
      await store.commit(creating(c, s, l));
      expect(await store.get(l.location)).toEqual(l);
      expect(await store.getById(l.id)).toEqual(l);
      const got = (await store.get(c.location))!;
      expect('source' in got).toBe(false);
      expect('target' in got).toBe(false);
    });

    it('keep every JSON value an attribute can hold, titles and summaries as given', async () => {
      const { store } = context;
      const attributes = {
        s: 'text with "quotes", \\ and\nnewline é 漢字 😀 \u0001',
        i: -7,
        max: 9007199254740991,
        f: 0.1,
        small: -1.5e-7,
        big: 1e21,
        tiny: 1e-7,
        t: true,
        no: false,
        list: [1, 'two', [3], { four: 4 }, [true]],
        object: { z: 1, a: { b: [true] }, empty: {} },
        emptyList: [],
        empty: '',
      };
      const a = resourceRecord('a', {
        title: 'Titel — ünïcode ✓',
        summary: 'line\nbreak "quoted"',
        attributes,
      });
      await store.commit(creating(a));
      const got = (await store.get(a.location))!;
      expect(got).toEqual(a);
      expect(got.entity.attributes).toEqual(attributes);
      // Members keep their order.
      expect(Object.keys(got.entity.attributes.object as object)).toEqual(['z', 'a', 'empty']);
    });
  });

  describe('durability', () => {
    it.skipIf(!context.target.reopen)(
      'keeps entities, their order, versions and mixin records across close and open',
      async () => {
        const a = resourceRecord('a', { mixins: [UBUNTU], attributes: { x: [1, { y: 'z' }] } });
        const b = resourceRecord('b', { kind: STORAGE });
        const m = mixinRecord(TAGGED);
        await context.store.commit([...creating(a, b), { op: 'put-mixin', mixin: m }]);
        await context.store.commit([{ op: 'put', record: nextVersion(a), expect: 1 }]);
        const store = await context.reopen();
        expect(await store.query({})).toEqual([nextVersion(a), b]);
        expect(await store.getById(b.id)).toEqual(b);
        expect(locationsOf(await store.query({ withMixins: [UBUNTU] }))).toEqual(['/compute/a']);
        expect(await store.mixins()).toEqual([m]);
        await store.commit(creating(resourceRecord('c')));
        expect(locationsOf(await store.query({}))).toEqual(['/compute/a', '/storage/b', '/compute/c']);
        expect(locationsOf(await store.query({ kinds: [COMPUTE] }))).toEqual(['/compute/a', '/compute/c']);
      },
    );
  });
}
