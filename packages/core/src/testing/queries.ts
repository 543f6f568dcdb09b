/** `query`: every condition as `recordMatches` reads it, creation order, and paging. */
import { beforeEach, describe, expect, it } from 'vitest';
import { type EntityQuery, type EntityRecord, recordMatches } from '../store.js';
import {
  COMPUTE,
  creating,
  linkRecord,
  locationsOf,
  NETWORK,
  nextVersion,
  resourceRecord,
  SMALL,
  STORAGE,
  STORAGELINK,
  TAGGED,
  UBUNTU,
} from './fixtures.js';
import type { ContractContext } from './target.js';

export function queryCases(context: ContractContext): void {
  describe('query', () => {
    const c1 = resourceRecord('c1', { mixins: [UBUNTU], attributes: { 'occi.compute.cores': 2 } });
    const c2 = resourceRecord('c2', {
      mixins: [UBUNTU, SMALL],
      owner: 'bob',
      attributes: { 'occi.compute.cores': 4 },
    });
    const s1 = resourceRecord('s1', {
      kind: STORAGE,
      mixins: [TAGGED],
      attributes: { 'occi.storage.size': 10 },
    });
    const n1 = resourceRecord('n1', { kind: NETWORK, owner: 'bob' });
    const l1 = linkRecord('l1', c1, s1);
    const l2 = linkRecord('l2', c2, s1, 'bob');
    // s1 as overwritten after every record was created: it keeps its place.
    const s1v2 = nextVersion(s1, (r) => {
      r.entity.title = 'shared disk';
      r.entity.summary = 'the disk both computes use';
      r.entity.attributes['com.example.backup'] = true;
    });
    const all = [c1, c2, s1v2, n1, l1, l2];
    beforeEach(async () => {
      await context.store.commit(creating(c1, c2, s1, n1, l1, l2));
      await context.store.commit([{ op: 'put', record: s1v2, expect: 1 }]);
    });

    /** The query's result, checked against the reference: `recordMatches` over `all` in creation order, paged. */
    const run = async (q: EntityQuery): Promise<string[]> => {
      const got = locationsOf(await context.store.query(q));
      const wanted = all.filter((r: EntityRecord) => recordMatches(r, q));
      const from = q.offset ?? 0;
      expect(got).toEqual(
        locationsOf(wanted.slice(from, q.limit === undefined ? undefined : from + q.limit)),
      );
      return got;
    };

    it('returns everything in creation order without conditions, also after an overwrite', async () => {
      expect(await run({})).toEqual(locationsOf(all));
      expect(await context.store.query({})).toEqual(all);
    });

    it('filters by kinds (one, several, none)', async () => {
      expect(await run({ kinds: [COMPUTE] })).toEqual(['/compute/c1', '/compute/c2']);
      expect(await run({ kinds: [NETWORK, STORAGE] })).toEqual(['/storage/s1', '/network/n1']);
      expect(await run({ kinds: [STORAGELINK] })).toEqual(['/storagelink/l1', '/storagelink/l2']);
      expect(await run({ kinds: [] })).toEqual([]);
      expect(await run({ kinds: ['http://example.org/none#kind'] })).toEqual([]);
    });

    it('takes the union of kinds and mixins for `in`, each entity once', async () => {
      expect(await run({ in: { kinds: [STORAGE], mixins: [UBUNTU] } })).toEqual([
        '/compute/c1',
        '/compute/c2',
        '/storage/s1',
      ]);
      expect(await run({ in: { mixins: [SMALL] } })).toEqual(['/compute/c2']);
      expect(await run({ in: { mixins: [UBUNTU, SMALL] } })).toEqual(['/compute/c1', '/compute/c2']);
      expect(await run({ in: { kinds: [STORAGELINK], mixins: [UBUNTU] } })).toEqual([
        '/compute/c1',
        '/compute/c2',
        '/storagelink/l1',
        '/storagelink/l2',
      ]);
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
      expect(await run({ withMixins: [] })).toEqual(locationsOf(all));
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
      expect(await run({ attributes: { 'occi.compute.cores': 5 } })).toEqual([]);
      expect(await run({ attributes: { 'occi.compute.cores': '4.0' } })).toEqual([]);
      expect(await run({ attributes: { 'occi.compute.cores': true } })).toEqual([]);
      expect(await run({ attributes: { 'com.example.backup': true } })).toEqual(['/storage/s1']);
      expect(await run({ attributes: { 'com.example.backup': 'true' } })).toEqual(['/storage/s1']);
      expect(await run({ attributes: { 'occi.storage.size': 10, 'occi.compute.cores': 2 } })).toEqual([]);
      expect(await run({ attributes: { 'occi.storagelink.deviceid': 'vda' } })).toEqual([
        '/storagelink/l1',
        '/storagelink/l2',
      ]);
      expect(await run({ attributes: { 'occi.compute.hostname': 'x' } })).toEqual([]);
    });

    it('maps occi.core.id, title, summary, source and target to the record', async () => {
      expect(await run({ attributes: { 'occi.core.id': 'urn:uuid:c2' } })).toEqual(['/compute/c2']);
      expect(await run({ attributes: { 'occi.core.title': 'shared disk' } })).toEqual(['/storage/s1']);
      expect(await run({ attributes: { 'occi.core.summary': 'the disk both computes use' } })).toEqual([
        '/storage/s1',
      ]);
      expect(await run({ attributes: { 'occi.core.title': 'anything' } })).toEqual([]);
      expect(await run({ attributes: { 'occi.core.source': '/compute/c2' } })).toEqual(['/storagelink/l2']);
      expect(await run({ attributes: { 'occi.core.target': '/storage/s1' } })).toEqual([
        '/storagelink/l1',
        '/storagelink/l2',
      ]);
      expect(await run({ attributes: { 'occi.core.id': 'urn:uuid:c1', 'occi.compute.cores': 4 } })).toEqual(
        [],
      );
    });

    it('combines conditions: every one must hold', async () => {
      expect(await run({ kinds: [COMPUTE], owner: 'alice', withMixins: [UBUNTU] })).toEqual(['/compute/c1']);
      expect(await run({ kinds: [STORAGELINK], owner: 'bob', target: '/storage/s1' })).toEqual([
        '/storagelink/l2',
      ]);
    });

    it('pages with offset and limit, after filtering, in creation order', async () => {
      expect(await run({ limit: 2 })).toEqual(['/compute/c1', '/compute/c2']);
      expect(await run({ offset: 2, limit: 2 })).toEqual(['/storage/s1', '/network/n1']);
      expect(await run({ offset: 5, limit: 2 })).toEqual(['/storagelink/l2']);
      expect(await run({ offset: 6 })).toEqual([]);
      expect(await run({ offset: 100, limit: 10 })).toEqual([]);
      expect(await run({ limit: 0 })).toEqual([]);
      expect(await run({ kinds: [COMPUTE], offset: 1, limit: 1 })).toEqual(['/compute/c2']);
      expect(await run({ kinds: [COMPUTE], offset: 1 })).toEqual(['/compute/c2']);
      expect(await run({ kinds: [COMPUTE], limit: 5 })).toEqual(['/compute/c1', '/compute/c2']);
      expect(await run({ owner: 'bob', offset: 1, limit: 1 })).toEqual(['/network/n1']);
    });

    it('keeps the creation position on overwrite, and moves a re-created entity to the end', async () => {
      const { store } = context;
      await store.commit([
        { op: 'put', record: nextVersion(c1, (r) => (r.entity.title = 'new')), expect: 1 },
      ]);
      expect(locationsOf(await store.query({ kinds: [COMPUTE] }))).toEqual(['/compute/c1', '/compute/c2']);
      await store.commit([{ op: 'delete', location: c1.location, expect: 2 }, ...creating(c1)]);
      expect(locationsOf(await store.query({ kinds: [COMPUTE] }))).toEqual(['/compute/c2', '/compute/c1']);
    });

    it('follows mixin changes in membership queries', async () => {
      const { store } = context;
      const changed = nextVersion(c1, (r) => {
        r.mixins = [SMALL];
        r.entity.mixins = [SMALL];
      });
      await store.commit([{ op: 'put', record: changed, expect: 1 }]);
      expect(locationsOf(await store.query({ in: { mixins: [UBUNTU] } }))).toEqual(['/compute/c2']);
      expect(locationsOf(await store.query({ withMixins: [SMALL] }))).toEqual(['/compute/c1', '/compute/c2']);
      await store.commit([{ op: 'delete', location: c2.location }]);
      expect(locationsOf(await store.query({ withMixins: [SMALL] }))).toEqual(['/compute/c1']);
      expect(locationsOf(await store.query({ in: { mixins: [UBUNTU] } }))).toEqual([]);
    });

    it('follows source and target when a link is overwritten or deleted', async () => {
      const { store } = context;
      const moved = nextVersion(l1, (r) => {
        r.source = c2.location;
        r.entity.source = { location: c2.location, kind: COMPUTE };
      });
      await store.commit([{ op: 'put', record: moved, expect: 1 }]);
      expect(locationsOf(await store.query({ source: c1.location }))).toEqual([]);
      expect(locationsOf(await store.query({ source: c2.location }))).toEqual([
        '/storagelink/l1',
        '/storagelink/l2',
      ]);
      await store.commit([{ op: 'delete', location: l2.location, expect: 1 }]);
      expect(locationsOf(await store.query({ target: s1.location }))).toEqual(['/storagelink/l1']);
    });
  });
}
