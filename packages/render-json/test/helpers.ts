import { readFileSync } from 'node:fs';
import type { Entity, Extension, ParseContext, Payload } from '@occi/core';
import { Model } from '@occi/core';

export const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** The test extension: a resource kind, a link kind, a mixin and an action under http://example.com/occi/test#. */
export const testExtension = JSON.parse(fixture('test-extension.json')) as Extension;

export const model = Model.create([testExtension]);
export const BASE_URL = 'http://occi.example.org:8080';
export const context: ParseContext = { model, baseUrl: BASE_URL };

export const T = 'http://example.com/occi/test#';
export const MACHINE = `${T}machine`;
export const WIRE = `${T}wire`;
export const GOLD = `${T}gold`;
export const REBOOT = 'http://example.com/occi/test/action#reboot';

/** Wire link number `n`, from machine m1 to machine m(n+1) (an absolute target). */
export const wire = (n: number): Entity => ({
  id: `urn:uuid:00000000-0000-4000-8000-00000000000${n}`,
  kind: WIRE,
  mixins: [],
  attributes: { 'com.example.wire.port': n },
  location: `/wire/${n}`,
  source: { location: '/machine/m1', kind: MACHINE },
  target: { location: `${BASE_URL}/machine/m${n + 1}`, kind: MACHINE },
  actions: [],
});

export const body = (value: unknown): Payload => ({
  headers: {},
  body: typeof value === 'string' ? value : JSON.stringify(value),
});

import AjvDraft04 from 'ajv-draft-04';

const sharedSchema = JSON.parse(fixture('occi-1.2.schema.json')) as Record<string, unknown>;
// ajv-draft-04 is CommonJS: its class is module.exports and module.exports.default alike.
const ajv = new AjvDraft04.default({ strict: false, allErrors: true });
ajv.addSchema(sharedSchema);
const SCHEMA_ID = 'http://schemas.ogf.org/occi/OCCI-schema.json';

export type Definition =
  | 'resource'
  | 'link'
  | 'kind'
  | 'mixin'
  | 'action'
  | 'action_invocation'
  | 'resource_collection'
  | 'link_collection'
  | 'kind_collection'
  | 'mixin_collection'
  | 'action_collection'
  | 'model';

/** The errors of validating `value` against a definition of the shared OCCI schema (draft-04), or [] when valid. */
export function schemaErrors(definition: Definition | 'document', value: unknown): string[] {
  const validate = ajv.getSchema(
    definition === 'document' ? SCHEMA_ID : `${SCHEMA_ID}#/definitions/${definition}`,
  );
  if (!validate) throw new Error(`no schema ${definition}`);
  if (validate(value)) return [];
  return (validate.errors ?? []).map(
    (e: { instancePath: string; message?: string }) => `${e.instancePath} ${e.message}`,
  );
}
