/**
 * The Store contract (packages/core/src/store.ts), as tests any store must
 * pass: the same results as `recordMatches` for every condition, creation
 * order, paging, atomic batches and the documented conflicts.
 */
import type { AttributeValue, EntityQuery, EntityRecord, MixinRecord, Store, StoreWrite } from '@occi/core';
import { isOcciError, recordMatches } from '@occi/core';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

export interface ContractTarget {
  /** An empty store. */
  fresh(): Promise<Store>;
  /** Another store over the same data (another connection or process), when the store has one. */
  twin?(): Promise<Store>;
  /** Closes and opens the store again over the same data, when the data outlives the object. */
  reopen?(store: Store): Promise<Store>;
}

const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';
export const COMPUTE = `${INFRA}compute`;
export const STORAGE = `${INFRA}storage`;
export const NETWORK = `${INFRA}network`;
export const STORAGELINK = `${INFRA}storagelink`;
export const UBUNTU = 'http://example.org/os_tpl#ubuntu';
export const SMALL = 'http://example.org/resource_tpl#small';
export const TAGGED = 'http://example.org/user#tagged';

/** A resource record at /<kind term>/<key>. */
export function resource(
  key: string,
  options: { kind?: string; mixins?: string[]; owner?: string; title?: string; summary?: string } & {
    attributes?: Record<string, AttributeValue>;
    version?: number;
  } = {},
): EntityRecord {
  const kind = options.kind ?? COMPUTE;
  const mixins = options.mixins ?? [];
  const location = `/${kind.split('#')[1]}/${key}`;
  const id = `urn:uuid:${key}`;
  return {
    location,
    id,
    kind,
    mixins,
    owner: options.owner ?? 'alice',
    version: options.version ?? 1,
    entity: {
      id,
      kind,
      mixins,
      attributes: options.attributes ?? {},
      ...(options.title !== undefined ? { title: options.title } : {}),
      ...(options.summary !== undefined ? { summary: options.summary } : {}),
    },
  };
}

/** A storage link record from `source` to `target`. */
export function link(key: string, source: EntityRecord, target: EntityRecord, owner = 'alice'): EntityRecord {
  const location = `/storagelink/${key}`;
  const id = `urn:uuid:${key}`;
  return {
    location,
    id,
    kind: STORAGELINK,
    mixins: [],
    owner,
    version: 1,
    source: source.location,
    target: target.location,
    entity: {
      id,
      kind: STORAGELINK,
      mixins: [],
      attributes: { 'occi.storagelink.deviceid': 'vda' },
      source: { location: source.location, kind: source.kind },
      target: { location: target.location, kind: target.kind },
    },
  };
}

const create = (...records: EntityRecord[]): StoreWrite[] =>
  records.map((record) => ({ op: 'put', record, expect: 'absent' }));

const bump = (record: EntityRecord, change: (r: EntityRecord) => void = () => {}): EntityRecord => {
  const next = structuredClone(record);
  next.version = record.version + 1;
  change(next);
  return next;
};

async function conflictOf(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string; location?: string }> {
  try {
    await promise;
  } catch (error) {
    if (!isOcciError(error)) throw error;
    expect(error.kind).toBe('conflict');
    return {
      code: error.code,
      message: error.message,
      ...(error.problems[0]?.location !== undefined ? { location: error.problems[0].location } : {}),
    };
  }
  throw new Error('expected a conflict, but the commit succeeded');
}

const locations = (records: EntityRecord[]) => records.map((r) => r.location);

export function storeContract(name: string, target: ContractTarget): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    const opened: Store[] = [];
    beforeEach(async () => {
      store = await target.fresh();
      opened.push(store);
    });
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
    });

    describe('get and getById', () => {
      it('return the stored record by location and by id, and undefined for others', async () => {
        const a = resource('a', { title: 'A', attributes: { 'occi.compute.cores': 2 } });
        await store.commit(create(a));
        expect(await store.get('/compute/a')).toEqual(a);
        expect(await store.getById('urn:uuid:a')).toEqual(a);
        expect(await store.get('/compute/b')).toBeUndefined();
        expect(await store.getById('urn:uuid:b')).toBeUndefined();
        expect(await store.getById('/compute/a')).toBeUndefined();
      });

      it('return copies: changing a returned record changes nothing stored', async () => {
        const a = resource('a', { attributes: { n: 1 } });
        await store.commit(create(a));
        const got = (await store.get(a.location))!;
        got.entity.attributes.n = 99;
        got.mixins.push(UBUNTU);
        a.entity.attributes.n = 42;
        expect((await store.get(a.location))!.entity.attributes.n).toBe(1);
        expect((await store.get(a.location))!.mixins).toEqual([]);
      });

      it('keep source and target of links and leave them off resources', async () => {
        const c = resource('c');
        const s = resource('s', { kind: STORAGE });
        const l = link('l', c, s);
        await store.commit(create(c, s, l));
        expect(await store.get(l.location)).toEqual(l);
        const got = (await store.get(c.location))!;
        expect('source' in got).toBe(false);
        expect('target' in got).toBe(false);
      });

      it('keep every JSON value an attribute can hold', async () => {
        const attributes = {
          s: 'text with "quotes", \\ and\nnewline é 漢字 \u0001',
          i: -7,
          f: 0.1,
          big: 1e21,
          tiny: 1e-7,
          t: true,
          no: false,
          list: [1, 'two', [3], { four: 4 }],
          object: { z: 1, a: { b: [true] } },
          empty: '',
        };
        const a = resource('a', { attributes });
        await store.commit(create(a));
        expect((await store.get(a.location))!.entity.attributes).toEqual(attributes);
        expect(Object.keys((await store.get(a.location))!.entity.attributes.object as object)).toEqual([
          'z',
          'a',
        ]);
      });
    });

    describe('query', () => {
      const c1 = resource('c1', { mixins: [UBUNTU], attributes: { 'occi.compute.cores': 2 } });
      const c2 = resource('c2', {
        mixins: [UBUNTU, SMALL],
        owner: 'bob',
        attributes: { 'occi.compute.cores': 4 },
      });
      const s1 = resource('s1', { kind: STORAGE, mixins: [TAGGED], attributes: { 'occi.storage.size': 10 } });
      const n1 = resource('n1', { kind: NETWORK, owner: 'bob' });
      const l1 = link('l1', c1, s1);
      const l2 = link('l2', c2, s1, 'bob');
      const all = [c1, c2, s1, n1, l1, l2];
      beforeEach(async () => {
        await store.commit(create(...all));
      });

      const run = async (q: EntityQuery) => {
        const got = await store.query(q);
        // The reference semantics: recordMatches over the records in creation order.
        const wanted = all.filter((r) => recordMatches(r, q));
        const from = q.offset ?? 0;
        expect(locations(got)).toEqual(
          locations(wanted.slice(from, q.limit === undefined ? undefined : from + q.limit)),
        );
        return locations(got);
      };

      it('returns everything in creation order without conditions', async () => {
        expect(await run({})).toEqual(locations(all));
        expect(await store.query({})).toEqual(all);
      });

      it('filters by kinds (one, several, none)', async () => {
        expect(await run({ kinds: [COMPUTE] })).toEqual(['/compute/c1', '/compute/c2']);
        expect(await run({ kinds: [NETWORK, STORAGE] })).toEqual(['/storage/s1', '/network/n1']);
        expect(await run({ kinds: [] })).toEqual([]);
        expect(await run({ kinds: ['http://example.org/none#kind'] })).toEqual([]);
      });

      it('takes the union of kinds and mixins for `in`, each entity once', async () => {
        expect(await run({ in: { kinds: [STORAGE], mixins: [UBUNTU] } })).toEqual([
          '/compute/c1',
          '/compute/c2',
          '/storage/s1',
        ]);
        expect(await run({ in: { mixins: [UBUNTU, SMALL] } })).toEqual(['/compute/c1', '/compute/c2']);
        expect(await run({ in: { kinds: [STORAGELINK] } })).toEqual(['/storagelink/l1', '/storagelink/l2']);
        expect(await run({ in: { kinds: [], mixins: [] } })).toEqual([]);
        expect(await run({ in: {} })).toEqual([]);
      });

      it('combines `in` with kinds and withMixins (all conditions hold)', async () => {
        expect(await run({ in: { mixins: [UBUNTU, TAGGED] }, kinds: [STORAGE] })).toEqual(['/storage/s1']);
        expect(await run({ in: { kinds: [COMPUTE, STORAGE] }, withMixins: [UBUNTU] })).toEqual([
          '/compute/c1',
          '/compute/c2',
        ]);
      });

      it('requires every mixin of withMixins', async () => {
        expect(await run({ withMixins: [UBUNTU] })).toEqual(['/compute/c1', '/compute/c2']);
        expect(await run({ withMixins: [UBUNTU, SMALL] })).toEqual(['/compute/c2']);
        expect(await run({ withMixins: [SMALL, TAGGED] })).toEqual([]);
        expect(await run({ withMixins: [] })).toEqual(locations(all));
      });

      it('filters by owner, source and target', async () => {
        expect(await run({ owner: 'bob' })).toEqual(['/compute/c2', '/network/n1', '/storagelink/l2']);
        expect(await run({ owner: 'carol' })).toEqual([]);
        expect(await run({ source: '/compute/c1' })).toEqual(['/storagelink/l1']);
        expect(await run({ target: '/storage/s1' })).toEqual(['/storagelink/l1', '/storagelink/l2']);
        expect(await run({ target: '/storage/s1', owner: 'bob' })).toEqual(['/storagelink/l2']);
        expect(await run({ source: '/storage/s1' })).toEqual([]);
      });

      it('matches attributes by typed equality, and a string against the text of any value', async () => {
        expect(await run({ attributes: { 'occi.compute.cores': 2 } })).toEqual(['/compute/c1']);
        expect(await run({ attributes: { 'occi.compute.cores': '4' } })).toEqual(['/compute/c2']);
        expect(await run({ attributes: { 'occi.compute.cores': '4.0' } })).toEqual([]);
        expect(await run({ attributes: { 'occi.compute.cores': true } })).toEqual([]);
        expect(await run({ attributes: { 'occi.storage.size': 10, 'occi.compute.cores': 2 } })).toEqual([]);
        expect(await run({ attributes: { 'occi.storagelink.deviceid': 'vda' } })).toEqual([
          '/storagelink/l1',
          '/storagelink/l2',
        ]);
        expect(await run({ attributes: { 'occi.compute.hostname': 'x' } })).toEqual([]);
      });

      it('maps occi.core.id, title, summary, source and target to the record', async () => {
        expect(await run({ attributes: { 'occi.core.id': 'urn:uuid:c2' } })).toEqual(['/compute/c2']);
        expect(await run({ attributes: { 'occi.core.source': '/compute/c2' } })).toEqual(['/storagelink/l2']);
        expect(await run({ attributes: { 'occi.core.target': '/storage/s1' } })).toEqual([
          '/storagelink/l1',
          '/storagelink/l2',
        ]);
        expect(await run({ attributes: { 'occi.core.title': 'anything' } })).toEqual([]);
      });

      it('pages with offset and limit in creation order', async () => {
        expect(await run({ limit: 2 })).toEqual(['/compute/c1', '/compute/c2']);
        expect(await run({ offset: 2, limit: 2 })).toEqual(['/storage/s1', '/network/n1']);
        expect(await run({ offset: 5, limit: 2 })).toEqual(['/storagelink/l2']);
        expect(await run({ offset: 6 })).toEqual([]);
        expect(await run({ offset: 100, limit: 10 })).toEqual([]);
        expect(await run({ limit: 0 })).toEqual([]);
        expect(await run({ owner: 'bob', offset: 1, limit: 1 })).toEqual(['/network/n1']);
      });

      it('keeps the creation position on overwrite, and moves a re-created entity to the end', async () => {
        await store.commit([{ op: 'put', record: bump(c1, (r) => (r.entity.title = 'new')), expect: 1 }]);
        expect(locations(await store.query({ kinds: [COMPUTE] }))).toEqual(['/compute/c1', '/compute/c2']);
        await store.commit([{ op: 'delete', location: c1.location, expect: 2 }, ...create(c1)]);
        expect(locations(await store.query({ kinds: [COMPUTE] }))).toEqual(['/compute/c2', '/compute/c1']);
      });

      it('follows mixin changes in membership queries', async () => {
        await store.commit([
          { op: 'put', record: bump(c1, (r) => (r.mixins = r.entity.mixins = [SMALL])), expect: 1 },
        ]);
        expect(await store.query({ in: { mixins: [UBUNTU] } }).then(locations)).toEqual(['/compute/c2']);
        expect(await store.query({ withMixins: [SMALL] }).then(locations)).toEqual([
          '/compute/c1',
          '/compute/c2',
        ]);
        await store.commit([{ op: 'delete', location: c2.location }]);
        expect(await store.query({ withMixins: [SMALL] }).then(locations)).toEqual(['/compute/c1']);
      });
    });

    describe('attribute filters agree with valueMatches', () => {
      const names = ['occi.core.title', 'occi.core.summary', 'x.value', 'a"b', 'w\\z', 'sp ace'];
      const json: fc.Arbitrary<AttributeValue> = fc.letrec<{ value: AttributeValue }>((tie) => ({
        value: fc.oneof(
          { depthSize: 'small', withCrossShrink: true },
          fc.constantFrom<AttributeValue>('1', '2', 'true', '', '1.5', '[1,2]', '{"a":1}', 'é\n"', 'x'),
          fc.constantFrom<AttributeValue>(1, 2, -1, 1.5, 0, 1e21, 1e-7, true, false),
          fc.string({ maxLength: 4 }),
          fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
          fc.array(tie('value'), { maxLength: 3 }),
          fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('value'), { maxKeys: 3, noNullPrototype: true }),
        ),
      })).value;

      it('for random values, names and wanted values', async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.array(fc.dictionary(fc.constantFrom(...names), json, { maxKeys: 3, noNullPrototype: true }), {
              minLength: 1,
              maxLength: 4,
            }),
            fc.constantFrom(...names),
            json,
            async (rows, name, wanted) => {
              const records = rows.map((values, i) => {
                // Title and summary are strings: keep strings, write other values as their JSON.
                const { 'occi.core.title': title, 'occi.core.summary': summary, ...attributes } = values;
                const text = (v: AttributeValue) => (typeof v === 'string' ? v : JSON.stringify(v));
                return resource(`p${i}`, {
                  attributes,
                  ...(title !== undefined ? { title: text(title) } : {}),
                  ...(summary !== undefined ? { summary: text(summary) } : {}),
                });
              });
              await store.commit(records.map((record) => ({ op: 'put', record })));
              const q: EntityQuery = { attributes: { [name]: wanted }, kinds: [COMPUTE] };
              const expected = records.filter((r) => recordMatches(r, q)).map((r) => r.location);
              const got = await store.query(q);
              await store.commit(records.map((r) => ({ op: 'delete', location: r.location })));
              expect(locations(got)).toEqual(expected);
            },
          ),
          { numRuns: 150 },
        );
      });

      it('for values taken from the records themselves', async () => {
        const values: AttributeValue[] = [
          { z: 1, a: [1, 'b', true] },
          [1, 2, 3],
          'é\n"\\',
          1e21,
          1e-7,
          -0.5,
          true,
        ];
        const records = values.map((v, i) => resource(`v${i}`, { attributes: { v } }));
        await store.commit(create(...records));
        for (const [i, v] of values.entries()) {
          expect(locations(await store.query({ attributes: { v } }))).toEqual([`/compute/v${i}`]);
          const text = typeof v === 'string' ? v : JSON.stringify(v);
          expect(locations(await store.query({ attributes: { v: text } }))).toEqual([`/compute/v${i}`]);
        }
        // Same members in another key order are another JSON text.
        expect(await store.query({ attributes: { v: { a: [1, 'b', true], z: 1 } } })).toEqual([]);
      });
    });

    describe('commit', () => {
      it('overwrites without an expectation and stores the version it is given', async () => {
        const a = resource('a');
        await store.commit([{ op: 'put', record: a }]);
        await store.commit([{ op: 'put', record: { ...a, version: 7 } }]);
        expect((await store.get(a.location))!.version).toBe(7);
      });

      it('checks the expected version of a put and a delete', async () => {
        const a = resource('a');
        await store.commit(create(a));
        const v2 = bump(a, (r) => (r.entity.attributes.x = 1));
        await store.commit([{ op: 'put', record: v2, expect: 1 }]);
        const stale = await conflictOf(store.commit([{ op: 'put', record: bump(a), expect: 1 }]));
        expect(stale).toEqual({
          code: 'version-mismatch',
          message: '/compute/a was changed by another request',
          location: '/compute/a',
        });
        const staleDelete = await conflictOf(
          store.commit([{ op: 'delete', location: a.location, expect: 1 }]),
        );
        expect(staleDelete.code).toBe('version-mismatch');
        expect(staleDelete.message).toContain('/compute/a');
        expect(await store.get(a.location)).toEqual(v2);
        await store.commit([{ op: 'delete', location: a.location, expect: 2 }]);
        expect(await store.get(a.location)).toBeUndefined();
        expect(await store.getById(a.id)).toBeUndefined();
      });

      it('treats an expected version of an absent entity as a mismatch', async () => {
        const put = await conflictOf(store.commit([{ op: 'put', record: resource('a'), expect: 1 }]));
        expect(put.code).toBe('version-mismatch');
        const del = await conflictOf(store.commit([{ op: 'delete', location: '/compute/a', expect: 1 }]));
        expect(del.code).toBe('version-mismatch');
        expect(await store.get('/compute/a')).toBeUndefined();
        await store.commit([{ op: 'delete', location: '/compute/a' }]);
      });

      it('refuses to create at a taken location or with a taken id', async () => {
        const a = resource('a');
        await store.commit(create(a));
        expect(await conflictOf(store.commit(create({ ...resource('b'), location: a.location })))).toEqual({
          code: 'duplicate',
          message: '/compute/a exists already',
          location: '/compute/a',
        });
        expect(await conflictOf(store.commit(create({ ...resource('b'), id: a.id })))).toEqual({
          code: 'duplicate',
          message: 'an entity with id urn:uuid:a exists already',
          location: '/compute/a',
        });
        expect(await store.get('/compute/b')).toBeUndefined();
        expect(await store.getById(a.id)).toEqual(a);
      });

      it('refuses an overwrite that takes the id of another entity, naming that entity', async () => {
        const a = resource('dup-a');
        const b = resource('dup-b');
        await store.commit(create(a, b));
        for (const expected of [1, undefined]) {
          const taking = { ...b, version: 2, id: a.id, entity: { ...b.entity, id: a.id } };
          expect(
            await conflictOf(
              store.commit([{ op: 'put', record: taking, ...(expected ? { expect: expected } : {}) }]),
            ),
          ).toEqual({
            code: 'duplicate',
            message: 'an entity with id urn:uuid:dup-a exists already',
            location: '/compute/dup-a',
          });
        }
        expect(await store.get(b.location)).toEqual(b);
      });

      it('applies all writes or none', async () => {
        const a = resource('a');
        const b = resource('b');
        await store.commit(create(a, b));
        const failing = await conflictOf(
          store.commit([
            ...create(resource('c')),
            { op: 'put', record: bump(a), expect: 1 },
            { op: 'delete', location: '/compute/b', expect: 1 },
            {
              op: 'put-mixin',
              mixin: { id: TAGGED, owner: 'alice', definition: { scheme: 'x', term: 'y' } },
            },
            { op: 'put', record: bump(b), expect: 5 },
          ]),
        );
        expect(failing).toEqual({
          code: 'version-mismatch',
          message: '/compute/b was changed by another request',
          location: '/compute/b',
        });
        expect(await store.query({})).toEqual([a, b]);
        expect(await store.mixins()).toEqual([]);
        const duplicate = await conflictOf(store.commit([...create(resource('c')), ...create(a)]));
        expect(duplicate.code).toBe('duplicate');
        expect(await store.get('/compute/c')).toBeUndefined();
      });

      it('applies the writes of a batch in order', async () => {
        const a = resource('a');
        const a2 = bump(a);
        const a3 = bump(a2);
        await store.commit([
          ...create(a),
          { op: 'put', record: a2, expect: 1 },
          { op: 'put', record: a3, expect: 2 },
        ]);
        expect(await store.get(a.location)).toEqual(a3);
        // Delete and re-create in one batch, also under the same id.
        await store.commit([{ op: 'delete', location: a.location, expect: 3 }, ...create(a)]);
        expect(await store.get(a.location)).toEqual(a);
      });

      it('lets exactly one of concurrent writers with the same expected version win', async () => {
        const a = resource('a', { attributes: { n: 0 } });
        await store.commit(create(a));
        const others = target.twin ? [await target.twin(), await target.twin()] : [];
        opened.push(...others);
        const stores = [store, ...others];
        const attempts = Array.from({ length: 12 }, (_, i) =>
          stores[i % stores.length]!.commit([
            { op: 'put', record: bump(a, (r) => (r.entity.attributes.n = i + 1)), expect: 1 },
          ]),
        );
        const outcomes = await Promise.allSettled(attempts);
        const won = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i + 1] : []));
        expect(won).toHaveLength(1);
        for (const o of outcomes)
          if (o.status === 'rejected') expect((o.reason as { code?: string }).code).toBe('version-mismatch');
        const stored = (await store.get(a.location))!;
        expect(stored.version).toBe(2);
        expect(stored.entity.attributes.n).toBe(won[0]);
      });

      it('lets exactly one of concurrent creators of a location win', async () => {
        const others = target.twin ? [await target.twin()] : [];
        opened.push(...others);
        const stores = [store, ...others];
        const outcomes = await Promise.allSettled(
          Array.from({ length: 8 }, (_, i) =>
            stores[i % stores.length]!.commit(create({ ...resource(`n${i}`), location: '/compute/same' })),
          ),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        for (const o of outcomes)
          if (o.status === 'rejected') expect((o.reason as { code?: string }).code).toBe('duplicate');
        expect(await store.query({})).toHaveLength(1);
      });
    });

    describe('revision', () => {
      it('changes with every commit and stays put otherwise', async (context) => {
        if (!store.revision) return context.skip();
        const first = store.revision();
        expect(store.revision()).toBe(first);
        await store.get('/compute/none');
        expect(store.revision()).toBe(first);
        const a = resource('a');
        await store.commit(create(a));
        const second = store.revision();
        expect(second).not.toBe(first);
        await store.commit([{ op: 'put', record: bump(a), expect: 1 }]);
        expect(store.revision()).not.toBe(second);
      });

      it('changes when another connection (another process) commits', async (context) => {
        if (!store.revision || !target.twin) return context.skip();
        const other = await target.twin();
        opened.push(other);
        const before = store.revision();
        await other.commit(create(resource('b')));
        expect(store.revision()).not.toBe(before);
        const seen = store.revision();
        await other.commit([
          {
            op: 'put-mixin',
            mixin: {
              id: 'http://example.org/user#m',
              owner: 'alice',
              definition: { scheme: 'http://example.org/user#', term: 'm', location: '/alice/m/' },
            },
          },
        ]);
        expect(store.revision()).not.toBe(seen);
      });
    });

    describe('mixin records', () => {
      const mixin = (id: string, owner: string): MixinRecord => {
        const [scheme, term] = id.split('#') as [string, string];
        return {
          id,
          owner,
          definition: {
            scheme: `${scheme}#`,
            term,
            title: `${term} of ${owner}`,
            location: `/${owner}/${term}/`,
          },
        };
      };

      it('are stored, listed in creation order, filtered by owner, replaced and deleted', async () => {
        const t = mixin(TAGGED, 'alice');
        const u = mixin('http://example.org/user#urgent', 'bob');
        const v = mixin('http://example.org/user#vip', 'alice');
        await store.commit([
          { op: 'put-mixin', mixin: t, expect: 'absent' },
          { op: 'put-mixin', mixin: u, expect: 'absent' },
          { op: 'put-mixin', mixin: v },
        ]);
        expect(await store.mixins()).toEqual([t, u, v]);
        expect(await store.mixins('alice')).toEqual([t, v]);
        expect(await store.mixins('carol')).toEqual([]);
        const t2 = { ...t, definition: { ...t.definition, title: 'renamed' } };
        await store.commit([{ op: 'put-mixin', mixin: t2 }]);
        expect(await store.mixins()).toEqual([t2, u, v]);
        await store.commit([
          { op: 'delete-mixin', id: u.id },
          { op: 'delete-mixin', id: 'http://none#x' },
        ]);
        expect(await store.mixins()).toEqual([t2, v]);
      });

      it('refuse a second mixin with the same id when it must be absent', async () => {
        const t = mixin(TAGGED, 'alice');
        await store.commit([{ op: 'put-mixin', mixin: t, expect: 'absent' }]);
        const failure = await conflictOf(
          store.commit([
            ...create(resource('a')),
            { op: 'put-mixin', mixin: mixin(TAGGED, 'bob'), expect: 'absent' },
          ]),
        );
        expect(failure.code).toBe('duplicate');
        expect(failure.message).toBe(`mixin ${TAGGED} exists already`);
        expect(await store.mixins()).toEqual([t]);
        expect(await store.get('/compute/a')).toBeUndefined();
      });
    });

    if (target.reopen) {
      const reopen = target.reopen;
      it('keeps entities, order, versions and mixins across close and open', async () => {
        const a = resource('a', { mixins: [UBUNTU], attributes: { x: [1, { y: 'z' }] } });
        const b = resource('b', { kind: STORAGE });
        const m: MixinRecord = {
          id: TAGGED,
          owner: 'alice',
          definition: { scheme: 'http://example.org/user#', term: 'tagged' },
        };
        await store.commit([...create(a, b), { op: 'put-mixin', mixin: m }]);
        await store.commit([{ op: 'put', record: bump(a), expect: 1 }]);
        store = await reopen(store);
        opened.push(store);
        expect(await store.query({})).toEqual([bump(a), b]);
        expect(await store.query({ withMixins: [UBUNTU] }).then(locations)).toEqual(['/compute/a']);
        expect(await store.mixins()).toEqual([m]);
        await store.commit(create(resource('c')));
        expect(await store.query({}).then(locations)).toEqual(['/compute/a', '/storage/b', '/compute/c']);
      });
    }
  });
}
