/** `commit`: version expectations, duplicates, all or nothing, and the order of a batch's writes. */
import { describe, expect, it } from 'vitest';
import { expectDuplicate, expectVersionMismatch } from './conflicts.js';
import { creating, mixinRecord, nextVersion, resourceRecord, TAGGED } from './fixtures.js';
import type { ContractContext } from './target.js';

export function commitCases(context: ContractContext): void {
  describe('commit', () => {
    it('overwrites without an expectation and stores the version it is given', async () => {
      const { store } = context;
      const a = resourceRecord('a');
      await store.commit([{ op: 'put', record: a }]);
      await store.commit([{ op: 'put', record: { ...a, version: 7 } }]);
      expect((await store.get(a.location))!.version).toBe(7);
    });

    it('checks the expected version of a put and a delete', async () => {
      const { store } = context;
      const a = resourceRecord('a');
      await store.commit(creating(a));
      const v2 = nextVersion(a, (r) => (r.entity.attributes.x = 1));
      await store.commit([{ op: 'put', record: v2, expect: 1 }]);
      expect(await store.get(a.location)).toEqual(v2);
      await expectVersionMismatch(
        store.commit([{ op: 'put', record: nextVersion(a), expect: 1 }]),
        a.location,
      );
      await expectVersionMismatch(
        store.commit([{ op: 'delete', location: a.location, expect: 1 }]),
        a.location,
      );
      await expectVersionMismatch(
        store.commit([{ op: 'delete', location: a.location, expect: 7 }]),
        a.location,
      );
      expect(await store.get(a.location)).toEqual(v2);
      await store.commit([{ op: 'delete', location: a.location, expect: 2 }]);
      expect(await store.get(a.location)).toBeUndefined();
      expect(await store.getById(a.id)).toBeUndefined();
      // The location and the id are free again.
      await store.commit(creating(a));
      expect(await store.getById(a.id)).toEqual(a);
    });

    it('treats an expected version of an absent entity as a mismatch, and deletes nothing quietly', async () => {
      const { store } = context;
      await expectVersionMismatch(
        store.commit([{ op: 'put', record: resourceRecord('a'), expect: 1 }]),
        '/compute/a',
      );
      await expectVersionMismatch(
        store.commit([{ op: 'delete', location: '/compute/a', expect: 1 }]),
        '/compute/a',
      );
      expect(await store.get('/compute/a')).toBeUndefined();
      // Without an expectation, deleting what is not there is no error.
      await store.commit([{ op: 'delete', location: '/compute/a' }]);
    });

    it("refuses to create (expect 'absent') at a taken location or with a taken id, naming the holder", async () => {
      const { store } = context;
      const a = resourceRecord('a');
      await store.commit(creating(a));
      await expectDuplicate(store.commit(creating(resourceRecord('a'))), a.location);
      await expectDuplicate(
        store.commit(creating({ ...resourceRecord('b'), location: a.location })),
        a.location,
      );
      await expectDuplicate(store.commit(creating({ ...resourceRecord('b'), id: a.id })), a.location, a.id);
      expect(await store.get('/compute/b')).toBeUndefined();
      expect(await store.getById(a.id)).toEqual(a);
    });

    it('refuses an overwrite that takes the id of another entity, naming that entity', async () => {
      const { store } = context;
      const a = resourceRecord('dup-a');
      const b = resourceRecord('dup-b');
      await store.commit(creating(a, b));
      for (const expected of [1, undefined]) {
        const taking = { ...b, version: 2, id: a.id, entity: { ...b.entity, id: a.id } };
        await expectDuplicate(
          store.commit([{ op: 'put', record: taking, ...(expected ? { expect: expected } : {}) }]),
          a.location,
          a.id,
        );
      }
      expect(await store.get(b.location)).toEqual(b);
      expect(await store.getById(a.id)).toEqual(a);
    });

    it('applies all writes or none', async () => {
      const { store } = context;
      const a = resourceRecord('a');
      const b = resourceRecord('b');
      await store.commit(creating(a, b));
      await expectVersionMismatch(
        store.commit([
          ...creating(resourceRecord('c')),
          { op: 'put', record: nextVersion(a), expect: 1 },
          { op: 'delete', location: '/compute/b', expect: 1 },
          { op: 'put-mixin', mixin: mixinRecord(TAGGED) },
          { op: 'put', record: nextVersion(b), expect: 5 },
        ]),
        '/compute/b',
      );
      expect(await store.query({})).toEqual([a, b]);
      expect(await store.mixins()).toEqual([]);
      await expectDuplicate(store.commit([...creating(resourceRecord('c')), ...creating(a)]), a.location);
      expect(await store.get('/compute/c')).toBeUndefined();
      // A delete undone with the batch: the entity is back, at its version.
      await expectDuplicate(
        store.commit([{ op: 'delete', location: a.location, expect: 1 }, ...creating(a), ...creating(a)]),
        a.location,
      );
      expect(await store.get(a.location)).toEqual(a);
      expect(await store.query({})).toEqual([a, b]);
    });

    it('applies the writes of a batch in order: each sees the ones before it', async () => {
      const { store } = context;
      const a = resourceRecord('a');
      const a2 = nextVersion(a);
      const a3 = nextVersion(a2);
      await store.commit([
        ...creating(a),
        { op: 'put', record: a2, expect: 1 },
        { op: 'put', record: a3, expect: 2 },
      ]);
      expect(await store.get(a.location)).toEqual(a3);
      // Delete and re-create in one batch, under the same id, for another owner.
      const again = resourceRecord('a', { owner: 'bob' });
      await store.commit([{ op: 'delete', location: a.location, expect: 3 }, ...creating(again)]);
      expect(await store.get(a.location)).toEqual(again);
      expect(await store.getById(a.id)).toEqual(again);
    });

    it('takes an empty batch as a no-op', async () => {
      const { store } = context;
      await store.commit([]);
      expect(await store.query({})).toEqual([]);
      expect(await store.mixins()).toEqual([]);
    });
  });
}
