/**
 * What the reference provider keeps between requests (src/reference/caches.ts): the
 * entities read last, answered again while nothing is written, and to their readers only.
 */
import { describe, expect, it } from 'vitest';
import { createReferenceProvider } from '../../src/index.js';
import { admin, alice, bob, machine, model, p, rejection, store, useFreshProvider, WIRE } from './setup.js';

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
});
