import { describe, expect, it } from 'vitest';
import { type MixinDefinition, Model, mixinFromDefinition } from '../src/index.js';
import { validateUserMixin } from '../src/validation/user-mixin-rules.js';
import { exampleExtension, MACHINE, SIZE_TPL, SMALL, WIRE } from './fixtures/example-extension.js';

const model = Model.create([exampleExtension]);
const scheme = 'http://example.com/users/alice#';
const check = (d: Partial<MixinDefinition>) =>
  validateUserMixin(
    model,
    mixinFromDefinition({ scheme, term: 'fav', location: '/users/alice/fav/', ...d }, 'alice'),
  );

describe('validateUserMixin (Core §5.5.3, HTTP §7.3)', () => {
  it('accepts a tag and a mixin depending on, applying to and redefining known categories', () => {
    expect(check({})).toEqual([]);
    expect(
      check({
        depends: [SIZE_TPL],
        applies: [MACHINE],
        attributes: { 'com.example.cores': { type: 'number', mutable: true, default: 3 } },
      }),
    ).toEqual([]);
  });

  it('Core §5.3.1: refuses the reserved scheme base', () => {
    expect(check({ scheme: 'http://schemas.ogf.org/occi/infrastructure#' })).toEqual([
      {
        code: 'reserved-scheme',
        message:
          'mixin http://schemas.ogf.org/occi/infrastructure#fav uses the reserved scheme base http://schemas.ogf.org/occi/; choose a scheme of your own',
        category: 'http://schemas.ogf.org/occi/infrastructure#fav',
      },
    ]);
  });

  it('refuses invalid terms and schemes', () => {
    expect(check({ term: 'a b' }).map((p) => p.code)).toEqual(['parse-error']);
    expect(check({ scheme: 'http://x/no-hash' }).map((p) => p.message)).toEqual([
      'mixin scheme "http://x/no-hash" must be a URI ending in "#"',
    ]);
  });

  it('needs a collection location', () => {
    expect(check({ location: undefined }).map((p) => p.code)).toEqual(['invalid-location']);
    expect(check({ location: '/fav' }).map((p) => p.code)).toEqual(['invalid-location']);
  });

  it('refuses unknown depends and applies, suggesting names', () => {
    const problems = check({
      depends: ['http://example.com/occi#size_tp'],
      applies: ['http://example.com/occi#machin'],
    });
    expect(problems.map((p) => p.code)).toEqual(['unknown-mixin', 'unknown-kind']);
    expect(problems[0]!.message).toContain(`did you mean ${SIZE_TPL}?`);
    expect(problems[1]!.message).toContain(`did you mean ${MACHINE}?`);
  });

  it('refuses actions, invalid attribute names and new occi. attribute names', () => {
    expect(check({ actions: ['http://example.com/occi/machine/action#boot'] }).map((p) => p.code)).toEqual([
      'other',
    ]);
    expect(check({ attributes: { '-x': {} } }).map((p) => p.code)).toEqual(['parse-error']);
    expect(check({ attributes: { 'occi.mine': {} } })).toEqual([
      {
        code: 'reserved-namespace',
        message:
          'mixin http://example.com/users/alice#fav: attribute occi.mine uses the reserved "occi." prefix but refines no attribute of any kind; use a reverse-domain prefix such as "com.example."',
        attribute: 'occi.mine',
        category: `${scheme}fav`,
      },
    ]);
    // An occi. attribute the model already defines may get a default (a user template).
    expect(
      check({ attributes: { 'occi.core.title': { type: 'string', mutable: true, default: 'x' } } }),
    ).toEqual([]);
  });

  it('JSON §3.5.1: accepts draft-04 patterns with the standard formats', () => {
    for (const format of ['hostname', 'email', 'ipv4', 'ipv6', 'uri', 'date-time'])
      expect(
        check({
          attributes: {
            'com.example.v': {
              mutable: true,
              pattern: { $schema: 'http://json-schema.org/draft-04/schema#', type: 'string', format },
            },
          },
        }),
        format,
      ).toEqual([]);
  });

  it('accepts the draft-04 keywords the model enforces', () => {
    expect(
      check({
        attributes: {
          'com.example.even': { type: 'number', pattern: { type: 'integer', multipleOf: 2 } },
          'com.example.pos': { type: 'number', pattern: { minimum: 0, exclusiveMinimum: true } },
          'com.example.list': { type: 'array', pattern: { minItems: 1, maxItems: 3, uniqueItems: true } },
          'com.example.obj': {
            type: 'object',
            pattern: { required: ['a'], minProperties: 1, maxProperties: 2 },
          },
        },
      }),
    ).toEqual([]);
  });

  it('refuses a pattern keyword the model would not enforce, naming it', () => {
    expect(
      check({ attributes: { 'com.example.r': { pattern: { type: 'string', $ref: '#/definitions/name' } } } }),
    ).toEqual([
      {
        code: 'parse-error',
        message: expect.stringMatching(
          /^mixin http:\/\/example\.com\/users\/alice#fav: attribute com\.example\.r: pattern keyword "\$ref" is not supported; /,
        ),
        attribute: 'com.example.r',
        category: `${scheme}fav`,
      },
    ]);
    expect(
      check({ attributes: { 'com.example.n': { type: 'number', pattern: { exclusiveMinimum: 0 } } } })[0]!
        .message,
    ).toBe(
      'mixin http://example.com/users/alice#fav: attribute com.example.n: pattern exclusiveMinimum must be a boolean (draft-04)',
    );
    expect(check({ attributes: { 'com.example.f': { pattern: { format: 'colour' } } } })[0]!.message).toMatch(
      /pattern format must be one of date-time, email, hostname, ipv4, ipv6, uri/,
    );
  });

  it('checks a default against the pattern with draft-04 semantics', () => {
    expect(
      check({
        attributes: { 'com.example.even': { type: 'number', default: 3, pattern: { multipleOf: 2 } } },
      })[0]!.message,
    ).toBe('mixin http://example.com/users/alice#fav: attribute com.example.even: 3 is not a multiple of 2');
    // Unanchored: "a" anywhere in the string.
    expect(
      check({ attributes: { 'com.example.s': { default: 'banana', pattern: { pattern: 'a' } } } }),
    ).toEqual([]);
  });

  it("Core §5.3.4: refuses applies that contradict a dependency's, naming both", () => {
    expect(check({ depends: [SIZE_TPL], applies: [WIRE] })).toEqual([
      {
        code: 'mixin-not-applicable',
        message: `mixin ${scheme}fav can go on no entity: it applies to ${WIRE}, but depends on ${SIZE_TPL}, which applies to ${MACHINE}; no kind satisfies both (Core §5.3.4)`,
        category: `${scheme}fav`,
      },
    ]);
    // Through a longer chain (small depends on size_tpl): each contradicting dependency is named.
    expect(check({ depends: [SMALL], applies: [WIRE] }).map((p) => p.message)).toEqual([
      expect.stringContaining(`but depends on ${SIZE_TPL}, which applies to ${MACHINE}`),
      expect.stringContaining(`but depends on ${SMALL}, which applies to ${MACHINE}`),
    ]);
    expect(check({ depends: [SMALL], applies: ['http://schemas.ogf.org/occi/core#resource'] })).toEqual([]);
  });

  describe('Core §5.3.2: a redefinition refines default, pattern and description only', () => {
    const cores = (spec: Record<string, unknown>) =>
      check({ applies: [MACHINE], attributes: { 'com.example.cores': spec } });
    const message = (what: string, inherited: string) =>
      `mixin ${scheme}fav: attribute com.example.cores is ${what}, but ${MACHINE} defines it ${inherited}; a mixin may refine only the default, pattern and description of an attribute it inherits (Core §5.3.2)`;

    it('accepts a new default, a narrower pattern and a description', () => {
      expect(
        cores({
          type: 'number',
          mutable: true,
          default: 4,
          pattern: { maximum: 16 },
          description: 'Cores of the big machines',
        }),
      ).toEqual([]);
    });

    it('refuses a change of type, mutability or required-ness, naming the attribute and the property', () => {
      expect(cores({ type: 'string', mutable: true })).toEqual([
        {
          code: 'parse-error',
          message: message('of type string', 'of type number'),
          attribute: 'com.example.cores',
          category: `${scheme}fav`,
        },
      ]);
      expect(cores({ type: 'number', default: 3 }).map((p) => p.message)).toEqual([
        message('immutable', 'mutable'),
      ]);
      expect(cores({ type: 'number', mutable: true, required: true }).map((p) => p.message)).toEqual([
        message('required', 'optional'),
      ]);
    });

    it('refuses a default the inherited pattern refuses, since that pattern holds too', () => {
      expect(cores({ type: 'number', mutable: true, default: 0 }).map((p) => p.message)).toEqual([
        `mixin ${scheme}fav: default of attribute com.example.cores: 0 is below the minimum 1, as ${MACHINE} defines it (an inherited pattern holds too)`,
      ]);
    });

    it('compares with a definition of the name the mixin can never meet: one name, one attribute', () => {
      expect(
        check({ applies: [WIRE], attributes: { 'com.example.cores': { type: 'string' } } }),
      ).toHaveLength(2);
    });
  });

  describe('Core §5.5.1: attribute name prefixes', () => {
    it('refuses a name without a prefix', () => {
      expect(check({ attributes: { size: { type: 'number', mutable: true } } })).toEqual([
        {
          code: 'reserved-namespace',
          message: `mixin ${scheme}fav: attribute size has no name prefix; Core §5.5.1 requires one, e.g. "com.example.size"`,
          attribute: 'size',
          category: `${scheme}fav`,
        },
      ]);
      expect(check({ attributes: { 'a..b': {} } }).map((p) => p.attribute)).toEqual(['a..b']);
    });

    it('allows an occi. name only to refine an attribute of the kinds the mixin applies to', () => {
      const target = { type: 'string' as const, mutable: true, required: true };
      expect(check({ applies: [MACHINE], attributes: { 'occi.core.target': target } })).toEqual([
        {
          code: 'reserved-namespace',
          message: `mixin ${scheme}fav: attribute occi.core.target uses the reserved "occi." prefix but refines no attribute of the kinds it applies to (${MACHINE}); use a reverse-domain prefix such as "com.example."`,
          attribute: 'occi.core.target',
          category: `${scheme}fav`,
        },
      ]);
      expect(check({ applies: [WIRE], attributes: { 'occi.core.target': target } })).toEqual([]);
      // A machine inherits occi.core.summary from resource.
      expect(
        check({ applies: [MACHINE], attributes: { 'occi.core.summary': { type: 'string', mutable: true } } }),
      ).toEqual([]);
      // Through a dependency: small applies to machine only.
      expect(
        check({ depends: [SMALL], attributes: { 'occi.core.target': target } }).map((p) => p.message),
      ).toEqual([
        `mixin ${scheme}fav: attribute occi.core.target uses the reserved "occi." prefix but refines no attribute of the kinds it applies to (${MACHINE}) or of the mixins it depends on; use a reverse-domain prefix such as "com.example."`,
      ]);
    });
  });
});
