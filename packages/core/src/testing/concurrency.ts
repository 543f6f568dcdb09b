/**
 * Commits racing each other, through this store and (with a target's
 * `twin`) through other processes' stores, and `revision()`.
 */
import { describe, expect, it } from 'vitest';
import type { Store } from '../store.js';
import { creating, mixinRecord, nextVersion, resourceRecord } from './fixtures.js';
import type { ContractContext } from './target.js';

/** The store under test, and two twins when the target has them. */
async function writers(context: ContractContext, twins: number): Promise<Store[]> {
  const stores = [context.store];
  for (let i = 0; i < twins; i++) {
    const twin = await context.twin();
    if (twin) stores.push(twin);
  }
  return stores;
}

const codeOf = (reason: unknown) => (reason as { code?: unknown }).code;

export function concurrencyCases(context: ContractContext): void {
  describe('concurrent commits', () => {
    it('let exactly one of the writers expecting the same version win', async () => {
      const a = resourceRecord('a', { attributes: { n: 0 } });
      await context.store.commit(creating(a));
      const stores = await writers(context, 2);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) =>
          stores[i % stores.length]!.commit([
            { op: 'put', record: nextVersion(a, (r) => (r.entity.attributes.n = i + 1)), expect: 1 },
          ]),
        ),
      );
      const won = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i + 1] : []));
      expect(won).toHaveLength(1);
      for (const o of outcomes)
        if (o.status === 'rejected')
          expect(o.reason).toMatchObject({ kind: 'conflict', code: 'version-mismatch' });
      const stored = (await context.store.get(a.location))!;
      expect(stored.version).toBe(2);
      expect(stored.entity.attributes.n).toBe(won[0]);
    });

    it('let exactly one of the creators of a location win', async () => {
      const stores = await writers(context, 1);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) =>
          stores[i % stores.length]!.commit(
            creating({ ...resourceRecord(`n${i}`), location: '/compute/same' }),
          ),
        ),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const o of outcomes) if (o.status === 'rejected') expect(codeOf(o.reason)).toBe('duplicate');
      expect(await context.store.query({})).toHaveLength(1);
    });
  });

  describe('revision', () => {
    it('changes with every commit and stays put otherwise', async (test) => {
      const { store } = context;
      if (!store.revision) return test.skip('the store has no revision()');
      const first = store.revision();
      expect(store.revision()).toBe(first);
      await store.get('/compute/none');
      await store.query({});
      expect(store.revision()).toBe(first);
      const a = resourceRecord('a');
      await store.commit(creating(a));
      const second = store.revision();
      expect(second).not.toBe(first);
      await store.commit([{ op: 'put', record: nextVersion(a), expect: 1 }]);
      const third = store.revision();
      expect(third).not.toBe(second);
      await store.commit([{ op: 'put-mixin', mixin: mixinRecord('http://example.org/user#m') }]);
      expect(store.revision()).not.toBe(third);
    });

    it('changes when another process commits', async (test) => {
      const { store } = context;
      if (!store.revision) return test.skip('the store has no revision()');
      if (!context.target.twin) return test.skip('the target has no twin()');
      const other = (await context.twin())!;
      const before = store.revision();
      await other.commit(creating(resourceRecord('b')));
      expect(store.revision()).not.toBe(before);
      const seen = store.revision();
      await other.commit([{ op: 'put-mixin', mixin: mixinRecord('http://example.org/user#m') }]);
      expect(store.revision()).not.toBe(seen);
    });
  });
}
