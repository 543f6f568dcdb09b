/**
 * Attribute filters agree with `valueMatches`: for seeded random values
 * (stored, wanted, under awkward names), and for the stored values themselves.
 */
import { describe, expect, it } from 'vitest';
import type { AttributeValue } from '../attribute.js';
import { type EntityQuery, recordMatches } from '../store.js';
import { COMPUTE, creating, locationsOf, resourceRecord } from './fixtures.js';
import { pick, type Random, randomValue, seeded, textOf } from './random-values.js';
import type { ContractContext } from './target.js';

/** Names that quoting gets wrong, and the two core names stored as fields. */
const NAMES = ['occi.core.title', 'occi.core.summary', 'x.value', 'a"b', 'w\\z', 'sp ace', "it's", 'a.b.c'];
const RUNS = 150;

/** One to four records, each with up to three of NAMES; title and summary are stored as text. */
function randomRows(random: Random): Record<string, AttributeValue>[] {
  return Array.from({ length: 1 + Math.floor(random() * 4) }, () => {
    const row: Record<string, AttributeValue> = {};
    for (let i = Math.floor(random() * 4); i > 0; i--) row[pick(random, NAMES)] = randomValue(random);
    return row;
  });
}

/** A wanted value: often one stored (or its text), so that matches happen, else any value. */
function randomWanted(random: Random, rows: Record<string, AttributeValue>[]): AttributeValue {
  const stored = rows.flatMap((row) => Object.values(row));
  if (stored.length === 0 || random() < 0.4) return randomValue(random);
  const value = pick(random, stored);
  return random() < 0.5 ? value : textOf(value);
}

export function attributeFilterCases(context: ContractContext): void {
  describe('attribute filters agree with valueMatches', () => {
    it(`for ${RUNS} seeded random sets of values, names and wanted values`, async () => {
      const { store } = context;
      for (let seed = 1; seed <= RUNS; seed++) {
        const random = seeded(seed);
        const rows = randomRows(random);
        const name = pick(random, NAMES);
        const wanted = randomWanted(random, rows);
        const records = rows.map((values, i) => {
          const { 'occi.core.title': title, 'occi.core.summary': summary, ...attributes } = values;
          return resourceRecord(`p${i}`, {
            attributes,
            ...(title !== undefined ? { title: textOf(title) } : {}),
            ...(summary !== undefined ? { summary: textOf(summary) } : {}),
          });
        });
        await store.commit(records.map((record) => ({ op: 'put', record })));
        const q: EntityQuery = { attributes: { [name]: wanted }, kinds: [COMPUTE] };
        const got = locationsOf(await store.query(q));
        await store.commit(records.map((r) => ({ op: 'delete', location: r.location })));
        const expected = locationsOf(records.filter((r) => recordMatches(r, q)));
        expect(got, `seed ${seed}: ${JSON.stringify({ rows, name, wanted })}`).toEqual(expected);
      }
    });

    it('for values taken from the records themselves, typed and as text', async () => {
      const { store } = context;
      const values: AttributeValue[] = [
        { z: 1, a: [1, 'b', true] },
        [1, 2, 3],
        'é\n"\\',
        1e21,
        1e-7,
        -0.5,
        true,
        '',
      ];
      const records = values.map((v, i) => resourceRecord(`v${i}`, { attributes: { v } }));
      await store.commit(creating(...records));
      for (const [i, v] of values.entries()) {
        expect(locationsOf(await store.query({ attributes: { v } }))).toEqual([`/compute/v${i}`]);
        expect(locationsOf(await store.query({ attributes: { v: textOf(v) } }))).toEqual([`/compute/v${i}`]);
      }
      // The same members in another order are another JSON text.
      expect(await store.query({ attributes: { v: { a: [1, 'b', true], z: 1 } } })).toEqual([]);
    });
  });
}
