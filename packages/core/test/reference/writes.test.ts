/**
 * Writing to the store (src/reference/writes.ts): atomic writes, and retries of those that
 * lost a race, so that no acknowledged change is lost.
 */
import { describe, expect, it } from 'vitest';
import { createReferenceProvider, mixinFromDefinition } from '../../src/index.js';
import { alice, BOOT, MACHINE_ONLY, machine, model, p, store, TAG, useFreshProvider } from './setup.js';

useFreshProvider();

describe('concurrency: writes are atomic per request and no acknowledged change is lost', () => {
  it('many concurrent updates of one entity all land', async () => {
    const scheme = 'http://example.com/users/alice/c#';
    const n = 40;
    await p.defineMixins(
      alice,
      Array.from({ length: n }, (_, i) =>
        mixinFromDefinition({ scheme, term: `t${i}`, location: `/c/t${i}/` }),
      ),
    );
    const a = await machine('a');
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) => p.update(alice, a.location!, { mixins: [`${scheme}t${i}`] })),
    );
    expect(new Set(results.map((r) => r.version)).size).toBe(n);
    const now = await p.get(alice, a.location!);
    expect(now.mixins.sort()).toEqual(Array.from({ length: n }, (_, i) => `${scheme}t${i}`).sort());
    expect(now.version).toBe(String(n + 1));
  });

  it('concurrent updates through two providers sharing one store all land (optimistic versions)', async () => {
    const q = createReferenceProvider({ model, store });
    const a = await machine('a');
    const n = 12;
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        (i % 2 ? p : q).associate(alice, i % 2 ? TAG : MACHINE_ONLY, [a.location!]),
      ),
    );
    const titles = await Promise.all(
      Array.from({ length: n }, (_, i) => (i % 2 ? p : q).update(alice, a.location!, { title: `t${i}` })),
    );
    const now = await p.get(alice, a.location!);
    expect(now.mixins.sort()).toEqual([MACHINE_ONLY, TAG].sort());
    expect(Number(now.version)).toBe(3 + n);
    expect(titles.map((t) => t.title)).toEqual(Array.from({ length: n }, (_, i) => `t${i}`));
  });

  it('concurrent actions on one entity: exactly one boot succeeds, the others are conflicts', async () => {
    const a = await machine('a');
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        p.invoke(alice, { location: a.location! }, { action: BOOT, attributes: {} }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await p.get(alice, a.location!)).version).toBe('2');
  });
});
