/**
 * The Store contract: what the reference provider relies on from any Store.
 * Reusable by other stores (SQLite, PostgreSQL):
 *
 *   import { describeStoreContract } from '@occi/core/test/store-contract.js'; // or a relative path
 *   describeStoreContract('SqliteStore', () => SqliteStore.open(':memory:'));
 *
 * It imports only `@occi/core`'s public API and vitest.
 */
import { type EntityRecord, isOcciError, type MixinRecord, type Store, type StoreWrite } from '@occi/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const MACHINE = 'http://example.com/occi#machine';
const WIRE = 'http://example.com/occi#wire';
const TAG = 'http://example.com/occi#tag';
const BLUE = 'http://example.com/occi#blue';

/** A resource record at `/machine/<key>` owned by `owner`. */
export function machineRecord(key: string, more: Partial<EntityRecord> = {}): EntityRecord {
  const location = `/machine/${key}`;
  const id = `urn:uuid:${key}`;
  return {
    location,
    id,
    kind: MACHINE,
    mixins: [],
    owner: 'alice',
    version: 1,
    entity: { id, kind: MACHINE, mixins: more.mixins ?? [], attributes: { 'com.example.name': key } },
    ...more,
  };
}

/** A link record from `/machine/<from>` to `/machine/<to>`. */
export function wireRecord(key: string, from: string, to: string, owner = 'alice'): EntityRecord {
  const location = `/wire/${key}`;
  const id = `urn:uuid:${key}`;
  return {
    location,
    id,
    kind: WIRE,
    mixins: [],
    owner,
    version: 1,
    source: `/machine/${from}`,
    target: `/machine/${to}`,
    entity: {
      id,
      kind: WIRE,
      mixins: [],
      attributes: {},
      source: { location: `/machine/${from}`, kind: MACHINE },
      target: { location: `/machine/${to}`, kind: MACHINE },
    },
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

async function expectConflict(
  promise: Promise<unknown>,
  code: 'duplicate' | 'version-mismatch',
): Promise<void> {
  const error = await rejection(promise);
  expect(isOcciError(error)).toBe(true);
  expect(error).toMatchObject({ kind: 'conflict', code });
}

const create = (record: EntityRecord): StoreWrite => ({ op: 'put', record, expect: 'absent' });

export function describeStoreContract(name: string, makeStore: () => Store | Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await makeStore();
    });
    afterEach(async () => {
      await store.close();
    });

    describe('get and getById', () => {
      it('return undefined for what is not there', async () => {
        expect(await store.get('/machine/none')).toBeUndefined();
        expect(await store.getById('urn:uuid:none')).toBeUndefined();
      });

      it('return what was committed, by location and by id', async () => {
        const r = machineRecord('a');
        await store.commit([create(r)]);
        expect(await store.get('/machine/a')).toEqual(r);
        expect(await store.getById('urn:uuid:a')).toEqual(r);
      });

      it('round-trip every JSON attribute value unchanged', async () => {
        const r = machineRecord('a');
        r.entity.title = 'Titel — ünïcode ✓';
        r.entity.summary = 'line\nbreak "quoted"';
        r.entity.attributes = {
          s: '',
          n: -1.5e-7,
          i: 9007199254740991,
          b: false,
          a: [1, 'two', [true]],
          o: { nested: { deep: [1, 2] }, empty: {} },
        };
        await store.commit([create(r)]);
        expect(await store.get('/machine/a')).toEqual(r);
      });

      it('hand out copies: changing a returned record does not change the store', async () => {
        await store.commit([create(machineRecord('a'))]);
        const got = (await store.get('/machine/a'))!;
        got.entity.attributes['com.example.name'] = 'changed';
        got.mixins.push(TAG);
        expect((await store.get('/machine/a'))!.entity.attributes['com.example.name']).toBe('a');
        expect((await store.get('/machine/a'))!.mixins).toEqual([]);
      });

      it('keep no reference to committed records', async () => {
        const r = machineRecord('a');
        await store.commit([create(r)]);
        r.entity.attributes['com.example.name'] = 'changed';
        expect((await store.get('/machine/a'))!.entity.attributes['com.example.name']).toBe('a');
      });
    });

    describe('commit', () => {
      it("'absent' refuses an existing location or id with a duplicate conflict", async () => {
        await store.commit([create(machineRecord('a'))]);
        await expectConflict(store.commit([create(machineRecord('a'))]), 'duplicate');
        const sameId = { ...machineRecord('b'), id: 'urn:uuid:a' };
        await expectConflict(store.commit([create(sameId)]), 'duplicate');
      });

      it('an expected version must be the current one', async () => {
        await store.commit([create(machineRecord('a'))]);
        await store.commit([{ op: 'put', record: machineRecord('a', { version: 2 }), expect: 1 }]);
        expect((await store.get('/machine/a'))!.version).toBe(2);
        await expectConflict(
          store.commit([{ op: 'put', record: machineRecord('a', { version: 3 }), expect: 1 }]),
          'version-mismatch',
        );
        await expectConflict(
          store.commit([{ op: 'put', record: machineRecord('z', { version: 2 }), expect: 1 }]),
          'version-mismatch',
        );
        expect((await store.get('/machine/a'))!.version).toBe(2);
      });

      it('deletes, checking the expected version', async () => {
        await store.commit([create(machineRecord('a'))]);
        await expectConflict(
          store.commit([{ op: 'delete', location: '/machine/a', expect: 7 }]),
          'version-mismatch',
        );
        await store.commit([{ op: 'delete', location: '/machine/a', expect: 1 }]);
        expect(await store.get('/machine/a')).toBeUndefined();
        expect(await store.getById('urn:uuid:a')).toBeUndefined();
        // The id and location are free again.
        await store.commit([create(machineRecord('a'))]);
        expect(await store.getById('urn:uuid:a')).toBeDefined();
      });

      it('applies all writes or none', async () => {
        await store.commit([create(machineRecord('a'))]);
        await expectConflict(
          store.commit([
            create(machineRecord('b')),
            { op: 'put', record: machineRecord('a', { version: 2 }), expect: 2 },
          ]),
          'version-mismatch',
        );
        expect(await store.get('/machine/b')).toBeUndefined();
        expect((await store.get('/machine/a'))!.version).toBe(1);
        await expectConflict(
          store.commit([
            { op: 'delete', location: '/machine/a', expect: 1 },
            create(machineRecord('a')),
            create(machineRecord('a')),
          ]),
          'duplicate',
        );
        expect((await store.get('/machine/a'))!.version).toBe(1);
      });

      it('sees earlier writes of the same batch (delete then create, create then update)', async () => {
        await store.commit([create(machineRecord('a'))]);
        await store.commit([
          { op: 'delete', location: '/machine/a', expect: 1 },
          create(machineRecord('a', { owner: 'bob' })),
          create(machineRecord('b')),
          { op: 'put', record: machineRecord('b', { version: 2 }), expect: 1 },
        ]);
        expect((await store.get('/machine/a'))!.owner).toBe('bob');
        expect((await store.get('/machine/b'))!.version).toBe(2);
      });

      it('an empty batch is a no-op', async () => {
        await store.commit([]);
        expect(await store.query({})).toEqual([]);
      });

      it('concurrent commits expecting one version: exactly one wins', async () => {
        await store.commit([create(machineRecord('a'))]);
        const results = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) =>
            store.commit([
              {
                op: 'put',
                record: machineRecord('a', { version: 2, owner: `u${i}` }),
                expect: 1,
              },
            ]),
          ),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results)
          if (r.status === 'rejected')
            expect(r.reason).toMatchObject({ kind: 'conflict', code: 'version-mismatch' });
      });
    });

    describe('query', () => {
      beforeEach(async () => {
        await store.commit([
          create(machineRecord('m1', { mixins: [TAG] })),
          create(machineRecord('m2', { mixins: [TAG, BLUE], owner: 'bob' })),
          create(machineRecord('m3')),
          create(wireRecord('w1', 'm1', 'm2')),
          create(wireRecord('w2', 'm2', 'm3', 'bob')),
        ]);
        const m3 = machineRecord('m3', { version: 2 });
        m3.entity.title = 'third';
        m3.entity.summary = 'the third';
        m3.entity.attributes = { 'com.example.name': 'm3', 'com.example.cores': 4, 'com.example.on': true };
        await store.commit([{ op: 'put', record: m3, expect: 1 }]);
      });
      const locations = async (q: Parameters<Store['query']>[0]) =>
        (await store.query(q)).map((r) => r.location);

      it('returns everything in creation order, also after updates', async () => {
        expect(await locations({})).toEqual([
          '/machine/m1',
          '/machine/m2',
          '/machine/m3',
          '/wire/w1',
          '/wire/w2',
        ]);
      });

      it('filters by kinds, owner, source and target', async () => {
        expect(await locations({ kinds: [WIRE] })).toEqual(['/wire/w1', '/wire/w2']);
        expect(await locations({ kinds: [] })).toEqual([]);
        expect(await locations({ owner: 'bob' })).toEqual(['/machine/m2', '/wire/w2']);
        expect(await locations({ source: '/machine/m2' })).toEqual(['/wire/w2']);
        expect(await locations({ target: '/machine/m2' })).toEqual(['/wire/w1']);
      });

      it('in: the union of kind and mixin collections', async () => {
        expect(await locations({ in: { mixins: [BLUE] } })).toEqual(['/machine/m2']);
        expect(await locations({ in: { kinds: [WIRE], mixins: [TAG] } })).toEqual([
          '/machine/m1',
          '/machine/m2',
          '/wire/w1',
          '/wire/w2',
        ]);
        expect(await locations({ in: {} })).toEqual([]);
      });

      it('withMixins: entities having every listed mixin', async () => {
        expect(await locations({ withMixins: [TAG] })).toEqual(['/machine/m1', '/machine/m2']);
        expect(await locations({ withMixins: [TAG, BLUE] })).toEqual(['/machine/m2']);
      });

      it('attributes: equality on values, core names on fields, strings matching the text of a value', async () => {
        expect(await locations({ attributes: { 'com.example.cores': 4 } })).toEqual(['/machine/m3']);
        expect(await locations({ attributes: { 'com.example.cores': '4' } })).toEqual(['/machine/m3']);
        expect(await locations({ attributes: { 'com.example.on': 'true' } })).toEqual(['/machine/m3']);
        expect(await locations({ attributes: { 'com.example.cores': 5 } })).toEqual([]);
        expect(await locations({ attributes: { 'occi.core.title': 'third' } })).toEqual(['/machine/m3']);
        expect(await locations({ attributes: { 'occi.core.summary': 'the third' } })).toEqual([
          '/machine/m3',
        ]);
        expect(await locations({ attributes: { 'occi.core.id': 'urn:uuid:m1' } })).toEqual(['/machine/m1']);
        expect(await locations({ attributes: { 'occi.core.source': '/machine/m1' } })).toEqual(['/wire/w1']);
        expect(await locations({ attributes: { 'occi.core.target': '/machine/m3' } })).toEqual(['/wire/w2']);
        expect(
          await locations({ attributes: { 'com.example.name': 'm1', 'occi.core.id': 'urn:uuid:m2' } }),
        ).toEqual([]);
      });

      it('combines conditions', async () => {
        expect(await locations({ kinds: [MACHINE], owner: 'alice', withMixins: [TAG] })).toEqual([
          '/machine/m1',
        ]);
      });

      it('pages with offset and limit after filtering', async () => {
        expect(await locations({ kinds: [MACHINE], offset: 1, limit: 1 })).toEqual(['/machine/m2']);
        expect(await locations({ kinds: [MACHINE], offset: 2 })).toEqual(['/machine/m3']);
        expect(await locations({ kinds: [MACHINE], limit: 2 })).toEqual(['/machine/m1', '/machine/m2']);
        expect(await locations({ offset: 10 })).toEqual([]);
        expect(await locations({ limit: 0 })).toEqual([]);
      });
    });

    describe('mixin records', () => {
      const mixin = (term: string, owner: string): MixinRecord => ({
        id: `http://example.com/users/${owner}#${term}`,
        owner,
        definition: {
          scheme: `http://example.com/users/${owner}#`,
          term,
          location: `/users/${owner}/${term}/`,
        },
      });

      it('stores, lists by owner and deletes mixin records', async () => {
        expect(await store.mixins()).toEqual([]);
        await store.commit([
          { op: 'put-mixin', mixin: mixin('fav', 'alice'), expect: 'absent' },
          { op: 'put-mixin', mixin: mixin('old', 'bob'), expect: 'absent' },
        ]);
        expect((await store.mixins()).map((m) => m.id).sort()).toEqual([
          mixin('fav', 'alice').id,
          mixin('old', 'bob').id,
        ]);
        expect(await store.mixins('alice')).toEqual([mixin('fav', 'alice')]);
        expect(await store.mixins('carol')).toEqual([]);
        await store.commit([{ op: 'delete-mixin', id: mixin('fav', 'alice').id }]);
        expect(await store.mixins('alice')).toEqual([]);
      });

      it("'absent' refuses an existing mixin id with a duplicate conflict", async () => {
        await store.commit([{ op: 'put-mixin', mixin: mixin('fav', 'alice'), expect: 'absent' }]);
        await expectConflict(
          store.commit([{ op: 'put-mixin', mixin: mixin('fav', 'alice'), expect: 'absent' }]),
          'duplicate',
        );
      });

      it('commits mixin and entity writes together, all or none', async () => {
        await store.commit([{ op: 'put-mixin', mixin: mixin('fav', 'alice'), expect: 'absent' }]);
        await expectConflict(
          store.commit([
            create(machineRecord('x')),
            { op: 'put-mixin', mixin: mixin('fav', 'alice'), expect: 'absent' },
          ]),
          'duplicate',
        );
        expect(await store.get('/machine/x')).toBeUndefined();
      });
    });
  });
}
