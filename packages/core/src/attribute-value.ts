/**
 * Checking one attribute value against its definition: the JSON type
 * (JSON §3.5.1) and the pattern, "a JSON Schema to validate the value"
 * (JSON §3.5.1), with the semantics of JSON Schema draft-04 (JSON Schema
 * Validation draft-04 §5, the version the JSON rendering's schema uses).
 *
 * The model enforces every draft-04 validation keyword except `$ref`
 * (with `definitions`): a pattern using a keyword it does not enforce is
 * refused when it is defined (`patternProblem`), never accepted and ignored.
 */
import type { Attribute, AttributePattern, AttributeValue } from './attribute.js';
import { typeOfValue } from './attribute.js';
import {
  CIDR_PATTERN,
  IP_ADDRESS_PATTERN,
  IP_OR_CIDR_PATTERN,
  isCidr,
  isDateTime,
  isEmail,
  isHostname,
  isIPv4,
  isIPv6,
  isIpAddress,
  isMacAddress,
  isUri,
  MAC_ADDRESS_PATTERN,
  URI_PATTERN,
} from './formats.js';
import { didYouMean } from './suggest.js';

/** draft-04 §7.3 standard formats, then this model's older names (accepted, no longer emitted by its own extensions). */
const FORMATS: Record<string, (s: string) => boolean> = {
  'date-time': isDateTime,
  email: isEmail,
  hostname: isHostname,
  ipv4: isIPv4,
  ipv6: isIPv6,
  uri: isUri,
  ip: isIpAddress,
  cidr: isCidr,
  'ip-or-cidr': (s) => isIpAddress(s) || isCidr(s),
  mac: isMacAddress,
};

/** The address patterns of formats.ts, named in messages instead of printing their long regular expressions. */
const NAMED_PATTERNS = new Map([
  [IP_ADDRESS_PATTERN, 'ip'],
  [CIDR_PATTERN, 'cidr'],
  [IP_OR_CIDR_PATTERN, 'ip-or-cidr'],
  [MAC_ADDRESS_PATTERN, 'mac'],
  [URI_PATTERN, 'uri'],
]);

/** Keywords that annotate and never restrict a value (draft-04 core §7.2, validation §6). */
const ANNOTATIONS = ['$schema', 'id', 'title', 'description', 'default'];

/** The draft-04 validation keywords the model enforces. */
const VALIDATION_KEYWORDS = [
  'type',
  'enum',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'multipleOf',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'format',
  'items',
  'additionalItems',
  'maxItems',
  'minItems',
  'uniqueItems',
  'maxProperties',
  'minProperties',
  'required',
  'properties',
  'patternProperties',
  'additionalProperties',
  'dependencies',
];

const KNOWN_KEYWORDS = new Set([...ANNOTATIONS, ...VALIDATION_KEYWORDS]);

/** The `$schema` values that name draft-04. */
const DRAFT_04 = ['http://json-schema.org/draft-04/schema#', 'http://json-schema.org/draft-04/schema'];

const regexCache = new Map<string, RegExp | null>();
/**
 * draft-04 §5.2.3: `pattern` is an ECMA 262 regular expression that is not
 * implicitly anchored: it matches when it matches anywhere in the string.
 */
function compile(pattern: string): RegExp | null {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      re = null;
    }
    regexCache.set(pattern, re);
  }
  return re;
}

function describe(value: AttributeValue): string {
  const s = JSON.stringify(value);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

const PATTERN_TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object'];

type Schema = Record<string, unknown>;

const isSchemaObject = (v: unknown): v is Schema => v !== null && typeof v === 'object' && !Array.isArray(v);
const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** JSON equality as draft-04 defines it (§3.6): same type, same items in order, same members. */
function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => equal(x, b[i]));
  }
  if (isSchemaObject(a) && isSchemaObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.hasOwn(b, k) && equal(a[k], b[k]));
  }
  return false;
}

/** What is wrong with a list of subschemas, or undefined. */
function schemaListProblem(list: unknown, at: string, keyword: string): string | undefined {
  if (!Array.isArray(list) || list.length === 0)
    return `${at} ${keyword} must be a non-empty list of schemas`;
  for (const [i, s] of list.entries()) {
    const wrong = schemaProblem(s, `${at}.${keyword}[${i}]`);
    if (wrong) return wrong;
  }
  return undefined;
}

/** What is wrong with an object of subschemas by name, or undefined. */
function schemaMapProblem(map: unknown, at: string, keyword: string): string | undefined {
  if (!isSchemaObject(map)) return `${at} ${keyword} must be an object of schemas`;
  for (const [name, s] of Object.entries(map)) {
    if (keyword === 'patternProperties' && compile(name) === null)
      return `${at} ${keyword}: ${name} is not a valid regular expression`;
    const wrong = schemaProblem(s, `${at}.${keyword}.${name}`);
    if (wrong) return wrong;
  }
  return undefined;
}

function schemaProblem(pattern: unknown, at: string): string | undefined {
  if (!isSchemaObject(pattern)) return `${at} must be a JSON Schema object`;
  const p = pattern;
  for (const k of Object.keys(p))
    if (!KNOWN_KEYWORDS.has(k))
      return `${at} keyword "${k}" is not supported${k.length > 4 ? didYouMean(k, KNOWN_KEYWORDS) : ''}; the server enforces the JSON Schema draft-04 keywords ${VALIDATION_KEYWORDS.join(', ')}`;
  if (p.$schema !== undefined && !DRAFT_04.includes(p.$schema as string))
    return `${at} $schema must be ${DRAFT_04[0]} (patterns are JSON Schema draft-04)`;
  for (const k of ['id', 'title', 'description'])
    if (p[k] !== undefined && typeof p[k] !== 'string') return `${at} ${k} must be a string`;
  if (p.type !== undefined) {
    const types = Array.isArray(p.type) ? p.type : [p.type];
    if (
      types.length === 0 ||
      !types.every((t) => PATTERN_TYPES.includes(t as string)) ||
      new Set(types).size !== types.length
    )
      return `${at} type must be one of ${PATTERN_TYPES.join(', ')} (or a list of them)`;
  }
  if (p.enum !== undefined && (!Array.isArray(p.enum) || p.enum.length === 0))
    return `${at} enum must be a non-empty list`;
  if (p.pattern !== undefined) {
    if (typeof p.pattern !== 'string') return `${at} pattern must be a string`;
    if (compile(p.pattern) === null) return `${at} ${p.pattern} is not a valid regular expression`;
  }
  for (const k of ['minimum', 'maximum'])
    if (p[k] !== undefined && typeof p[k] !== 'number') return `${at} ${k} must be a number`;
  // draft-04 §5.1.2, §5.1.3: the boolean form, valid only beside the bound it qualifies.
  for (const [k, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (p[k] === undefined) continue;
    if (typeof p[k] !== 'boolean') return `${at} ${k} must be a boolean (draft-04)`;
    if (p[bound] === undefined) return `${at} ${k} needs ${bound}`;
  }
  if (p.multipleOf !== undefined && (typeof p.multipleOf !== 'number' || !(p.multipleOf > 0)))
    return `${at} multipleOf must be a number greater than 0`;
  for (const k of ['minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties'])
    if (p[k] !== undefined && !isCount(p[k])) return `${at} ${k} must be a non-negative integer`;
  if (p.format !== undefined && (typeof p.format !== 'string' || !(p.format in FORMATS)))
    return `${at} format must be one of ${Object.keys(FORMATS).join(', ')}`;
  if (p.uniqueItems !== undefined && typeof p.uniqueItems !== 'boolean')
    return `${at} uniqueItems must be a boolean`;
  if (p.required !== undefined) {
    const r = p.required;
    if (
      !Array.isArray(r) ||
      r.length === 0 ||
      !r.every((n) => typeof n === 'string') ||
      new Set(r).size !== r.length
    )
      return `${at} required must be a non-empty list of distinct property names`;
  }
  if (p.items !== undefined) {
    const wrong = Array.isArray(p.items)
      ? schemaListProblem(p.items, at, 'items')
      : schemaProblem(p.items, `${at}.items`);
    if (wrong) return wrong;
  }
  for (const k of ['additionalItems', 'additionalProperties']) {
    if (p[k] === undefined || typeof p[k] === 'boolean') continue;
    const wrong = schemaProblem(p[k], `${at}.${k}`);
    if (wrong) return wrong;
  }
  for (const k of ['properties', 'patternProperties']) {
    if (p[k] === undefined) continue;
    const wrong = schemaMapProblem(p[k], at, k);
    if (wrong) return wrong;
  }
  if (p.dependencies !== undefined) {
    if (!isSchemaObject(p.dependencies)) return `${at} dependencies must be an object`;
    for (const [name, d] of Object.entries(p.dependencies)) {
      if (Array.isArray(d)) {
        if (d.length === 0 || !d.every((n) => typeof n === 'string') || new Set(d).size !== d.length)
          return `${at} dependencies.${name} must be a schema or a non-empty list of distinct property names`;
      } else {
        const wrong = schemaProblem(d, `${at}.dependencies.${name}`);
        if (wrong) return wrong;
      }
    }
  }
  for (const k of ['allOf', 'anyOf', 'oneOf']) {
    if (p[k] === undefined) continue;
    const wrong = schemaListProblem(p[k], at, k);
    if (wrong) return wrong;
  }
  if (p.not !== undefined) return schemaProblem(p.not, `${at}.not`);
  return undefined;
}

/**
 * What is wrong with the shape of a pattern, or undefined: a draft-04
 * schema whose keywords are all ones the model enforces.
 */
export function patternProblem(pattern: unknown): string | undefined {
  return schemaProblem(pattern, 'pattern');
}

function typeProblem(value: AttributeValue, type: unknown): string | undefined {
  const types = (Array.isArray(type) ? type : [type]) as string[];
  const t = typeOfValue(value);
  const fits = types.some((x) =>
    x === 'integer' ? typeof value === 'number' && Number.isInteger(value) : x === t,
  );
  if (fits) return undefined;
  const wanted = types.map((x) => (x === 'integer' ? 'an integer' : x)).join(' or ');
  return `expected ${wanted}, got ${describe(value)}`;
}

/** draft-04 §5.1.1: the quotient is an integer (up to the rounding of binary fractions, e.g. 0.3 / 0.1). */
function isMultipleOf(value: number, divisor: number): boolean {
  const q = value / divisor;
  if (!Number.isFinite(q)) return false;
  return Math.abs(q - Math.round(q)) <= 1e-9 * Math.max(1, Math.abs(q));
}

function checkString(value: string, p: Schema): string | undefined {
  if (typeof p.pattern === 'string') {
    const re = compile(p.pattern);
    if (re && !re.test(value)) {
      const name = NAMED_PATTERNS.get(p.pattern);
      return name
        ? `${describe(value)} is not a valid ${name}`
        : `${describe(value)} does not match ${p.pattern}`;
    }
  }
  // draft-04 §5.2.1: length counts characters (code points), not UTF-16 units.
  const length = typeof p.minLength === 'number' || typeof p.maxLength === 'number' ? [...value].length : 0;
  if (typeof p.minLength === 'number' && length < p.minLength)
    return `must be at least ${p.minLength} characters long`;
  if (typeof p.maxLength === 'number' && length > p.maxLength)
    return `must be at most ${p.maxLength} characters long`;
  if (typeof p.format === 'string') {
    const check = FORMATS[p.format];
    if (check && !check(value)) return `${describe(value)} is not a valid ${p.format}`;
  }
  return undefined;
}

function checkNumber(value: number, p: Schema): string | undefined {
  if (typeof p.minimum === 'number') {
    if (p.exclusiveMinimum === true ? value <= p.minimum : value < p.minimum)
      return p.exclusiveMinimum === true
        ? `${value} is not above the exclusive minimum ${p.minimum}`
        : `${value} is below the minimum ${p.minimum}`;
  }
  if (typeof p.maximum === 'number') {
    if (p.exclusiveMaximum === true ? value >= p.maximum : value > p.maximum)
      return p.exclusiveMaximum === true
        ? `${value} is not below the exclusive maximum ${p.maximum}`
        : `${value} is above the maximum ${p.maximum}`;
  }
  if (typeof p.multipleOf === 'number' && !isMultipleOf(value, p.multipleOf))
    return `${value} is not a multiple of ${p.multipleOf}`;
  return undefined;
}

function checkArray(value: AttributeValue[], p: Schema): string | undefined {
  if (typeof p.minItems === 'number' && value.length < p.minItems)
    return `must have at least ${p.minItems} item${p.minItems === 1 ? '' : 's'}`;
  if (typeof p.maxItems === 'number' && value.length > p.maxItems)
    return `must have at most ${p.maxItems} item${p.maxItems === 1 ? '' : 's'}`;
  if (p.uniqueItems === true) {
    for (let i = 1; i < value.length; i++)
      for (let j = 0; j < i; j++)
        if (equal(value[i], value[j])) return `items ${j} and ${i} are equal; items must be unique`;
  }
  // draft-04 §5.3.1: one schema for every item, or a list of schemas by position.
  if (Array.isArray(p.items)) {
    const tuple = p.items as AttributePattern[];
    for (let i = 0; i < value.length; i++) {
      const schema = i < tuple.length ? tuple[i] : p.additionalItems;
      if (schema === false) return `item ${i}: no items allowed beyond the first ${tuple.length}`;
      if (!isSchemaObject(schema)) continue;
      const inner = checkPattern(value[i]!, schema as AttributePattern);
      if (inner) return `item ${i}: ${inner}`;
    }
  } else if (isSchemaObject(p.items)) {
    for (let i = 0; i < value.length; i++) {
      const inner = checkPattern(value[i]!, p.items as AttributePattern);
      if (inner) return `item ${i}: ${inner}`;
    }
  }
  return undefined;
}

function checkObject(value: { [key: string]: AttributeValue }, p: Schema): string | undefined {
  const names = Object.keys(value);
  if (typeof p.minProperties === 'number' && names.length < p.minProperties)
    return `must have at least ${p.minProperties} member${p.minProperties === 1 ? '' : 's'}`;
  if (typeof p.maxProperties === 'number' && names.length > p.maxProperties)
    return `must have at most ${p.maxProperties} member${p.maxProperties === 1 ? '' : 's'}`;
  if (Array.isArray(p.required)) {
    const missing = (p.required as string[]).filter((n) => !Object.hasOwn(value, n));
    if (missing.length > 0)
      return `member${missing.length > 1 ? 's' : ''} ${missing.map((n) => JSON.stringify(n)).join(', ')} required`;
  }
  const properties = isSchemaObject(p.properties) ? p.properties : {};
  const patterns = isSchemaObject(p.patternProperties) ? Object.entries(p.patternProperties) : [];
  // draft-04 §5.4.4: a member is checked against its property schema and every matching pattern schema;
  // additionalProperties applies to members neither names.
  for (const name of names) {
    const schemas: unknown[] = [];
    if (Object.hasOwn(properties, name)) schemas.push(properties[name]);
    for (const [re, schema] of patterns) if (compile(re)?.test(name)) schemas.push(schema);
    if (schemas.length === 0) {
      if (p.additionalProperties === false) return `member ${JSON.stringify(name)} is not allowed`;
      if (isSchemaObject(p.additionalProperties)) schemas.push(p.additionalProperties);
    }
    for (const schema of schemas) {
      if (!isSchemaObject(schema)) continue;
      const inner = checkPattern(value[name]!, schema as AttributePattern);
      if (inner) return `member ${JSON.stringify(name)}: ${inner}`;
    }
  }
  // draft-04 §5.4.5: a present member requires other members, or the object to match a schema.
  if (isSchemaObject(p.dependencies)) {
    for (const [name, d] of Object.entries(p.dependencies)) {
      if (!Object.hasOwn(value, name)) continue;
      if (Array.isArray(d)) {
        const missing = (d as string[]).find((n) => !Object.hasOwn(value, n));
        if (missing !== undefined)
          return `member ${JSON.stringify(name)} requires member ${JSON.stringify(missing)}`;
      } else if (isSchemaObject(d)) {
        const inner = checkPattern(value, d as AttributePattern);
        if (inner) return `with member ${JSON.stringify(name)}: ${inner}`;
      }
    }
  }
  return undefined;
}

function checkCombinators(value: AttributeValue, p: Schema): string | undefined {
  const schemas = (k: string) =>
    (Array.isArray(p[k]) ? (p[k] as unknown[]) : []).filter(isSchemaObject) as AttributePattern[];
  for (const schema of schemas('allOf')) {
    const inner = checkPattern(value, schema);
    if (inner) return inner;
  }
  if (Array.isArray(p.anyOf)) {
    const failures = schemas('anyOf').map((s) => checkPattern(value, s));
    if (!failures.includes(undefined))
      return `${describe(value)} matches none of the alternatives (${failures.join('; ')})`;
  }
  if (Array.isArray(p.oneOf)) {
    const matches = schemas('oneOf').filter((s) => checkPattern(value, s) === undefined).length;
    if (matches !== 1)
      return `${describe(value)} matches ${matches} of the alternatives; exactly one must match`;
  }
  if (isSchemaObject(p.not) && checkPattern(value, p.not as AttributePattern) === undefined)
    return `${describe(value)} matches a schema it must not match`;
  return undefined;
}

/** Checks a value against a pattern (draft-04 semantics); returns what is wrong, or undefined. */
export function checkPattern(value: AttributeValue, pattern: AttributePattern): string | undefined {
  const p = pattern as Schema;
  if (p.type !== undefined) {
    const wrong = typeProblem(value, p.type);
    if (wrong) return wrong;
  }
  if (Array.isArray(p.enum) && !p.enum.some((e) => equal(e, value))) {
    return `${describe(value)} is not one of ${p.enum.map((e) => JSON.stringify(e)).join(', ')}`;
  }
  const specific =
    typeof value === 'string'
      ? checkString(value, p)
      : typeof value === 'number'
        ? checkNumber(value, p)
        : Array.isArray(value)
          ? checkArray(value, p)
          : isSchemaObject(value)
            ? checkObject(value as { [key: string]: AttributeValue }, p)
            : undefined;
  return specific ?? checkCombinators(value, p);
}

/** Checks a value against an attribute definition's type and pattern; returns what is wrong, or undefined. */
export function checkAttributeValue(attribute: Attribute, value: AttributeValue): string | undefined {
  const actual = typeOfValue(value);
  if (actual !== attribute.type)
    return `expected ${attribute.type}, got ${actual ?? 'an invalid value'} ${describe(value)}`;
  return attribute.pattern ? checkPattern(value, attribute.pattern) : undefined;
}
