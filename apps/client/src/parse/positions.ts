/**
 * Where a problem is: a JSON pointer into a JSON message (RFC 6901), or the
 * input line of a text message's field.
 */
import type { Finding } from './check-message.js';
import type { RawMessage } from './raw-message.js';
import { splitElements, textCategoryId } from './raw-message.js';

/** Appends one reference token to a JSON pointer (`~` → `~0`, `/` → `~1`). */
export const pointerTo = (parent: string, token: string | number): string =>
  `${parent}/${String(token).replace(/~/g, '~0').replace(/\//g, '~1')}`;

/** The JSON message as an object (empty when it is none). */
export function jsonDocument(message: RawMessage): Record<string, unknown> {
  try {
    const value = JSON.parse(message.payload.body) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The pointers of a JSON collection's entities as the parser lists them: `resources` first, then `links` (JSON §3.3). */
export function collectionPointers(count: number, message: RawMessage): string[] {
  const resources = jsonDocument(message).resources;
  const n = Array.isArray(resources) ? resources.length : 0;
  return Array.from({ length: count }, (_e, i) => (i < n ? `/resources/${i}` : `/links/${i - n}`));
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The input line of a text message's field a finding is about: the Link to
 * its inline link's target, the X-OCCI-Attribute naming its attribute, the
 * Category naming its category.
 */
export function textLineOf(message: RawMessage, f: Finding): number | undefined {
  const { fields } = message;
  if (f.location !== undefined) {
    const link = fields.find((o) => o.name === 'link' && o.value.includes(`${f.location}>`));
    if (link !== undefined) return link.line;
  }
  if (f.attribute !== undefined) {
    const named = new RegExp(`(^|,)\\s*${escapeRegExp(f.attribute)}\\s*=`);
    return fields.find((o) => o.name === 'x-occi-attribute' && named.test(o.value))?.line;
  }
  if (f.category !== undefined)
    return fields.find(
      (o) => o.name === 'category' && splitElements(o.value).some((v) => textCategoryId(v) === f.category),
    )?.line;
  return undefined;
}
