import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  coreExtension,
  type Extension,
  isCollectionLocation,
  type Problem,
  RESOURCE_KIND,
  validateExtensions,
} from '../src/index.js';
import { extensionArb } from './fixtures/arbitraries.js';
import { exampleExtension, MACHINE } from './fixtures/example-extension.js';

const S = 'http://example.org/occi#';
const check = (...extensions: Extension[]): Problem[] => validateExtensions([coreExtension, ...extensions]);
const messages = (...extensions: Extension[]) => check(...extensions).map((p) => p.message);
const kind = (term: string, more: object = {}) => ({
  scheme: S,
  term,
  parent: RESOURCE_KIND,
  location: `/${term}/`,
  ...more,
});

describe('validateExtensions: valid input', () => {
  it('accepts the core extension alone and the example extension', () => {
    expect(validateExtensions([coreExtension])).toEqual([]);
    expect(check(exampleExtension)).toEqual([]);
  });

  it('accepts every generated valid extension (property)', () => {
    fc.assert(
      fc.property(extensionArb, (extension) => {
        expect(check(extension)).toEqual([]);
      }),
    );
  });

  it('accepts JSON that went through stringify/parse (data first)', () => {
    const { behaviours: _b, ...doc } = exampleExtension;
    expect(check(JSON.parse(JSON.stringify(doc)))).toEqual([]);
  });
});

describe('validateExtensions: removed attributes', () => {
  it('a removed attribute is one no category defines', () => {
    expect(check({ ...exampleExtension, removedAttributes: { 'com.example.speed': 'gone' } })).toEqual([]);
    expect(messages({ ...exampleExtension, removedAttributes: { 'com.example.cores': 'gone' } })).toEqual([
      'example: attribute com.example.cores is listed as removed, but a category defines it',
    ]);
  });
});

describe('validateExtensions: extension names', () => {
  it('needs a name and refuses the same name twice', () => {
    expect(messages({ name: '' })).toEqual(['an extension has no name']);
    expect(messages({ name: 'a' }, { name: 'a' })).toEqual(['extension "a" is loaded twice']);
  });
});

describe('validateExtensions: category identity (Core §5.3.1)', () => {
  it('needs a scheme that is a URI ending in # and a token term', () => {
    const problems = check({ name: 'x', kinds: [kind('ok', { scheme: 'example' }), kind('bad term')] });
    expect(problems.map((p) => p.message)).toEqual([
      'x: kind "exampleok" needs a scheme that is a URI ending in "#"',
      `x: kind "${S}bad term" has an invalid term (letters, digits, "-", "_", ".")`,
      `x: kind "${S}bad term" has location "/bad term/"; expected an absolute path ending in "/"`,
    ]);
    expect(problems.every((p) => p.code === 'invalid-extension')).toBe(true);
  });

  it('refuses a type identifier defined twice, also across extensions', () => {
    expect(
      messages(
        { name: 'x', kinds: [kind('a')] },
        { name: 'y', mixins: [{ scheme: S, term: 'a', location: '/b/' }] },
      ),
    ).toContain(`y: mixin "${S}a" is defined twice`);
  });

  it('Core §5.3.1/§5.5.1: provider categories must not use the http://schemas.ogf.org/occi/ base', () => {
    const problems = check({
      name: 'x',
      kinds: [kind('k', { scheme: 'http://schemas.ogf.org/occi/mine#' })],
    });
    expect(problems).toEqual([
      {
        code: 'reserved-scheme',
        message:
          'x: kind "http://schemas.ogf.org/occi/mine#k" uses the reserved scheme base http://schemas.ogf.org/occi/; provider categories need a scheme of their own',
        category: 'http://schemas.ogf.org/occi/mine#k',
      },
    ]);
    // The documents of the suite (marked by `specification`) may.
    expect(
      check({
        name: 'x',
        specification: 'GFD-R-P.224',
        kinds: [kind('k', { scheme: 'http://schemas.ogf.org/occi/infrastructure#' })],
      }),
    ).toEqual([]);
  });
});

describe('validateExtensions: locations (HTTP §4)', () => {
  it('needs absolute collection paths, each bound once', () => {
    const m = messages({
      name: 'x',
      kinds: [
        kind('a', { location: 'a/' }),
        kind('b', { location: '/b' }),
        kind('c', { location: '/machine/' }),
      ],
      mixins: [{ scheme: S, term: 'd', location: '/-/d/' }],
    });
    expect(m).toContain(`x: kind "${S}a" has location "a/"; expected an absolute path ending in "/"`);
    expect(m).toContain(`x: kind "${S}b" has location "/b"; expected an absolute path ending in "/"`);
    expect(m).toContain(`x: mixin "${S}d" has location "/-/d/"; expected an absolute path ending in "/"`);
    expect(messages(exampleExtension, { name: 'x', kinds: [kind('c', { location: '/machine/' })] })).toEqual([
      `x: kind "${S}c" has location "/machine/", already bound to ${MACHINE}`,
    ]);
  });

  it('every instantiable kind and every mixin is bound to a location; Entity never is', () => {
    expect(messages({ name: 'x', kinds: [kind('a', { location: undefined })] })).toEqual([
      `x: kind "${S}a" has no location; instantiable kinds are bound to one (HTTP §4)`,
    ]);
    expect(messages({ name: 'x', mixins: [{ scheme: S, term: 'm' }] })).toEqual([
      `x: mixin "${S}m" has no location; mixin collections are bound to one (HTTP §4)`,
    ]);
    const entityWithLocation: Extension = {
      ...coreExtension,
      kinds: coreExtension.kinds!.map((k) => (k.term === 'entity' ? { ...k, location: '/entity/' } : k)),
    };
    expect(validateExtensions([entityWithLocation]).map((p) => p.message)).toEqual([
      'http://schemas.ogf.org/occi/core#entity cannot be instantiated and must not be bound to a location (HTTP §4)',
    ]);
  });

  it('isCollectionLocation accepts absolute paths ending in / and nothing else', () => {
    for (const ok of ['/compute/', '/a/b/', '/my_stuff/', '/x.y-z~/'])
      expect(isCollectionLocation(ok)).toBe(true);
    for (const bad of ['/', 'compute/', '/compute', '//', '/-/', '/a/-/b/', '/a b/', 'http://h/x/', ''])
      expect(isCollectionLocation(bad)).toBe(false);
  });
});

describe('validateExtensions: relationships', () => {
  it('Core §5.3.3: every kind but Entity has a parent that is a known kind', () => {
    expect(messages({ name: 'x', kinds: [kind('a', { parent: undefined })] })).toEqual([
      `x: kind "${S}a" has no parent; every kind descends from http://schemas.ogf.org/occi/core#entity`,
    ]);
    expect(
      messages({ name: 'x', kinds: [kind('a', { parent: 'http://schemas.ogf.org/occi/core#resourc' })] }),
    ).toEqual([
      `${S}a: parent "http://schemas.ogf.org/occi/core#resourc" is not a known kind — did you mean http://schemas.ogf.org/occi/core#resource?`,
    ]);
    expect(
      messages({
        name: 'x',
        kinds: [kind('a', { parent: `${S}m` })],
        mixins: [{ scheme: S, term: 'm', location: '/m/' }],
      }),
    ).toEqual([`${S}a: parent "${S}m" is a mixin, not a kind`]);
  });

  it('mixin depends name mixins, applies name kinds, actions name actions (Core §5.3.4)', () => {
    const m = messages({
      name: 'x',
      kinds: [kind('k')],
      mixins: [
        { scheme: S, term: 'm', location: '/m/', depends: [`${S}k`], applies: [`${S}m`], actions: [`${S}k`] },
      ],
    });
    expect(m).toEqual([
      `${S}m: depends "${S}k" is a kind, not a mixin`,
      `${S}m: applies "${S}m" is a mixin, not a kind`,
      `${S}m: action "${S}k" is a kind, not a action`,
    ]);
  });

  it('Core §5.3.5: an action is bound to a kind or mixin, and kinds name only known actions', () => {
    expect(
      messages({ name: 'x', actions: [{ scheme: 'http://example.org/occi/action#', term: 'go' }] }),
    ).toEqual([
      'action "http://example.org/occi/action#go" is not defined by any kind or mixin (Core §5.3.5)',
    ]);
    expect(messages({ name: 'x', kinds: [kind('a', { actions: [`${S}nope`] })] })).toEqual([
      `${S}a: action "${S}nope" is not a known action`,
    ]);
  });

  it('refuses cycles in parent and depends chains', () => {
    const m = messages({
      name: 'x',
      mixins: [
        { scheme: S, term: 'a', location: '/a/', depends: [`${S}b`] },
        { scheme: S, term: 'b', location: '/b/', depends: [`${S}a`] },
      ],
    });
    expect(m).toEqual([`cycle in parent/depends: ${S}a → ${S}b → ${S}a`]);
    expect(messages({ name: 'x', kinds: [kind('a', { parent: `${S}a` })] })).toEqual([
      `cycle in parent/depends: ${S}a → ${S}a`,
    ]);
  });

  it('template families name a known mixin', () => {
    expect(
      messages({ name: 'x', templates: [{ mixin: `${S}tpl`, exclusive: true, overrides: false }] }),
    ).toEqual([`x templates: template family "${S}tpl" is not a known mixin`]);
  });
});

describe('validateExtensions: attribute definitions (Core §5.3.2)', () => {
  const withAttributes = (attributes: Record<string, unknown>): Extension =>
    ({ name: 'x', kinds: [kind('k', { attributes })] }) as Extension;

  it('Core §5.3.2/§5.5.1: provider attributes must not use the occi. prefix', () => {
    const problems = check(withAttributes({ 'occi.mine.size': { type: 'number' } }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      code: 'reserved-namespace',
      category: `${S}k`,
      attribute: 'occi.mine.size',
    });
    expect(problems[0]!.message).toMatch(/reserved "occi." prefix.*com\.example\./);
  });

  it('a provider template may give a default to an occi. attribute a spec extension defines', () => {
    const spec: Extension = {
      name: 'spec',
      specification: 'GFD-R-P.999',
      kinds: [
        {
          ...kind('k'),
          scheme: 'http://schemas.ogf.org/occi/test#',
          attributes: { 'occi.test.size': { type: 'number', mutable: true } },
        },
      ],
    };
    const provider: Extension = {
      name: 'provider',
      mixins: [
        {
          scheme: S,
          term: 'big',
          location: '/big/',
          attributes: { 'occi.test.size': { type: 'number', default: 9 } },
        },
      ],
    };
    expect(check(provider, spec)).toEqual([]);
  });

  it('Core §5.3.2: a mixin redefining an attribute keeps its type, mutability and required-ness', () => {
    const tpl = (attributes: Record<string, unknown>): Extension =>
      ({
        name: 'tpl',
        mixins: [{ scheme: S, term: 'tpl', location: '/tpl/', applies: [MACHINE], attributes }],
      }) as Extension;
    // Left out, they are inherited; stated, they must agree.
    expect(check(exampleExtension, tpl({ 'com.example.cores': { default: 4 } }))).toEqual([]);
    expect(check(exampleExtension, tpl({ 'com.example.cores': { type: 'number', mutable: true } }))).toEqual(
      [],
    );
    expect(check(exampleExtension, tpl({ 'com.example.state': { mutable: true, required: false } }))).toEqual(
      [
        {
          code: 'invalid-extension',
          message: `mixin "${S}tpl": attribute com.example.state is mutable, but ${MACHINE} defines it immutable; a mixin may refine only the default, pattern and description of an attribute it inherits (Core §5.3.2)`,
          category: `${S}tpl`,
          attribute: 'com.example.state',
        },
        {
          code: 'invalid-extension',
          message: `mixin "${S}tpl": attribute com.example.state is optional, but ${MACHINE} defines it required; a mixin may refine only the default, pattern and description of an attribute it inherits (Core §5.3.2)`,
          category: `${S}tpl`,
          attribute: 'com.example.state',
        },
      ],
    );
    // The inherited pattern holds for the default too.
    expect(messages(exampleExtension, tpl({ 'com.example.state': { default: 'asleep' } }))).toEqual([
      `mixin "${S}tpl": default of attribute com.example.state: "asleep" is not one of "off", "on", "broken", as ${MACHINE} defines it (an inherited pattern holds too)`,
    ]);
    // Mixins only: between two mixins, the first definition is the reference.
    const two: Extension = {
      name: 'two',
      mixins: [
        {
          scheme: S,
          term: 'a',
          location: '/a/',
          attributes: { 'org.x.size': { type: 'number', mutable: true } },
        },
        { scheme: S, term: 'b', location: '/b/', attributes: { 'org.x.size': { type: 'string' } } },
      ],
    };
    expect(check(two).map((p) => [p.category, p.attribute])).toEqual([[`${S}b`, 'org.x.size']]);
  });

  it('Core §5.3.5: action parameters are exempt from the namespace rule', () => {
    const e: Extension = {
      name: 'x',
      kinds: [kind('k', { actions: [`${S}go`] })],
      actions: [{ scheme: S, term: 'go', attributes: { method: { type: 'string' }, 'occi.speed': {} } }],
    };
    expect(check(e)).toEqual([]);
  });

  it('refuses bad names, non-objects, unknown types, invalid regular expressions and defaults of the wrong type', () => {
    expect(
      messages(
        withAttributes({
          '.bad': {},
          'com.x.null': null,
          'com.x.type': { type: 'integer' },
          'com.x.re': { pattern: { pattern: '(' } },
          'com.x.def': { type: 'number', default: 'three' },
          'com.x.enum': { pattern: { enum: ['a'] }, default: 'b' },
        }),
      ),
    ).toEqual([
      `${S}k: attribute name ".bad" is not a valid name`,
      `${S}k: attribute "com.x.null" must be an object`,
      `${S}k: attribute "com.x.type" has unknown type "integer"; expected one of string, number, boolean, array, object`,
      `${S}k: attribute "com.x.re": pattern ( is not a valid regular expression`,
      `${S}k: default of attribute "com.x.def": expected number, got string "three"`,
      `${S}k: default of attribute "com.x.enum": "b" is not one of "a"`,
    ]);
  });

  it('spec README erratum 3: defaults may be arrays and objects', () => {
    expect(
      check(
        withAttributes({
          'com.x.a': { type: 'array', default: [1] },
          'com.x.o': { type: 'object', default: { a: 1 } },
        }),
      ),
    ).toEqual([]);
  });
});

describe('validateExtensions: properties', () => {
  it('never throws and reports only typed problems for arbitrary JSON-ish input', () => {
    const anyCategory = fc.record(
      {
        scheme: fc.oneof(fc.constant(S), fc.string(), fc.constant('http://schemas.ogf.org/occi/x#')),
        term: fc.oneof(fc.constant('t'), fc.string()),
        parent: fc.oneof(fc.constant(RESOURCE_KIND), fc.string()),
        location: fc.oneof(fc.constant('/t/'), fc.string()),
        depends: fc.array(fc.string(), { maxLength: 2 }),
        attributes: fc.dictionary(
          fc.string(),
          fc.oneof(fc.constant({}), fc.record({ type: fc.string(), default: fc.jsonValue() })),
        ),
      },
      { requiredKeys: ['scheme', 'term'] },
    );
    fc.assert(
      fc.property(
        fc.array(anyCategory, { maxLength: 4 }),
        fc.array(anyCategory, { maxLength: 3 }),
        (kinds, mixins) => {
          const problems = check({ name: 'fuzz', kinds, mixins } as unknown as Extension);
          for (const p of problems) {
            expect(typeof p.message).toBe('string');
            expect(['invalid-extension', 'reserved-scheme', 'reserved-namespace']).toContain(p.code);
          }
        },
      ),
    );
  });

  it('a generated valid extension moved under the reserved base gets one reserved-scheme problem per category', () => {
    fc.assert(
      fc.property(extensionArb, (extension) => {
        const moved = JSON.parse(
          JSON.stringify(extension).replaceAll('http://example.org/gen#', 'http://schemas.ogf.org/occi/gen#'),
        ) as Extension;
        const reserved = check(moved).filter((p) => p.code === 'reserved-scheme');
        expect(reserved).toHaveLength((extension.kinds?.length ?? 0) + (extension.mixins?.length ?? 0));
      }),
    );
  });
});
