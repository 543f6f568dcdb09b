/**
 * Actions (src/reference/actions.ts, state-machines.ts): invocation, parameters, state
 * machines, failures and actions on collections.
 */
import { describe, expect, it } from 'vitest';
import { type Entity, RESOURCE_KIND, typeIdentifier } from '../../src/index.js';
import {
  alice,
  BOOT,
  BOX,
  CRASH,
  HALT,
  MACHINE,
  machine,
  p,
  rejection,
  SNAP_TPL,
  SNAPSHOT,
  useFreshProvider,
} from './setup.js';

useFreshProvider();

describe('actions (Core §5.3.5, STATE-MACHINES.md)', () => {
  const act = (e: Entity, action: string, attributes = {}, caller = alice) =>
    p.invoke(caller, { location: e.location! }, { action, attributes });

  it('moves the entity along its state machine and lists only applicable actions', async () => {
    const a = await machine('a');
    const on = await act(a, BOOT);
    expect(on.entities[0]).toMatchObject({
      attributes: { 'com.example.state': 'on' },
      actions: [HALT],
      version: '2',
    });
    expect(on.categories).toEqual([]);
    const off = await act(a, HALT, { method: 'hard' });
    expect(off.entities[0]!.attributes).toMatchObject({
      'com.example.state': 'off',
      'com.example.tags': ['hard'],
    });
  });

  it('a non-applicable action is a conflict naming the state, and the entity is unchanged', async () => {
    const a = await machine('a');
    const e = await rejection(act(a, HALT));
    expect(e).toMatchObject({ kind: 'conflict', code: 'action-not-applicable' });
    expect(e.message).toBe(
      `action halt is not applicable to ${a.location} in state off (applicable now: boot)`,
    );
    expect(await p.get(alice, a.location!)).toEqual(a);
  });

  it('an action the entity does not define, or no action at all, is a bad request', async () => {
    const a = await machine('a');
    expect(await rejection(act(a, SNAPSHOT, { name: 'x' }))).toMatchObject({
      kind: 'bad-request',
      code: 'unknown-action',
    });
    const e = await rejection(act(a, 'http://example.com/occi/machine/action#bot'));
    expect(e).toMatchObject({ kind: 'bad-request', code: 'unknown-action' });
    expect(e.message).toContain(`did you mean ${BOOT}?`);
  });

  it('Core §5.3.5: parameters are checked against the action attributes; defaults apply', async () => {
    const a = await machine('a');
    await act(a, BOOT);
    expect(await rejection(act(a, HALT, { method: 'gentle' }))).toMatchObject({ code: 'attribute-type' });
    expect(await rejection(act(a, HALT, { methd: 'soft' }))).toMatchObject({ code: 'unknown-attribute' });
    const box = await p.create(alice, { kind: BOX });
    expect(await rejection(act(box, SNAPSHOT))).toMatchObject({ code: 'missing-required-attribute' });
    const off = await act(a, HALT);
    expect(off.entities[0]!.attributes['com.example.tags']).toEqual(['soft']);
  });

  it('an action that fails leaves the entity in its error state with the reason, as an internal action-failed error', async () => {
    const a = await machine('fail');
    const e = await rejection(act(a, BOOT));
    expect(e).toMatchObject({ kind: 'internal', code: 'action-failed' });
    expect(e.message).toContain('no power');
    const now = await p.get(alice, a.location!);
    expect(now.attributes).toMatchObject({
      'com.example.state': 'broken',
      'com.example.state.message': 'no power',
    });
    expect(now.actions).toEqual([]);
  });

  it('a failing handler without a state machine is still a typed error, the entity unchanged', async () => {
    const box = await p.create(alice, { kind: BOX });
    const e = await rejection(act(box, CRASH));
    expect(e).toMatchObject({ kind: 'internal', code: 'action-failed' });
    expect(e.message).toContain('kernel panic');
    expect(await p.get(alice, box.location!)).toEqual(box);
  });

  it('a handler may define a provider mixin owned by the caller and return it', async () => {
    const box = await p.create(alice, { kind: BOX, attributes: { 'com.example.size': 8 } });
    const r = await act(box, SNAPSHOT, { name: 'snap1' });
    const id = 'http://example.com/users/alice/snap#snap1';
    expect(r.categories.map(typeIdentifier)).toEqual([id]);
    const mine = (await p.model(alice)).mixin(id)!;
    expect(mine).toMatchObject({ owner: 'alice', depends: [SNAP_TPL], location: '/users/alice/snap/snap1/' });
    const copy = await p.create(alice, { kind: BOX, mixins: [id] });
    expect(copy.attributes['com.example.size']).toBe(8);
    expect(await rejection(act(box, SNAPSHOT, { name: 'snap1' }))).toMatchObject({
      kind: 'conflict',
      code: 'duplicate',
    });
  });

  it('Core §5.3.5: an action on a collection applies to all members or none', async () => {
    const a = await machine('a');
    const b = await machine('b');
    const all = await p.invoke(alice, { collection: { kind: MACHINE } }, { action: BOOT, attributes: {} });
    expect(all.entities.map((e) => e.attributes['com.example.state'])).toEqual(['on', 'on']);
    await act(a, HALT);
    // b is on: boot is refused for it, so a is not booted either.
    const e = await rejection(
      p.invoke(alice, { collection: { kind: MACHINE } }, { action: BOOT, attributes: {} }),
    );
    expect(e).toMatchObject({ kind: 'conflict', problems: [{ location: b.location }] });
    expect((await p.get(alice, a.location!)).attributes['com.example.state']).toBe('off');
    // A member that does not define the action makes the whole request bad.
    await p.create(alice, { kind: BOX });
    const mixed = await rejection(
      p.invoke(alice, { collection: { kind: RESOURCE_KIND } }, { action: HALT, attributes: {} }),
    );
    expect(mixed).toMatchObject({ kind: 'bad-request', code: 'unknown-action' });
    expect((await p.get(alice, b.location!)).attributes['com.example.state']).toBe('on');
  });
});
