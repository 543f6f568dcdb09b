/**
 * What the reference provider keeps between requests (src/reference/caches.ts): the
 * entities read last, answered again while nothing is written, and to their readers only.
 */
import { describe, expect, it } from 'vitest';
import { createReferenceProvider, type Extension, MemoryStore, Model } from '../../src/index.js';
import { exampleExtension } from '../fixtures/example-extension.js';
import {
  admin,
  alice,
  bob,
  MACHINE,
  machine,
  model,
  p,
  rejection,
  store,
  useFreshProvider,
  WIRE,
} from './setup.js';

useFreshProvider();

describe('get and list (Core §5.3.8 Collections, HTTP §4)', () => {
  it('get answers the same entity while nothing is written, and at once what another process wrote', async () => {
    const m = await machine('a');
    const n = await machine('n');
    const first = await p.get(alice, m.location!);
    expect(await p.get(alice, m.location!)).toBe(first);
    // Another provider on the same store stands for another server process.
    const other = createReferenceProvider({ model, store });
    await other.update(alice, m.location!, { attributes: { 'com.example.name': 'renamed' } });
    const renamed = await p.get(alice, m.location!);
    expect(renamed).toMatchObject({ version: '2', attributes: { 'com.example.name': 'renamed' } });
    expect(renamed.links).toEqual([]);
    await other.create(alice, {
      kind: WIRE,
      source: { location: m.location! },
      target: { location: n.location! },
    });
    expect((await p.get(alice, m.location!)).links?.map((l) => l.target?.location)).toEqual([n.location]);
    await other.delete(alice, m.location!);
    expect(await rejection(p.get(alice, m.location!))).toMatchObject({ kind: 'not-found' });
  });

  it('an entity read by its owner is not answered to another user', async () => {
    const m = await machine('a');
    await p.get(alice, m.location!);
    expect(await rejection(p.get(bob, m.location!))).toMatchObject({ kind: 'not-found' });
    expect((await p.get(admin, m.location!)).location).toBe(m.location);
  });

  it('list answers the same page while nothing is written, and at once what another process wrote', async () => {
    const a = await machine('a');
    const b = await machine('b');
    const page = { collection: { kind: MACHINE }, page: { page: 1, number: 10 } };
    const first = await p.list(alice, page);
    expect(first.map((e) => e.location)).toEqual([a.location, b.location]);
    expect(await p.list(alice, page)).toBe(first);
    // Another query is another page: the whole collection, and a filter, are built for themselves.
    expect(await p.list(alice, { collection: { kind: MACHINE } })).not.toBe(first);
    const filtered = await p.list(alice, { ...page, filter: { attributes: { 'occi.core.id': b.id } } });
    expect(filtered.map((e) => e.location)).toEqual([b.location]);
    const other = createReferenceProvider({ model, store });
    await other.update(alice, a.location!, { attributes: { 'com.example.name': 'renamed' } });
    const renamed = await p.list(alice, page);
    expect(renamed[0]).toMatchObject({ version: '2', attributes: { 'com.example.name': 'renamed' } });
    await other.create(alice, {
      kind: WIRE,
      source: { location: a.location! },
      target: { location: b.location! },
    });
    expect((await p.list(alice, page))[0]!.links?.map((l) => l.target?.location)).toEqual([b.location]);
    await other.delete(alice, b.location!);
    expect((await p.list(alice, page)).map((e) => e.location)).toEqual([a.location]);
  });

  it('a page listed by one user is not answered to another', async () => {
    await machine('a');
    const page = { collection: { kind: MACHINE } };
    expect(await p.list(alice, page)).toHaveLength(1);
    expect(await p.list(bob, page)).toEqual([]);
    expect(await p.list(admin, page)).toHaveLength(1);
  });

  it('a page of entities a backend observes is built again: a change made outside OCCI shows at once', async () => {
    let outside = 'off';
    const watcher: Extension = {
      name: 'watcher',
      behaviours: [{ category: MACHINE, observe: () => ({ attributes: { 'com.example.state': outside } }) }],
    };
    const watched = createReferenceProvider({
      model: Model.create([exampleExtension, watcher]),
      store: new MemoryStore(),
      observeIntervalMs: 0,
    });
    await watched.create(alice, { kind: MACHINE, attributes: { 'com.example.name': 'w' } });
    const page = { collection: { kind: MACHINE } };
    expect((await watched.list(alice, page))[0]!.attributes['com.example.state']).toBe('off');
    outside = 'on';
    expect((await watched.list(alice, page))[0]!.attributes['com.example.state']).toBe('on');
  });
});
