/**
 * The Location ABNF (GFD.229 §4.4): `X-OCCI-Location: URI-reference`.
 */
import type { FieldValue } from './field-value.js';

/** Reads one location at the cursor; `<URI>` is accepted too. */
export function readLocation(c: FieldValue): string {
  if (c.peek() === 0x3c) {
    const close = c.s.indexOf('>', c.i + 1);
    if (close < 0 || close >= c.end) c.fail('a location starting with "<" has no closing ">"');
    const uri = c.s.slice(c.i + 1, close).trim();
    c.i = close + 1;
    if (uri === '' || /\s/.test(uri)) c.fail(`a location must be a non-empty URI reference, found <${uri}>`);
    return uri;
  }
  const start = c.i;
  const s = c.s;
  const end = c.end;
  let i = start;
  for (; i < end; i++) {
    const ch = s.charCodeAt(i);
    if (ch === 0x2c || ch === 0x20 || ch === 0x09 || ch === 0x0d || ch === 0x0a) break;
  }
  c.i = i;
  const uri = s.slice(start, i);
  if (uri === '' || uri.includes('"')) c.fail(`expected a location (URI reference), found ${c.rest()}`);
  return uri;
}
