/**
 * Checking one attribute value against its definition: the JSON type
 * (JSON §3.5.1) and the pattern, a JSON Schema subset (type, enum, pattern,
 * minimum, maximum, minLength, maxLength, items, format).
 */
import type { Attribute, AttributePattern, AttributeValue } from './attribute.js';
import { typeOfValue } from './attribute.js';
import { isCidr, isIPv4, isIPv6, isIpAddress, isMacAddress } from './formats.js';

const FORMATS: Record<string, (s: string) => boolean> = {
  ipv4: isIPv4,
  ipv6: isIPv6,
  ip: isIpAddress,
  cidr: isCidr,
  'ip-or-cidr': (s) => isIpAddress(s) || isCidr(s),
  mac: isMacAddress,
  'date-time': (s) =>
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(s) &&
    !Number.isNaN(Date.parse(s)),
  uri: (s) => /^[A-Za-z][A-Za-z0-9+.-]*:\S*$/.test(s),
};

const regexCache = new Map<string, RegExp | null>();
function compile(pattern: string): RegExp | null {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${pattern})$`, 'u');
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

/** What is wrong with the shape of a pattern (the JSON Schema subset the model enforces), or undefined. */
export function patternProblem(pattern: unknown): string | undefined {
  if (pattern === null || typeof pattern !== 'object' || Array.isArray(pattern))
    return 'a pattern must be a JSON Schema object';
  const p = pattern as Record<string, unknown>;
  if (p.type !== undefined && !PATTERN_TYPES.includes(p.type as string))
    return `pattern type must be one of ${PATTERN_TYPES.join(', ')}`;
  if (p.enum !== undefined && !Array.isArray(p.enum)) return 'pattern enum must be a list';
  if (p.pattern !== undefined) {
    if (typeof p.pattern !== 'string') return 'pattern pattern must be a string';
    try {
      new RegExp(p.pattern, 'u');
    } catch {
      return `pattern ${p.pattern} is not a valid regular expression`;
    }
  }
  for (const k of ['minimum', 'maximum', 'minLength', 'maxLength'])
    if (p[k] !== undefined && typeof p[k] !== 'number') return `pattern ${k} must be a number`;
  if (p.format !== undefined && (typeof p.format !== 'string' || !(p.format in FORMATS)))
    return `pattern format must be one of ${Object.keys(FORMATS).join(', ')}`;
  if (p.items !== undefined) return patternProblem(p.items);
  return undefined;
}

/** Checks a value against a pattern; returns what is wrong, or undefined. */
export function checkPattern(value: AttributeValue, pattern: AttributePattern): string | undefined {
  if (pattern.type !== undefined) {
    const t = typeOfValue(value);
    if (pattern.type === 'integer') {
      if (typeof value !== 'number' || !Number.isInteger(value))
        return `expected an integer, got ${describe(value)}`;
    } else if (t !== pattern.type) {
      return `expected ${pattern.type}, got ${describe(value)}`;
    }
  }
  if (pattern.enum !== undefined && !pattern.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    return `${describe(value)} is not one of ${pattern.enum.map((e) => JSON.stringify(e)).join(', ')}`;
  }
  if (typeof value === 'string') {
    if (pattern.pattern !== undefined) {
      const re = compile(pattern.pattern);
      if (re && !re.test(value)) return `${describe(value)} does not match ${pattern.pattern}`;
    }
    if (pattern.minLength !== undefined && value.length < pattern.minLength)
      return `must be at least ${pattern.minLength} characters long`;
    if (pattern.maxLength !== undefined && value.length > pattern.maxLength)
      return `must be at most ${pattern.maxLength} characters long`;
    if (pattern.format !== undefined) {
      const check = FORMATS[pattern.format];
      if (check && !check(value)) return `${describe(value)} is not a valid ${pattern.format}`;
    }
  }
  if (typeof value === 'number') {
    if (pattern.minimum !== undefined && value < pattern.minimum)
      return `${value} is below the minimum ${pattern.minimum}`;
    if (pattern.maximum !== undefined && value > pattern.maximum)
      return `${value} is above the maximum ${pattern.maximum}`;
  }
  if (Array.isArray(value) && pattern.items !== undefined) {
    for (let i = 0; i < value.length; i++) {
      const inner = checkPattern(value[i]!, pattern.items);
      if (inner) return `item ${i}: ${inner}`;
    }
  }
  return undefined;
}

/** Checks a value against an attribute definition's type and pattern; returns what is wrong, or undefined. */
export function checkAttributeValue(attribute: Attribute, value: AttributeValue): string | undefined {
  const actual = typeOfValue(value);
  if (actual !== attribute.type)
    return `expected ${attribute.type}, got ${actual ?? 'an invalid value'} ${describe(value)}`;
  return attribute.pattern ? checkPattern(value, attribute.pattern) : undefined;
}
