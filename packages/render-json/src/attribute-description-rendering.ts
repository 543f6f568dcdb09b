/**
 * Attribute Description Rendering (JSON §3.5.1): the properties of an
 * attribute definition in kinds, mixins and actions.
 */
import type { Attribute, AttributePattern, AttributeSpec, AttributeType } from '@occi/core';
import { ATTRIBUTE_TYPES } from '@occi/core';
import { checkAttributeValue } from './attribute-rendering.js';
import {
  checkDepth,
  expected,
  expectObject,
  expectString,
  isJsonObject,
  type ParseLimits,
  pointerTo,
  structureError,
  tooDeep,
  unknownMember,
} from './document.js';

/** The JSON form of an attribute description. */
export interface AttributeDescription {
  mutable: boolean;
  required: boolean;
  type: AttributeType;
  pattern?: AttributePattern;
  default?: unknown;
  description?: string;
}

/**
 * Renders an attribute description with `mutable`, `required` and `type`
 * always present (JSON §3.5.1 gives their defaults, but writing them keeps
 * the schema's `oneOf` between a description and a map of descriptions
 * unambiguous), then `pattern`, `default` and `description` when defined.
 */
export function renderAttributeDescription(attribute: Attribute): AttributeDescription {
  const description: AttributeDescription = {
    mutable: attribute.mutable,
    required: attribute.required,
    type: attribute.type,
  };
  if (attribute.pattern !== undefined) description.pattern = attribute.pattern;
  if (attribute.default !== undefined) description.default = attribute.default;
  if (attribute.description !== undefined) description.description = attribute.description;
  return description;
}

/** Renders a category's attribute definitions as a hashmap of descriptions (JSON §3.5). */
export function renderAttributeDescriptions(
  attributes: ReadonlyMap<string, Attribute>,
): Record<string, AttributeDescription> {
  const out: Record<string, AttributeDescription> = {};
  for (const [name, attribute] of attributes) {
    Object.defineProperty(out, name, {
      value: renderAttributeDescription(attribute),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

const MEMBERS = ['mutable', 'required', 'type', 'pattern', 'default', 'description'] as const;

/** Parses one attribute description into an attribute spec (JSON §3.5.1: every property is optional). */
export function parseAttributeDescription(
  value: unknown,
  pointer: string,
  depth: number,
  limits: ParseLimits,
): AttributeSpec {
  const object = expectObject(value, pointer, 'an attribute description object');
  if (depth > limits.maxDepth) throw tooDeep(pointer, limits);
  const spec: AttributeSpec = {};
  for (const key in object) {
    const item = object[key];
    const at = pointerTo(pointer, key);
    switch (key) {
      case 'mutable':
      case 'required':
        if (typeof item !== 'boolean') throw expected(at, 'a boolean', item);
        spec[key] = item;
        break;
      case 'type':
        // JSON §3.5.1: type MUST be one of string, number, boolean, array, object.
        if (typeof item !== 'string' || !(ATTRIBUTE_TYPES as readonly string[]).includes(item)) {
          throw typeof item === 'string'
            ? structureError(at, `expected one of ${ATTRIBUTE_TYPES.join(', ')}, got "${item}"`)
            : expected(at, `one of the strings ${ATTRIBUTE_TYPES.join(', ')}`, item);
        }
        spec.type = item as AttributeType;
        break;
      case 'pattern':
        // JSON §3.5.1: a JSON Schema; it travels unchanged.
        if (!isJsonObject(item)) throw expected(at, 'a JSON Schema object', item);
        checkDepth(item, at, depth + 1, limits);
        spec.pattern = item as AttributePattern;
        break;
      case 'default':
        // Spec README erratum 3: the table allows arrays and objects, the schema does not; the table wins.
        checkAttributeValue(item, at, depth + 1, limits);
        spec.default = item as AttributeSpec['default'] & {};
        break;
      case 'description':
        spec.description = expectString(item, at);
        break;
      default:
        throw unknownMember(pointer, key, 'an attribute description', MEMBERS);
    }
  }
  return spec;
}

/** Parses a hashmap of attribute descriptions by attribute name (JSON §3.5). */
export function parseAttributeDescriptions(
  value: unknown,
  pointer: string,
  depth: number,
  limits: ParseLimits,
): Record<string, AttributeSpec> {
  const object = expectObject(value, pointer, 'an object of attribute descriptions');
  if (depth > limits.maxDepth) throw tooDeep(pointer, limits);
  const out: Record<string, AttributeSpec> = {};
  for (const name in object) {
    Object.defineProperty(out, name, {
      value: parseAttributeDescription(object[name], pointerTo(pointer, name), depth + 1, limits),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
