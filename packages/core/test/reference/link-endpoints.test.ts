/**
 * The endpoints of a link (src/reference/link-endpoints.ts): sources, targets and their kinds.
 */
import { describe, expect, it } from 'vitest';
import { createReferenceProvider, type Entity, MemoryStore, Model } from '../../src/index.js';
import {
  alice,
  BOOT,
  BOX,
  bob,
  exampleExtension,
  MACHINE,
  machine,
  p,
  rejection,
  store,
  TAG,
  useFreshProvider,
  WIRE,
  wire,
} from './setup.js';

useFreshProvider();

describe('links (Core §5.4.2–5.4.3)', () => {
  it('creates a link, filling source and target kinds, and lists it with its source', async () => {
    const a = await machine('a');
    const b = await machine('b');
    const w = await wire(a, b);
    expect(w.source).toEqual({ location: a.location, kind: MACHINE });
    expect(w.target).toEqual({ location: b.location, kind: MACHINE });
    expect(w.location).toMatch(/^\/wire\//);
    expect((await p.get(alice, a.location!)).links!.map((l) => l.location)).toEqual([w.location]);
    expect((await p.get(alice, b.location!)).links).toEqual([]);
    expect((await p.get(alice, w.location!)).links).toBeUndefined();
  });

  it("Core §5.4.3: a link's source must exist and be a resource", async () => {
    const a = await machine('a');
    const missing = await rejection(wire({ location: '/machine/none' } as Entity, a));
    expect(missing).toMatchObject({
      kind: 'bad-request',
      code: 'invalid-link',
      problems: [{ attribute: 'occi.core.source' }],
    });
    const w = await wire(a, a);
    expect(await rejection(wire(w, a))).toMatchObject({ code: 'invalid-link' });
    const bobs = await rejection(wire(a, a, bob));
    expect(bobs.problems[0]!.message).toBe(`link source ${a.location} does not exist`);
  });

  it('Core §5.4.3: the target may be outside the namespace; inside it must exist and match target.kind', async () => {
    const a = await machine('a');
    const out = await wire(a, 'http://other.example/compute/1');
    expect(out.target).toEqual({ location: 'http://other.example/compute/1' });
    expect(await rejection(wire(a, '/machine/none'))).toMatchObject({ code: 'invalid-link' });
    const kindMismatch = await rejection(
      p.create(alice, {
        kind: WIRE,
        source: { location: a.location! },
        target: { location: a.location!, kind: BOX },
      }),
    );
    expect(kindMismatch.problems[0]).toMatchObject({
      code: 'invalid-link',
      attribute: 'occi.core.target.kind',
    });
  });

  it('a link kind needs source and target; a resource has none', async () => {
    expect(await rejection(p.create(alice, { kind: WIRE }))).toMatchObject({ code: 'invalid-link' });
    const e = await rejection(machine('a', { target: { location: '/machine/x' } }));
    expect(e.problems.some((x) => x.code === 'invalid-link')).toBe(true);
  });

  it('creates inline links with their resource, atomically', async () => {
    const b = await machine('b');
    const a = await machine('a', {
      links: [
        {
          kind: WIRE,
          target: { location: b.location! },
          attributes: { 'com.example.port': 2 },
        } as unknown as Entity,
      ],
    });
    expect(a.links).toHaveLength(1);
    expect(a.links![0]!.source).toEqual({ location: a.location, kind: MACHINE });
    const before = (await store.query({})).length;
    const e = await rejection(
      machine('c', {
        links: [{ kind: WIRE, target: { location: '/machine/none' }, attributes: {} } as unknown as Entity],
      }),
    );
    expect(e.message).toMatch(/^inline link 1: /);
    expect(
      await rejection(
        machine('d', { links: [{ kind: MACHINE, target: { location: b.location! } } as unknown as Entity] }),
      ),
    ).toMatchObject({
      code: 'invalid-link',
    });
    expect((await store.query({})).length).toBe(before);
  });

  it('Core §5.4.2: removing a resource removes its links (and links pointing to it)', async () => {
    const a = await machine('a');
    const b = await machine('b');
    const c = await machine('c');
    const ab = await wire(a, b);
    const ca = await wire(c, a);
    const bc = await wire(b, c);
    await p.delete(alice, a.location!);
    for (const gone of [a, ab, ca])
      expect(await rejection(p.get(alice, gone.location!))).toMatchObject({ kind: 'not-found' });
    expect((await p.get(alice, bc.location!)).location).toBe(bc.location);
    // Removing a link leaves its resources.
    await p.delete(alice, bc.location!);
    expect((await p.get(alice, b.location!)).links).toEqual([]);
  });

  it('update may move a link to another existing target', async () => {
    const [a, b, c] = [await machine('a'), await machine('b'), await machine('c')];
    const w = await wire(a, b);
    const moved = await p.update(alice, w.location!, { target: { location: c.location! } });
    expect(moved.target).toEqual({ location: c.location, kind: MACHINE });
    expect(
      await rejection(p.update(alice, w.location!, { target: { location: '/machine/none' } })),
    ).toMatchObject({
      code: 'invalid-link',
    });
  });
});

describe('link target kinds (Core §5.4.3)', () => {
  it("accepts the target's kind or an ancestor of it, and records the target's own kind", async () => {
    const model = Model.create([exampleExtension]);
    const p = createReferenceProvider({ model, store: new MemoryStore() });
    const user = { user: 'alice' };
    const a = await p.create(user, { kind: MACHINE, attributes: { 'com.example.name': 'a' } });
    const b = await p.create(user, { kind: MACHINE, attributes: { 'com.example.name': 'b' } });
    const link = await p.create(user, {
      kind: WIRE,
      source: { location: a.location! },
      target: { location: b.location!, kind: 'http://schemas.ogf.org/occi/core#resource' },
      attributes: {},
    });
    expect(link.target).toEqual({ location: b.location, kind: MACHINE });
    await expect(
      p.create(user, {
        kind: WIRE,
        source: { location: a.location! },
        target: { location: b.location!, kind: WIRE },
        attributes: {},
      }),
    ).rejects.toMatchObject({ kind: 'bad-request', code: 'invalid-link' });
  });
});

describe('link endpoints (Core §5.4.3)', () => {
  const link = (from: Entity, target: { location: string; kind?: string }) =>
    p.create(alice, { kind: WIRE, source: { location: from.location! }, target, attributes: {} });

  it('Core §5.4.3: a target MUST be a resource: a link as target is refused, naming it', async () => {
    const [a, b] = [await machine('a'), await machine('b')];
    const w = await wire(a, b);
    const before = (await store.query({})).length;
    const e = await rejection(link(a, { location: w.location! }));
    expect(e).toMatchObject({ kind: 'bad-request', code: 'invalid-link' });
    expect(e.problems).toEqual([
      {
        code: 'invalid-link',
        message: `link target ${w.location} is a link, not a resource`,
        attribute: 'occi.core.target',
        location: w.location,
      },
    ]);
    // By id, and when moving an existing link, too.
    expect(await rejection(link(a, { location: w.id }))).toMatchObject({ code: 'invalid-link' });
    expect(
      await rejection(p.update(alice, w.location!, { target: { location: w.location! } })),
    ).toMatchObject({
      code: 'invalid-link',
    });
    expect((await store.query({})).length).toBe(before);
  });

  it('target.kind must name a kind: a mixin or an action is refused; a kind unknown here is kept for outside targets', async () => {
    const a = await machine('a');
    const outside = 'http://other.example/x/1';
    const mixin = await rejection(link(a, { location: outside, kind: TAG }));
    expect(mixin.problems).toEqual([
      {
        code: 'invalid-link',
        message: `link target kind ${TAG} is a mixin, not a kind`,
        attribute: 'occi.core.target.kind',
        category: TAG,
      },
    ]);
    const action = await rejection(link(a, { location: a.location!, kind: BOOT }));
    expect(action.problems.map((x) => x.message)).toEqual([
      `link target kind ${BOOT} is an action, not a kind`,
    ]);
    const other = await link(a, { location: outside, kind: 'http://other.example/occi#vm' });
    expect(other.target).toEqual({ location: outside, kind: 'http://other.example/occi#vm' });
  });

  it('a relative target (neither an absolute path nor an absolute URI) is refused', async () => {
    const a = await machine('a');
    const e = await rejection(link(a, { location: 'machine/xyz' }));
    expect(e).toMatchObject({ kind: 'bad-request' });
    expect(e.problems).toEqual([
      {
        code: 'invalid-link',
        message:
          'link target machine/xyz is neither an absolute path (e.g. /machine/xyz) nor an absolute URI',
        attribute: 'occi.core.target',
        location: 'machine/xyz',
      },
    ]);
  });

  it("a target given by a local entity's id is kept as its location, so deleting the target removes the link", async () => {
    const [a, b] = [await machine('a'), await machine('b')];
    const w = await link(a, { location: b.id });
    expect(w.target).toEqual({ location: b.location, kind: MACHINE });
    await p.delete(alice, b.location!);
    expect(await rejection(p.get(alice, w.location!))).toMatchObject({ kind: 'not-found' });
    // Another user's id is no local entity for bob: an outside URI, kept as given.
    const c = await machine('c');
    const d = await machine('d', {}, bob);
    const out = await p.create(bob, {
      kind: WIRE,
      source: { location: d.location! },
      target: { location: c.id },
    });
    expect(out.target).toEqual({ location: c.id });
  });
});
