import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ATTRIBUTE_NAME_PATTERN,
  ATTRIBUTE_TYPES,
  actionFromDefinition,
  attributeSpec,
  CORE_ATTRIBUTES,
  CORE_SCHEME,
  categoryDefinition,
  coreExtension,
  defineAttribute,
  ENTITY_KIND,
  type Extension,
  extensionDocument,
  isLink,
  isOcciError,
  isSpecScheme,
  kindFromDefinition,
  LINK_KIND,
  Model,
  mixinFromDefinition,
  OCCI_SCHEME_BASE,
  RESOURCE_KIND,
  splitTypeIdentifier,
  TERM_PATTERN,
  typeIdentifier,
  typeOfValue,
  validateEntity,
} from '../src/index.js';
import { extensionArb } from './fixtures/arbitraries.js';
import {
  BOOT,
  EX,
  exampleExtension,
  HALT,
  LARGE,
  MACHINE,
  SIZE_TPL,
  SMALL,
  TAG,
  WIRE,
} from './fixtures/example-extension.js';

const model = Model.create([exampleExtension]);

/** A second extension: a sub-kind of machine, a mixin chain with actions, a link-only mixin. */
const GPU = `${EX}gpu_machine`;
const BASE_MX = `${EX}monitored`;
const DEEP_MX = `${EX}alerting`;
const LINK_MX = `${EX}wire_label`;
const PING = 'http://example.com/occi/monitor/action#ping';
const extra: Extension = {
  name: 'extra',
  kinds: [
    {
      scheme: EX,
      term: 'gpu_machine',
      parent: MACHINE,
      location: '/gpu_machine/',
      attributes: { 'com.example.gpus': { type: 'number', mutable: true, default: 1 } },
    },
  ],
  mixins: [
    {
      scheme: EX,
      term: 'monitored',
      location: '/monitored/',
      actions: [PING],
      applies: [MACHINE],
      attributes: { 'com.example.interval': { type: 'number', mutable: true, default: 60 } },
    },
    {
      scheme: EX,
      term: 'alerting',
      location: '/alerting/',
      depends: [BASE_MX],
      attributes: { 'com.example.email': { type: 'string', mutable: true, required: true } },
    },
    { scheme: EX, term: 'wire_label', location: '/wire_label/', applies: [WIRE] },
  ],
  actions: [{ scheme: 'http://example.com/occi/monitor/action#', term: 'ping' }],
  serverTokens: () => ['example-profile/1.0'],
};
const big = Model.create([exampleExtension, extra]);

describe('Core kinds (Core §5.4)', () => {
  it('always holds entity, resource and link with the parents of Core §5.3.3', () => {
    const bare = Model.create();
    expect(bare.kinds().map(typeIdentifier)).toEqual([ENTITY_KIND, RESOURCE_KIND, LINK_KIND]);
    expect(bare.kind(ENTITY_KIND)?.parent).toBeUndefined();
    expect(bare.kind(RESOURCE_KIND)?.parent).toBe(ENTITY_KIND);
    expect(bare.kind(LINK_KIND)?.parent).toBe(ENTITY_KIND);
    // Core §5.3.4: with no extensions, no Mixin instances are present.
    expect(bare.mixins()).toEqual([]);
    expect(bare.actions()).toEqual([]);
  });

  it('binds only instantiable kinds to locations (Core §5.4.1: Entity is abstract)', () => {
    expect(model.kind(ENTITY_KIND)?.location).toBeUndefined();
    expect(model.kind(RESOURCE_KIND)?.location).toBe('/resource/');
    expect(model.kind(LINK_KIND)?.location).toBe('/link/');
    expect(model.isInstantiable(ENTITY_KIND)).toBe(false);
    expect(model.isInstantiable(RESOURCE_KIND)).toBe(true);
    expect(model.isInstantiable(MACHINE)).toBe(true);
    expect(model.isInstantiable(SMALL)).toBe(false);
    expect(model.isInstantiable(`${EX}nothing`)).toBe(false);
  });

  it('defines the model attributes of Entity, Resource and Link (Core §5.4.1–5.4.3)', () => {
    expect([...model.attributes(RESOURCE_KIND).keys()]).toEqual([
      'occi.core.id',
      'occi.core.title',
      'occi.core.summary',
    ]);
    expect([...model.attributes(LINK_KIND).keys()]).toEqual([
      'occi.core.id',
      'occi.core.title',
      'occi.core.source',
      'occi.core.target',
      'occi.core.target.kind',
    ]);
    const id = model.attributes(ENTITY_KIND).get('occi.core.id');
    expect(id).toMatchObject({ type: 'string', mutable: false, required: true });
    expect(model.attributes(ENTITY_KIND).get('occi.core.title')?.mutable).toBe(true);
  });

  it('exposes the core extension as a spec extension under the reserved scheme', () => {
    expect(coreExtension.specification).toBe('GFD-R-P.221');
    expect(CORE_SCHEME.startsWith(OCCI_SCHEME_BASE)).toBe(true);
    expect(model.extensions[0]).toBe(coreExtension);
  });
});

describe('lookups by type identifier (Core §5.3.1)', () => {
  it('finds any category by scheme + term and by class', () => {
    expect(model.get(MACHINE)?.class).toBe('kind');
    expect(model.get(SMALL)?.class).toBe('mixin');
    expect(model.get(BOOT)?.class).toBe('action');
    expect(model.kind(MACHINE)?.term).toBe('machine');
    expect(model.kind(SMALL)).toBeUndefined();
    expect(model.mixin(SMALL)?.depends).toEqual([SIZE_TPL]);
    expect(model.mixin(MACHINE)).toBeUndefined();
    expect(model.action(BOOT)?.title).toBe('Boot');
    expect(model.action(MACHINE)).toBeUndefined();
    expect(model.get('http://example.com/occi#nothing')).toBeUndefined();
  });

  it('lists all kinds, mixins and actions; categories() puts kinds first, then mixins, then actions', () => {
    expect(model.kinds().map(typeIdentifier)).toEqual([ENTITY_KIND, RESOURCE_KIND, LINK_KIND, MACHINE, WIRE]);
    expect(model.mixins().map(typeIdentifier)).toEqual([SIZE_TPL, SMALL, LARGE, TAG]);
    expect(model.actions().map(typeIdentifier)).toEqual([BOOT, HALT]);
    expect(model.categories().map((c) => c.class)).toEqual([
      ...Array(5).fill('kind'),
      ...Array(4).fill('mixin'),
      'action',
      'action',
    ]);
  });

  it('resolves bound locations to their kind or mixin (HTTP §4)', () => {
    expect(model.byLocation('/machine/')?.term).toBe('machine');
    expect(model.byLocation('/size/small/')?.term).toBe('small');
    expect(model.byLocation('/nowhere/')).toBeUndefined();
    expect([...model.locations().keys()]).toContain('/tag/');
    expect([...model.locations().keys()]).not.toContain(undefined);
  });
});

describe('kind hierarchy (Core §5.3.3 Kind relationships)', () => {
  it('walks the parent chain nearest first', () => {
    expect(big.kindChain(GPU).map(typeIdentifier)).toEqual([GPU, MACHINE, RESOURCE_KIND, ENTITY_KIND]);
    expect(big.kindChain('http://x#unknown')).toEqual([]);
  });

  it('answers sub-kind questions', () => {
    expect(big.isKindOf(GPU, MACHINE)).toBe(true);
    expect(big.isKindOf(MACHINE, GPU)).toBe(false);
    expect(big.isResourceKind(GPU)).toBe(true);
    expect(big.isLinkKind(GPU)).toBe(false);
    expect(big.isLinkKind(WIRE)).toBe(true);
    expect(big.isResourceKind(WIRE)).toBe(false);
    expect(big.isLinkKind(LINK_KIND)).toBe(true);
  });

  it('answers the same again, whatever a caller does with a chain it was given', () => {
    const chain = big.kindChain(GPU);
    chain.reverse();
    chain.length = 1;
    expect(big.kindChain(GPU).map(typeIdentifier)).toEqual([GPU, MACHINE, RESOURCE_KIND, ENTITY_KIND]);
    for (let i = 0; i < 3; i++) {
      expect(big.isKindOf(GPU, RESOURCE_KIND)).toBe(true);
      expect(big.isKindOf(GPU, LINK_KIND)).toBe(false);
      expect(big.isKindOf('http://x#unknown', ENTITY_KIND)).toBe(false);
    }
    // Many unknown kinds asked once each (ids a client made up) do not change the answers for known ones.
    for (let i = 0; i < 10_050; i++) expect(big.isKindOf(`http://x#made-up-${i}`, ENTITY_KIND)).toBe(false);
    expect(big.isKindOf(GPU, MACHINE)).toBe(true);
    expect(big.isLinkKind(WIRE)).toBe(true);
  });

  it('children inherit the attributes and actions of their parents (Core §5.3.3)', () => {
    const names = [...big.attributes(GPU).keys()];
    expect(names).toEqual([
      'occi.core.id',
      'occi.core.title',
      'occi.core.summary',
      'com.example.cores',
      'com.example.name',
      'com.example.state',
      'com.example.state.message',
      'com.example.tags',
      'com.example.gpus',
    ]);
    expect(big.actionsOf(GPU)).toEqual([BOOT, HALT]);
  });

  it('lists the kind and every sub-kind as its collection (Core §5.3.8)', () => {
    expect(big.descendants(RESOURCE_KIND)).toEqual([RESOURCE_KIND, MACHINE, GPU]);
    expect(big.descendants(ENTITY_KIND)).toEqual([ENTITY_KIND, RESOURCE_KIND, LINK_KIND, MACHINE, WIRE, GPU]);
    expect(big.descendants(SIZE_TPL)).toEqual([SIZE_TPL, SMALL, LARGE]);
  });
});

describe('mixins (Core §5.3.4)', () => {
  it('mixinClosure adds depends chains transitively, dependencies first, each once', () => {
    expect(big.mixinClosure([DEEP_MX]).map(typeIdentifier)).toEqual([BASE_MX, DEEP_MX]);
    expect(big.mixinClosure([DEEP_MX, BASE_MX]).map(typeIdentifier)).toEqual([BASE_MX, DEEP_MX]);
    expect(big.mixinClosure(['http://x#unknown'])).toEqual([]);
    expect(big.dependsOn(DEEP_MX, BASE_MX)).toBe(true);
    expect(big.dependsOn(DEEP_MX, DEEP_MX)).toBe(true);
    expect(big.dependsOn(BASE_MX, DEEP_MX)).toBe(false);
  });

  it('an entity receives the attributes and actions of its mixins and their depends (Core §5.3.4 Mixin Relationships)', () => {
    const attributes = big.attributes(MACHINE, [DEEP_MX]);
    expect(attributes.get('com.example.email')?.required).toBe(true);
    expect(attributes.get('com.example.interval')?.default).toBe(60);
    expect(big.actionsOf(MACHINE, [DEEP_MX])).toEqual([BOOT, HALT, PING]);
    expect(big.actionsOf(MACHINE)).toEqual([BOOT, HALT]);
  });

  it('a template mixin overrides the kind default but not mutability or requiredness (Core §5.3.7)', () => {
    const cores = model.attributes(MACHINE, [SMALL]).get('com.example.cores');
    expect(cores).toMatchObject({
      default: 2,
      mutable: true,
      required: false,
      pattern: { type: 'integer', minimum: 1 },
    });
    expect(model.attributes(MACHINE).get('com.example.cores')?.default).toBe(1);
  });

  it('applies: empty means any kind, otherwise the listed kinds and their sub-kinds', () => {
    expect(big.applies(big.mixin(TAG)!, WIRE)).toBe(true);
    expect(big.applies(big.mixin(BASE_MX)!, GPU)).toBe(true);
    expect(big.applies(big.mixin(BASE_MX)!, WIRE)).toBe(false);
    expect(big.applies(big.mixin(LINK_MX)!, MACHINE)).toBe(false);
  });

  it('applies holds the restriction of every mixin depended on, transitively (Core §5.3.4)', () => {
    // alerting has no applies of its own, but depends on monitored, which applies to machines.
    expect(big.applies(big.mixin(DEEP_MX)!, WIRE)).toBe(false);
    expect(big.inapplicable(big.mixin(DEEP_MX)!, WIRE).map(typeIdentifier)).toEqual([BASE_MX]);
    expect(big.applies(big.mixin(DEEP_MX)!, GPU)).toBe(true);
    expect(big.inapplicable(big.mixin(DEEP_MX)!, GPU)).toEqual([]);
    expect(big.inapplicable(big.mixin(BASE_MX)!, WIRE).map(typeIdentifier)).toEqual([BASE_MX]);
  });

  it('a redefinition refines default, description and pattern; both patterns hold (Core §5.3.2)', () => {
    const refined = Model.create([
      exampleExtension,
      {
        name: 'refine',
        mixins: [
          {
            scheme: 'http://example.com/refine#',
            term: 'few',
            location: '/few/',
            applies: [MACHINE],
            attributes: {
              'com.example.cores': { pattern: { maximum: 4 }, default: 2, description: 'At most four' },
            },
          },
        ],
      },
    ]);
    const few = 'http://example.com/refine#few';
    const cores = refined.attributes(MACHINE, [few]).get('com.example.cores')!;
    expect(cores).toEqual({
      name: 'com.example.cores',
      type: 'number',
      mutable: true,
      required: false,
      default: 2,
      description: 'At most four',
      pattern: { allOf: [{ type: 'integer', minimum: 1 }, { maximum: 4 }] },
    });
    const problem = (value: number) =>
      validateEntity({
        model: refined,
        draft: { attributes: { 'com.example.cores': value } },
        entity: {
          id: 'urn:uuid:1',
          kind: MACHINE,
          mixins: [few],
          attributes: { 'com.example.name': 'm', 'com.example.state': 'off', 'com.example.cores': value },
        },
      }).map((p) => p.code);
    expect(problem(3)).toEqual([]);
    expect(problem(5)).toEqual(['attribute-pattern']);
    expect(problem(0)).toEqual(['attribute-pattern']);
    // Discovery renders for the mixin what the server enforces: the kind's type, mutability and required-ness.
    expect(categoryDefinition(refined.mixin(few)!).attributes).toEqual({
      'com.example.cores': {
        type: 'number',
        mutable: true,
        required: false,
        pattern: { maximum: 4 },
        default: 2,
        description: 'At most four',
      },
    });
  });

  it('definersOf names the kinds and mixins defining an action (Core §5.3.5)', () => {
    expect(big.definersOf(PING)).toEqual([BASE_MX]);
    expect(big.definersOf(BOOT)).toEqual([MACHINE]);
    expect(big.definersOf('http://x#nothing')).toEqual([]);
  });
});

describe('related categories, for filtering (HTTP §6.1)', () => {
  const ids = (id: string) => big.related(id).map(typeIdentifier);

  it('a kind relates to its ancestors, sub-kinds, mixins applying to it and their actions', () => {
    expect(ids(MACHINE).sort()).toEqual(
      [ENTITY_KIND, RESOURCE_KIND, MACHINE, GPU, SIZE_TPL, SMALL, LARGE, BASE_MX, BOOT, HALT, PING].sort(),
    );
  });

  it('a mixin relates to its depends chain, its dependents and their actions', () => {
    expect(ids(BASE_MX).sort()).toEqual([BASE_MX, DEEP_MX, PING].sort());
    expect(ids(DEEP_MX).sort()).toEqual([BASE_MX, DEEP_MX, PING].sort());
  });

  it('an action relates to the categories defining it; an unknown id to nothing', () => {
    expect(ids(PING).sort()).toEqual([BASE_MX, PING].sort());
    expect(big.related('http://x#nothing')).toEqual([]);
  });

  it('keeps the order of categories(): kinds, mixins, actions', () => {
    const classes = big.related(MACHINE).map((c) => c.class);
    expect(classes).toEqual([...classes].sort((a, b) => 'kma'.indexOf(a[0]!) - 'kma'.indexOf(b[0]!)));
  });
});

describe('behaviours, templates and server tokens', () => {
  it('finds behaviours of a kind chain and mixins', () => {
    expect(big.behaviour(MACHINE)?.stateMachine?.initial).toBe('off');
    expect(big.behaviour(WIRE)).toBeUndefined();
    expect(big.behavioursOf(GPU, []).map((b) => b.category)).toEqual([MACHINE]);
    expect(big.behavioursOf(WIRE, [TAG])).toEqual([]);
  });

  it('knows the template families and which family a template belongs to', () => {
    expect(model.templates).toEqual([{ mixin: SIZE_TPL, exclusive: true, overrides: true }]);
    expect(model.templateFamily(SMALL)?.mixin).toBe(SIZE_TPL);
    expect(model.templateFamily(SIZE_TPL)).toBeUndefined();
    expect(model.templateFamily(TAG)).toBeUndefined();
  });

  it('collects Server header tokens from extensions', () => {
    expect(big.serverTokens()).toEqual(['example-profile/1.0']);
    expect(model.serverTokens()).toEqual([]);
  });
});

describe('Model.create and withMixins', () => {
  it('refuses invalid extensions with a bad-request OcciError listing every problem', () => {
    let error: unknown;
    try {
      Model.create([
        { name: 'bad', kinds: [{ scheme: 'http://bad.example/occi#', term: 'x', location: '/x/' }] },
      ]);
    } catch (e) {
      error = e;
    }
    expect(isOcciError(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'bad-request', code: 'invalid-extension' });
    expect((error as Error).message).toMatch(/has no parent/);
  });

  it('Core §5.3.2: refuses an extension mixin changing the type, mutability or required-ness it inherits', () => {
    const attempt = (spec: Record<string, unknown>) => {
      try {
        Model.create([
          exampleExtension,
          {
            name: 'bad',
            mixins: [
              {
                scheme: 'http://bad.example/occi#',
                term: 'tpl',
                location: '/tpl/',
                attributes: { 'com.example.cores': spec },
              },
            ],
          },
        ]);
      } catch (e) {
        return isOcciError(e) ? e.problems.map((p) => p.message) : [String(e)];
      }
      return [];
    };
    const because = `a mixin may refine only the default, pattern and description of an attribute it inherits (Core §5.3.2)`;
    expect(attempt({ mutable: false })).toEqual([
      `mixin "http://bad.example/occi#tpl": attribute com.example.cores is immutable, but ${MACHINE} defines it mutable; ${because}`,
    ]);
    expect(attempt({ type: 'string' })).toEqual([
      `mixin "http://bad.example/occi#tpl": attribute com.example.cores is of type string, but ${MACHINE} defines it of type number; ${because}`,
    ]);
    expect(attempt({ required: true, default: 0 })).toEqual([
      `mixin "http://bad.example/occi#tpl": attribute com.example.cores is required, but ${MACHINE} defines it optional; ${because}`,
      `mixin "http://bad.example/occi#tpl": default of attribute com.example.cores: 0 is below the minimum 1, as ${MACHINE} defines it (an inherited pattern holds too)`,
    ]);
    expect(attempt({ default: 3 })).toEqual([]);
  });

  it('inheritProperties gives a mixin document the properties its redefinitions leave out', () => {
    expect(
      model.inheritProperties({
        scheme: 'http://u.example/alice#',
        term: 'snap',
        attributes: { 'com.example.cores': { default: 3 }, 'com.example.own': { default: 'x' } },
      }).attributes,
    ).toEqual({
      'com.example.cores': { type: 'number', mutable: true, required: false, default: 3 },
      'com.example.own': { default: 'x' },
    });
  });

  it('ignores a core extension passed explicitly instead of loading it twice', () => {
    expect(Model.create([coreExtension, exampleExtension]).kinds()).toHaveLength(5);
  });

  it('withMixins derives a model that also holds the mixins, leaving the original unchanged', () => {
    expect(model.withMixins([])).toBe(model);
    const mine = mixinFromDefinition(
      { scheme: 'http://u.example/alice#', term: 'fav', location: '/fav/' },
      'alice',
    );
    const derived = model.withMixins([mine]);
    expect(derived.mixin('http://u.example/alice#fav')?.owner).toBe('alice');
    expect(derived.byLocation('/fav/')?.term).toBe('fav');
    expect(model.mixin('http://u.example/alice#fav')).toBeUndefined();
    expect(derived.behaviour(MACHINE)).toBe(model.behaviour(MACHINE));
    expect(derived.templates).toEqual(model.templates);
  });

  it('documents drop behaviours and server tokens and load again into an equal model', () => {
    const docs = big.documents;
    expect(docs.map((d) => d.name)).toEqual(['core', 'example', 'extra']);
    for (const d of docs) {
      expect(d).not.toHaveProperty('behaviours');
      expect(d).not.toHaveProperty('serverTokens');
    }
    const again = Model.create(JSON.parse(JSON.stringify(docs)));
    expect(again.categories().map(categoryDefinition)).toEqual(big.categories().map(categoryDefinition));
    expect(JSON.parse(JSON.stringify(again.documents))).toEqual(JSON.parse(JSON.stringify(docs)));
  });
});

describe('Model.fromCategories (a discovered model)', () => {
  it('registers the categories as given, without checks or behaviours', () => {
    const discovered = Model.fromCategories(big.categories());
    expect(discovered.categories().map(typeIdentifier)).toEqual(big.categories().map(typeIdentifier));
    expect(discovered.kindChain(GPU).map(typeIdentifier)).toEqual([GPU, MACHINE, RESOURCE_KIND, ENTITY_KIND]);
    expect(discovered.byLocation('/monitored/')?.term).toBe('monitored');
    expect(discovered.behaviour(MACHINE)).toBeUndefined();
    expect(discovered.extensions).toEqual([]);
    expect(discovered.templates).toEqual([]);
    // No load-time checks: a kind without parent is taken as it is.
    const odd = Model.fromCategories([kindFromDefinition({ scheme: EX, term: 'odd' })]);
    expect(odd.kind(`${EX}odd`)?.parent).toBeUndefined();
  });
});

describe('category definitions (data first)', () => {
  it('kindFromDefinition / mixinFromDefinition / actionFromDefinition resolve attributes and defaults', () => {
    const k = kindFromDefinition({ scheme: EX, term: 'k', parent: RESOURCE_KIND, location: '/k/' });
    expect(k).toMatchObject({ class: 'kind', actions: [], parent: RESOURCE_KIND, location: '/k/' });
    expect(k).not.toHaveProperty('title');
    const m = mixinFromDefinition({ scheme: EX, term: 'm', attributes: { 'com.x': {} } });
    expect(m).toMatchObject({ class: 'mixin', depends: [], applies: [], actions: [] });
    expect(m).not.toHaveProperty('owner');
    expect(m.attributes.get('com.x')).toEqual({
      name: 'com.x',
      type: 'string',
      mutable: false,
      required: false,
    });
    const a = actionFromDefinition({ scheme: EX, term: 'a', title: 'A' });
    expect(a).toEqual({ class: 'action', scheme: EX, term: 'a', title: 'A', attributes: new Map() });
  });

  it('categoryDefinition writes back what the extension said, with resolved attribute properties', () => {
    for (const d of exampleExtension.kinds ?? []) {
      const back = categoryDefinition(model.kind(typeIdentifier(d))!);
      expect(back).toMatchObject({ scheme: d.scheme, term: d.term, location: d.location, parent: d.parent });
    }
    expect(categoryDefinition(model.mixin(SMALL)!)).toEqual({
      scheme: 'http://example.com/occi/size#',
      term: 'small',
      depends: [SIZE_TPL],
      applies: [MACHINE],
      location: '/size/small/',
      // The fixture leaves mutable and required out: a redefinition inherits them from the kind (Core §5.3.2).
      attributes: { 'com.example.cores': { type: 'number', mutable: true, required: false, default: 2 } },
    });
    expect(categoryDefinition(model.mixin(TAG)!)).toEqual({ scheme: EX, term: 'tag', location: '/tag/' });
  });
});

describe('category and attribute helpers', () => {
  it('typeIdentifier concatenates scheme and term; splitTypeIdentifier splits at the last #', () => {
    expect(typeIdentifier({ scheme: 'http://a/b#', term: 'c' })).toBe('http://a/b#c');
    expect(splitTypeIdentifier('http://a/b#c')).toEqual({ scheme: 'http://a/b#', term: 'c' });
    expect(splitTypeIdentifier('http://a#b#c')).toEqual({ scheme: 'http://a#b#', term: 'c' });
    expect(splitTypeIdentifier('http://a/b#')).toBeUndefined();
    expect(splitTypeIdentifier('no-hash')).toBeUndefined();
  });

  it('TERM_PATTERN and ATTRIBUTE_NAME_PATTERN follow the text rendering token syntax (GFD.229 §4.1, §4.3)', () => {
    for (const ok of ['compute', 'os_tpl', 'a-b.c', '0x']) expect(TERM_PATTERN.test(ok)).toBe(true);
    for (const bad of ['', '-a', '_a', 'a b', 'a#b', 'a/b']) expect(TERM_PATTERN.test(bad)).toBe(false);
    expect(ATTRIBUTE_NAME_PATTERN.test('occi.compute.cores')).toBe(true);
    expect(ATTRIBUTE_NAME_PATTERN.test('.occi')).toBe(false);
  });

  it('CORE_ATTRIBUTES names the occi.core.* attributes kept in entity fields', () => {
    expect(Object.values(CORE_ATTRIBUTES).every((n) => n.startsWith('occi.core.'))).toBe(true);
    const coreNames = [...model.attributes(LINK_KIND).keys(), ...model.attributes(RESOURCE_KIND).keys()];
    for (const n of Object.values(CORE_ATTRIBUTES))
      if (n !== 'occi.core.source.kind') expect(coreNames).toContain(n);
  });

  it('isSpecScheme recognises the reserved base (Core §5.3.1)', () => {
    expect(isSpecScheme('http://schemas.ogf.org/occi/infrastructure#')).toBe(true);
    expect(isSpecScheme('http://schemas.ogf.org/other#')).toBe(false);
    expect(isSpecScheme('http://example.com/occi#')).toBe(false);
  });

  it('defineAttribute applies the JSON defaults (string, immutable, optional) and attributeSpec inverts it', () => {
    expect(defineAttribute('a')).toEqual({ name: 'a', type: 'string', mutable: false, required: false });
    const full = defineAttribute('b', {
      type: 'number',
      mutable: true,
      required: true,
      pattern: { minimum: 0 },
      default: 3,
      description: 'B',
    });
    expect(attributeSpec(full)).toEqual({
      type: 'number',
      mutable: true,
      required: true,
      pattern: { minimum: 0 },
      default: 3,
      description: 'B',
    });
    expect(attributeSpec(defineAttribute('a'))).toEqual({ type: 'string', mutable: false, required: false });
  });

  it('typeOfValue names JSON types and rejects what JSON cannot hold', () => {
    expect(ATTRIBUTE_TYPES).toEqual(['string', 'number', 'boolean', 'array', 'object']);
    expect(['s', 1, true, [], {}].map(typeOfValue)).toEqual([
      'string',
      'number',
      'boolean',
      'array',
      'object',
    ]);
    expect(typeOfValue(null)).toBeUndefined();
    expect(typeOfValue(undefined)).toBeUndefined();
    expect(typeOfValue(Number.NaN)).toBeUndefined();
    expect(typeOfValue(Number.POSITIVE_INFINITY)).toBeUndefined();
  });

  it('isLink tells links (source and target) from resources', () => {
    expect(isLink({ source: { location: '/a' }, target: { location: '/b' } })).toBe(true);
    expect(isLink({ source: { location: '/a' } })).toBe(false);
    expect(isLink({ kind: MACHINE })).toBe(false);
  });

  it('extensionDocument keeps the JSON and drops behaviours (Core §5.5, data first)', () => {
    const doc = extensionDocument(exampleExtension);
    expect(doc).not.toHaveProperty('behaviours');
    expect(doc.kinds).toEqual(exampleExtension.kinds);
    expect(doc.kinds).not.toBe(exampleExtension.kinds);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
});

describe('registry properties (fast-check)', () => {
  it('every category of a generated valid extension is found by its type identifier', () => {
    fc.assert(
      fc.property(extensionArb, (extension) => {
        const m = Model.create([extension]);
        for (const d of extension.kinds ?? []) {
          expect(m.kind(typeIdentifier(d))?.term).toBe(d.term);
          expect(m.byLocation(d.location!)).toBe(m.kind(typeIdentifier(d)));
        }
        for (const d of extension.mixins ?? []) expect(m.mixin(typeIdentifier(d))?.term).toBe(d.term);
        for (const d of extension.actions ?? []) expect(m.action(typeIdentifier(d))?.term).toBe(d.term);
        const count = 3 + (extension.kinds?.length ?? 0) + (extension.mixins?.length ?? 0);
        expect(m.categories()).toHaveLength(count + (extension.actions?.length ?? 0));
      }),
    );
  });

  it('extensionDocument and Model.documents round-trip JSON unchanged', () => {
    fc.assert(
      fc.property(extensionArb, (extension) => {
        const doc = extensionDocument(extension);
        expect(JSON.parse(JSON.stringify(doc))).toEqual(JSON.parse(JSON.stringify(extension)));
        const m = Model.create([extension]);
        const docs = JSON.parse(JSON.stringify(m.documents));
        expect(docs[1]).toEqual(doc);
        const again = Model.create(docs);
        expect(JSON.parse(JSON.stringify(again.documents))).toEqual(docs);
        expect(again.categories().map(categoryDefinition)).toEqual(m.categories().map(categoryDefinition));
      }),
    );
  });

  it('the attributes of the kind chain are a subset of the attributes of any entity of that kind', () => {
    fc.assert(
      fc.property(extensionArb, fc.array(fc.nat(), { maxLength: 4 }), (extension, picks) => {
        const m = Model.create([extension]);
        const mixinIds = m.mixins().map(typeIdentifier);
        for (const kind of m.kinds()) {
          const id = typeIdentifier(kind);
          const chosen = mixinIds.length === 0 ? [] : picks.map((p) => mixinIds[p % mixinIds.length]!);
          const all = m.attributes(id, chosen);
          for (const k of m.kindChain(id))
            for (const name of k.attributes.keys()) expect(all.has(name)).toBe(true);
          for (const mx of m.mixinClosure(chosen))
            for (const name of mx.attributes.keys()) expect(all.has(name)).toBe(true);
          for (const a of m.actionsOf(id)) expect(m.actionsOf(id, chosen)).toContain(a);
        }
      }),
    );
  });

  it('related() of a category always contains the category and only known categories', () => {
    fc.assert(
      fc.property(extensionArb, (extension) => {
        const m = Model.create([extension]);
        for (const c of m.categories()) {
          const related = m.related(typeIdentifier(c));
          expect(related).toContain(c);
          for (const r of related) expect(m.get(typeIdentifier(r))).toBe(r);
        }
      }),
    );
  });
});
