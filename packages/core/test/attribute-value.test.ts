import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPattern } from '../src/attribute-value.js';
import {
  type AttributePattern,
  CIDR_PATTERN,
  checkAttributeValue,
  defineAttribute,
  patternProblem,
} from '../src/index.js';

describe('checkAttributeValue (Core §5.3.2 type, JSON §3.5.1 vocabulary)', () => {
  it('accepts a value of the declared type', () => {
    expect(checkAttributeValue(defineAttribute('a'), 'x')).toBeUndefined();
    expect(checkAttributeValue(defineAttribute('a', { type: 'number' }), 1.5)).toBeUndefined();
    expect(checkAttributeValue(defineAttribute('a', { type: 'boolean' }), false)).toBeUndefined();
    expect(checkAttributeValue(defineAttribute('a', { type: 'array' }), [1, 'x'])).toBeUndefined();
    expect(checkAttributeValue(defineAttribute('a', { type: 'object' }), { k: [1] })).toBeUndefined();
  });

  it('names the expected and actual types', () => {
    expect(checkAttributeValue(defineAttribute('a', { type: 'number' }), '1')).toBe(
      'expected number, got string "1"',
    );
    expect(checkAttributeValue(defineAttribute('a', { type: 'object' }), [])).toBe(
      'expected object, got array []',
    );
    expect(checkAttributeValue(defineAttribute('a'), null as never)).toBe(
      'expected string, got an invalid value null',
    );
  });

  it('truncates long values in messages', () => {
    const message = checkAttributeValue(defineAttribute('a', { type: 'number' }), 'x'.repeat(100))!;
    expect(message).toBe(`expected number, got string "${'x'.repeat(56)}...`);
  });

  it('checks the pattern after the type', () => {
    const a = defineAttribute('a', { type: 'string', pattern: { enum: ['x', 'y'] } });
    expect(checkAttributeValue(a, 'x')).toBeUndefined();
    expect(checkAttributeValue(a, 'z')).toBe('"z" is not one of "x", "y"');
  });

  it('never throws for any JSON value against any type (property)', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.constantFrom('string', 'number', 'boolean', 'array', 'object'),
        (v, type) => {
          const r = checkAttributeValue(defineAttribute('a', { type: type as 'string' }), v as never);
          expect(r === undefined || typeof r === 'string').toBe(true);
        },
      ),
    );
  });
});

describe('checkPattern (JSON Schema subset)', () => {
  it('type, including integer', () => {
    expect(checkPattern(3, { type: 'integer' })).toBeUndefined();
    expect(checkPattern(3.2, { type: 'integer' })).toBe('expected an integer, got 3.2');
    expect(checkPattern('3', { type: 'integer' })).toBe('expected an integer, got "3"');
    expect(checkPattern('3', { type: 'number' })).toBe('expected number, got "3"');
    expect(checkPattern(true, { type: 'boolean' })).toBeUndefined();
  });

  it('enum compares JSON values', () => {
    expect(checkPattern([1], { enum: [[1], 'a'] })).toBeUndefined();
    expect(checkPattern(1, { enum: ['1'] })).toBe('1 is not one of "1"');
  });

  it('JSON §3.5.1, draft-04 §5.2.3: pattern is not anchored, it matches anywhere in the string', () => {
    expect(checkPattern('abc', { pattern: '[a-c]+' })).toBeUndefined();
    expect(checkPattern('abcd', { pattern: '[a-c]+' })).toBeUndefined();
    expect(checkPattern('xabc', { pattern: 'abc' })).toBeUndefined();
    expect(checkPattern('xyz', { pattern: 'abc' })).toBe('"xyz" does not match abc');
    // The JSON rendering's Kind example: "\\S+" accepts any string holding a non-space character.
    expect(checkPattern('my host', { pattern: '\\S+' })).toBeUndefined();
    expect(checkPattern('   ', { pattern: '\\S+' })).toBe('"   " does not match \\S+');
    // Anchors say "the whole string".
    expect(checkPattern('my host', { pattern: '^\\S+$' })).toBe('"my host" does not match ^\\S+$');
    expect(checkPattern('abcd', { pattern: '^[a-c]+$' })).toBe('"abcd" does not match ^[a-c]+$');
    // The address patterns of formats.ts are named rather than printed.
    expect(checkPattern('10.0.0.1', { pattern: CIDR_PATTERN })).toBe('"10.0.0.1" is not a valid cidr');
    expect(checkPattern('10.0.0.0/8', { pattern: CIDR_PATTERN })).toBeUndefined();
    // An invalid expression is refused at load (extension rules); at run time it is ignored.
    expect(checkPattern('x', { pattern: '(' })).toBeUndefined();
  });

  it('string lengths', () => {
    expect(checkPattern('ab', { minLength: 3 })).toBe('must be at least 3 characters long');
    expect(checkPattern('abcd', { maxLength: 3 })).toBe('must be at most 3 characters long');
    expect(checkPattern('abc', { minLength: 3, maxLength: 3 })).toBeUndefined();
    // draft-04 §5.2.1: characters, not UTF-16 code units.
    expect(checkPattern('😀😀', { maxLength: 2 })).toBeUndefined();
  });

  it('number ranges', () => {
    expect(checkPattern(-1, { minimum: 0 })).toBe('-1 is below the minimum 0');
    expect(checkPattern(11, { maximum: 10 })).toBe('11 is above the maximum 10');
    expect(checkPattern(10, { minimum: 10, maximum: 10 })).toBeUndefined();
  });

  it('items of arrays, naming the index', () => {
    expect(checkPattern([1, 2], { items: { type: 'integer' } })).toBeUndefined();
    expect(checkPattern([1, 'x'], { items: { type: 'integer' } })).toBe(
      'item 1: expected an integer, got "x"',
    );
  });

  it('named formats', () => {
    const cases: [string, string, boolean][] = [
      ['ipv4', '10.0.0.1', true],
      ['ipv4', '10.0.0.256', false],
      ['ipv6', 'fe80::1', true],
      ['ip', '::1', true],
      ['ip', 'host', false],
      ['cidr', '10.0.0.0/8', true],
      ['cidr', '10.0.0.0', false],
      ['ip-or-cidr', '10.0.0.0/8', true],
      ['ip-or-cidr', '10.0.0.1', true],
      ['mac', '00:11:22:aa:bb:cc', true],
      ['mac', '00:11:22:aa:bb', false],
      ['date-time', '2026-11-29T10:00:00Z', true],
      ['date-time', '2026-11-29T10:00:00.123+01:00', true],
      ['date-time', '2016-12-31T23:59:60Z', true],
      ['date-time', '2028-02-29t10:00:00z', true],
      // RFC 3339 §5.6: seconds and a colon in the offset are required.
      ['date-time', '2026-11-29T10:00+01:00', false],
      ['date-time', '2026-11-29T10:00:00+0100', false],
      ['date-time', '2026-13-45T10:00:00Z', false],
      ['date-time', '2026-02-29T10:00:00Z', false],
      ['date-time', '2026-11-29T24:00:00Z', false],
      ['date-time', '2026-11-29', false],
      ['uri', 'http://example.com/x', true],
      ['uri', 'urn:uuid:1', true],
      ['uri', 'not a uri', false],
      ['uri', '/relative/path', false],
      ['hostname', 'vm1.example.org', true],
      ['hostname', 'localhost', true],
      ['hostname', 'my host', false],
      ['hostname', '-bad.example.org', false],
      ['hostname', 'a..b', false],
      ['email', 'alice@example.org', true],
      ['email', 'first.last+tag@mail.example.org', true],
      ['email', 'alice', false],
      ['email', 'alice@', false],
      ['email', 'al ice@example.org', false],
      ['email', '.alice@example.org', false],
      ['ipv6', '10.0.0.1', false],
      ['ipv4', 'fe80::1', false],
    ];
    for (const [format, value, ok] of cases) {
      const r = checkPattern(value, { format });
      if (ok) expect(r, `${format} ${value}`).toBeUndefined();
      else expect(r, `${format} ${value}`).toBe(`${JSON.stringify(value)} is not a valid ${format}`);
    }
    // RFC 1034: labels are at most 63 characters long.
    expect(checkPattern(`${'a'.repeat(63)}.org`, { format: 'hostname' })).toBeUndefined();
    expect(checkPattern(`${'a'.repeat(64)}.org`, { format: 'hostname' })).toMatch(/is not a valid hostname$/);
    // A format no definition can carry (patternProblem refuses it) is not checked at run time.
    expect(checkPattern('x', { format: 'no-such-format' })).toBeUndefined();
  });

  it('annotations restrict nothing', () => {
    expect(
      checkPattern('x', { $schema: 'http://json-schema.org/draft-04/schema#', title: 'T', description: 'D' }),
    ).toBeUndefined();
  });

  it('draft-04 §5.1: multipleOf, exclusiveMinimum and exclusiveMaximum (boolean form)', () => {
    expect(checkPattern(4, { type: 'integer', multipleOf: 2 })).toBeUndefined();
    expect(checkPattern(3, { type: 'integer', multipleOf: 2 })).toBe('3 is not a multiple of 2');
    expect(checkPattern(0.3, { multipleOf: 0.1 })).toBeUndefined();
    expect(checkPattern(0.35, { multipleOf: 0.1 })).toBe('0.35 is not a multiple of 0.1');
    expect(checkPattern(0, { minimum: 0, exclusiveMinimum: true })).toBe(
      '0 is not above the exclusive minimum 0',
    );
    expect(checkPattern(0.1, { minimum: 0, exclusiveMinimum: true })).toBeUndefined();
    expect(checkPattern(0, { minimum: 0, exclusiveMinimum: false })).toBeUndefined();
    expect(checkPattern(10, { maximum: 10, exclusiveMaximum: true })).toBe(
      '10 is not below the exclusive maximum 10',
    );
    expect(checkPattern(9.9, { maximum: 10, exclusiveMaximum: true })).toBeUndefined();
  });

  it('draft-04 §5.3: minItems, maxItems, uniqueItems, tuple items and additionalItems', () => {
    expect(checkPattern([], { type: 'array', minItems: 1 })).toBe('must have at least 1 item');
    expect(checkPattern([1, 2, 3], { maxItems: 2 })).toBe('must have at most 2 items');
    expect(checkPattern([1, 2], { minItems: 1, maxItems: 2 })).toBeUndefined();
    expect(checkPattern([1, { a: [1] }, 2], { uniqueItems: true })).toBeUndefined();
    expect(checkPattern([{ a: 1, b: 2 }, 3, { b: 2, a: 1 }], { uniqueItems: true })).toBe(
      'items 0 and 2 are equal; items must be unique',
    );
    expect(checkPattern([1, 1], { uniqueItems: false })).toBeUndefined();
    // The tuple form arrives as JSON; AttributePattern types only the single-schema form.
    const tuple = JSON.parse(
      '{ "items": [{ "type": "string" }, { "type": "integer" }], "additionalItems": false }',
    ) as AttributePattern;
    expect(checkPattern(['a', 1], tuple)).toBeUndefined();
    expect(checkPattern([1, 1], tuple)).toBe('item 0: expected string, got 1');
    expect(checkPattern(['a', 1, true], tuple)).toBe('item 2: no items allowed beyond the first 2');
    expect(checkPattern(['a', 1, true], { ...tuple, additionalItems: { type: 'boolean' } })).toBeUndefined();
  });

  it('draft-04 §5.4: required, properties, patternProperties, additionalProperties, member counts, dependencies', () => {
    const shape = {
      type: 'object',
      required: ['a'],
      properties: { a: { type: 'number' } },
      patternProperties: { '^x-': { type: 'string' } },
      additionalProperties: false,
    } as const;
    expect(checkPattern({ a: 1, 'x-note': 'n' }, shape)).toBeUndefined();
    expect(checkPattern({ b: 'x' }, shape)).toBe('member "a" required');
    expect(checkPattern({ a: 'x' }, shape)).toBe('member "a": expected number, got "x"');
    expect(checkPattern({ a: 1, 'x-note': 2 }, shape)).toBe('member "x-note": expected string, got 2');
    expect(checkPattern({ a: 1, b: 2 }, shape)).toBe('member "b" is not allowed');
    expect(checkPattern({ a: 1, b: 2 }, { additionalProperties: { type: 'string' } })).toBe(
      'member "a": expected string, got 1',
    );
    expect(checkPattern({}, { minProperties: 1 })).toBe('must have at least 1 member');
    expect(checkPattern({ a: 1, b: 2 }, { maxProperties: 1 })).toBe('must have at most 1 member');
    expect(checkPattern({ a: 1 }, { dependencies: { a: ['b'] } })).toBe('member "a" requires member "b"');
    expect(checkPattern({ a: 1, b: 2 }, { dependencies: { a: ['b'] } })).toBeUndefined();
    expect(checkPattern({ a: 1 }, { dependencies: { a: { required: ['c'] } } })).toBe(
      'with member "a": member "c" required',
    );
  });

  it('draft-04 §5.5: type lists, allOf, anyOf, oneOf and not', () => {
    const typeList = (...types: string[]) => JSON.parse(JSON.stringify({ type: types })) as AttributePattern;
    expect(checkPattern('x', typeList('string', 'number'))).toBeUndefined();
    expect(checkPattern(true, typeList('string', 'integer'))).toBe('expected string or an integer, got true');
    expect(checkPattern('abc', { allOf: [{ minLength: 2 }, { maxLength: 2 }] })).toBe(
      'must be at most 2 characters long',
    );
    const ip = { type: 'string', anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }] } as const;
    expect(checkPattern('10.0.0.1', ip)).toBeUndefined();
    expect(checkPattern('fc00::1', ip)).toBeUndefined();
    expect(checkPattern('host', ip)).toBe(
      '"host" matches none of the alternatives ("host" is not a valid ipv4; "host" is not a valid ipv6)',
    );
    expect(checkPattern(4, { oneOf: [{ multipleOf: 2 }, { multipleOf: 3 }] })).toBeUndefined();
    expect(checkPattern(6, { oneOf: [{ multipleOf: 2 }, { multipleOf: 3 }] })).toBe(
      '6 matches 2 of the alternatives; exactly one must match',
    );
    expect(checkPattern('root', { not: { enum: ['root'] } })).toBe(
      '"root" matches a schema it must not match',
    );
    expect(checkPattern('alice', { not: { enum: ['root'] } })).toBeUndefined();
  });
});

describe('patternProblem (draft-04 shape; unenforced keywords refused)', () => {
  it('accepts every keyword the model enforces, and annotations', () => {
    expect(
      patternProblem({
        $schema: 'http://json-schema.org/draft-04/schema#',
        id: 'urn:x',
        title: 't',
        description: 'd',
        default: 1,
        type: ['number', 'string'],
        multipleOf: 2,
        minimum: 0,
        exclusiveMinimum: true,
        maximum: 10,
        exclusiveMaximum: false,
        minLength: 1,
        maxLength: 2,
        pattern: 'a',
        format: 'email',
        anyOf: [{ type: 'number' }, { type: 'string' }],
        allOf: [{}],
        oneOf: [{}],
        not: { enum: [3] },
      }),
    ).toBeUndefined();
    expect(
      patternProblem({
        type: 'object',
        required: ['a'],
        minProperties: 1,
        maxProperties: 3,
        properties: {
          a: { type: 'array', items: [{ type: 'string' }], additionalItems: false, uniqueItems: true },
        },
        patternProperties: { '^x-': { minItems: 1, maxItems: 2, items: { type: 'integer' } } },
        additionalProperties: { type: 'string' },
        dependencies: { a: ['b'], b: { required: ['a'] } },
      }),
    ).toBeUndefined();
  });

  it('refuses keywords it would otherwise ignore, naming them', () => {
    expect(patternProblem({ type: 'string', $ref: '#/definitions/x' })).toMatch(
      /^pattern keyword "\$ref" is not supported; the server enforces the JSON Schema draft-04 keywords type, enum, /,
    );
    expect(patternProblem({ type: 'string', minLenght: 1 })).toMatch(
      /^pattern keyword "minLenght" is not supported — did you mean minLength\?; /,
    );
    expect(patternProblem({ items: { type: 'string', contains: {} } })).toMatch(
      /^pattern\.items keyword "contains" is not supported/,
    );
    expect(patternProblem({ properties: { a: { const: 1 } } })).toMatch(
      /^pattern\.properties\.a keyword "const" is not supported/,
    );
  });

  it('refuses malformed keywords', () => {
    const cases: [unknown, string][] = [
      [[], 'pattern must be a JSON Schema object'],
      [
        { $schema: 'http://json-schema.org/draft-07/schema#' },
        'pattern $schema must be http://json-schema.org/draft-04/schema# (patterns are JSON Schema draft-04)',
      ],
      [
        { type: 'null' },
        'pattern type must be one of string, number, integer, boolean, array, object (or a list of them)',
      ],
      [{ enum: [] }, 'pattern enum must be a non-empty list'],
      [{ exclusiveMinimum: true }, 'pattern exclusiveMinimum needs minimum'],
      [{ minimum: 0, exclusiveMinimum: 0 }, 'pattern exclusiveMinimum must be a boolean (draft-04)'],
      [{ multipleOf: 0 }, 'pattern multipleOf must be a number greater than 0'],
      [{ minItems: -1 }, 'pattern minItems must be a non-negative integer'],
      [{ maxProperties: 1.5 }, 'pattern maxProperties must be a non-negative integer'],
      [{ uniqueItems: 'yes' }, 'pattern uniqueItems must be a boolean'],
      [{ required: [] }, 'pattern required must be a non-empty list of distinct property names'],
      [{ anyOf: [] }, 'pattern anyOf must be a non-empty list of schemas'],
      [
        { anyOf: [{ type: 'x' }] },
        'pattern.anyOf[0] type must be one of string, number, integer, boolean, array, object (or a list of them)',
      ],
      [{ not: 1 }, 'pattern.not must be a JSON Schema object'],
      [{ patternProperties: { '(': {} } }, 'pattern patternProperties: ( is not a valid regular expression'],
      [
        { format: 'colour' },
        'pattern format must be one of date-time, email, hostname, ipv4, ipv6, uri, ip, cidr, ip-or-cidr, mac',
      ],
    ];
    for (const [pattern, message] of cases)
      expect(patternProblem(pattern), JSON.stringify(pattern)).toBe(message);
  });
});
