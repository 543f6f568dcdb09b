/**
 * What `occi parse` checks itself, on a message the rendering read without
 * an error: what the documents require that a server's parser may leave to
 * the model (a kind for every entity, one definition per category), and
 * what is non-conformant but unambiguous (warnings).
 */
import type { CategoryCollection, EntityDraft, Kind, Mixin } from '@occi/core';
import type { Finding, Parsed } from './check-message.js';
import { collectionPointers, jsonDocument, pointerTo } from './positions.js';
import type { RawMessage } from './raw-message.js';
import { splitElements, textCategoryId } from './raw-message.js';

/** Entity itself has no location (JSON §3.2.1 Table 5); every other kind has one. */
const ENTITY_KIND = 'http://schemas.ogf.org/occi/core#entity';

/**
 * JSON §3.1.1 Table 1 and §3.1.2 Table 3: `kind` and `id` have multiplicity
 * 1, for inline links too ("fully rendered instances"). A missing kind is an
 * error (Core §5.4.1: an entity has exactly one); a missing id a warning —
 * a create request that leaves the id to the provider is unambiguous.
 */
function jsonEntity(draft: EntityDraft, pointer: string, link: boolean, out: Finding[]): void {
  const table =
    link || draft.source !== undefined || draft.target !== undefined ? '§3.1.2 Table 3' : '§3.1.1 Table 1';
  if (draft.kind === undefined)
    out.push({
      code: 'missing-kind',
      message: `missing; an entity names its kind (JSON ${table}: kind, multiplicity 1)`,
      pointer: pointerTo(pointer, 'kind'),
    });
  if (draft.id === undefined)
    out.push({
      code: 'other',
      message: `missing; JSON ${table} gives id multiplicity 1 (read as a request that leaves the id to the provider)`,
      pointer: pointerTo(pointer, 'id'),
      warning: true,
    });
  (draft.links ?? []).forEach((l, j) => {
    jsonEntity(l as EntityDraft, pointerTo(pointerTo(pointer, 'links'), j), true, out);
  });
}

/** GFD.229 §5.1.1, §5.1.2: `1*( Category CRLF )`, the entity's kind among them (Core §5.4.1: exactly one). */
function textEntity(draft: EntityDraft, message: RawMessage, out: Finding[]): void {
  if (draft.kind !== undefined) return;
  const categories = message.fields.some((f) => f.name === 'category');
  out.push({
    code: 'missing-kind',
    message: categories
      ? 'no Category of class "kind": an entity rendering names the entity\'s kind (GFD.229 §5.1.1; Core §5.4.1: exactly one)'
      : "no Category: an entity rendering starts with 1*(Category CRLF), the entity's kind among them (GFD.229 §5.1.1)",
  });
}

/** GFD.229 §5.1: an entity rendering is Category, Link and X-OCCI-Attribute; X-OCCI-Location is a collection's (§5.3). */
function textLocations(message: RawMessage, out: Finding[]): void {
  for (const f of message.fields)
    if (f.name === 'x-occi-location')
      out.push({
        code: 'parse-error',
        message:
          'X-OCCI-Location has no place in an entity rendering (GFD.229 §5.1: Category, Link and X-OCCI-Attribute; locations are an entity collection, §5.3)',
        inputLine: f.line,
      });
}

const twice = (id: string, first: string): string =>
  `Category ${id} is defined twice (first ${first}); a Category is identified by its scheme and term (Core §5.3.1)`;

/** Core §5.3.1: scheme + term identify a Category uniquely; a collection defining one twice is invalid. */
function duplicates(categories: CategoryCollection, message: RawMessage, out: Finding[]): void {
  if (message.format !== 'json') {
    const seen = new Map<string, number>();
    for (const f of message.fields) {
      if (f.name !== 'category') continue;
      for (const value of splitElements(f.value)) {
        const id = textCategoryId(value);
        if (id === undefined) continue;
        const first = seen.get(id);
        if (first === undefined) seen.set(id, f.line);
        else
          out.push({
            code: 'duplicate',
            message: twice(id, `on line ${first}`),
            category: id,
            inputLine: f.line,
          });
      }
    }
    return;
  }
  const document = jsonDocument(message);
  const seen = new Map<string, string>();
  const lone = 'term' in document || 'scheme' in document;
  for (const [key, list] of [
    ['kinds', categories.kinds],
    ['mixins', categories.mixins],
    ['actions', categories.actions],
  ] as const) {
    list.forEach((c, i) => {
      const id = c.scheme + c.term;
      const pointer = lone ? '' : pointerTo(pointerTo('', key), i);
      const first = seen.get(id);
      if (first === undefined) seen.set(id, pointer);
      else out.push({ code: 'duplicate', message: twice(id, `at ${first}`), category: id, pointer });
    });
  }
}

/**
 * JSON §3.2.2 Table 6: a mixin's `location` has multiplicity 1 (the
 * schema requires it); §3.2.1 Table 5: a kind's "MUST be supplied" but for
 * Entity's. Missing, the category is still unambiguous: warnings.
 */
function jsonLocations(categories: CategoryCollection, message: RawMessage, out: Finding[]): void {
  const document = jsonDocument(message);
  const lone = 'term' in document || 'scheme' in document;
  const at = (key: string, i: number) =>
    lone ? '/location' : pointerTo(pointerTo(pointerTo('', key), i), 'location');
  categories.kinds.forEach((k, i) => {
    if ((k as Kind).location === undefined && k.scheme + k.term !== ENTITY_KIND)
      out.push({
        code: 'invalid-location',
        message: `missing; JSON §3.2.1 Table 5: the location of a kind MUST be supplied (kind ${k.scheme + k.term})`,
        category: k.scheme + k.term,
        pointer: at('kinds', i),
        warning: true,
      });
  });
  categories.mixins.forEach((m, i) => {
    if ((m as Mixin).location === undefined)
      out.push({
        code: 'invalid-location',
        message: `missing; JSON §3.2.2 Table 6 gives the location of a mixin multiplicity 1 (mixin ${m.scheme + m.term})`,
        category: m.scheme + m.term,
        pointer: at('mixins', i),
        warning: true,
      });
  });
}

function categoryChecks(categories: CategoryCollection, message: RawMessage, out: Finding[]): void {
  duplicates(categories, message, out);
  if (message.format === 'json') jsonLocations(categories, message, out);
}

/** Each entity of a JSON collection (JSON §3.3). */
function jsonCollection(entities: readonly EntityDraft[], message: RawMessage, out: Finding[]): void {
  const pointers = collectionPointers(entities.length, message);
  entities.forEach((e, i) => {
    jsonEntity(e, pointers[i]!, pointers[i]!.startsWith('/links/'), out);
  });
}

/** The problems and warnings of `occi parse`'s own checks, on a message parsed without an error. */
export function checkConformance(parsed: Parsed, message: RawMessage): Finding[] {
  const out: Finding[] = [];
  const json = message.format === 'json';
  switch (parsed.type) {
    case 'entity':
      if (json) jsonEntity(parsed.value, '', false, out);
      else {
        textEntity(parsed.value, message, out);
        textLocations(message, out);
      }
      break;
    case 'update':
      if (!json) textLocations(message, out);
      break;
    case 'collection':
      if (json) jsonCollection(parsed.value.entities, message, out);
      break;
    case 'categories':
      categoryChecks(parsed.value, message, out);
      break;
    case 'model':
      jsonCollection(parsed.value.entities, message, out);
      categoryChecks(parsed.value.categories, message, out);
      break;
    case 'action':
      break;
  }
  return out;
}
