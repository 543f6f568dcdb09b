import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAttributeValue, checkPattern, defineAttribute } from '../src/index.js';

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

  it('pattern matches the whole string', () => {
    expect(checkPattern('abc', { pattern: '[a-c]+' })).toBeUndefined();
    expect(checkPattern('abcd', { pattern: '[a-c]+' })).toBe('"abcd" does not match [a-c]+');
    expect(checkPattern('xabc', { pattern: 'abc' })).toBe('"xabc" does not match abc');
    // An invalid expression is refused at load (extension rules); at run time it is ignored.
    expect(checkPattern('x', { pattern: '(' })).toBeUndefined();
  });

  it('string lengths', () => {
    expect(checkPattern('ab', { minLength: 3 })).toBe('must be at least 3 characters long');
    expect(checkPattern('abcd', { maxLength: 3 })).toBe('must be at most 3 characters long');
    expect(checkPattern('abc', { minLength: 3, maxLength: 3 })).toBeUndefined();
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
      ['date-time', '2026-11-29T10:00+01:00', true],
      ['date-time', '2026-13-45T10:00:00Z', false],
      ['date-time', '2026-11-29', false],
      ['uri', 'http://example.com/x', true],
      ['uri', 'urn:uuid:1', true],
      ['uri', 'not a uri', false],
    ];
    for (const [format, value, ok] of cases) {
      const r = checkPattern(value, { format });
      if (ok) expect(r, `${format} ${value}`).toBeUndefined();
      else expect(r, `${format} ${value}`).toBe(`${JSON.stringify(value)} is not a valid ${format}`);
    }
    // Unknown formats travel in discovery but are not checked.
    expect(checkPattern('x', { format: 'hostname' })).toBeUndefined();
  });

  it('other keywords travel unchanged and are not enforced', () => {
    expect(
      checkPattern('x', { $schema: 'http://json-schema.org/draft-04/schema#', title: 'T' }),
    ).toBeUndefined();
  });
});
