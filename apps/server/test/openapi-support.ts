/** Helpers of the OpenAPI tests: the document's validity, and whether a body fits one of its schemas. */
import { Validator } from '@seriousme/openapi-schema-validator';
import { expect } from 'vitest';

// biome-ignore lint/suspicious/noExplicitAny: a JSON document walked by key, checked by the assertions.
export type Doc = Record<string, any>;

export const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';
export const JSON_TYPE = { 'content-type': 'application/occi+json', accept: 'application/occi+json' };

/** The methods of a path item, sorted. */
export const methodsOf = (item: Doc) =>
  Object.keys(item)
    .filter((k) => ['get', 'put', 'post', 'delete'].includes(k))
    .sort();

/** A user mixin with a typed attribute, as the JSON rendering defines it (HTTP §7.3). */
export const userMixin = (user: string) => ({
  mixins: [
    {
      scheme: `http://occi.example/users/${user}#`,
      term: 'web_tier',
      title: 'Web tier',
      location: '/web_tier/',
      applies: [`${INFRA}compute`],
      attributes: {
        'example.tier.replicas': { type: 'number', mutable: true, pattern: { type: 'integer', minimum: 1 } },
      },
    },
  ],
});

/** Asserts the document is valid OpenAPI 3.1 (the OAS 3.1 schema, with its schema dialect). */
export async function expectValidOpenApi(doc: Doc): Promise<void> {
  const validator = new Validator();
  const result = await validator.validate(structuredClone(doc));
  expect(result.errors ?? []).toEqual([]);
  expect(result.valid).toBe(true);
  expect(validator.version).toBe('3.1');
  // Every $ref resolves (the validator throws on one that does not).
  expect(() => validator.resolveRefs()).not.toThrow();
  const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
  for (const r of new Set(refs)) {
    const path = r.slice(8, -1).replace(/^#\//, '').split('/');
    expect(
      path.reduce((o: Doc | undefined, k) => o?.[k], doc),
      r,
    ).toBeDefined();
  }
}

const typeOf = (value: unknown): string =>
  Array.isArray(value)
    ? 'array'
    : value === null
      ? 'null'
      : typeof value === 'number' && Number.isInteger(value)
        ? 'integer'
        : typeof value;

/**
 * The ways `value` misses `schema` of the document (the keywords the
 * generated schemas use: $ref, allOf, oneOf, type, const, enum, required,
 * properties, additionalProperties, items, minimum, maximum); none: it fits.
 */
export function misfits(doc: Doc, schema: Doc, value: unknown, at = '$'): string[] {
  if (typeof schema.$ref === 'string') {
    const target = schema.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce((o: Doc, k: string) => o?.[k], doc);
    if (!target) return [`${at}: unresolved ${schema.$ref}`];
    return misfits(doc, target, value, at);
  }
  const out: string[] = [];
  for (const s of schema.allOf ?? []) out.push(...misfits(doc, s, value, at));
  if (schema.oneOf && !schema.oneOf.some((s: Doc) => misfits(doc, s, value, at).length === 0))
    out.push(`${at}: fits none of oneOf`);
  if (schema.type !== undefined) {
    const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
    const t = typeOf(value);
    if (!types.includes(t) && !(t === 'integer' && types.includes('number')))
      return [...out, `${at}: ${t}, not ${types.join('|')}`];
  }
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value))
    out.push(`${at}: not ${JSON.stringify(schema.const)}`);
  if (schema.enum && !schema.enum.some((e: unknown) => JSON.stringify(e) === JSON.stringify(value)))
    out.push(`${at}: ${JSON.stringify(value)} not in ${JSON.stringify(schema.enum)}`);
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) out.push(`${at}: below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) out.push(`${at}: above ${schema.maximum}`);
  }
  if (Array.isArray(value) && schema.items)
    value.forEach((item, i) => {
      out.push(...misfits(doc, schema.items, item, `${at}[${i}]`));
    });
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    for (const name of schema.required ?? []) if (!(name in object)) out.push(`${at}: no ${name}`);
    for (const [name, v] of Object.entries(object)) {
      const property = schema.properties?.[name];
      if (property) out.push(...misfits(doc, property, v, `${at}.${name}`));
      else if (schema.additionalProperties === false) out.push(`${at}: unexpected ${name}`);
      else if (typeof schema.additionalProperties === 'object')
        out.push(...misfits(doc, schema.additionalProperties, v, `${at}.${name}`));
    }
  }
  return out;
}

/** The schema of an operation's response `status` in `mediaType`, through response $refs. */
export function responseSchema(
  doc: Doc,
  operation: Doc,
  status: string,
  mediaType = 'application/json',
): Doc {
  let response = operation.responses[status];
  if (response?.$ref) response = doc.components.responses[response.$ref.split('/').at(-1)];
  expect(response, `a ${status} response`).toBeDefined();
  return response.content[mediaType].schema;
}
