/**
 * `--attr name=value` on the command line: the value takes the type the
 * discovered attribute definition gives (Core §5.3.2; JSON §3.5.1 types);
 * without one — no definition, or a discovery in a text rendering, which
 * carries no types (spec README erratum 4) — the type of what it looks
 * like: a number, `true`/`false`, else a string. `name:=<json>` passes a
 * JSON value as is.
 */
import type { Attribute, Attributes, AttributeValue } from '@occi/core';
import { usageError } from './exit-codes.js';

function parseJson(name: string, text: string): AttributeValue {
  try {
    const value = JSON.parse(text) as unknown;
    if (value === null) throw new Error('null is not an attribute value');
    return value as AttributeValue;
  } catch (error) {
    throw usageError(
      `attribute ${name}: ${JSON.stringify(text)} is not a JSON value (${(error as Error).message})`,
    );
  }
}

/** A value typed by its definition; without one, numbers and booleans are recognised. */
export function typedValue(name: string, text: string, definition: Attribute | undefined): AttributeValue {
  const type = definition?.type;
  if (type === 'string') return text;
  if (type === 'number') {
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n))
      throw usageError(`attribute ${name} is a number; "${text}" is not`);
    return n;
  }
  if (type === 'boolean') {
    if (/^(true|yes|on|1)$/i.test(text)) return true;
    if (/^(false|no|off|0)$/i.test(text)) return false;
    throw usageError(`attribute ${name} is a boolean (true or false); "${text}" is not`);
  }
  if (type === 'array' || type === 'object') {
    const value = parseJson(name, text);
    if ((type === 'array') !== Array.isArray(value) || typeof value !== 'object')
      throw usageError(
        `attribute ${name} is ${type === 'array' ? 'an array' : 'an object'}: give it as JSON`,
      );
    return value;
  }
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  return text;
}

/**
 * The definitions that type `--attr` values: all of them when discovery
 * carried types; otherwise the model says `string` for want of a type, and
 * only the Core attributes keep theirs — Core §5.4 defines them, the same
 * on every server — so that the others are typed by what they look like.
 */
export function typingDefinitions(
  definitions: Iterable<readonly [string, Attribute]>,
  typesKnown: boolean,
): Map<string, Attribute> {
  const out = new Map<string, Attribute>();
  for (const [name, attribute] of definitions)
    if (typesKnown || name.startsWith('occi.core.')) out.set(name, attribute);
  return out;
}

/** Parses `name=value` and `name:=json` assignments. */
export function parseAssignments(
  pairs: readonly string[],
  definitions?: ReadonlyMap<string, Attribute>,
): Attributes {
  const out: Attributes = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw usageError(`"${pair}" is not name=value`);
    const json = pair[eq - 1] === ':';
    const name = pair.slice(0, json ? eq - 1 : eq).trim();
    if (name === '') throw usageError(`"${pair}" names no attribute`);
    const text = pair.slice(eq + 1);
    out[name] = json ? parseJson(name, text) : typedValue(name, text, definitions?.get(name));
  }
  return out;
}

/** Commander collector for repeatable options. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
