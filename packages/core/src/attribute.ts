/**
 * Attributes (Core §5.3.2): the name and properties of a client-readable
 * attribute, and the values entity instances carry.
 *
 * Core types attributes as `Object | List | Hash`; the JSON rendering uses
 * `string | number | boolean | array | object` (spec README erratum 2). The
 * model keeps the JSON vocabulary, which is the finer one: `Object` is any of
 * string/number/boolean, `List` is array and `Hash` is object. Integers are
 * numbers whose pattern says `{ "type": "integer" }`.
 */

/** A JSON value: what an attribute of an entity instance holds. */
export type AttributeValue = string | number | boolean | AttributeValue[] | { [key: string]: AttributeValue };

/** The values of an entity instance's attributes, by attribute name. */
export type Attributes = Record<string, AttributeValue>;

/** The JSON rendering's attribute types (JSON §3.5.1). */
export type AttributeType = 'string' | 'number' | 'boolean' | 'array' | 'object';

export const ATTRIBUTE_TYPES: readonly AttributeType[] = ['string', 'number', 'boolean', 'array', 'object'];

/**
 * A restriction on values, written as a JSON Schema (draft-04) as the JSON
 * rendering requires for `pattern` (JSON §3.5.1). The model enforces every
 * draft-04 validation keyword but `$ref` (attribute-value.ts); a user mixin
 * using another keyword is refused.
 */
export interface AttributePattern {
  $schema?: string;
  /** A type name, or a list of them (draft-04). */
  type?: AttributeType | 'integer' | 'null' | readonly (AttributeType | 'integer' | 'null')[];
  /** An ECMAScript regular expression the string must match somewhere (JSON Schema: not anchored). */
  pattern?: string;
  enum?: AttributeValue[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  /** One schema for every item, or one per position (a tuple). */
  items?: AttributePattern | readonly AttributePattern[];
  /** A draft-04 format: hostname, email, ipv4, ipv6, uri, date-time (and, on input, ip, cidr, ip-or-cidr, mac). */
  format?: string;
  [keyword: string]: unknown;
}

/** An attribute definition as written in an extension (all properties optional). */
export interface AttributeSpec {
  type?: AttributeType;
  mutable?: boolean;
  required?: boolean;
  pattern?: AttributePattern;
  default?: AttributeValue;
  description?: string;
}

/** An attribute definition with every Core §5.3.2 property resolved. */
export interface Attribute {
  readonly name: string;
  readonly type: AttributeType;
  readonly mutable: boolean;
  readonly required: boolean;
  readonly pattern?: AttributePattern;
  readonly default?: AttributeValue;
  readonly description?: string;
}

/** Resolves an attribute spec with the JSON rendering's defaults (JSON §3.5.1: type string, immutable, optional). */
export function defineAttribute(name: string, spec: AttributeSpec = {}): Attribute {
  const attribute: {
    -readonly [K in keyof Attribute]: Attribute[K];
  } = {
    name,
    type: spec.type ?? 'string',
    mutable: spec.mutable ?? false,
    required: spec.required ?? false,
  };
  if (spec.pattern !== undefined) attribute.pattern = spec.pattern;
  if (spec.default !== undefined) attribute.default = spec.default;
  if (spec.description !== undefined) attribute.description = spec.description;
  return attribute;
}

/** The spec form of an attribute, with only the properties that differ from the defaults. */
export function attributeSpec(attribute: Attribute): AttributeSpec {
  const spec: AttributeSpec = {
    type: attribute.type,
    mutable: attribute.mutable,
    required: attribute.required,
  };
  if (attribute.pattern !== undefined) spec.pattern = attribute.pattern;
  if (attribute.default !== undefined) spec.default = attribute.default;
  if (attribute.description !== undefined) spec.description = attribute.description;
  return spec;
}

/** The JSON type of a value, as the JSON rendering names it. */
export function typeOfValue(value: unknown): AttributeType | undefined {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return Number.isFinite(value) ? 'number' : undefined;
  if (typeof value === 'boolean') return 'boolean';
  if (Array.isArray(value)) return 'array';
  if (value !== null && typeof value === 'object') return 'object';
  return undefined;
}
