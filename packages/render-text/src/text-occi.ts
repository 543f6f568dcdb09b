/**
 * OCCI Header rendering (GFD.229 §7): the fields travel in HTTP header
 * fields (`Category`, `Link`, `X-OCCI-Attribute`, `X-OCCI-Location`) and the
 * body carries `OK`, media type `text/occi`.
 */
import type { HeaderFields, Payload, Rendering } from '@occi/core';
import { OcciError } from '@occi/core';
import { FieldValue } from './abnf/field-value.js';
import type { FieldName, Fields, FieldWriter } from './fields.js';
import { emptyFields, fieldName, noteFieldName, readField } from './fields.js';
import { MAX_HEADER_LENGTH } from './limits.js';
import { parseError } from './position.js';
import { textRendering } from './text-rendering.js';

/**
 * Reads the OCCI header fields. §7: a field may appear several times (an
 * array value) or once with comma-separated values; both are read, and names
 * are case-insensitive (`X-OCCI-Category` and `X-OCCI-Link` are read as
 * Category and Link). Other header fields are not ours and are ignored.
 */
export function readHeaders(headers: HeaderFields): Fields {
  const fields = emptyFields((name: FieldName) => ({ field: name }));
  if (headers === null || typeof headers !== 'object') return fields;
  let total = 0;
  for (const key of Object.keys(headers)) {
    const name = fieldName(key);
    if (name === undefined) continue;
    const value = headers[key];
    if (value === undefined) continue;
    // Errors name the header field as it was sent (lower-case), e.g. "x-occi-category".
    const field = key === name ? name : key.toLowerCase();
    if (field !== name) noteFieldName(fields, key, name, { field });
    if (Array.isArray(value)) for (const v of value) total = readValue(fields, name, field, v, total);
    else total = readValue(fields, name, field, value, total);
  }
  return fields;
}

/**
 * Reads one header field value into `fields`; `total` is the length of the
 * values read before, and the new total is returned. (A function of its
 * own, not a closure made per message.)
 */
function readValue(fields: Fields, name: FieldName, field: string, value: unknown, total: number): number {
  if (typeof value !== 'string') throw parseError({ field }, 'header field value is not text');
  const sum = total + value.length;
  // §7: header space is limited; refuse rather than truncate.
  if (sum > MAX_HEADER_LENGTH) {
    throw new OcciError('header-too-large', {
      code: 'parse-error',
      message: `the OCCI header fields exceed ${MAX_HEADER_LENGTH} characters`,
      field,
    });
  }
  readField(fields, name, new FieldValue(value, { field }));
  return sum;
}

/** Writes one header field per name with comma-separated values (§7 recommends the list form). */
class HeaderWriter implements FieldWriter {
  readonly inHeader = true;
  category = '';
  link = '';
  attribute = '';
  location = '';

  add(name: FieldName, value: string): void {
    switch (name) {
      case 'category':
        this.category = this.category === '' ? value : `${this.category}, ${value}`;
        return;
      case 'link':
        this.link = this.link === '' ? value : `${this.link}, ${value}`;
        return;
      case 'x-occi-attribute':
        this.attribute = this.attribute === '' ? value : `${this.attribute}, ${value}`;
        return;
      case 'x-occi-location':
        this.location = this.location === '' ? value : `${this.location}, ${value}`;
        return;
    }
  }

  headers(): HeaderFields {
    const headers: HeaderFields = {};
    if (this.category !== '') headers.category = this.category;
    if (this.link !== '') headers.link = this.link;
    if (this.attribute !== '') headers['x-occi-attribute'] = this.attribute;
    if (this.location !== '') headers['x-occi-location'] = this.location;
    return headers;
  }

  payload(): Payload {
    // §7: the body contains "OK" on successful operations.
    return { headers: this.headers(), body: 'OK' };
  }

  /** A request carries its rendering in header fields only, its body empty. */
  request(): Payload {
    return { headers: this.headers(), body: '' };
  }
}

/** The text/occi rendering (GFD.229 §7). */
export const textOcci: Rendering = textRendering(
  ['text/occi'],
  {
    read: (payload) => readHeaders(payload.headers),
    writer: () => new HeaderWriter(),
  },
  true,
);
