/**
 * The Category ABNF (GFD.229 §4.1): reading and writing one `category-value`.
 */
import type { AttributeSpec, Category, CategoryClass, TypeIdentifier } from '@occi/core';
import { splitTypeIdentifier, TERM_PATTERN } from '@occi/core';
import type { Position } from '../position.js';
import { parseError } from '../position.js';
import type { FieldValue } from './field-value.js';
import { excerpt } from './field-value.js';
import { quote, uriReference } from './write.js';

/** A category-value as read, before it becomes a Kind, Mixin, Action or a reference. */
export interface CategoryValue {
  term: string;
  scheme: string;
  /** Absent when the value leaves it out (§4.1 requires it): the model then says (`readClass`). */
  class?: CategoryClass;
  /** How a term that is not a bare token was written (seen in the wild; §4.1: `term` is a token). */
  termForm?: '"term"' | 'term="term"';
  title?: string;
  rel?: string;
  location?: string;
  attributes?: string;
  actions?: string;
  at: Position;
}

const CLASSES: readonly string[] = ['kind', 'mixin', 'action'];
type Optional = 'title' | 'rel' | 'location' | 'attributes' | 'actions';
const OPTIONAL: readonly string[] = ['title', 'rel', 'location', 'attributes', 'actions'];

/** Reads one category-value at the cursor (the list separator is left to the caller). */
export function readCategory(c: FieldValue): CategoryValue {
  let term: string;
  let termForm: CategoryValue['termForm'];
  if (c.peek() === 0x22) {
    term = c.quoted();
    termForm = '"term"';
  } else {
    term = c.token(true);
    // `term="compute"`, seen in the wild, is read as the term.
    if (c.peek() === 0x3d && term.toLowerCase() === 'term') {
      c.i++;
      c.skipWhitespace();
      term = c.value();
      termForm = 'term="term"';
    }
  }
  if (!TERM_PATTERN.test(term)) {
    c.fail(
      term === ''
        ? `Category value must start with a term, found ${c.rest()}`
        : `Category term ${excerpt(term)} is not a valid term (letters, digits, "-", "_", "." and starting with a letter or digit)`,
    );
  }
  c.resetParameters(false);
  let scheme: string | undefined;
  let cls: string | undefined;
  const value: Partial<Record<Optional, string>> = {};
  while (c.parameter()) {
    const name = c.paramName.toLowerCase();
    const text = c.paramText;
    if (name === 'scheme') {
      if (scheme !== undefined) c.fail(`Category ${term}: "scheme" is given twice`);
      scheme = text;
    } else if (name === 'class') {
      if (cls !== undefined) c.fail(`Category ${term}: "class" is given twice`);
      cls = text.toLowerCase();
      if (!CLASSES.includes(cls))
        c.fail(`Category ${term}: class ${excerpt(text)} is not one of kind, mixin, action`);
    } else if (OPTIONAL.includes(name)) {
      const key = name as Optional;
      if (value[key] !== undefined) c.fail(`Category ${term}: "${name}" is given twice`);
      value[key] = text;
    }
    // Other parameters are not defined by §4.1 and are ignored.
  }
  if (scheme === undefined) c.fail(`Category ${term} has no scheme`);
  if (scheme === '' || /\s/.test(scheme)) c.fail(`Category ${term}: scheme ${excerpt(scheme)} is not a URI`);
  const category: CategoryValue = { term, scheme, ...value, at: c.at };
  if (cls !== undefined) category.class = cls as CategoryClass;
  if (termForm !== undefined) category.termForm = termForm;
  return category;
}

/** True when `id` has the shape `scheme#term` (a `#` with a term after it). */
function isTypeIdentifier(id: string): boolean {
  // The last "#" is not the last character, and some "#" is not the first (indexOf is cheaper than lastIndexOf).
  if (id.charCodeAt(id.length - 1) === 0x23) return false;
  const hash = id.indexOf('#');
  return hash > 0 || (hash === 0 && id.indexOf('#', 1) > 0);
}

/** The index of the next space (or tab, when `hasTab`) at or after `from`, else the length. */
function nextBlank(text: string, from: number, hasTab: boolean): number {
  let end = text.indexOf(' ', from);
  if (end < 0) end = text.length;
  if (hasTab) {
    const tab = text.indexOf('\t', from);
    if (tab >= 0 && tab < end) end = tab;
  }
  return end;
}

/** The type identifiers of a space-separated list (`rel`, `actions`, Link `category`). */
export function typeIdentifiers(text: string, what: string, at: Position): TypeIdentifier[] {
  const ids: TypeIdentifier[] = [];
  const hasTab = text.indexOf('\t') >= 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const end = nextBlank(text, i, hasTab);
    if (end > i) {
      const id = i === 0 && end === n ? text : text.slice(i, end);
      if (!isTypeIdentifier(id))
        throw parseError(at, `${what}: ${excerpt(id)} is not a type identifier (scheme#term)`);
      ids.push(id);
    }
    i = end + 1;
  }
  return ids;
}

/**
 * An `attribute-list` (§4.1): names, each with optional `{immutable required}`
 * properties. Text discovery carries nothing else (spec README erratum 4).
 */
export function readAttributeList(text: string, term: string, at: Position): Record<string, AttributeSpec> {
  const out: Record<string, AttributeSpec> = {};
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && text[i] !== ' ' && text[i] !== '\t' && text[i] !== '{' && text[i] !== '}') i++;
    const name = text.slice(start, i);
    if (name === '')
      throw parseError(at, `Category ${term}: attributes: unexpected ${excerpt(text.slice(i))}`);
    if (!TERM_PATTERN.test(name))
      throw parseError(at, `Category ${term}: attributes: ${excerpt(name)} is not an attribute name`);
    let mutable = true;
    let required = false;
    let j = i;
    while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
    if (text[j] === '{') {
      const close = text.indexOf('}', j);
      if (close < 0) throw parseError(at, `Category ${term}: attributes: "{" after ${name} is not closed`);
      for (const property of text.slice(j + 1, close).split(/[ \t]+/)) {
        if (property === 'immutable') mutable = false;
        else if (property === 'required') required = true;
        else if (property !== '')
          throw parseError(
            at,
            `Category ${term}: attributes: unknown property ${excerpt(property)} of ${name}; expected immutable or required`,
          );
      }
      i = close + 1;
    }
    if (out[name] !== undefined)
      throw parseError(at, `Category ${term}: attributes: ${name} is listed twice`);
    out[name] = { mutable, required };
  }
  return out;
}

/** `term; scheme="..."; class="..."`: a reference to a category, as in entity renderings. */
export function categoryReference(id: TypeIdentifier, cls: CategoryClass): string {
  const split = splitTypeIdentifier(id);
  const term = split?.term ?? id;
  const scheme = split?.scheme ?? '';
  return `${TERM_PATTERN.test(term) ? term : `term=${quote(term, true)}`}; scheme=${quote(scheme, true)}; class="${cls}"`;
}

/** A complete Category value for the query interface (§5.2): title, rel, location, attributes, actions. */
export function renderCategory(category: Category, inHeader: boolean): string {
  const term = TERM_PATTERN.test(category.term) ? category.term : `term=${quote(category.term, true)}`;
  let out = `${term}; scheme=${quote(category.scheme, true)}; class="${category.class}"`;
  if (category.title !== undefined) out += `; title=${quote(category.title, inHeader)}`;
  if (category.class === 'kind' && category.parent !== undefined)
    out += `; rel=${quote(category.parent, true)}`;
  // §5.5.2: only Mixin.depends is rendered to rel, and only its first value.
  if (category.class === 'mixin' && category.depends.length > 0)
    out += `; rel=${quote(category.depends[0]!, true)}`;
  if (category.class !== 'action' && category.location !== undefined) {
    out += `; location="${uriReference(category.location)}"`;
  }
  if (category.attributes.size > 0) {
    let list = '';
    for (const a of category.attributes.values()) {
      if (list !== '') list += ' ';
      list += a.name;
      if (!a.mutable || a.required)
        list += !a.mutable ? (a.required ? '{immutable required}' : '{immutable}') : '{required}';
    }
    out += `; attributes=${quote(list, true)}`;
  }
  // §5.2.3: an Action has no actions reference.
  if (category.class !== 'action' && category.actions.length > 0)
    out += `; actions=${quote(category.actions.join(' '), true)}`;
  return out;
}
