/**
 * The four fields of the text renderings (GFD.229 §4), read from a text/plain
 * body or from header fields into typed values, and written through a
 * `FieldWriter` that lays them out as lines or as header fields.
 */
import type { AttributeRepr } from './abnf/attribute.js';
import { readAttribute } from './abnf/attribute.js';
import type { CategoryValue } from './abnf/category.js';
import { readCategory } from './abnf/category.js';
import type { FieldValue } from './abnf/field-value.js';
import type { LinkValue } from './abnf/link.js';
import { readLink } from './abnf/link.js';
import { readLocation } from './abnf/location.js';
import type { Note, Position } from './position.js';

export type FieldName = 'category' | 'link' | 'x-occi-attribute' | 'x-occi-location';

/** The names as the documents spell them, for text/plain lines. */
export const FIELD_NAMES: Readonly<Record<FieldName, string>> = {
  category: 'Category',
  link: 'Link',
  'x-occi-attribute': 'X-OCCI-Attribute',
  'x-occi-location': 'X-OCCI-Location',
};

/**
 * The field a name denotes (names are case-insensitive), or undefined.
 * Besides the documents' names, `X-OCCI-Category` and `X-OCCI-Link` are read
 * as Category and Link: rOCCI sends its text/occi headers so (see README).
 */
export function fieldName(name: string): FieldName | undefined {
  return documentFieldName(name) ?? otherFieldName(name);
}

/** The field a name spelt as the documents spell it denotes (`Category`, …), or undefined. */
function documentFieldName(name: string): FieldName | undefined {
  switch (name) {
    case 'Category':
      return 'category';
    case 'Link':
      return 'link';
    case 'X-OCCI-Attribute':
      return 'x-occi-attribute';
    case 'X-OCCI-Location':
      return 'x-occi-location';
  }
  return undefined;
}

/**
 * `documentFieldName` of the text from `start` to `end` of `s`, compared in
 * place: slices of fewer than 13 characters are copies that compare in
 * native code, longer ones are views whose comparison is a runtime call, so
 * the two long names are compared in two pieces.
 */
export function documentFieldNameAt(s: string, start: number, end: number): FieldName | undefined {
  switch (end - start) {
    case 8:
      return s.slice(start, end) === 'Category' ? 'category' : undefined;
    case 4:
      return s.slice(start, end) === 'Link' ? 'link' : undefined;
    case 16:
      return s.slice(start, start + 8) === 'X-OCCI-A' && s.slice(start + 8, end) === 'ttribute'
        ? 'x-occi-attribute'
        : undefined;
    case 15:
      return s.slice(start, start + 8) === 'X-OCCI-L' && s.slice(start + 8, end) === 'ocation'
        ? 'x-occi-location'
        : undefined;
  }
  return undefined;
}

/** The field a name spelt otherwise denotes (case-insensitive, rOCCI's names), or undefined. */
export function otherFieldName(name: string): FieldName | undefined {
  switch (name.toLowerCase()) {
    case 'category':
    case 'x-occi-category':
      return 'category';
    case 'link':
    case 'x-occi-link':
      return 'link';
    case 'x-occi-attribute':
      return 'x-occi-attribute';
    case 'x-occi-location':
      return 'x-occi-location';
  }
  return undefined;
}

export interface LocationValue {
  uri: string;
  at: Position;
}

/** Everything a message carried, in order of appearance per field. */
export interface Fields {
  categories: CategoryValue[];
  links: LinkValue[];
  attributes: AttributeRepr[];
  locations: LocationValue[];
  /** What was read although the document does not allow it (see `report`). */
  notes: Note[];
  /** Where to report a field that is missing: the last line, or the header field. */
  missing(name: FieldName): Position;
}

export function emptyFields(missing: (name: FieldName) => Position): Fields {
  return { categories: [], links: [], attributes: [], locations: [], notes: [], missing };
}

/**
 * Notes a field sent under rOCCI's name (`X-OCCI-Category`, `X-OCCI-Link`)
 * instead of the document's (§7: `Category`, `Link`), once per name.
 */
export function noteFieldName(fields: Fields, sent: string, name: FieldName, at: Position): void {
  if (name !== 'category' && name !== 'link') return;
  const lower = sent.toLowerCase();
  if (lower !== 'x-occi-category' && lower !== 'x-occi-link') return;
  const rocci = lower === 'x-occi-category' ? 'X-OCCI-Category' : 'X-OCCI-Link';
  const message = `${rocci} is rOCCI's name for ${FIELD_NAMES[name]}, not a field of GFD.229 (§6, §7); read as ${FIELD_NAMES[name]}`;
  if (fields.notes.some((n) => n.message === message)) return;
  fields.notes.push({ code: 'non-standard', message, at });
}

/** The order of §5.1: Category, then Link, then X-OCCI-Attribute (X-OCCI-Location has no place in it). */
function rankOf(name: FieldName): number {
  switch (name) {
    case 'category':
      return 0;
    case 'link':
      return 1;
    case 'x-occi-attribute':
      return 2;
    default:
      return -1;
  }
}

/**
 * Lines of a text/plain body in the order §5.1 gives them: a field after
 * one that comes later is read all the same, and noted once per field name.
 * It keeps the first line of each ranked field read so far; a line whose
 * field ranks at least as high as every field before it (the usual case)
 * costs one comparison.
 */
export class FieldOrder {
  /** First line of Category, Link and X-OCCI-Attribute (by rank), 0 while none was read. */
  readonly #first = [0, 0, 0];
  #highest = -1;
  /** Ranks already noted as out of order (bits). */
  #noted = 0;

  note(fields: Fields, name: FieldName, line: number): void {
    const rank = rankOf(name);
    if (rank < 0) return;
    const first = this.#first;
    if (rank < this.#highest && (this.#noted & (1 << rank)) === 0) {
      // The field read first among those that rank later (lines only grow: the smallest first line).
      let later = -1;
      for (let r = rank + 1; r < first.length; r++)
        if (first[r]! > 0 && (later < 0 || first[r]! < first[later]!)) later = r;
      this.#noted |= 1 << rank;
      fields.notes.push({
        code: 'field-order',
        message: `${FIELD_NAMES[name]} after ${FIELD_NAMES[BY_RANK[later]!]} (line ${first[later]}): GFD.229 §5.1 puts the Category lines first, then Link, then X-OCCI-Attribute; read all the same`,
        at: { line },
      });
    }
    if (first[rank] === 0) first[rank] = line;
    if (rank > this.#highest) this.#highest = rank;
  }
}

const BY_RANK: readonly FieldName[] = ['category', 'link', 'x-occi-attribute'];

/** Reads one field value, a comma-separated list (the `#` rule of §4), from the cursor `c` into `fields`. */
export function readField(fields: Fields, name: FieldName, c: FieldValue): void {
  switch (name) {
    case 'category':
      while (c.nextElement()) {
        const category = readCategory(c);
        if (category.termForm !== undefined)
          fields.notes.push({
            code: 'non-standard',
            message: `Category ${category.scheme}${category.term}: its term is written ${category.termForm === '"term"' ? `"${category.term}"` : `term="${category.term}"`}, where §4.1 has a bare token; read as ${category.term}`,
            at: category.at,
            category: category.scheme + category.term,
          });
        fields.categories.push(category);
        c.endElement('a Category value');
      }
      return;
    case 'link':
      while (c.nextElement()) {
        fields.links.push(readLink(c));
        c.endElement('a Link value');
      }
      return;
    case 'x-occi-attribute':
      while (c.nextElement()) {
        fields.attributes.push(readAttribute(c));
        c.endElement('an attribute value');
      }
      return;
    case 'x-occi-location':
      while (c.nextElement()) {
        fields.locations.push({ uri: readLocation(c), at: c.at });
        c.endElement('a location');
      }
      return;
  }
}

/** Where rendered field values go: lines of a body, or header fields. */
export interface FieldWriter {
  /** True for header fields: quoted strings then carry only ASCII (`\uXXXX` escapes). */
  readonly inHeader: boolean;
  add(name: FieldName, value: string): void;
}
