import { describe, expect, it } from 'vitest';
import { type MixinDefinition, Model, mixinFromDefinition, validateUserMixin } from '../src/index.js';
import { exampleExtension, MACHINE, SIZE_TPL } from './fixtures/example-extension.js';

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
        attributes: { 'com.example.cores': { type: 'number', default: 3 } },
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
          'mixin http://example.com/users/alice#fav: attribute occi.mine uses the reserved "occi." prefix; use a reverse-domain prefix such as "com.example."',
        attribute: 'occi.mine',
        category: `${scheme}fav`,
      },
    ]);
    // An occi. attribute the model already defines may get a default (a user template).
    expect(check({ attributes: { 'occi.core.title': { default: 'x' } } })).toEqual([]);
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
});
