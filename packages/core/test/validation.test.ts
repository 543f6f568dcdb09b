import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ENTITY_KIND,
  type Entity,
  type EntityDraft,
  LINK_KIND,
  Model,
  mixinFromDefinition,
  type Problem,
  RESOURCE_KIND,
  validateEntity,
} from '../src/index.js';
import { MixinAppliesRule } from '../src/validation/mixin-applies-rule.js';
import { entityRules } from '../src/validation/validate-entity.js';
import {
  BOOT,
  EX,
  exampleExtension,
  MACHINE,
  SIZE_TPL,
  SMALL,
  TAG,
  WIRE,
} from './fixtures/example-extension.js';

const WIRE_ONLY = `${EX}wire_only`;
const model = Model.create([
  exampleExtension,
  { name: 'more', mixins: [{ scheme: EX, term: 'wire_only', location: '/wire_only/', applies: [WIRE] }] },
]);

/** A valid stored machine. */
const machine = (attributes: Entity['attributes'] = {}, mixins: string[] = []): Entity => ({
  id: 'urn:uuid:1',
  kind: MACHINE,
  mixins,
  attributes: { 'com.example.name': 'm', 'com.example.cores': 1, 'com.example.state': 'off', ...attributes },
});

const validate = (draft: EntityDraft, entity: Entity, previous?: Entity): Problem[] =>
  validateEntity({ model, draft, entity, ...(previous ? { previous } : {}) });

describe('validateEntity', () => {
  it('returns no problem for a valid entity, and runs the eight rules in order', () => {
    expect(validate({ kind: MACHINE, attributes: { 'com.example.name': 'm' } }, machine())).toEqual([]);
    expect(entityRules).toHaveLength(8);
  });

  it('reports one problem per violation, from several rules at once', () => {
    const problems = validate(
      { kind: MACHINE, attributes: { 'com.example.nam': 'x', 'com.example.cores': 'two' } },
      machine({ 'com.example.name': undefined as never, 'com.example.cores': 'two', 'com.example.nam': 'x' }),
    );
    expect(problems.map((p) => p.code)).toEqual([
      'unknown-attribute',
      'attribute-type',
      'missing-required-attribute',
    ]);
  });
});

describe('KnownKindRule (Core §5.3.6, §5.3.3, §5.4.1)', () => {
  it('refuses an unknown kind, suggesting the closest', () => {
    const problems = validate({ kind: `${EX}machin` }, { ...machine(), kind: `${EX}machin` });
    expect(problems).toEqual([
      {
        code: 'unknown-kind',
        message: `unknown kind ${EX}machin — did you mean ${MACHINE}?`,
        category: `${EX}machin`,
      },
    ]);
  });

  it('refuses a mixin or action named as kind', () => {
    expect(validate({}, { ...machine(), kind: SMALL })[0]).toMatchObject({
      code: 'wrong-category-class',
      category: SMALL,
    });
    expect(validate({}, { ...machine(), kind: BOOT })[0]!.message).toBe(`${BOOT} is a action, not a kind`);
  });

  it('Core §5.4.1: Entity is abstract and cannot be instantiated', () => {
    expect(validate({}, { ...machine(), kind: ENTITY_KIND, attributes: {} })).toEqual([
      {
        code: 'not-instantiable',
        message: `${ENTITY_KIND} cannot be instantiated (Core §5.4.1)`,
        category: ENTITY_KIND,
      },
    ]);
  });

  it('Core §5.3.3: an entity keeps its kind for its lifetime', () => {
    const previous = { ...machine(), kind: RESOURCE_KIND, attributes: {} };
    expect(validate({}, machine(), previous).map((p) => p.code)).toEqual(['kind-changed']);
  });
});

describe('KnownMixinsRule (Core §5.3.6)', () => {
  it('refuses unknown mixins, suggesting the closest, and non-mixins', () => {
    const problems = validate({}, machine({}, ['http://example.com/occi/size#smal', MACHINE]));
    expect(problems).toEqual([
      {
        code: 'unknown-mixin',
        message: `unknown mixin http://example.com/occi/size#smal — did you mean ${SMALL}?`,
        category: 'http://example.com/occi/size#smal',
      },
      { code: 'wrong-category-class', message: `${MACHINE} is a kind, not a mixin`, category: MACHINE },
    ]);
  });
});

describe('MixinAppliesRule (Core §5.3.4 applies)', () => {
  it('refuses a mixin whose applies does not include the kind or a parent of it', () => {
    expect(validate({}, machine({}, [WIRE_ONLY]))).toEqual([
      {
        code: 'mixin-not-applicable',
        message: `mixin ${WIRE_ONLY} applies to ${WIRE}, not to ${MACHINE}`,
        category: WIRE_ONLY,
      },
    ]);
  });

  it('accepts mixins with an empty applies on any kind', () => {
    expect(validate({}, machine({}, [TAG]))).toEqual([]);
    expect(validate({}, machine({}, [SIZE_TPL]))).toEqual([]);
  });

  it('holds the applies of every mixin a mixin depends on, naming the one that fails and its kinds', () => {
    // A mixin without applies of its own, depending on one that applies to wires only.
    const KEYED = 'http://example.com/users/alice#keyed';
    const STACKED = 'http://example.com/users/alice#stacked';
    const withKeyed = model.withMixins([
      mixinFromDefinition({
        scheme: 'http://example.com/users/alice#',
        term: 'keyed',
        depends: [WIRE_ONLY],
        location: '/keyed/',
      }),
      mixinFromDefinition({
        scheme: 'http://example.com/users/alice#',
        term: 'stacked',
        depends: [KEYED],
        location: '/stacked/',
      }),
    ]);
    const check = (entity: Entity) => validateEntity({ model: withKeyed, draft: {}, entity });
    expect(check(machine({}, [KEYED]))).toEqual([
      {
        code: 'mixin-not-applicable',
        message: `mixin ${KEYED} depends on mixin ${WIRE_ONLY}, which applies to ${WIRE}, not to ${MACHINE} (Core §5.3.4)`,
        category: KEYED,
      },
    ]);
    // Transitively.
    expect(check(machine({}, [STACKED])).map((p) => p.message)).toEqual([
      `mixin ${STACKED} depends on mixin ${WIRE_ONLY}, which applies to ${WIRE}, not to ${MACHINE} (Core §5.3.4)`,
    ]);
    expect(withKeyed.applies(withKeyed.mixin(STACKED)!, MACHINE)).toBe(false);
    const wire: Entity = { id: 'urn:uuid:2', kind: WIRE, mixins: [STACKED], attributes: {} };
    expect(MixinAppliesRule({ model: withKeyed, draft: {}, entity: wire })).toEqual([]);
  });
});

describe('EntityShapeRule (Core §5.4.2–5.4.3)', () => {
  const link: Entity = {
    id: 'urn:uuid:2',
    kind: WIRE,
    mixins: [],
    attributes: {},
    source: { location: '/machine/a' },
    target: { location: '/machine/b' },
  };

  it('accepts a link with source and target', () => {
    expect(validate({}, link)).toEqual([]);
  });

  it('a link needs a source and a target, and has no summary', () => {
    const { source: _s, target: _t, ...bare } = link;
    expect(validate({}, { ...bare, summary: 's' }).map((p) => [p.code, p.attribute])).toEqual([
      ['invalid-link', 'occi.core.source'],
      ['invalid-link', 'occi.core.target'],
      ['unknown-attribute', 'occi.core.summary'],
    ]);
    expect(validate({}, { ...link, kind: LINK_KIND })).toEqual([]);
  });

  it('a resource has no source or target', () => {
    expect(validate({}, { ...machine(), target: { location: '/x' } })).toEqual([
      {
        code: 'invalid-link',
        message: `${MACHINE} is not a link kind: it has no source or target`,
        attribute: 'occi.core.source',
      },
    ]);
  });
});

describe('KnownAttributesRule (Core §5.3.2, spec README erratum 5)', () => {
  it('refuses attribute names neither the kind nor the mixins define, naming them', () => {
    const draft = { attributes: { 'occi.compute.speed': 2 } };
    expect(validate(draft, machine(draft.attributes))).toEqual([
      {
        code: 'unknown-attribute',
        message: `unknown attribute occi.compute.speed: neither ${MACHINE} nor the entity's mixins define it`,
        attribute: 'occi.compute.speed',
      },
    ]);
  });

  it('suggests a close name', () => {
    const draft = { attributes: { 'com.example.core': 2 } };
    expect(validate(draft, machine(draft.attributes))[0]!.message).toMatch(
      /did you mean com\.example\.cores\?$/,
    );
  });

  it('accepts attributes defined by a mixin only when the mixin is associated', () => {
    const m2 = Model.create([
      exampleExtension,
      {
        name: 'x',
        mixins: [
          {
            scheme: EX,
            term: 'loc',
            location: '/loc/',
            attributes: { 'com.example.where': { mutable: true } },
          },
        ],
      },
    ]);
    const draft = { attributes: { 'com.example.where': 'here' } };
    const run = (mixins: string[]) =>
      validateEntity({ model: m2, draft, entity: machine(draft.attributes, mixins) }).map((p) => p.code);
    expect(run([`${EX}loc`])).toEqual([]);
    expect(run([])).toEqual(['unknown-attribute']);
  });
});

describe('AttributeValuesRule (Core §5.3.2 type and pattern)', () => {
  const values = (attributes: Entity['attributes']) => validate({ attributes }, machine(attributes));

  it('refuses a value of the wrong type', () => {
    expect(values({ 'com.example.name': 7 })).toEqual([
      {
        code: 'attribute-type',
        message: 'attribute com.example.name: expected string, got number 7',
        attribute: 'com.example.name',
      },
    ]);
    expect(values({ 'com.example.tags': 'a' })[0]!.code).toBe('attribute-type');
  });

  it('refuses a value outside the pattern (integer, minimum)', () => {
    expect(values({ 'com.example.cores': 1.5 })).toEqual([
      {
        code: 'attribute-type',
        message: 'attribute com.example.cores: expected an integer, got 1.5',
        attribute: 'com.example.cores',
      },
    ]);
    expect(values({ 'com.example.cores': 0 })).toEqual([
      {
        code: 'attribute-pattern',
        message: 'attribute com.example.cores: 0 is below the minimum 1',
        attribute: 'com.example.cores',
      },
    ]);
  });

  it('refuses a value outside an enum', () => {
    const draft = { attributes: { 'com.example.state': 'melted' } };
    const problems = validate(draft, machine(draft.attributes), machine({ 'com.example.state': 'melted' }));
    expect(problems).toEqual([
      {
        code: 'attribute-pattern',
        message: 'attribute com.example.state: "melted" is not one of "off", "on", "broken"',
        attribute: 'com.example.state',
      },
    ]);
  });

  it('checks only what the client sent (server values are the server’s)', () => {
    expect(validate({}, machine({ 'com.example.cores': 0 }))).toEqual([]);
  });
});

describe('ImmutableAttributesRule (Core §5.2)', () => {
  it('refuses a client value for an immutable attribute that differs from the server’s on create', () => {
    expect(validate({ attributes: { 'com.example.state': 'on' } }, machine())).toEqual([
      {
        code: 'immutable-attribute',
        message: 'attribute com.example.state is immutable: the server manages it (Core §5.2)',
        attribute: 'com.example.state',
      },
    ]);
  });

  it('on replace and update compares with the stored value, whatever the merged entity holds', () => {
    const previous = machine();
    const draft = { attributes: { 'com.example.state': 'on' } };
    expect(validate(draft, machine(draft.attributes), previous).map((p) => p.code)).toEqual([
      'immutable-attribute',
    ]);
    // Echoing the current value (a full representation sent back) is fine.
    expect(validate({ attributes: { 'com.example.state': 'off' } }, machine(), previous)).toEqual([]);
  });

  it('accepts mutable attributes changing', () => {
    const draft = { attributes: { 'com.example.name': 'other' } };
    expect(validate(draft, machine(draft.attributes), machine())).toEqual([]);
  });
});

describe('RequiredAttributesRule (Core §5.3.2 required)', () => {
  it('reports a missing required mutable attribute, with its description', () => {
    const m2 = Model.create([
      {
        name: 'x',
        kinds: [
          {
            scheme: EX,
            term: 'k',
            parent: RESOURCE_KIND,
            location: '/k/',
            attributes: { 'com.example.owner': { mutable: true, required: true, description: 'who pays' } },
          },
        ],
      },
    ]);
    const entity: Entity = { id: 'urn:uuid:3', kind: `${EX}k`, mixins: [], attributes: {} };
    expect(validateEntity({ model: m2, draft: {}, entity })).toEqual([
      {
        code: 'missing-required-attribute',
        message: 'attribute com.example.owner is required (who pays)',
        attribute: 'com.example.owner',
      },
    ]);
  });

  it('does not ask the client for immutable required attributes (the server fills them) nor occi.core.*', () => {
    const entity = machine();
    delete entity.attributes['com.example.state'];
    expect(validate({}, entity)).toEqual([]);
  });
});

describe('validation properties (fast-check)', () => {
  const value = fc.oneof(
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.array(fc.integer(), { maxLength: 2 }),
  );
  const name = fc.oneof(
    fc.constantFrom(
      'com.example.name',
      'com.example.cores',
      'com.example.state',
      'com.example.tags',
      'occi.core.title',
    ),
    fc.string(),
  );
  const category = fc.constantFrom(
    MACHINE,
    WIRE,
    RESOURCE_KIND,
    ENTITY_KIND,
    SMALL,
    TAG,
    WIRE_ONLY,
    BOOT,
    'x',
    `${EX}nope`,
  );
  const draftArb = fc.record({
    kind: category,
    mixins: fc.array(category, { maxLength: 3 }),
    attributes: fc.dictionary(name, value, { maxKeys: 4 }),
    title: fc.option(fc.string(), { nil: undefined }),
    source: fc.option(fc.record({ location: fc.string() }), { nil: undefined }),
  });

  it('never throws; returns typed problems, each naming an attribute or a category', () => {
    fc.assert(
      fc.property(draftArb, fc.boolean(), (d, withPrevious) => {
        const { title, source, ...rest } = d;
        const entity: Entity = { id: 'urn:uuid:p', ...rest };
        if (title !== undefined) entity.title = title;
        if (source !== undefined) entity.source = source;
        const problems = validateEntity({
          model,
          draft: d,
          entity,
          ...(withPrevious ? { previous: machine() } : {}),
        });
        for (const p of problems) {
          expect(typeof p.message).toBe('string');
          expect(p.attribute !== undefined || p.category !== undefined).toBe(true);
        }
      }),
    );
  });

  it('a valid machine stays valid whatever mutable values of the right type the client sets', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 512 }), fc.array(fc.string()), (n, cores, tags) => {
        const attributes = { 'com.example.name': n, 'com.example.cores': cores, 'com.example.tags': tags };
        expect(validate({ kind: MACHINE, attributes }, machine(attributes), machine())).toEqual([]);
      }),
    );
  });

  it('each unknown attribute name yields exactly one unknown-attribute problem', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^org\.other\.[a-z]{1,8}$/), { maxLength: 5 }),
        (names) => {
          const attributes = Object.fromEntries(names.map((n) => [n, 'v']));
          const problems = validate({ attributes }, machine(attributes));
          expect(
            problems
              .filter((p) => p.code === 'unknown-attribute')
              .map((p) => p.attribute)
              .sort(),
          ).toEqual([...names].sort());
        },
      ),
    );
  });
});

describe('KnownAttributesRule: an attribute an earlier version of a document defined (erratum 5)', () => {
  const retired = Model.create([
    { ...exampleExtension, removedAttributes: { 'com.example.speed': 'version 1 defined it; leave it out' } },
  ]);

  it('is refused as unknown, and the message says why instead of suggesting a close name', () => {
    const draft = { attributes: { 'com.example.speed': 2 } };
    expect(validateEntity({ model: retired, draft, entity: machine(draft.attributes) })).toEqual([
      {
        code: 'unknown-attribute',
        message: `unknown attribute com.example.speed: neither ${MACHINE} nor the entity's mixins define it; version 1 defined it; leave it out`,
        attribute: 'com.example.speed',
      },
    ]);
    expect(retired.removedAttribute('com.example.speed')).toBe('version 1 defined it; leave it out');
    expect(retired.removedAttribute('com.example.cores')).toBeUndefined();
  });
});
