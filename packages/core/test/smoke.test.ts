import { describe, expect, it } from 'vitest';
import { createReferenceProvider, MemoryStore, Model } from '../src/index.js';
import { BOOT, exampleExtension, HALT, LARGE, MACHINE, SMALL, WIRE } from './fixtures/example-extension.js';

const alice = { user: 'alice' };

describe('reference provider smoke', () => {
  it('creates, acts, links and deletes', async () => {
    const model = Model.create([exampleExtension]);
    const p = createReferenceProvider({ model, store: new MemoryStore() });
    const m = await p.create(alice, {
      kind: MACHINE,
      mixins: [SMALL],
      attributes: { 'com.example.name': 'a' },
    });
    expect(m.attributes).toEqual({
      'com.example.cores': 2,
      'com.example.name': 'a',
      'com.example.state': 'off',
    });
    expect(m.actions).toEqual([BOOT]);
    expect(m.location).toMatch(/^\/machine\/[0-9a-f-]{36}$/);
    const on = await p.invoke(alice, { location: m.location! }, { action: BOOT, attributes: {} });
    expect(on.entities[0]!.attributes['com.example.state']).toBe('on');
    await expect(
      p.invoke(alice, { location: m.location! }, { action: BOOT, attributes: {} }),
    ).rejects.toMatchObject({ kind: 'conflict' });
    const up = await p.update(alice, m.location!, { mixins: [LARGE] });
    expect(up.mixins).toEqual([LARGE]);
    expect(up.attributes['com.example.cores']).toBe(8);
    const m2 = await p.create(alice, { kind: MACHINE, attributes: { 'com.example.name': 'b' } });
    const w = await p.create(alice, {
      kind: WIRE,
      source: { location: m.location! },
      target: { location: m2.location! },
      attributes: {},
    });
    expect(w.source).toEqual({ location: m.location, kind: MACHINE });
    expect((await p.get(alice, m.location!)).links?.map((l) => l.location)).toEqual([w.location]);
    await expect(p.get({ user: 'bob' }, m.location!)).rejects.toMatchObject({ kind: 'not-found' });
    await p.delete(alice, m.location!);
    await expect(p.get(alice, w.location!)).rejects.toMatchObject({ kind: 'not-found' });
    await expect(p.create(alice, { kind: MACHINE, attributes: { 'com.example.nam': 'x' } })).rejects.toThrow(
      /did you mean com.example.name/,
    );
    await expect(
      p.invoke(alice, { location: m2.location! }, { action: HALT, attributes: { method: 'x' } }),
    ).rejects.toMatchObject({ kind: 'bad-request' });
  });
});
