/**
 * User-defined mixins (src/reference/user-mixins.ts): defining and removing them.
 */
import { describe, expect, it } from 'vitest';
import { createReferenceProvider, mixinFromDefinition } from '../../src/index.js';
import {
  admin,
  alice,
  BOOT,
  bob,
  EX,
  MACHINE,
  machine,
  model,
  p,
  rejection,
  store,
  TAG,
  useFreshProvider,
} from './setup.js';

useFreshProvider();

describe('user-defined mixins (Core §5.5.3, HTTP §7.3–7.4)', () => {
  const scheme = 'http://example.com/users/alice/tags#';
  const fav = (term = 'fav', location = `/users/alice/${term}/`) =>
    mixinFromDefinition({ scheme, term, location });

  it('defines a mixin owned by the caller, visible in its model only', async () => {
    await p.defineMixins(alice, [fav()]);
    const mine = (await p.model(alice)).mixin(`${scheme}fav`);
    expect(mine?.owner).toBe('alice');
    expect((await p.model(bob)).mixin(`${scheme}fav`)).toBeUndefined();
    expect((await p.model(admin)).mixin(`${scheme}fav`)).toBeDefined();
    const a = await machine('a');
    await p.associate(alice, `${scheme}fav`, [a.location!]);
    expect(
      (await p.list(alice, { collection: { path: '/users/alice/fav/' } })).map((e) => e.location),
    ).toEqual([a.location]);
    expect(await rejection(p.associate(bob, `${scheme}fav`, []))).toMatchObject({ kind: 'not-found' });
  });

  it('HTTP §4: a mixin defined without a location gets /<term>/, or /<term>-<n>/ when that is taken', async () => {
    await p.defineMixins(alice, [mixinFromDefinition({ scheme, term: 'blue' })]);
    expect((await p.model(alice)).mixin(`${scheme}blue`)?.location).toBe('/blue/');
    // Another user's /blue/ is taken too: locations are unique in the whole namespace.
    await p.defineMixins(bob, [mixinFromDefinition({ scheme: 'http://example.com/bob#', term: 'blue' })]);
    expect((await p.model(bob)).mixin('http://example.com/bob#blue')?.location).toBe('/blue-2/');
    // A kind's location is taken as well.
    await p.defineMixins(alice, [mixinFromDefinition({ scheme, term: 'machine' })]);
    expect((await p.model(alice)).mixin(`${scheme}machine`)?.location).toBe('/machine-2/');
  });

  it("refuses a location below a kind's (where entities live), or spelled with dot segments or percent-encoding", async () => {
    const a = await machine('a');
    for (const location of [`${a.location}/`, '/machine/fixed/', '/../x/', '/a/./b/', '/%61/']) {
      const e = await rejection(
        p.defineMixins(bob, [
          mixinFromDefinition({ scheme: 'http://example.com/bob#', term: 'b', location }),
        ]),
      );
      expect(['conflict', 'bad-request'], location).toContain(e.kind);
      expect(e.message).toMatch(/below \/machine\/|without "\." or "\.\." segments or percent-encoding/);
    }
    expect((await p.get(admin, a.location!)).location).toBe(a.location);
  });

  it('bounds definitions: at most 100 mixins a request, 1,000 a user', async () => {
    const batch = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) =>
        mixinFromDefinition({ scheme, term: `m${from + i}`, location: `/m${from + i}/` }),
      );
    expect(await rejection(p.defineMixins(alice, batch(0, 101)))).toMatchObject({
      kind: 'bad-request',
      message: 'a request may define at most 100 mixins; this one defines 101',
    });
    for (let i = 0; i < 10; i++) await p.defineMixins(alice, batch(i * 100, 100));
    expect(await rejection(p.defineMixins(alice, batch(1000, 1)))).toMatchObject({
      kind: 'conflict',
      message: expect.stringContaining('a user may define at most 1000 mixins; you have 1000'),
    });
    // Other users have their own allowance.
    await p.defineMixins(bob, [
      mixinFromDefinition({ scheme: 'http://example.com/bob#', term: 'b', location: '/b/' }),
    ]);
  });

  it('suggests a likely name for the first unknown mixins of an entity only', async () => {
    const e = await rejection(machine('a', { mixins: Array.from({ length: 20 }, (_, i) => `${EX}tga${i}`) }));
    const unknown = e.problems.filter((p) => p.code === 'unknown-mixin');
    expect(unknown).toHaveLength(20);
    expect(unknown.filter((p) => p.message.includes('did you mean'))).toHaveLength(8);
  });

  it('Core §5.3.1: refuses the reserved scheme base', async () => {
    const e = await rejection(
      p.defineMixins(alice, [
        mixinFromDefinition({ scheme: 'http://schemas.ogf.org/occi/mine#', term: 'x', location: '/x/' }),
      ]),
    );
    expect(e).toMatchObject({ kind: 'bad-request', code: 'reserved-scheme' });
  });

  it('refuses bad terms, locations, unknown depends/applies, actions and occi. attributes', async () => {
    const bad = [
      { scheme, term: 'bad term', location: '/bt/' },
      { scheme, term: 'x', location: 'x' },
      { scheme, term: 'x', location: '/x/', depends: [`${EX}nope`] },
      { scheme, term: 'x', location: '/x/', applies: [`${EX}nope`] },
      { scheme, term: 'x', location: '/x/', actions: [BOOT] },
      { scheme, term: 'x', location: '/x/', attributes: { 'occi.mine': {} } },
    ];
    const codes = [];
    for (const d of bad) codes.push((await rejection(p.defineMixins(alice, [mixinFromDefinition(d)]))).code);
    expect(codes).toEqual([
      'parse-error',
      'invalid-location',
      'unknown-mixin',
      'unknown-kind',
      'other',
      'reserved-namespace',
    ]);
    expect(await store.mixins()).toEqual([]);
  });

  it('a duplicate id or location is a conflict, also against extension mixins and other users', async () => {
    await p.defineMixins(alice, [fav()]);
    expect(await rejection(p.defineMixins(bob, [fav()]))).toMatchObject({ kind: 'conflict' });
    expect(await rejection(p.defineMixins(admin, [fav()]))).toMatchObject({ kind: 'conflict' });
    expect(await rejection(p.defineMixins(alice, [fav('other', '/users/alice/fav/')]))).toMatchObject({
      kind: 'conflict',
    });
    expect(await rejection(p.defineMixins(alice, [fav('other', '/tag/')]))).toMatchObject({
      kind: 'conflict',
    });
    const ext = mixinFromDefinition({ scheme: EX, term: 'tag', location: '/t2/' });
    expect(await rejection(p.defineMixins(alice, [ext]))).toMatchObject({
      kind: 'conflict',
      code: 'duplicate',
    });
  });

  it('HTTP §7.3: the same definition again is idempotent for its owner: nothing changes', async () => {
    const definition = {
      scheme,
      term: 'fav',
      title: 'Favourites',
      applies: [MACHINE],
      attributes: { 'com.example.rank': { type: 'number' as const, mutable: true, required: false } },
    };
    await p.defineMixins(alice, [mixinFromDefinition({ ...definition, location: '/users/alice/fav/' })]);
    const before = await store.mixins();
    // As given, with the location the provider chose left out, and in another order of members.
    await p.defineMixins(alice, [mixinFromDefinition({ ...definition, location: '/users/alice/fav/' })]);
    await p.defineMixins(alice, [mixinFromDefinition(definition)]);
    await p.defineMixins(alice, [mixinFromDefinition({ ...definition }), fav('fresh')]);
    expect(await store.mixins()).toEqual([
      ...before,
      {
        id: `${scheme}fresh`,
        owner: 'alice',
        definition: { scheme, term: 'fresh', location: '/users/alice/fresh/' },
      },
    ]);
  });

  it('HTTP §7.3: another definition of a mixin the caller has is 409, naming every difference', async () => {
    await p.defineMixins(alice, [
      mixinFromDefinition({ scheme, term: 'fav', title: 'Favourites', location: '/users/alice/fav/' }),
    ]);
    const changed = mixinFromDefinition({
      scheme,
      term: 'fav',
      title: 'Best',
      location: '/users/alice/best/',
      applies: [MACHINE],
      attributes: { 'com.example.rank': { type: 'number', mutable: true } },
    });
    const e = await rejection(p.defineMixins(alice, [changed]));
    expect(e.kind).toBe('conflict');
    expect(e.problems).toEqual([
      {
        code: 'duplicate',
        message: `you defined mixin ${scheme}fav already, differently: title ("Favourites" there, "Best" here); location ("/users/alice/fav/" there, "/users/alice/best/" here); applies ([] there, ["${MACHINE}"] here); attribute com.example.rank (not there, defined here). Remove it first (DELETE /-/) to define it anew`,
        category: `${scheme}fav`,
      },
    ]);
    expect((await store.mixins('alice')).map((m) => m.definition.title)).toEqual(['Favourites']);
  });

  it('defines several at once, all or none', async () => {
    await p.defineMixins(alice, [fav('one'), fav('two')]);
    expect((await store.mixins('alice')).map((m) => m.id)).toEqual([`${scheme}one`, `${scheme}two`]);
    expect(
      await rejection(p.defineMixins(alice, [fav('three'), fav('three', '/users/alice/three-b/')])),
    ).toMatchObject({ kind: 'conflict' });
    expect(await store.mixins('alice')).toHaveLength(2);
  });

  it('removes own mixins, dissociating their members; extension mixins are forbidden, unknown ones not found', async () => {
    await p.defineMixins(alice, [fav()]);
    const a = await machine('a');
    await p.associate(alice, `${scheme}fav`, [a.location!]);
    expect(await rejection(p.removeMixins(bob, [`${scheme}fav`]))).toMatchObject({ kind: 'not-found' });
    await p.removeMixins(alice, [`${scheme}fav`]);
    expect((await p.get(alice, a.location!)).mixins).toEqual([]);
    expect((await p.model(alice)).mixin(`${scheme}fav`)).toBeUndefined();
    expect(await rejection(p.removeMixins(alice, [TAG]))).toMatchObject({ kind: 'forbidden' });
    expect(await rejection(p.removeMixins(alice, [`${scheme}gone`]))).toMatchObject({ kind: 'not-found' });
  });

  it('Core §5.5.3: with userScheme, a user defines mixins only under their own scheme', async () => {
    const q = createReferenceProvider({
      model,
      store,
      userScheme: (user) => `http://example.com/users/${user}/`,
    });
    await q.defineMixins(alice, [fav()]);
    const e = await rejection(
      q.defineMixins(bob, [mixinFromDefinition({ scheme, term: 'b', location: '/b/' })]),
    );
    expect(e).toMatchObject({ kind: 'forbidden', problems: [{ category: `${scheme}b` }] });
    expect(e.message).toContain('http://example.com/users/bob/');
    expect(await store.mixins('bob')).toEqual([]);
  });

  it('an administrator may remove any user mixin; a removed mixin may be defined again differently', async () => {
    await p.defineMixins(alice, [fav()]);
    await p.removeMixins(admin, [`${scheme}fav`]);
    await p.defineMixins(alice, [fav('fav', '/users/alice/favourite/')]);
    expect((await p.model(alice)).mixin(`${scheme}fav`)?.location).toBe('/users/alice/favourite/');
  });
});

describe('removing user mixins others depend on (Core §5.3.4, HTTP §7.4)', () => {
  const scheme = 'http://example.com/users/alice/tags#';
  const def = (term: string, depends: string[] = []) =>
    mixinFromDefinition({ scheme, term, location: `/users/alice/${term}/`, depends });

  it('refuses, naming the dependents, unless they are removed in the same request', async () => {
    await p.defineMixins(alice, [def('a'), def('b', [`${scheme}a`]), def('c', [`${scheme}a`])]);
    const m = await machine('m', { mixins: [`${scheme}b`] });
    const e = await rejection(p.removeMixins(alice, [`${scheme}a`, `${scheme}c`]));
    expect(e).toMatchObject({ kind: 'conflict' });
    expect(e.problems).toEqual([
      {
        code: 'other',
        message: `${scheme}a cannot be removed: ${scheme}b depends on it; remove it first, or in the same request`,
        category: `${scheme}a`,
      },
    ]);
    expect((await store.mixins('alice')).map((r) => r.id)).toEqual([
      `${scheme}a`,
      `${scheme}b`,
      `${scheme}c`,
    ]);
    await p.removeMixins(alice, [`${scheme}a`, `${scheme}b`, `${scheme}c`]);
    expect(await store.mixins('alice')).toEqual([]);
    expect((await p.get(alice, m.location!)).mixins).toEqual([]);
  });

  it('an entity with several of the removed mixins loses them all in one write', async () => {
    await p.defineMixins(alice, [def('a'), def('b', [`${scheme}a`])]);
    const m = await machine('m', { mixins: [`${scheme}a`, `${scheme}b`] });
    await p.removeMixins(alice, [`${scheme}a`, `${scheme}b`]);
    const now = await p.get(alice, m.location!);
    expect([now.mixins, now.version]).toEqual([[], '2']);
  });
});
