/**
 * The Attribute ABNF (GFD.229 §4.3): `attribute-name "=" attribute-value`,
 * where the value is a quoted string, a number, a boolean or an enum token.
 */
import type { AttributeValue } from '@occi/core';
import { ATTRIBUTE_NAME_PATTERN } from '@occi/core';
import type { Position } from '../position.js';
import type { FieldValue } from './field-value.js';
import { excerpt } from './field-value.js';
import { bare, quote } from './write.js';

/** An attribute as read: its text and whether it was quoted, typed later. */
export interface AttributeRepr {
  name: string;
  text: string;
  quoted: boolean;
  at: Position;
}

/** `int | float` of §4.3, plus a sign and an exponent (how JavaScript prints large and small numbers). No nested quantifiers. */
const NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The value of an attribute (§4.3): quoted → string; `true`/`false` →
 * boolean; number syntax → number; any other token (an enum value such as
 * `x86`) → string.
 */
export function attributeValue(text: string, quoted: boolean): AttributeValue {
  if (quoted) return text;
  if (text === 'true') return true;
  if (text === 'false') return false;
  return numberValue(text) ?? text;
}

/** The number `text` spells (§4.3 `number`, read leniently as above), or undefined. */
export function numberValue(text: string): number | undefined {
  if (!NUMBER.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** Checks an attribute name (§4.3 `attribute-name`). */
export function checkAttributeName(c: FieldValue, name: string): void {
  if (!ATTRIBUTE_NAME_PATTERN.test(name)) {
    c.fail(
      name === ''
        ? `expected an attribute name, found ${c.rest()}`
        : `${excerpt(name)} is not a valid attribute name`,
    );
  }
}

/** Reads one `attribute-repr` at the cursor. */
export function readAttribute(c: FieldValue): AttributeRepr {
  if (c.knownAttribute()) return { name: c.paramName, text: c.paramText, quoted: c.paramQuoted, at: c.at };
  const start = c.i;
  let name = c.name();
  const next = c.peek();
  if (name === '' || (next !== 0x3d && next !== 0x20 && next !== 0x09 && !Number.isNaN(next))) {
    // Not a plain name: read the whole token for the message.
    c.i = start;
    name = c.token(true);
    checkAttributeName(c, name);
  }
  if (c.skipWhitespace() !== 0x3d) c.fail(`attribute ${name} has no "=" value`);
  c.i++;
  c.skipWhitespace();
  const text = c.value();
  if (text === '' && !c.paramQuoted) c.fail(`attribute ${name} has no value, found ${c.rest()}`);
  return { name, text, quoted: c.paramQuoted, at: c.at };
}

/**
 * Writes a value (§4.3): strings quoted, numbers and booleans bare. Arrays
 * and objects, which the ABNF cannot express, are written as a quoted string
 * holding their JSON (see README).
 */
export function renderValue(value: AttributeValue, inHeader: boolean): string {
  switch (typeof value) {
    case 'string':
      return quote(value, inHeader);
    case 'number':
    case 'boolean':
      return bare(value);
    default:
      return quote(JSON.stringify(value), inHeader);
  }
}
