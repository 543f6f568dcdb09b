/**
 * Category instance and collection rendering (GFD.229 §5.2, §5.4): one
 * complete Category value per Kind, Mixin and Action; reading them back
 * into categories (lossy: erratum 4).
 */
import type { CategoryCollection, ParseContext, RenderContext } from '@occi/core';
import { actionFromDefinition, kindFromDefinition, mixinFromDefinition } from '@occi/core';
import type { CategoryValue } from '../abnf/category.js';
import { readAttributeList, renderCategory, typeIdentifiers } from '../abnf/category.js';
import type { Fields, FieldWriter } from '../fields.js';
import { toPath } from '../locations.js';
import { parseError } from '../position.js';
import { onlyFields } from './message-fields.js';

export function writeCategories(
  categories: CategoryCollection,
  _context: RenderContext,
  w: FieldWriter,
): void {
  for (const k of categories.kinds) w.add('category', renderCategory(k, w.inHeader));
  for (const m of categories.mixins) w.add('category', renderCategory(m, w.inHeader));
  for (const a of categories.actions) w.add('category', renderCategory(a, w.inHeader));
}

function definition(c: CategoryValue, context: ParseContext) {
  const d: {
    scheme: string;
    term: string;
    title?: string;
    attributes?: ReturnType<typeof readAttributeList>;
    actions?: string[];
    location?: string;
  } = { scheme: c.scheme, term: c.term };
  if (c.title !== undefined) d.title = c.title;
  if (c.attributes !== undefined) d.attributes = readAttributeList(c.attributes, c.term, c.at);
  if (c.actions !== undefined) d.actions = typeIdentifiers(c.actions, `Category ${c.term} actions`, c.at);
  if (c.location !== undefined) {
    if (c.location === '') throw parseError(c.at, `Category ${c.term}: location is empty`);
    d.location = toPath(c.location, context.baseUrl);
  }
  return d;
}

/** Reads Category values into Kinds, Mixins and Actions (§5.4). */
export function readCategories(fields: Fields, context: ParseContext): CategoryCollection {
  onlyFields(fields, ['category'], 'a category collection (only Category, §5.4)');
  const out: CategoryCollection = { kinds: [], mixins: [], actions: [] };
  for (const c of fields.categories) {
    const d = definition(c, context);
    const rel = c.rel !== undefined ? typeIdentifiers(c.rel, `Category ${c.term} rel`, c.at) : [];
    if (c.class === 'kind') {
      if (rel.length > 1)
        throw parseError(c.at, `Category ${c.term}: a kind has one parent, rel lists ${rel.length}`);
      out.kinds.push(kindFromDefinition(rel[0] !== undefined ? { ...d, parent: rel[0] } : d));
    } else if (c.class === 'mixin') {
      // §5.5.2: rel carries Mixin.depends (its first value); several are accepted.
      out.mixins.push(mixinFromDefinition(rel.length > 0 ? { ...d, depends: rel } : d));
    } else {
      if (d.actions !== undefined)
        throw parseError(c.at, `Category ${c.term}: an action has no actions (§5.2.3)`);
      if (d.location !== undefined) throw parseError(c.at, `Category ${c.term}: an action has no location`);
      const { actions: _a, location: _l, ...action } = d;
      out.actions.push(actionFromDefinition(action));
    }
  }
  return out;
}
