/**
 * The OCCI header fields (GFD.229 §7: Category, Link, X-OCCI-Attribute,
 * X-OCCI-Location and their X-OCCI- spellings) and the conversion of their
 * values, shared by the server (`header-text.ts`, Node's Buffer) and the
 * client (`client/header-fields.ts`, web APIs only). No Node module here.
 */
import type { HeaderFields } from '@occi/core';

const OCCI_FIELDS = new Set([
  'category',
  'x-occi-category',
  'link',
  'x-occi-link',
  'x-occi-attribute',
  'x-occi-location',
]);

/** `headers` with `convert` applied to the values of its OCCI fields; the same object when it changes none. */
export function mapOcciFields(headers: HeaderFields, convert: (value: string) => string): HeaderFields {
  let out: HeaderFields | undefined;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || !OCCI_FIELDS.has(name.toLowerCase())) continue;
    const converted = Array.isArray(value) ? value.map(convert) : convert(value);
    const changed = Array.isArray(value)
      ? value.some((v, i) => v !== (converted as string[])[i])
      : converted !== value;
    if (changed) {
      out ??= { ...headers };
      out[name] = converted;
    }
  }
  return out ?? headers;
}
