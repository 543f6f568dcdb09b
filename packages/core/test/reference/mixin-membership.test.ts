/**
 * Mixin membership (src/reference/mixin-membership.ts): associate, dissociate, setMembership.
 */
import { describe, expect, it } from 'vitest';
import {
  alice,
  BOX,
  bob,
  EX,
  LARGE,
  MACHINE_ONLY,
  machine,
  p,
  rejection,
  SIZE_TPL,
  SMALL,
  TAG,
  useFreshProvider,
} from './setup.js';

useFreshProvider();

describe('mixin membership (Core §5.3.8: add/remove by association)', () => {
  it('associate adds entities to the collection and returns it', async () => {
    const a = await machine('a');
    const b = await p.create(alice, { kind: BOX });
    const members = await p.associate(alice, TAG, [a.location!, b.id]);
    expect(members.map((e) => e.location)).toEqual([a.location, b.location]);
    expect((await p.get(alice, a.location!)).mixins).toEqual([TAG]);
    // Associating again changes nothing.
    await p.associate(alice, TAG, [a.location!]);
    expect((await p.get(alice, a.location!)).version).toBe('2');
  });

  it('Core §5.3.4: a mixin not applying to one entity refuses the whole request', async () => {
    const a = await machine('a');
    const b = await p.create(alice, { kind: BOX });
    const e = await rejection(p.associate(alice, MACHINE_ONLY, [a.location!, b.location!]));
    expect(e).toMatchObject({
      kind: 'bad-request',
      code: 'mixin-not-applicable',
      problems: [{ location: b.location }],
    });
    expect((await p.get(alice, a.location!)).mixins).toEqual([]);
  });

  it('unknown mixins and entities are not-found', async () => {
    const a = await machine('a');
    expect(await rejection(p.associate(alice, `${EX}nope`, [a.location!]))).toMatchObject({
      kind: 'not-found',
    });
    expect(await rejection(p.associate(alice, TAG, [a.location!, '/machine/none']))).toMatchObject({
      kind: 'not-found',
    });
    expect((await p.get(alice, a.location!)).mixins).toEqual([]);
    expect(await rejection(p.associate(bob, TAG, [a.location!]))).toMatchObject({ kind: 'not-found' });
  });

  it('associating a template replaces the old template of an exclusive family and applies its values', async () => {
    const a = await machine('a', { mixins: [SMALL] });
    await p.associate(alice, LARGE, [a.location!]);
    const now = await p.get(alice, a.location!);
    expect(now.mixins).toEqual([LARGE]);
    expect(now.attributes['com.example.cores']).toBe(8);
    expect(await p.list(alice, { collection: { mixin: SMALL } })).toEqual([]);
  });

  it('dissociate removes the given entities, or all', async () => {
    const [a, b, c] = [await machine('a'), await machine('b'), await machine('c')];
    await p.associate(alice, TAG, [a.location!, b.location!, c.location!]);
    await p.dissociate(alice, TAG, [b.location!]);
    expect((await p.list(alice, { collection: { mixin: TAG } })).map((e) => e.location)).toEqual([
      a.location,
      c.location,
    ]);
    await p.dissociate(alice, TAG);
    expect(await p.list(alice, { collection: { mixin: TAG } })).toEqual([]);
    expect(await rejection(p.dissociate(alice, `${EX}nope`))).toMatchObject({ kind: 'not-found' });
  });

  it("dissociate without locations leaves other users' entities alone", async () => {
    const a = await machine('a', { mixins: [TAG] });
    await machine('b', { mixins: [TAG] }, bob);
    await p.dissociate(bob, TAG);
    expect((await p.get(alice, a.location!)).mixins).toEqual([TAG]);
  });

  it('setMembership makes the collection exactly the given entities', async () => {
    const [a, b, c] = [await machine('a'), await machine('b'), await machine('c')];
    await p.associate(alice, TAG, [a.location!, b.location!]);
    const members = await p.setMembership(alice, TAG, [b.location!, c.location!]);
    expect(members.map((e) => e.location)).toEqual([b.location, c.location]);
    expect((await p.get(alice, a.location!)).mixins).toEqual([]);
    const box = await p.create(alice, { kind: BOX });
    expect(await rejection(p.setMembership(alice, MACHINE_ONLY, [a.location!, box.location!]))).toMatchObject(
      {
        code: 'mixin-not-applicable',
      },
    );
    expect(await p.list(alice, { collection: { mixin: MACHINE_ONLY } })).toEqual([]);
  });
});

describe('collection membership through depends (Core §5.3.8)', () => {
  it('dissociating an entity that is in the collection through a mixin depending on it is a conflict naming that mixin', async () => {
    const a = await machine('a', { mixins: [SMALL] });
    const b = await machine('b');
    await p.associate(alice, SIZE_TPL, [b.location!]);
    expect((await p.list(alice, { collection: { mixin: SIZE_TPL } })).map((e) => e.location)).toEqual([
      a.location,
      b.location,
    ]);
    const message = `${a.location} is in the collection of ${SIZE_TPL} through ${SMALL}, which depends on it: remove that mixin from the entity instead`;
    for (const write of [
      () => p.dissociate(alice, SIZE_TPL, [a.location!]),
      () => p.dissociate(alice, SIZE_TPL),
      () => p.setMembership(alice, SIZE_TPL, [b.location!]),
    ]) {
      const e = await rejection(write());
      expect(e).toMatchObject({ kind: 'conflict' });
      expect(e.problems).toEqual([{ code: 'other', message, location: a.location, category: SMALL }]);
    }
    // Nothing changed, not even the direct member.
    expect((await p.list(alice, { collection: { mixin: SIZE_TPL } })).map((e) => e.location)).toEqual([
      a.location,
      b.location,
    ]);
    // Removing the mixin that brings it takes the entity out.
    await p.dissociate(alice, SMALL, [a.location!]);
    await p.dissociate(alice, SIZE_TPL);
    expect(await p.list(alice, { collection: { mixin: SIZE_TPL } })).toEqual([]);
  });
});
