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
});
