/**
 * The OGF JSON schema of the JSON rendering (GFD.225 §11, draft-04, with
 * the `$ref` fix of the spec README) compiled once with ajv, and a
 * validator per definition: bodies are judged by the schema itself.
 */
import { occiJsonSchema } from '@occi/render-json';
import AjvModule from 'ajv-draft-04';

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
  | 'attributes'
  | 'attribute_description'
  | 'model';

type Validate = ((value: unknown) => boolean) & {
  errors?: { instancePath: string; message?: string; params?: unknown }[] | null;
};

let compiled: { whole: Validate; of: (d: Definition) => Validate } | undefined;

function schemas() {
  if (compiled) return compiled;
  // ajv-draft-04 is CommonJS: its class is the module itself or its `default`, depending on the loader.
  const Ajv = ((AjvModule as unknown as { default?: unknown }).default ??
    AjvModule) as typeof AjvModule.default;
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addSchema(occiJsonSchema as object, 'occi');
  const cache = new Map<Definition, Validate>();
  compiled = {
    whole: ajv.getSchema('occi') as Validate,
    of: (d) => {
      let v = cache.get(d);
      if (!v) {
        v = ajv.getSchema(`occi#/definitions/${d}`) as Validate;
        cache.set(d, v);
      }
      return v;
    },
  };
  return compiled;
}

function messages(v: Validate): string[] {
  return (v.errors ?? [])
    .slice(0, 5)
    .map(
      (e) =>
        `${e.instancePath || '(top)'} ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in (e.params as object) ? ` (${(e.params as { additionalProperty: string }).additionalProperty})` : ''}`,
    );
}

/** The schema's complaints about `value` as the definition `d` (empty when valid). */
export function schemaErrors(d: Definition | 'any', value: unknown): string[] {
  const s = schemas();
  const v = d === 'any' ? s.whole : s.of(d);
  return v(value) ? [] : messages(v);
}
