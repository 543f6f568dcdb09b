/**
 * Listing (src/reference/listing.ts): a page's entities built in one pass
 * are what `get` answers for each; `listBatches` gives what `list` gives,
 * in batches, also from a store without `scan`.
 */
import { describe, expect, it } from 'vitest';
import {
  type Entity,
  type EntityQuery,
  type EntityRecord,
  type ListRequest,
  type Store,
  scanRecords,
} from '../../src/index.js';
import { admin, alice, bob, MACHINE, machine, p, store, useFreshProvider, wire } from './setup.js';

useFreshProvider();

async function batches(request: ListRequest, size: number, caller = alice): Promise<Entity[][]> {
  const out: Entity[][] = [];
  for await (const batch of p.listBatches(caller, request, size)) out.push(batch);
  return out;
}

describe('listing', () => {
  it('answers each listed entity as get answers it: links, actions, the tag of its links', async () => {
    const a = await machine('a');
    const b = await machine('b');
    const c = await machine('c');
    await wire(a, b);
    await wire(a, c);
    await wire(c, a);
    await machine('d', {}, bob);
    const listed = await p.list(alice, { collection: { kind: MACHINE } });
    expect(listed.map((e) => e.location)).toEqual([a, b, c].map((e) => e.location));
    for (const entity of listed) expect(entity).toEqual(await p.get(alice, entity.location!));
    expect(listed[0]!.links).toHaveLength(2);
    expect(listed[0]!.version).not.toBe('1');
  });

  it('gives in batches what list gives, for each batch size, page and caller', async () => {
    const made: Entity[] = [];
    for (let i = 0; i < 11; i++) made.push(await machine(`m${i}`, {}, i % 3 === 0 ? bob : alice));
    await wire(made[1]!, made[2]!);
    const requests: ListRequest[] = [
      { collection: { kind: MACHINE } },
      { collection: { kind: MACHINE }, page: { page: 2, number: 3 } },
      { collection: { kind: MACHINE }, filter: { attributes: { 'occi.core.id': made[4]!.id! } } },
      { collection: { path: '/' } },
      { collection: { path: '/' }, holding: 'links' },
    ];
    for (const request of requests)
      for (const caller of [alice, admin])
        for (const size of [1, 2, 5, 100]) {
          const got = await batches(request, size, caller);
          for (const batch of got) expect(batch.length).toBeLessThanOrEqual(size);
          expect(got.flat(), JSON.stringify({ request, caller, size })).toEqual(
            await p.list(caller, request),
          );
        }
    const located = (await batches({ collection: { kind: MACHINE }, locationsOnly: true }, 4)).flat();
    expect(located.map((e) => e.location)).toEqual(
      (await p.list(alice, { collection: { kind: MACHINE } })).map((e) => e.location),
    );
  });

  it('checks the request at the first step: a bad page throws before any batch', async () => {
    const iterator = p
      .listBatches(alice, { collection: { kind: MACHINE }, page: { page: 0, number: 5 } })
      [Symbol.asyncIterator]();
    await expect(iterator.next()).rejects.toMatchObject({ kind: 'bad-request', code: 'invalid-pagination' });
  });

  it('MemoryStore scans hand out its own records, frozen: changing one throws and changes nothing', async () => {
    const m = await machine('frozen');
    const batches: EntityRecord[][] = [];
    for await (const batch of store.scan({ kinds: [MACHINE] }, 10)) batches.push(batch);
    const record = batches[0]?.[0];
    expect(Object.isFrozen(record!.entity.attributes)).toBe(true);
    expect(() => {
      (record!.entity.attributes as Record<string, unknown>).x = 1;
    }).toThrow(TypeError);
    expect((await store.get(m.location!))!.entity.attributes).not.toHaveProperty('x');
    // What get and query answer are copies the caller may change.
    const copy = (await store.query({ kinds: [MACHINE] }))[0]!;
    copy.entity.attributes.x = 1;
    expect((await store.get(m.location!))!.entity.attributes).not.toHaveProperty('x');
  });

  it('pages a store without scan through query (scanRecords)', async () => {
    for (let i = 0; i < 7; i++) await machine(`s${i}`);
    const plain: Store = {
      get: (l) => store.get(l),
      getById: (id) => store.getById(id),
      query: (q) => store.query(q),
      commit: (w) => store.commit(w),
      mixins: (o) => store.mixins(o),
      close: () => store.close(),
    };
    const q: EntityQuery = { kinds: [MACHINE] };
    for (const [extra, size] of [
      [{}, 3],
      [{ offset: 2, limit: 4 }, 3],
      [{ offset: 1 }, 2],
    ] as const) {
      const got: string[][] = [];
      for await (const batch of scanRecords(plain, { ...q, ...extra }, size))
        got.push(batch.map((r) => r.location));
      expect(got.flat()).toEqual((await store.query({ ...q, ...extra })).map((r) => r.location));
      for (const batch of got) expect(batch.length).toBeGreaterThan(0);
    }
  });
});
