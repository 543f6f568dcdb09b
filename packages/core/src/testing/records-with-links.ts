/**
 * `getWithLinks`: a record and its links read together, what `get` and
 * `query({source, owner})` answer; every commit seen at once, through this
 * store or another process's; a record object answered again only while
 * the stored record is unchanged.
 */
import { describe, expect, it } from 'vitest';
import type { Store } from '../store.js';
import { creating, linkRecord, locationsOf, nextVersion, resourceRecord, STORAGE } from './fixtures.js';
import type { ContractContext } from './target.js';

type Read = NonNullable<Awaited<ReturnType<NonNullable<Store['getWithLinks']>>>>;

/** A plain copy of what `getWithLinks` answered (its records may be frozen), to compare with `toEqual`. */
const plain = (read: Read | undefined) =>
  read && { record: structuredClone(read.record), links: read.links.map((l) => structuredClone(l)) };

export function recordsWithLinksCases(context: ContractContext): void {
  describe('getWithLinks', () => {
    /** The store of the running test, or the test skipped when it has no getWithLinks. */
    const reader = (skip: (note: string) => void): Store & Required<Pick<Store, 'getWithLinks'>> => {
      const { store } = context;
      if (!store.getWithLinks) skip('the store has no getWithLinks()');
      return store as Store & Required<Pick<Store, 'getWithLinks'>>;
    };

    it('answers the record and its links in creation order, as get and query do', async (test) => {
      const store = reader((note) => test.skip(note));
      expect(await store.getWithLinks('/compute/c')).toBeUndefined();
      const c = resourceRecord('c');
      const s = resourceRecord('s', { kind: STORAGE });
      const other = resourceRecord('other');
      const links = [linkRecord('l2', c, s), linkRecord('l1', c, s, 'bob'), linkRecord('l3', other, s)];
      await store.commit(creating(c, s, other, ...links));
      const read = await store.getWithLinks(c.location);
      expect(plain(read)).toEqual({ record: c, links: [links[0], links[1]] });
      expect(read?.record).toEqual(await store.get(c.location));
      expect(read?.links).toEqual(await store.query({ source: c.location }));
      // A link's own links: none.
      expect(plain(await store.getWithLinks(links[0]!.location))).toEqual({ record: links[0], links: [] });
      // A location that is only a link's source (no entity there) names nothing.
      expect(await store.getWithLinks('/compute/none')).toBeUndefined();
    });

    it('answers only the links of linkOwner when given, and every owner’s record', async (test) => {
      const store = reader((note) => test.skip(note));
      const c = resourceRecord('c', { owner: 'bob' });
      const s = resourceRecord('s', { kind: STORAGE });
      const alices = linkRecord('a', c, s, 'alice');
      const bobs = linkRecord('b', c, s, 'bob');
      await store.commit(creating(c, s, alices, bobs));
      expect(locationsOf((await store.getWithLinks(c.location, 'alice'))!.links)).toEqual([alices.location]);
      expect(locationsOf((await store.getWithLinks(c.location, 'bob'))!.links)).toEqual([bobs.location]);
      expect((await store.getWithLinks(c.location, 'carol'))!.record).toEqual(c);
      expect((await store.getWithLinks(c.location, 'carol'))!.links).toEqual([]);
    });

    it('sees every commit at once: a change, a new link, a deletion, a location created again', async (test) => {
      const store = reader((note) => test.skip(note));
      const c = resourceRecord('c', { attributes: { n: 1 } });
      const s = resourceRecord('s', { kind: STORAGE });
      await store.commit(creating(c, s));
      await store.getWithLinks(c.location);
      const changed = nextVersion(c, (r) => (r.entity.attributes.n = 2));
      await store.commit([{ op: 'put', record: changed, expect: 1 }]);
      expect((await store.getWithLinks(c.location))!.record.entity.attributes.n).toBe(2);
      const link = linkRecord('l', c, s);
      await store.commit(creating(link));
      expect(locationsOf((await store.getWithLinks(c.location))!.links)).toEqual([link.location]);
      await store.commit([{ op: 'delete', location: link.location }]);
      expect((await store.getWithLinks(c.location))!.links).toEqual([]);
      // Deleted and created again at version 1 with other attributes: the version alone tells nothing.
      await store.commit([{ op: 'delete', location: c.location }]);
      expect(await store.getWithLinks(c.location)).toBeUndefined();
      await store.commit(creating(resourceRecord('c', { attributes: { n: 3 } })));
      const again = (await store.getWithLinks(c.location))!.record;
      expect(again.version).toBe(1);
      expect(again.entity.attributes.n).toBe(3);
    });

    it('sees another process’s commits at once', async (test) => {
      const store = reader((note) => test.skip(note));
      const other = await context.twin();
      if (!other) return test.skip('the target has no twin()');
      const c = resourceRecord('c', { attributes: { n: 1 } });
      const s = resourceRecord('s', { kind: STORAGE });
      await store.commit(creating(c, s));
      const first = (await store.getWithLinks(c.location))!;
      await other.commit([
        { op: 'put', record: nextVersion(c, (r) => (r.entity.attributes.n = 2)), expect: 1 },
        ...creating(linkRecord('l', c, s)),
      ]);
      const second = (await store.getWithLinks(c.location))!;
      expect(second.record).not.toBe(first.record);
      expect(second.record.entity.attributes.n).toBe(2);
      expect(second.record.version).toBe(2);
      expect(locationsOf(second.links)).toEqual(['/storagelink/l']);
      await other.commit([{ op: 'delete', location: c.location }]);
      expect(await store.getWithLinks(c.location)).toBeUndefined();
    });

    it('answers a record object again only while the stored record is unchanged', async (test) => {
      const store = reader((note) => test.skip(note));
      /** Every record answered, whether an object answered before or a new one, is the stored record now. */
      const check = async (read: Read) => {
        for (const record of [read.record, ...read.links])
          expect(structuredClone(record)).toEqual(await store.get(record.location));
      };
      const c = resourceRecord('c', { attributes: { n: 1 } });
      const s = resourceRecord('s', { kind: STORAGE });
      const link = linkRecord('l', c, s);
      await store.commit(creating(c, s, link));
      await check((await store.getWithLinks(c.location))!);
      await check((await store.getWithLinks(c.location))!);
      await store.commit([{ op: 'put', record: nextVersion(link), expect: 1 }]);
      await check((await store.getWithLinks(c.location))!);
      // Overwritten without an expectation at the same version: only the content tells.
      const same = resourceRecord('c', { attributes: { n: 5 } });
      await store.commit([{ op: 'put', record: same }]);
      await check((await store.getWithLinks(c.location))!);
      await store.commit([{ op: 'delete', location: c.location }]);
      await store.commit(creating(resourceRecord('c', { attributes: { n: 2 } })));
      const again = (await store.getWithLinks(c.location))!;
      await check(again);
      expect(again.record.entity.attributes.n).toBe(2);
    });
  });
}
