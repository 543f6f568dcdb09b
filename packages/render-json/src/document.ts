/**
 * Reading a JSON request body (JSON §3): size and nesting bounds, syntax,
 * and the structural errors every parser reports — a JSON pointer to the
 * offending member and the problem in plain words.
 */
import { didYouMean, OcciError } from '@occi/core';

/** Bounds on what a parser accepts. */
export interface ParseLimits {
  /** Deepest nesting of arrays and objects, the document itself being level 1. */
  maxDepth: number;
  /** Largest body in UTF-8 bytes. */
  maxBytes: number;
}

export const DEFAULT_LIMITS: Readonly<ParseLimits> = { maxDepth: 64, maxBytes: 16 * 1024 * 1024 };

/** A JSON object as JSON.parse returns it. */
export type JsonObject = { [key: string]: unknown };

/** Appends one reference token to a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`). */
export function pointerTo(parent: string, token: string | number): string {
  if (typeof token === 'number') return `${parent}/${token}`;
  if (token.includes('~') || token.includes('/'))
    return `${parent}/${token.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  return `${parent}/${token}`;
}

/** A structural error: `<pointer>: <problem>`, with the pointer in the problem. */
export function structureError(pointer: string, problem: string): OcciError {
  return new OcciError('bad-request', {
    code: 'parse-error',
    message: `${pointer === '' ? '(document)' : pointer}: ${problem}`,
    pointer,
  });
}

/** What a value is, in the words of the JSON rendering (JSON §3.5.1). */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return Number.isFinite(value) ? 'a number' : 'a number out of range';
    case 'boolean':
      return 'a boolean';
    default:
      return 'an object';
  }
}

export function expected(pointer: string, what: string, value: unknown): OcciError {
  return structureError(pointer, `expected ${what}, got ${describeType(value)}`);
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function expectObject(value: unknown, pointer: string, what = 'an object'): JsonObject {
  if (!isJsonObject(value)) throw expected(pointer, what, value);
  return value;
}

export function expectString(value: unknown, pointer: string): string {
  if (typeof value !== 'string') throw expected(pointer, 'a string', value);
  return value;
}

export function isStringArray(value: unknown): value is string[] {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return false;
  return true;
}

export function expectStringArray(value: unknown, pointer: string): string[] {
  if (!Array.isArray(value)) throw expected(pointer, 'an array of strings', value);
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== 'string') throw expected(pointerTo(pointer, i), 'a string', value[i]);
  }
  return value as string[];
}

export function expectArray(value: unknown, pointer: string, what: string): unknown[] {
  if (!Array.isArray(value)) throw expected(pointer, what, value);
  return value;
}

/** A member the rendering does not define (the schema's `additionalProperties: false`). */
export function unknownMember(
  pointer: string,
  key: string,
  rendering: string,
  members: readonly string[],
): OcciError {
  return structureError(
    pointerTo(pointer, key),
    `unknown member "${key}" of ${rendering}${didYouMean(key, members)} (members: ${members.join(', ')})`,
  );
}

export function tooDeep(pointer: string, limits: ParseLimits): OcciError {
  return structureError(pointer, `nested deeper than ${limits.maxDepth} levels`);
}

/**
 * Checks that a value nests no deeper than the limit, `depth` being the
 * level of `value` itself. Used for JSON Schema patterns, which travel
 * unchanged.
 */
export function checkDepth(value: unknown, pointer: string, depth: number, limits: ParseLimits): void {
  if (typeof value !== 'object' || value === null) return;
  if (depth > limits.maxDepth) throw tooDeep(pointer, limits);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (typeof item === 'object' && item !== null)
        checkDepth(item, pointerTo(pointer, i), depth + 1, limits);
    }
  } else {
    for (const key in value) {
      const item = (value as JsonObject)[key];
      if (typeof item === 'object' && item !== null)
        checkDepth(item, pointerTo(pointer, key), depth + 1, limits);
    }
  }
}

/**
 * Parses a request body as JSON, within the size limit. JSON.parse is not
 * recursive in V8, so deep nesting cannot overflow the stack here; the
 * parsers bound depth as they walk the result.
 */
export function readDocument(body: string, limits: ParseLimits): unknown {
  if (typeof body !== 'string') throw structureError('', `expected a JSON text, got ${describeType(body)}`);
  // UTF-8 takes at least one byte per UTF-16 unit and at most three: count bytes only when it matters.
  if (
    body.length > limits.maxBytes ||
    (body.length * 3 > limits.maxBytes && Buffer.byteLength(body, 'utf8') > limits.maxBytes)
  ) {
    throw new OcciError('payload-too-large', {
      code: 'parse-error',
      message: `the JSON body is larger than ${limits.maxBytes} bytes`,
      pointer: '',
    });
  }
  try {
    return JSON.parse(body);
  } catch (error) {
    const reason = body.trim() === '' ? 'the body is empty' : (error as Error).message;
    throw new OcciError(
      'bad-request',
      { code: 'parse-error', message: `invalid JSON: ${reason}`, pointer: '' },
      { cause: error },
    );
  }
}
