import type { AttributeValue, Category, Entity, Rendering } from '@occi/core';
import { actionFromDefinition, kindFromDefinition, mixinFromDefinition } from '@occi/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textOcci, textPlain } from '../src/index.js';
import { context, FAST_SSD, NET, NIC, SSD, START, STOP, VM } from './helpers.js';

const renderings: [string, Rendering][] = [
  ['text/plain', textPlain],
  ['text/occi', textOcci],
];

const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string());
const number = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
);
const scalar: fc.Arbitrary<AttributeValue> = fc.oneof(text, number, fc.boolean());
const json: fc.Arbitrary<AttributeValue> = fc.letrec<{ value: AttributeValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    scalar,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.string(), tie('value'), { maxKeys: 3 }),
  ),
})).value;
const segment = fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,11}$/);
const term = fc.stringMatching(/^[a-z0-9][a-z0-9_.-]{0,9}$/);
const name = fc.stringMatching(/^[a-z][a-z0-9]{0,5}(\.[a-z0-9_-]{1,6}){1,3}$/).map((n) => `x.${n}`);

/** Attributes the model does not know: scalars only (the text renderings cannot type arrays and objects without the model). */
const freeAttributes = fc.dictionary(name, scalar, { maxKeys: 4 });
const foreignMixin = fc.tuple(segment, term).map(([s, t]) => `http://example.com/${s}#${t}`);
const mixins = fc.uniqueArray(fc.oneof(fc.constantFrom(SSD, FAST_SSD), foreignMixin), { maxLength: 3 });

const vmAttributes = fc
  .record(
    {
      'com.example.vm.cores': number,
      'com.example.vm.hostname': text,
      'com.example.vm.enabled': fc.boolean(),
      'com.example.vm.tags': fc.array(json, { maxLength: 4 }),
      'com.example.vm.metadata': fc.dictionary(fc.string(), json, { maxKeys: 4 }),
      'com.example.ssd.options': fc.dictionary(fc.string(), json, { maxKeys: 3 }),
    },
    { requiredKeys: [] },
  )
  .chain((known) => freeAttributes.map((free) => ({ ...free, ...known })));

const nicAttributes = fc
  .record(
    { 'com.example.nic.mac': text, 'com.example.nic.vlans': fc.array(json, { maxLength: 3 }) },
    { requiredKeys: [] },
  )
  .chain((known) => freeAttributes.map((free) => ({ ...free, ...known })));

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const link: fc.Arbitrary<Entity> = fc
  .record({
    id: text,
    title: optional(text),
    mixins: fc.uniqueArray(foreignMixin, { maxLength: 2 }),
    location: optional(segment.map((s) => `/link/nic/${s}`)),
    source: fc
      .record({ location: segment.map((s) => `/vm/${s}`), kind: optional(fc.constant(VM)) })
      .map(withoutUndefined),
    target: fc.record({ location: segment.map((s) => `/net/${s}`), kind: fc.constantFrom(NET, VM) }),
    attributes: nicAttributes,
  })
  .map((l) => withoutUndefined({ ...l, kind: NIC }));

const resource: fc.Arbitrary<Entity> = fc
  .record({
    id: text,
    title: optional(text),
    summary: optional(text),
    mixins,
    location: segment.map((s) => `/vm/${s}`),
    actions: fc.subarray([START, STOP]),
    links: optional(fc.array(link, { minLength: 1, maxLength: 3 })),
    attributes: vmAttributes,
  })
  .map((r) => {
    // The ssd attributes are typed by the model only when the ssd mixin (or one depending on it) is there.
    if (!r.mixins.includes(SSD) && !r.mixins.includes(FAST_SSD))
      delete r.attributes['com.example.ssd.options'];
    return withoutUndefined({ ...r, kind: VM });
  });

/** What the text renderings carry of an entity (no location, actions or version; inline links without actions). */
function carried(entity: Entity): Partial<Entity> {
  const { location: _l, actions: _a, version: _v, links, ...rest } = entity;
  return links === undefined ? rest : { ...rest, links };
}

describe('render → parse is the identity on what the text renderings carry', () => {
  for (const [mediaType, rendering] of renderings) {
    it(`${mediaType}: resources with links`, () => {
      fc.assert(
        fc.property(resource, (entity) => {
          const payload = rendering.renderEntity(entity, context);
          expect(rendering.parseEntity(payload, context)).toEqual(carried(entity));
        }),
        { numRuns: 400 },
      );
    });

    it(`${mediaType}: link instances`, () => {
      fc.assert(
        fc.property(link, fc.subarray([STOP]), (entity, actions) => {
          const payload = rendering.renderEntity({ ...entity, actions }, context);
          expect(rendering.parseEntity(payload, context)).toEqual(carried(entity));
        }),
        { numRuns: 300 },
      );
    });
  }
});

const attributeSpecs = fc.dictionary(name, fc.record({ mutable: fc.boolean(), required: fc.boolean() }), {
  maxKeys: 4,
});
const scheme = segment.map((s) => `http://example.com/${s}#`);
const categoryCollection = fc.record({
  kinds: fc.array(
    fc
      .record({
        scheme,
        term,
        title: optional(text),
        parent: optional(foreignMixin),
        location: optional(segment.map((s) => `/${s}/`)),
        attributes: attributeSpecs,
        actions: fc.uniqueArray(foreignMixin, { maxLength: 2 }),
      })
      .map((d) => kindFromDefinition(withoutUndefined(d))),
    { maxLength: 3 },
  ),
  mixins: fc.array(
    fc
      .record({
        scheme,
        term,
        title: optional(text),
        depends: fc.uniqueArray(foreignMixin, { maxLength: 2 }),
        location: optional(segment.map((s) => `/mixin/${s}/`)),
        attributes: attributeSpecs,
        actions: fc.uniqueArray(foreignMixin, { maxLength: 2 }),
      })
      .map((d) => mixinFromDefinition(withoutUndefined(d))),
    { maxLength: 3 },
  ),
  actions: fc.array(
    fc
      .record({ scheme, term, title: optional(text), attributes: attributeSpecs })
      .map((d) => actionFromDefinition(withoutUndefined(d))),
    { maxLength: 3 },
  ),
});

/** What text discovery carries of a category (spec README erratum 4; §5.5.2: only the first depends). */
function projection(c: Category) {
  const attributes = [...c.attributes.values()].map((a) => [a.name, a.mutable, a.required]);
  const base = { class: c.class, scheme: c.scheme, term: c.term, title: c.title, attributes };
  if (c.class === 'kind') return { ...base, parent: c.parent, location: c.location, actions: c.actions };
  if (c.class === 'mixin')
    return { ...base, depends: c.depends.slice(0, 1), location: c.location, actions: c.actions };
  return base;
}

describe('category collections survive render → parse (lossy by design: erratum 4)', () => {
  for (const [mediaType, rendering] of renderings) {
    it(mediaType, () => {
      fc.assert(
        fc.property(categoryCollection, (categories) => {
          const back = rendering.parseCategories(rendering.renderCategories(categories, context), context);
          expect(back.kinds.map(projection)).toEqual(categories.kinds.map(projection));
          expect(back.mixins.map(projection)).toEqual(categories.mixins.map(projection));
          expect(back.actions.map(projection)).toEqual(categories.actions.map(projection));
        }),
        { numRuns: 300 },
      );
    });
  }
});
