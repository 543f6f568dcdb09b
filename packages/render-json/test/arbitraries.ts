import type { AttributeSpec, AttributeValue, Entity } from '@occi/core';
import { ATTRIBUTE_TYPES, actionFromDefinition, kindFromDefinition, mixinFromDefinition } from '@occi/core';
import fc from 'fast-check';
import { GOLD, MACHINE, T, WIRE } from './helpers.js';

/** An attribute name: dotted words, never an `occi.core.*` model attribute. */
export const attributeName = fc
  .array(fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join('.'))
  .filter((name) => !name.startsWith('occi.core.'));

const finiteNumber = fc.oneof(
  fc.integer({ min: -1e9, max: 1e9 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
);

/** A JSON value an attribute holds: no null, finite numbers, nesting bounded. */
export const attributeValue: fc.Arbitrary<AttributeValue> = fc.letrec<{ value: AttributeValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string(),
    finiteNumber,
    fc.boolean(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.string().filter((k) => k !== '__proto__'),
      tie('value'),
      { maxKeys: 4, noNullPrototype: true },
    ),
  ),
})).value;

export const attributes = fc.dictionary(attributeName, attributeValue, { maxKeys: 8, noNullPrototype: true });

const typeIdentifier = fc.oneof(
  fc.constantFrom(MACHINE, WIRE, GOLD, `${T}other`),
  fc.tuple(fc.webUrl(), fc.stringMatching(/^[a-z][a-z0-9_]{0,10}$/)).map(([u, t]) => `${u}#${t}`),
);
const path = fc
  .array(fc.stringMatching(/^[a-z0-9-]{1,12}$/), { minLength: 1, maxLength: 3 })
  .map((p) => `/${p.join('/')}`);
const location = fc.oneof(
  path,
  path.map((p) => `https://elsewhere.example.com${p}`),
);
const ref = fc.record(
  { location, kind: typeIdentifier },
  { requiredKeys: ['location'], noNullPrototype: true },
);

const common = {
  id: fc.oneof(
    fc.uuid().map((u) => `urn:uuid:${u}`),
    fc.string(),
  ),
  mixins: fc.array(typeIdentifier, { maxLength: 3 }),
  title: fc.string(),
  attributes,
  actions: fc.array(typeIdentifier, { maxLength: 3 }),
  location: path,
  version: fc.string(),
};

export const link: fc.Arbitrary<Entity> = fc.record(
  { ...common, kind: fc.constant(WIRE), source: ref, target: ref },
  { requiredKeys: ['id', 'kind', 'mixins', 'attributes', 'source', 'target'], noNullPrototype: true },
);

export const resource: fc.Arbitrary<Entity> = fc.record(
  {
    ...common,
    kind: fc.constantFrom(MACHINE, 'http://schemas.ogf.org/occi/core#resource'),
    summary: fc.string(),
    links: fc.array(link, { maxLength: 3 }),
  },
  { requiredKeys: ['id', 'kind', 'mixins', 'attributes', 'links'], noNullPrototype: true },
);

/** What a client sending `entity` as JSON means: everything but the read-only actions, location and version. */
export function draftOf(entity: Entity): Partial<Entity> {
  const { actions: _a, location: _l, version: _v, links, ...rest } = entity;
  return links === undefined ? rest : { ...rest, links: links.map((l) => draftOf(l) as Entity) };
}

const attributeSpec = (scalarDefaults: boolean): fc.Arbitrary<AttributeSpec> =>
  fc.record(
    {
      type: fc.constantFrom(...ATTRIBUTE_TYPES),
      mutable: fc.boolean(),
      required: fc.boolean(),
      pattern: fc.constantFrom(
        { type: 'string', pattern: '\\S+' },
        { type: 'integer', minimum: 0 },
        { type: 'array', items: { type: 'string' } },
      ),
      default: scalarDefaults ? fc.oneof(fc.string(), finiteNumber, fc.boolean()) : attributeValue,
      description: fc.string(),
    },
    { requiredKeys: [], noNullPrototype: true },
  );

const base = (scalarDefaults: boolean) => ({
  scheme: fc.webUrl().map((u) => `${u}#`),
  term: fc.stringMatching(/^[a-z][a-z0-9_.-]{0,12}$/),
  title: fc.string(),
  attributes: fc.dictionary(attributeName, attributeSpec(scalarDefaults), {
    maxKeys: 4,
    noNullPrototype: true,
  }),
});

/** Category collections as the model holds them; `scalarDefaults` keeps them within the schema (spec README erratum 3). */
export const categoryCollection = (scalarDefaults = false) =>
  fc.record(
    {
      kinds: fc.array(
        fc
          .record(
            {
              ...base(scalarDefaults),
              parent: typeIdentifier,
              actions: fc.array(typeIdentifier, { maxLength: 3 }),
              location: path.map((p) => `${p}/`),
            },
            { requiredKeys: ['scheme', 'term'], noNullPrototype: true },
          )
          .map(kindFromDefinition),
        { maxLength: 3 },
      ),
      mixins: fc.array(
        fc
          .record(
            {
              ...base(scalarDefaults),
              depends: fc.array(typeIdentifier, { maxLength: 3 }),
              applies: fc.array(typeIdentifier, { maxLength: 3 }),
              actions: fc.array(typeIdentifier, { maxLength: 3 }),
              location: path.map((p) => `${p}/`),
            },
            { requiredKeys: ['scheme', 'term', 'location'], noNullPrototype: true },
          )
          .map((d) => mixinFromDefinition(d)),
        { maxLength: 3 },
      ),
      actions: fc.array(
        fc
          .record(base(scalarDefaults), { requiredKeys: ['scheme', 'term'], noNullPrototype: true })
          .map(actionFromDefinition),
        { maxLength: 3 },
      ),
    },
    { noNullPrototype: true },
  );

export const actionInvocation = fc.record({ action: typeIdentifier, attributes }, { noNullPrototype: true });
