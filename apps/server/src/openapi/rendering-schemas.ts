/**
 * The schemas every document shares: the JSON rendering's own (GFD.225
 * appendix, `occiJsonSchema`, translated from draft-04 and named
 * `occi.<definition>`), the error body the server answers with, and the
 * entity references of mixin association (JSON §3.3).
 */
import { occiJsonSchema } from '@occi/render-json';
import { fromDraft4, type Schema } from './json-schema.js';

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** A `$ref` to one of the JSON rendering's definitions, e.g. `occi.link`. */
export const occiRef = (definition: string) => ref(`occi.${definition}`);

function renamedRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(renamedRefs);
  if (value === null || typeof value !== 'object') return value;
  const out: Schema = {};
  for (const [key, v] of Object.entries(value))
    out[key] =
      key === '$ref' && typeof v === 'string'
        ? `#/components/schemas/occi.${v.replace(/^#\/?definitions\//, '')}`
        : renamedRefs(v);
  return out;
}

/** The JSON rendering's definitions as component schemas. */
export function renderingSchemas(): Schema {
  const definitions = occiJsonSchema.definitions as Record<string, unknown>;
  const out: Schema = {};
  for (const [name, definition] of Object.entries(definitions))
    out[`occi.${name}`] = renamedRefs(fromDraft4(definition));
  return out;
}

/**
 * The error body of every failure rendered in JSON (render-json's
 * error-rendering.ts): the status, a message, and the problems, each with
 * a code and what it names.
 */
export const errorSchemas = (): Schema => ({
  Error: {
    type: 'object',
    description: 'What went wrong: the status, a message, and one problem per mistake found.',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['status', 'message', 'problems'],
        properties: {
          status: { type: 'integer', examples: [400] },
          message: {
            type: 'string',
            examples: ['unknown attribute occi.compute.core — did you mean occi.compute.cores?'],
          },
          problems: { type: 'array', items: ref('Problem') },
        },
      },
    },
  },
  Problem: {
    type: 'object',
    required: ['code', 'message'],
    properties: {
      code: {
        type: 'string',
        description:
          'What rule was broken, e.g. parse-error, unknown-kind, unknown-attribute, missing-required-attribute, immutable-attribute, attribute-type, attribute-pattern, mixin-not-applicable, action-not-applicable, action-mismatch, invalid-pagination, version-mismatch, not-found, forbidden, other.',
        examples: ['unknown-attribute'],
      },
      message: { type: 'string' },
      attribute: { type: 'string', description: 'The attribute concerned.' },
      category: { type: 'string', description: 'The category (type identifier) concerned.' },
      location: { type: 'string', description: 'The location concerned.' },
      pointer: { type: 'string', description: 'A JSON pointer into the request body.' },
      line: { type: 'integer', description: 'A 1-based line of a text/plain request.' },
      field: { type: 'string', description: 'A header field of a text/occi request.' },
    },
  },
  EntityReferences: {
    type: 'object',
    description:
      'Existing entities named by id and kind (JSON §3.3), optionally with attributes to set with the association (HTTP §9.3.2).',
    additionalProperties: false,
    properties: {
      resources: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string' }, kind: { type: 'string' }, attributes: occiRef('attributes') },
        },
      },
      links: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'source', 'target'],
          properties: {
            id: { type: 'string' },
            kind: { type: 'string' },
            source: occiRef('kinded_uri'),
            target: occiRef('kinded_uri'),
            attributes: occiRef('attributes'),
          },
        },
      },
    },
  },
  EntityCollection: {
    type: 'object',
    description: 'Resources and links (JSON §3.3).',
    additionalProperties: false,
    properties: {
      resources: { type: 'array', items: occiRef('resource') },
      links: { type: 'array', items: occiRef('link') },
    },
  },
  Categories: {
    type: 'object',
    description: 'The kinds, mixins and actions of the model (JSON §3.4, discovery: HTTP §7.1).',
    additionalProperties: false,
    properties: {
      kinds: { type: 'array', items: occiRef('kind') },
      mixins: { type: 'array', items: occiRef('mixin') },
      actions: { type: 'array', items: occiRef('action') },
    },
  },
});
