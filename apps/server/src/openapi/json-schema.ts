/**
 * From the model's attribute definitions to JSON Schema 2020-12, the
 * dialect of OpenAPI 3.1: an attribute's type, its `pattern` (a draft-04
 * schema, JSON §3.5.1) translated keyword by keyword, its default,
 * description and whether the server alone manages it (`readOnly`, Core
 * §5.2: immutable attributes MUST NOT be modifiable by clients).
 */
import type { Attribute } from '@occi/core';

export type Schema = Record<string, unknown>;

const isObject = (value: unknown): value is Schema =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Keywords whose value is one schema. */
const ONE = ['not', 'additionalProperties', 'contains', 'propertyNames'];
/** Keywords whose value is a list of schemas. */
const LIST = ['allOf', 'anyOf', 'oneOf'];
/** Keywords whose value maps names to schemas. */
const MAP = ['properties', 'patternProperties'];

/**
 * A draft-04 schema as 2020-12: `exclusiveMinimum`/`exclusiveMaximum` become
 * numbers, tuple `items` become `prefixItems` (and `additionalItems` the
 * new `items`), `dependencies` split into `dependentRequired` and
 * `dependentSchemas`, `definitions` become `$defs`; `id` and `$schema`
 * are dropped (the document's dialect applies).
 */
export function fromDraft4(schema: unknown): Schema {
  if (!isObject(schema)) return {};
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'id' || key === '$schema' || key === 'exclusiveMinimum' || key === 'exclusiveMaximum')
      continue;
    if (key === 'items')
      if (Array.isArray(value)) out.prefixItems = value.map(fromDraft4);
      else out.items = fromDraft4(value);
    else if (key === 'additionalItems') {
      if (Array.isArray(schema.items)) out.items = typeof value === 'boolean' ? value : fromDraft4(value);
    } else if (key === 'dependencies' && isObject(value)) {
      for (const [name, dependency] of Object.entries(value)) {
        const target = Array.isArray(dependency) ? 'dependentRequired' : 'dependentSchemas';
        if (out[target] === undefined) out[target] = {};
        (out[target] as Schema)[name] = Array.isArray(dependency) ? dependency : fromDraft4(dependency);
      }
    } else if (key === 'definitions' && isObject(value)) out.$defs = mapSchemas(value);
    else if (ONE.includes(key)) out[key] = typeof value === 'boolean' ? value : fromDraft4(value);
    else if (LIST.includes(key) && Array.isArray(value)) out[key] = value.map(fromDraft4);
    else if (MAP.includes(key) && isObject(value)) out[key] = mapSchemas(value);
    else out[key] = value;
  }
  // Draft-04 writes an exclusive bound as a boolean beside the bound itself.
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    const value = schema[flag];
    if (value === true && typeof schema[bound] === 'number') {
      out[flag] = schema[bound];
      delete out[bound];
    } else if (typeof value === 'number') out[flag] = value;
  }
  return out;
}

function mapSchemas(map: Schema): Schema {
  return Object.fromEntries(Object.entries(map).map(([name, s]) => [name, fromDraft4(s)]));
}

/** The schema of one attribute's value: its type refined by its pattern, with default and description. */
export function attributeSchema(attribute: Attribute): Schema {
  const schema: Schema = { type: attribute.type, ...fromDraft4(attribute.pattern) };
  // A number whose pattern says integer is an integer (attribute.ts); a pattern's type list stays as given.
  if (schema.type === 'number' && attribute.pattern?.type === 'integer') schema.type = 'integer';
  if (attribute.default !== undefined) schema.default = attribute.default;
  if (attribute.description !== undefined) schema.description = attribute.description;
  if (!attribute.mutable) schema.readOnly = true;
  return schema;
}

/** Attribute names the JSON rendering carries outside `attributes` (id, title, summary, source, target). */
export const isCoreAttribute = (name: string): boolean => name.startsWith('occi.core.');

/**
 * The `attributes` object of an entity or an action invocation: one
 * property per definition; other names are allowed, since mixins an entity
 * carries add theirs (any JSON value, as the JSON rendering's schema says).
 */
export function attributesSchema(attributes: Iterable<Attribute>, description: string): Schema {
  const properties: Schema = {};
  for (const a of attributes) if (!isCoreAttribute(a.name)) properties[a.name] = attributeSchema(a);
  return { type: 'object', description, properties };
}

/**
 * The attributes a client must give: required ones the server gives no
 * default (Core §5.3.2), and which it may not set.
 */
export function requiredAttributes(attributes: Iterable<Attribute>): string[] {
  const names: string[] = [];
  for (const a of attributes)
    if (a.required && a.default === undefined && a.mutable && !isCoreAttribute(a.name)) names.push(a.name);
  return names;
}
