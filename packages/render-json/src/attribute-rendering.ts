/**
 * Attributes Rendering (JSON §3.5): attribute values as a hashmap keyed by
 * the opaque attribute name, each value a Number, String, Boolean, Array
 * or Object.
 */
import type { Attributes } from '@occi/core';
import { CORE_ATTRIBUTES } from '@occi/core';
import {
  expected,
  expectObject,
  type JsonObject,
  type ParseLimits,
  pointerTo,
  structureError,
  tooDeep,
} from './document.js';

const VALUE = 'a number, string, boolean, array or object';

/**
 * Checks one attribute value (JSON §3.5) at nesting level `depth`: no
 * `null`, no number out of range, anywhere inside it.
 */
export function checkAttributeValue(
  value: unknown,
  pointer: string,
  depth: number,
  limits: ParseLimits,
): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      // JSON.parse turns 1e999 into Infinity, which no JSON text can carry back.
      if (!Number.isFinite(value)) throw structureError(pointer, 'number out of range');
      return;
    case 'object':
      if (value === null) throw expected(pointer, VALUE, value);
      if (depth > limits.maxDepth) throw tooDeep(pointer, limits);
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const item = value[i];
          if (typeof item !== 'string' && typeof item !== 'boolean')
            checkAttributeValue(item, pointerTo(pointer, i), depth + 1, limits);
        }
      } else {
        for (const key in value) {
          const item = (value as JsonObject)[key];
          if (typeof item !== 'string' && typeof item !== 'boolean')
            checkAttributeValue(item, pointerTo(pointer, key), depth + 1, limits);
        }
      }
      return;
    default:
      throw expected(pointer, VALUE, value);
  }
}

/** The model attributes (`occi.core.*`) an entity keeps in fields, found among the attributes. */
export type CoreAttributeValues = Partial<
  Record<(typeof CORE_ATTRIBUTES)[keyof typeof CORE_ATTRIBUTES], string>
>;

const CORE_NAMES: ReadonlySet<string> = new Set(Object.values(CORE_ATTRIBUTES));

export interface ParsedAttributes {
  attributes: Attributes;
  /** `occi.core.*` model attributes given as attributes; absent when there were none. */
  core?: CoreAttributeValues;
}

/**
 * Parses an `attributes` member of an entity or action invocation (JSON
 * §3.5). The model attributes `occi.core.id`, `.title`, `.summary`,
 * `.source`, `.source.kind`, `.target` and `.target.kind` are taken out
 * and returned apart (unless `liftCore` is false), so the caller can put
 * them in the entity's fields.
 */
export function parseAttributes(
  value: unknown,
  pointer: string,
  depth: number,
  limits: ParseLimits,
  liftCore = true,
): ParsedAttributes {
  const object = expectObject(value, pointer);
  if (depth > limits.maxDepth) throw tooDeep(pointer, limits);
  let core: CoreAttributeValues | undefined;
  for (const name in object) {
    const item = object[name];
    if (typeof item !== 'string' && typeof item !== 'boolean')
      checkAttributeValue(item, pointerTo(pointer, name), depth + 1, limits);
    if (liftCore && name.startsWith('occi.core.') && CORE_NAMES.has(name)) {
      if (typeof item !== 'string') throw expected(pointerTo(pointer, name), 'a string', item);
      core ??= {};
      core[name as keyof CoreAttributeValues] = item;
    }
  }
  if (core === undefined) return { attributes: object as Attributes };
  // Object.fromEntries defines own properties, so a "__proto__" name stays an ordinary attribute.
  const rest = Object.fromEntries(Object.entries(object).filter(([name]) => !CORE_NAMES.has(name)));
  return { attributes: rest as Attributes, core };
}
