/**
 * Fuzzing the four parsers with 101,000 inputs: random JSON values, mutated valid documents,
 * truncated and corrupted texts, deep nesting. Whatever the input, a parse
 * returns a message or throws an OcciError — never another exception.
 */
import type { Payload } from '@occi/core';
import { OcciError } from '@occi/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonRendering } from '../src/index.js';
import { actionInvocation, categoryCollection, link, resource } from './arbitraries.js';
import { context, GOLD, MACHINE, REBOOT, WIRE } from './helpers.js';

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = [
  'kind',
  'mixins',
  'attributes',
  'actions',
  'id',
  'links',
  'summary',
  'title',
  'source',
  'target',
  'rel',
  'location',
  'resources',
  'kinds',
  'action',
  'term',
  'scheme',
  'parent',
  'depends',
  'applies',
  'mutable',
  'required',
  'type',
  'pattern',
  'default',
  'description',
  '__proto__',
  'constructor',
  'occi.core.id',
  'occi.core.title',
  'occi.core.source',
  'occi.core.target',
  'occi.core.target.kind',
  'occi.core.summary',
  'com.example.cores',
  '',
  'a/b~c',
];
const STRINGS = [
  MACHINE,
  WIRE,
  GOLD,
  REBOOT,
  '/machine/1',
  'http://occi.example.org:8080/machine/2',
  'integer',
  'string',
  '',
  '\u0000',
  '\ud800',
];

function randomValue(next: () => number, depth: number): unknown {
  const r = next();
  if (depth <= 0 || r < 0.45) {
    const s = next();
    if (s < 0.2) return null;
    if (s < 0.4) return next() < 0.5;
    if (s < 0.6)
      return next() < 0.1 ? Number.MAX_VALUE * (next() < 0.5 ? 1 : -1) : Math.floor(next() * 2000) - 1000;
    if (s < 0.9) return STRINGS[Math.floor(next() * STRINGS.length)];
    return String.fromCharCode(
      ...Array.from({ length: Math.floor(next() * 8) }, () => Math.floor(next() * 0xffff)),
    );
  }
  if (r < 0.7) return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth - 1));
  const object: Record<string, unknown> = {};
  const n = Math.floor(next() * 5);
  for (let i = 0; i < n; i++) {
    Object.defineProperty(object, KEYS[Math.floor(next() * KEYS.length)]!, {
      value: randomValue(next, depth - 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return object;
}

/** Replaces, deletes or adds one member somewhere in a document, in place; returns the document. */
function mutate(document: unknown, next: () => number): unknown {
  if (typeof document !== 'object' || document === null) return randomValue(next, 3);
  const copy = document as Record<string, unknown> | unknown[];
  // Walk down a random path, then change what is there.
  let node: Record<string, unknown> | unknown[] = copy;
  for (let steps = Math.floor(next() * 6); steps > 0; steps--) {
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const child = (node as Record<string, unknown>)[keys[Math.floor(next() * keys.length)]!];
    if (typeof child !== 'object' || child === null) break;
    node = child as Record<string, unknown> | unknown[];
  }
  const keys = Object.keys(node);
  const r = next();
  if (keys.length > 0 && r < 0.5) {
    (node as Record<string, unknown>)[keys[Math.floor(next() * keys.length)]!] = randomValue(next, 3);
  } else if (keys.length > 0 && r < 0.75) {
    if (Array.isArray(node)) node.splice(Math.floor(next() * node.length), 1);
    else delete node[keys[Math.floor(next() * keys.length)]!];
  } else if (Array.isArray(node)) {
    node.push(randomValue(next, 3));
  } else {
    Object.defineProperty(node, KEYS[Math.floor(next() * KEYS.length)]!, {
      value: randomValue(next, 3),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

/** Cuts, drops or inserts characters of a JSON text. */
function corrupt(text: string, next: () => number): string {
  const at = Math.floor(next() * (text.length + 1));
  const r = next();
  if (r < 0.4) return text.slice(0, at);
  if (r < 0.6) return text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 5));
  const junk = ['{', '}', '[', ']', '"', '\\', ',', ':', '1e999', '-', 'null', '\u0000', '\ud800', ' '];
  return text.slice(0, at) + junk[Math.floor(next() * junk.length)] + text.slice(at);
}

/** Deep nesting placed inside a valid document. */
function nest(next: () => number): string {
  const depth = 30 + Math.floor(next() * (next() < 0.9 ? 100 : 20_000));
  const open = next() < 0.5 ? '[' : '{"a":';
  const inner = `${open.repeat(depth)}1${(open === '[' ? ']' : '}').repeat(depth)}`;
  const places = [
    `{"attributes":{"com.example.meta":${inner}}}`,
    `{"resources":[{"links":[{"attributes":{"x":${inner}}}]}]}`,
    `{"mixins":[{"term":"m","scheme":"x#","attributes":{"a":{"pattern":${inner}}}}]}`,
    `{"action":"x","attributes":{"a":${inner}}}`,
    inner,
  ];
  return places[Math.floor(next() * places.length)]!;
}

const parsers: ((p: Payload) => unknown)[] = [
  (p) => jsonRendering.parseEntity(p, context),
  (p) => jsonRendering.parseEntityCollection(p, context),
  (p) => jsonRendering.parseCategories(p, context),
  (p) => jsonRendering.parseActionInvocation(p, context),
];

interface Tally {
  inputs: number;
  accepted: number;
  rejected: number;
}

/** Runs one text through every parser; anything but an OcciError fails the test. */
function feed(text: string, tally: Tally): void {
  tally.inputs++;
  const payload: Payload = { headers: {}, body: text };
  for (const parse of parsers) {
    try {
      parse(payload);
      tally.accepted++;
    } catch (error) {
      if (!(error instanceof OcciError))
        throw new Error(
          `a ${(error as Error)?.name} escaped for input ${JSON.stringify(text.slice(0, 300))}: ${error}`,
        );
      if (error.problems.length === 0 || error.message === '')
        throw new Error(`an OcciError without problems for ${text.slice(0, 300)}`);
      tally.rejected++;
    }
  }
}

// Valid documents to mutate: rendered resources, links, collections, categories, invocations, up to 1,000 characters.
const seeds: string[] = [
  ...fc.sample(resource, { numRuns: 40, seed: 1 }).map((e) => jsonRendering.renderEntity(e, context).body),
  ...fc.sample(link, { numRuns: 20, seed: 2 }).map((e) => jsonRendering.renderEntity(e, context).body),
  ...fc
    .sample(fc.array(fc.oneof(resource, link), { maxLength: 4 }), { numRuns: 20, seed: 3 })
    .map((es) => jsonRendering.renderEntityCollection(es, context).body),
  ...fc
    .sample(categoryCollection(), { numRuns: 30, seed: 4 })
    .map((c) => jsonRendering.renderCategories(c, context).body),
  ...fc
    .sample(actionInvocation, { numRuns: 20, seed: 5 })
    .map((a) => jsonRendering.renderActionInvocation(a, context).body),
].filter((text) => text.length <= 1_000);

describe('fuzz: only OcciError escapes', () => {
  it('mutates a variety of seeds', () => {
    expect(seeds.length).toBeGreaterThan(50);
    for (const member of ['"links":[{', '"source":', '"resources":', '"kinds":', '"mixins":[{', '"action":'])
      expect(seeds.some((text) => text.includes(member))).toBe(true);
  });

  it('survives 40,000 random JSON values', () => {
    const next = random(0x0cc1);
    const tally: Tally = { inputs: 0, accepted: 0, rejected: 0 };
    for (let i = 0; i < 40_000; i++) feed(JSON.stringify(randomValue(next, 5)) ?? 'null', tally);
    expect(tally.inputs).toBe(40_000);
    expect(tally.rejected).toBeGreaterThan(0);
    expect(tally.accepted).toBeGreaterThan(0);
  });

  it('survives 35,000 mutated valid documents', () => {
    const next = random(0x0cc2);
    const tally: Tally = { inputs: 0, accepted: 0, rejected: 0 };
    for (let i = 0; i < 35_000; i++) {
      let document: unknown = JSON.parse(seeds[i % seeds.length]!);
      for (let m = 1 + Math.floor(next() * 3); m > 0; m--) document = mutate(document, next);
      feed(JSON.stringify(document) ?? 'null', tally);
    }
    expect(tally.inputs).toBe(35_000);
    expect(tally.accepted).toBeGreaterThan(1_000);
    expect(tally.rejected).toBeGreaterThan(1_000);
  });

  it('survives 20,000 truncated and corrupted texts', () => {
    const next = random(0x0cc3);
    const tally: Tally = { inputs: 0, accepted: 0, rejected: 0 };
    for (let i = 0; i < 20_000; i++) feed(corrupt(seeds[i % seeds.length]!, next), tally);
    expect(tally.inputs).toBe(20_000);
    expect(tally.rejected).toBeGreaterThan(10_000);
  });

  it('survives 2,000 deeply nested documents', () => {
    const next = random(0x0cc4);
    const tally: Tally = { inputs: 0, accepted: 0, rejected: 0 };
    for (let i = 0; i < 2_000; i++) feed(nest(next), tally);
    expect(tally.inputs).toBe(2_000);
    expect(tally.rejected).toBeGreaterThan(0);
  });

  it('survives arbitrary JSON values from fast-check', () => {
    const tally: Tally = { inputs: 0, accepted: 0, rejected: 0 };
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => feed(JSON.stringify(value), tally)),
      { numRuns: 2_000, seed: 0x0cc5 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => feed(text, tally)),
      { numRuns: 2_000, seed: 0x0cc6 },
    );
    expect(tally.inputs).toBe(4_000);
  });
});
