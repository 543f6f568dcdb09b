/**
 * The Link and ActionLink ABNF (GFD.229 §4.2): `<URI-reference>; rel="..."`
 * with `self`, `category` and link attributes.
 */
import type { Position } from '../position.js';
import type { AttributeRepr } from './attribute.js';
import { checkAttributeName } from './attribute.js';
import type { FieldValue } from './field-value.js';

export interface LinkValue {
  uri: string;
  rel: string;
  self?: string;
  category?: string;
  attributes: AttributeRepr[];
  at: Position;
}

function hasWhitespace(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) return true;
  }
  return false;
}

/** Printable ASCII but `>`, matched at `lastIndex`: a URI that needs no trimming and has no whitespace. */
const PRINTABLE = /[!-=?-~]*/y;

/** Reads one `link-value` at the cursor. */
export function readLink(c: FieldValue): LinkValue {
  if (c.peek() !== 0x3c) c.fail(`a Link value must start with "<URI>", found ${c.rest()}`);
  const s = c.s;
  const close = s.indexOf('>', c.i + 1);
  if (close < 0 || close >= c.end) c.fail('a Link value has no ">" closing its URI');
  PRINTABLE.lastIndex = c.i + 1;
  PRINTABLE.test(s);
  // Usually the URI is printable ASCII: no need to trim it or look for whitespace.
  let uri: string;
  if (PRINTABLE.lastIndex === close && close > c.i + 1) {
    uri = s.slice(c.i + 1, close);
  } else {
    uri = s.slice(c.i + 1, close).trim();
    if (uri === '' || hasWhitespace(uri))
      c.fail(`a Link URI must be a non-empty URI reference, found <${uri}>`);
  }
  c.i = close + 1;
  c.resetParameters(false);
  let rel: string | undefined;
  let self: string | undefined;
  let category: string | undefined;
  const attributes: AttributeRepr[] = [];
  while (c.parameter()) {
    const name = c.paramName;
    // Only a short name can be rel, self or category: longer ones are not lower-cased, nor these as written.
    const lower =
      name.length > 8 || name === 'rel' || name === 'self' || name === 'category' ? name : name.toLowerCase();
    if (lower === 'rel') {
      if (rel !== undefined) c.fail(`Link <${uri}>: "rel" is given twice`);
      rel = c.paramText;
    } else if (lower === 'self') {
      if (self !== undefined) c.fail(`Link <${uri}>: "self" is given twice`);
      self = c.paramText;
    } else if (lower === 'category') {
      if (category !== undefined) c.fail(`Link <${uri}>: "category" is given twice`);
      category = c.paramText;
    } else {
      if (!c.paramNameIsName) checkAttributeName(c, name);
      attributes.push({ name, text: c.paramText, quoted: c.paramQuoted, at: c.at });
    }
  }
  if (rel === undefined || rel.trim() === '') c.fail(`Link <${uri}> has no rel`);
  const link: LinkValue = { uri, rel, attributes, at: c.at };
  if (self !== undefined) link.self = self;
  if (category !== undefined) link.category = category;
  return link;
}
