/**
 * Reading collections whole and deep: `scan` gives what `query` gives, in
 * batches; `sources` gathers several resources' links in one query; pages
 * far into a collection are exact, also after commits between two reads
 * of the same page (stores may remember where pages start).
 */
import { describe, expect, it } from 'vitest';
import { type EntityQuery, type EntityRecord, recordMatches, scanRecords } from '../store.js';
import { COMPUTE, creating, linkRecord, locationsOf, resourceRecord, STORAGE, UBUNTU } from './fixtures.js';
import type { ContractContext } from './target.js';

/** 30 records: computes c0…c19 (every third with UBUNTU, every other one bob's, `n` = i % 4), storages s0…s9. */
function collection(): EntityRecord[] {
  const computes = Array.from({ length: 20 }, (_, i) =>
    resourceRecord(`c${i}`, {
      mixins: i % 3 === 0 ? [UBUNTU] : [],
      owner: i % 2 === 0 ? 'alice' : 'bob',
      title: `vm-${i}`,
      attributes: { n: i % 4, 'occi.compute.hostname': `vm-${i}.example.com` },
    }),
  );
  const storages = Array.from({ length: 10 }, (_, i) => resourceRecord(`s${i}`, { kind: STORAGE }));
  // Interleaved, so that creation order is not kind order.
  return computes.flatMap((c, i) => (i % 2 === 0 && storages[i / 2] ? [c, storages[i / 2]!] : [c]));
}

/** Every batch of a scan, flattened, after checking that none is empty or larger than `size`. */
async function scanned(
  store: ContractContext['store'],
  q: EntityQuery,
  size: number,
): Promise<EntityRecord[]> {
  const out: EntityRecord[] = [];
  for await (const batch of scanRecords(store, q, size)) {
    expect(batch.length).toBeGreaterThan(0);
    expect(batch.length).toBeLessThanOrEqual(size);
    out.push(...batch);
  }
  return out;
}

const QUERIES: EntityQuery[] = [
  {},
  { kinds: [COMPUTE] },
  { kinds: [COMPUTE], owner: 'bob' },
  { withMixins: [UBUNTU] },
  { in: { kinds: [STORAGE], mixins: [UBUNTU] } },
  { attributes: { n: 1 } },
  { attributes: { n: '2' }, owner: 'alice' },
  { attributes: { 'occi.core.title': 'vm-7' } },
  { attributes: { 'occi.compute.hostname': 'vm-12.example.com' } },
  { kinds: [COMPUTE], offset: 3, limit: 9 },
  { offset: 25 },
  { kinds: [STORAGE], offset: 40, limit: 5 },
];

export function scanCases(context: ContractContext): void {
  describe('scans, links of several sources, deep pages', () => {
    it('scans in batches exactly what query answers, for every condition, batch size and page', async () => {
      const { store } = context;
      const all = collection();
      await store.commit(creating(...all));
      for (const q of QUERIES) {
        const wanted = locationsOf(await store.query(q));
        const from = q.offset ?? 0;
        const matching = all.filter((r) => recordMatches(r, q));
        expect(wanted, JSON.stringify(q)).toEqual(
          locationsOf(matching.slice(from, q.limit === undefined ? undefined : from + q.limit)),
        );
        for (const size of [1, 4, 7, 100])
          expect(locationsOf(await scanned(store, q, size)), `${JSON.stringify(q)} by ${size}`).toEqual(
            wanted,
          );
      }
      expect(await scanned(store, { kinds: [COMPUTE] }, 5)).toEqual(await store.query({ kinds: [COMPUTE] }));
    });

    it("answers an identity projection with each record's identity as the whole record has it", async () => {
      const { store } = context;
      const c = resourceRecord('c', { mixins: [UBUNTU], attributes: { n: 1 }, title: 't' });
      const s = resourceRecord('s', { kind: STORAGE });
      await store.commit(creating(c, s, linkRecord('l', c, s, 'bob')));
      const identity = ({ location, id, kind, mixins, owner, version, source, target }: EntityRecord) => ({
        location,
        id,
        kind,
        mixins,
        owner,
        version,
        source,
        target,
        entity: { id, kind, mixins },
      });
      const projected = await scanned(store, { projection: 'identity' }, 2);
      expect(projected.map(identity)).toEqual((await store.query({})).map(identity));
    });

    it('goes on past the last record read: sees records created meanwhile, not those deleted', async () => {
      const { store } = context;
      await store.commit(creating(...collection()));
      const seen: string[] = [];
      let round = 0;
      for await (const batch of scanRecords(store, { kinds: [COMPUTE] }, 6)) {
        seen.push(...locationsOf(batch));
        if (round++ === 0) {
          // c19 is ahead of the scan: deleted, it is not seen; c20, created now, is.
          await store.commit([
            { op: 'delete', location: '/compute/c19' },
            { op: 'put', record: resourceRecord('c20'), expect: 'absent' },
          ]);
        }
      }
      expect(seen).toEqual([...Array.from({ length: 19 }, (_, i) => `/compute/c${i}`), '/compute/c20']);
    });

    it('reads the links of several sources in one query, in creation order', async () => {
      const { store } = context;
      const [c1, c2, c3] = ['c1', 'c2', 'c3'].map((key) => resourceRecord(key));
      const s1 = resourceRecord('s1', { kind: STORAGE });
      const l1 = linkRecord('l1', c2!, s1);
      const l2 = linkRecord('l2', c1!, s1, 'bob');
      const l3 = linkRecord('l3', c2!, s1);
      const l4 = linkRecord('l4', c3!, s1);
      await store.commit(creating(c1!, c2!, c3!, s1, l1, l2, l3, l4));
      const sources = ['/compute/c1', '/compute/c2'];
      expect(locationsOf(await store.query({ sources }))).toEqual([
        '/storagelink/l1',
        '/storagelink/l2',
        '/storagelink/l3',
      ]);
      expect(locationsOf(await store.query({ sources, owner: 'alice' }))).toEqual([
        '/storagelink/l1',
        '/storagelink/l3',
      ]);
      expect(locationsOf(await store.query({ sources: ['/compute/c2', '/compute/c2'] }))).toEqual([
        '/storagelink/l1',
        '/storagelink/l3',
      ]);
      expect(await store.query({ sources: [] })).toEqual([]);
      expect(await store.query({ sources: ['/storage/s1'] })).toEqual([]);
    });

    it('answers page N as items (N-1)·number+1 … N·number, also after commits between reads', async () => {
      const { store } = context;
      const computes = Array.from({ length: 60 }, (_, i) => resourceRecord(`p${i}`));
      await store.commit(creating(...computes));
      let current = locationsOf(computes);
      const page = async (n: number, number = 5) =>
        locationsOf(await store.query({ kinds: [COMPUTE], offset: (n - 1) * number, limit: number }));
      const expectPages = async () => {
        for (const n of [1, 2, 3, 9, 12, 11, 12, 13, 20])
          expect(await page(n), `page ${n}`).toEqual(current.slice((n - 1) * 5, n * 5));
        expect(await page(4, 7)).toEqual(current.slice(21, 28));
      };
      await expectPages();
      // Records before the pages read move them: each page is read anew, never from where it began.
      await store.commit([
        { op: 'delete', location: '/compute/p3' },
        { op: 'delete', location: '/compute/p47' },
      ]);
      current = current.filter((l) => l !== '/compute/p3' && l !== '/compute/p47');
      await expectPages();
      await store.commit(creating(resourceRecord('p60')));
      current = [...current, '/compute/p60'];
      await expectPages();
      // Through another connection (another process), when the store has one.
      const twin = await context.twin();
      if (twin) {
        await twin.commit([{ op: 'delete', location: '/compute/p10' }]);
        current = current.filter((l) => l !== '/compute/p10');
        await expectPages();
      }
    });
  });
}
