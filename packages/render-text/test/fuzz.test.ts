import type { HeaderFields, Payload, Rendering } from '@occi/core';
import { OcciError } from '@occi/core';
import { describe, expect, it } from 'vitest';
import { MAX_BODY_LENGTH, textOcci, textPlain, uriList } from '../src/index.js';
import { context, fixture, model, NET, NIC, SSD, START, VM } from './helpers.js';

/** A small seeded PRNG (mulberry32): the same inputs on every run. */
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

const seeds: string[] = [
  fixture('spec-6.1-text-plain.txt'),
  fixture('occi-1.1-compute.txt'),
  fixture('occi-1.1-query.txt'),
  textPlain.renderEntity(
    {
      id: 'urn:uuid:1',
      kind: VM,
      mixins: [SSD],
      title: 't, "x"',
      location: '/vm/1',
      actions: [START],
      links: [
        {
          id: 'l',
          kind: NIC,
          mixins: [],
          location: '/link/nic/1',
          source: { location: '/vm/1', kind: VM },
          target: { location: '/net/1', kind: NET },
          attributes: { 'com.example.nic.vlans': [1, 2] },
        },
      ],
      attributes: {
        'com.example.vm.tags': ['a'],
        'com.example.vm.metadata': { k: 'v' },
        'com.example.vm.cores': 2,
      },
    },
    context,
  ).body,
  textPlain.renderCategories(
    { kinds: model.kinds(), mixins: model.mixins(), actions: model.actions() },
    context,
  ).body,
  'Category: start; scheme="http://example.com/occi/vm/action#"; class="action"\nX-OCCI-Attribute: com.example.start.devices="[1]"',
  'X-OCCI-Location: http://example.com:8080/vm/1, /vm/2\n',
];

const STRUCTURAL = [
  '"',
  '\\',
  ';',
  ',',
  '<',
  '>',
  '=',
  ':',
  '{',
  '}',
  ' ',
  '\t',
  '\r',
  '\n',
  '#',
  '[',
  ']',
  '\\u',
  '?action=',
];
const NAMES = [
  'Category: ',
  'Link: ',
  'X-OCCI-Attribute: ',
  'X-OCCI-Location: ',
  'category:',
  'x-occi-attribute:',
];

function mutate(rnd: () => number, input: string): string {
  let s = input;
  const edits = 1 + Math.floor(rnd() * 8);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rnd() * (s.length + 1));
    const op = rnd();
    if (op < 0.3) {
      s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rnd() * 6));
    } else if (op < 0.6) {
      s = s.slice(0, at) + STRUCTURAL[Math.floor(rnd() * STRUCTURAL.length)] + s.slice(at);
    } else if (op < 0.7) {
      s = s.slice(0, at) + NAMES[Math.floor(rnd() * NAMES.length)] + s.slice(at);
    } else if (op < 0.85) {
      s = s.slice(0, at) + String.fromCharCode(Math.floor(rnd() * 0x3000)) + s.slice(at + 1);
    } else if (op < 0.95) {
      const from = Math.floor(rnd() * s.length);
      s = s.slice(0, at) + s.slice(from, from + Math.floor(rnd() * 40)) + s.slice(at);
    } else {
      s = s.slice(0, at);
    }
  }
  return s;
}

/** The lines of a body as header fields (names as they come, repeated names as arrays). */
function asHeaders(body: string): HeaderFields {
  const headers: Record<string, string | string[]> = {};
  for (const line of body.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1);
    const previous = headers[name];
    headers[name] =
      previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return headers;
}

const parsers: ((r: Rendering, p: Payload) => unknown)[] = [
  (r, p) => r.parseEntity(p, context),
  (r, p) => r.parseCategories(p, context),
  (r, p) => r.parseActionInvocation(p, context),
  (r, p) => r.parseEntityCollection(p, context),
];

describe('fuzz: malformed input yields only OcciError', () => {
  it('100,000 mutated messages through every parser, in bounded time', () => {
    const rnd = random(0x0cc1);
    // CPU time of this process, not wall time: other processes share the machine.
    const started = process.cpuUsage();
    let inputs = 0;
    let rejected = 0;
    const unexpected: string[] = [];
    const attempt = (fn: () => unknown, input: string) => {
      try {
        fn();
      } catch (error) {
        if (error instanceof OcciError) rejected++;
        else if (unexpected.length < 5)
          unexpected.push(`${String(error)} for ${JSON.stringify(input.slice(0, 300))}`);
      }
    };
    for (; inputs < 100_000; inputs++) {
      const input = mutate(rnd, seeds[inputs % seeds.length]!);
      const parse = parsers[inputs % parsers.length]!;
      attempt(() => parse(textPlain, { headers: {}, body: input }), input);
      if (inputs % 2 === 0) attempt(() => parse(textOcci, { headers: asHeaders(input), body: 'OK' }), input);
      if (inputs % 10 === 0)
        attempt(() => uriList.parseEntityCollection({ headers: {}, body: input }, context), input);
    }
    const used = process.cpuUsage(started);
    const elapsed = (used.user + used.system) / 1000;
    expect(unexpected).toEqual([]);
    expect(inputs).toBe(100_000);
    // The mutations do break most messages (the test exercises the error paths).
    expect(rejected).toBeGreaterThan(40_000);
    expect(elapsed).toBeLessThan(20_000);
  });

  it('reads a body of many lines in linear time (each line read in place, the body searched once)', () => {
    const lines = (n: number) =>
      Array.from({ length: n }, (_, i) => `X-OCCI-Attribute: a${i}.b="x"`).join('\n');
    const body = lines(130_000);
    expect(body.length).toBeLessThan(MAX_BODY_LENGTH);
    // CPU time of this process, not wall time: other processes share the machine.
    const started = process.cpuUsage();
    const attributes = textPlain.parseEntity({ headers: {}, body }, context).attributes!;
    const used = process.cpuUsage(started);
    expect(Object.keys(attributes)).toHaveLength(130_000);
    expect(attributes['a129999.b']).toBe('x');
    // Linear: a fraction of a second; searching the rest of the body once per line takes several seconds.
    expect((used.user + used.system) / 1000).toBeLessThan(2_500);
  });

  it('pathological inputs are refused or read in linear time', () => {
    const cases: Payload[] = [
      { headers: {}, body: `X-OCCI-Attribute: com.example.vm.tags="${'['.repeat(50_000)}"` },
      {
        headers: {},
        body: `Category: vm; scheme="http://example.com/occi/vm#"; class="kind"\nX-OCCI-Attribute: com.example.vm.tags="${'['.repeat(20_000)}${']'.repeat(20_000)}"`,
      },
      { headers: {}, body: `X-OCCI-Attribute: a.b=${'1'.repeat(60_000)}x` },
      { headers: {}, body: `X-OCCI-Attribute: ${'a="\\\\", '.repeat(9_000)}` },
      { headers: {}, body: 'X-OCCI-Attribute: a.b=1, \\\n'.repeat(200_000) },
      { headers: {}, body: '\n'.repeat(3_000_000) },
      { headers: { category: ','.repeat(500_000), link: ';'.repeat(500_000) }, body: '' },
      {
        headers: {
          'x-occi-attribute': Array.from({ length: 10_000 }, (_, i) => `a${i}="${'x'.repeat(50)}"`),
        },
        body: '',
      },
    ];
    const started = performance.now();
    for (const payload of cases) {
      for (const rendering of [textPlain, textOcci]) {
        try {
          rendering.parseEntity(payload, context);
        } catch (error) {
          expect(error).toBeInstanceOf(OcciError);
        }
      }
    }
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
