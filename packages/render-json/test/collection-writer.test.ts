/**
 * The collection writer (entity-collection-rendering.ts): a collection
 * written batch by batch, as servers stream one, is byte for byte the
 * document `renderEntityCollection` answers for it whole (JSON §3.3).
 */
import type { Entity, RenderContext } from '@occi/core';
import { describe, expect, it } from 'vitest';
import { jsonRendering } from '../src/index.js';
import { BASE_URL, GOLD, MACHINE, model, wire } from './helpers.js';

const rc: RenderContext = { model, baseUrl: BASE_URL };

const machine = (n: number, links: Entity[] = []): Entity => ({
  id: `urn:uuid:00000000-0000-4000-8000-0000000000a${n}`,
  kind: MACHINE,
  mixins: n % 2 ? [GOLD] : [],
  ...(n === 1 ? { title: 'web "one"', summary: 'line\nbreak' } : {}),
  attributes: { 'com.example.cores': n, 'com.example.hostname': `m${n}`, 'com.example.tags': ['a', 'é'] },
  location: `/machine/m${n}`,
  actions: [],
  links,
});

/** Every way to cut `items` into consecutive non-empty batches. */
function splits<T>(items: readonly T[]): T[][][] {
  const out: T[][][] = [];
  for (let cuts = 0; cuts < 2 ** (items.length - 1); cuts++) {
    const batches: T[][] = [[items[0]!]];
    for (let i = 1; i < items.length; i++) {
      if (cuts & (2 ** (i - 1))) batches.push([items[i]!]);
      else batches.at(-1)!.push(items[i]!);
    }
    out.push(batches);
  }
  return out;
}

function written(batches: Entity[][], holds?: 'resources' | 'links'): string {
  const writer = jsonRendering.entityCollectionWriter!({ ...rc, ...(holds ? { holds } : {}) });
  return batches.map((batch) => writer.write(batch)).join('') + writer.end();
}

describe('entityCollectionWriter', () => {
  it('writes, however the collection is cut into batches, the document rendered whole', () => {
    const collections: Entity[][] = [
      [machine(1, [wire(1), wire(2)]), machine(2), machine(3), wire(1), wire(2)],
      [machine(1), machine(2), machine(3), machine(4)],
      [wire(1), wire(2), wire(3)],
      [machine(1, [wire(3)]), wire(4)],
    ];
    for (const entities of collections) {
      const whole = jsonRendering.renderEntityCollection(entities, rc).body;
      for (const batches of splits(entities)) expect(written(batches)).toBe(whole);
    }
  });

  it('writes an empty collection as {"resources":[]}, or {"links":[]} when it holds links (JSON §3.3.2)', () => {
    expect(written([])).toBe('{"resources":[]}');
    expect(written([], 'links')).toBe('{"links":[]}');
  });

  it('refuses a resource given after links, in the same batch or a later one', () => {
    const writer = jsonRendering.entityCollectionWriter!(rc);
    expect(() => writer.write([machine(1), wire(1), machine(2)])).toThrow(
      'resource /machine/m2 given after links: write resources first',
    );
    const later = jsonRendering.entityCollectionWriter!(rc);
    later.write([wire(1)]);
    expect(() => later.write([machine(2)])).toThrow('resource /machine/m2 given after links');
  });
});
