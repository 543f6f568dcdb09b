/**
 * Seeded random attribute values, for checking a store's attribute filters
 * against `valueMatches` on values nobody thought of. Seeded, so a failure
 * names the seed that reproduces it; no dependency beyond vitest.
 */
import type { AttributeValue } from '../attribute.js';

/** A seeded generator of numbers in [0, 1) (mulberry32). */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;

export const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)]!;

/** Strings whose text looks like other JSON values, and numbers and booleans whose JSON looks like them. */
const LOOKALIKE_STRINGS: readonly AttributeValue[] = [
  '1',
  '2',
  'true',
  '',
  '1.5',
  '[1,2]',
  '{"a":1}',
  'é\n"',
  'x',
];
const EDGE_SCALARS: readonly AttributeValue[] = [1, 2, -1, 1.5, 0, 1e21, 1e-7, true, false];
/** Characters that quoting, escaping and collation get wrong. */
const CHARACTERS = ['a', 'Z', '0', ' ', '"', "'", '\\', '\n', '\u0001', 'é', '漢', '😀', '%', '_', '[', '{'];

function randomString(random: Random): string {
  const length = Math.floor(random() * 5);
  return Array.from({ length }, () => pick(random, CHARACTERS)).join('');
}

/** A finite number other than -0: integers, fractions and large and small magnitudes. */
function randomNumber(random: Random): number {
  const sign = random() < 0.5 ? -1 : 1;
  const n =
    random() < 0.4
      ? sign * Math.floor(random() * 1000)
      : sign * random() * 10 ** Math.floor(random() * 60 - 30);
  return Object.is(n, -0) ? 0 : n;
}

/** Any JSON value; arrays and objects (keys a, b, c) nest `depth` levels at most. */
export function randomValue(random: Random, depth = 2): AttributeValue {
  const choice = Math.floor(random() * (depth > 0 ? 6 : 4));
  switch (choice) {
    case 0:
      return pick(random, LOOKALIKE_STRINGS);
    case 1:
      return pick(random, EDGE_SCALARS);
    case 2:
      return randomString(random);
    case 3:
      return randomNumber(random);
    case 4:
      return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth - 1));
    default: {
      // Keys in any order: the JSON text of an object follows it.
      const keys = ['a', 'b', 'c'];
      for (let i = keys.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [keys[i], keys[j]] = [keys[j]!, keys[i]!];
      }
      const object: Record<string, AttributeValue> = {};
      for (const key of keys) if (random() < 0.5) object[key] = randomValue(random, depth - 1);
      return object;
    }
  }
}

/** The text a text rendering would carry for a value: a string as it is, anything else as its JSON. */
export const textOf = (value: AttributeValue): string =>
  typeof value === 'string' ? value : JSON.stringify(value);
