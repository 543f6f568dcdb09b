/**
 * Category instance and collection rendering (GFD.229 §5.2, §5.4): one
 * complete Category value per Kind, Mixin and Action; reading them back
 * into categories (lossy: erratum 4).
 */
import type { CategoryCollection, Mixin, ParseContext, RenderContext, TypeIdentifier } from '@occi/core';
import { actionFromDefinition, kindFromDefinition, mixinFromDefinition, OcciError } from '@occi/core';
import type { CategoryValue } from '../abnf/category.js';
import { readAttributeList, renderCategory, typeIdentifiers } from '../abnf/category.js';
import type { Fields, FieldWriter } from '../fields.js';
import { readReference } from '../locations.js';
import { type Note, parseError, report } from '../position.js';
import { readClass } from './category-class.js';
import { onlyFields } from './message-fields.js';
import { requestCategoryReference } from './request-values.js';

export function writeCategories(
  categories: CategoryCollection,
  _context: RenderContext,
  w: FieldWriter,
): void {
  for (const k of categories.kinds) w.add('category', renderCategory(k, w.inHeader));
  for (const m of categories.mixins) w.add('category', renderCategory(m, w.inHeader));
  for (const a of categories.actions) w.add('category', renderCategory(a, w.inHeader));
}

/**
 * Why a mixin definition cannot travel whole in a Category value, if it
 * cannot: `rel` carries only the first of `depends` (§5.5.2), `applies` has
 * no form (§5.2), and attribute lists carry only names and
 * `{immutable required}` (spec README erratum 4).
 */
function lostInText(mixin: Mixin): string | undefined {
  if (mixin.applies.length > 0) return '"applies" has no form in a Category value (§5.2)';
  if (mixin.depends.length > 1) return '"rel" carries only the first of "depends" (§5.5.2)';
  for (const a of mixin.attributes.values())
    if (
      a.type !== 'string' ||
      a.pattern !== undefined ||
      a.default !== undefined ||
      a.description !== undefined
    )
      return `attribute ${a.name}: only its name and {immutable required} travel in text (erratum 4)`;
  return undefined;
}

/**
 * Writes user mixins to define (HTTP §7.3) as complete Category values
 * (§5.2.2); a definition the text cannot carry whole is refused, so that a
 * client sends it in a rendering that can.
 */
export function writeMixinDefinitions(mixins: readonly Mixin[], w: FieldWriter): void {
  for (const m of mixins) {
    const id = m.scheme + m.term;
    requestCategoryReference(id, 'mixin');
    const lost = lostInText(m);
    if (lost !== undefined)
      throw new OcciError('bad-request', {
        code: 'other',
        message: `mixin ${id}: ${lost}; send it in a rendering that carries it, such as application/occi+json`,
        category: id,
      });
    w.add('category', renderCategory(m, w.inHeader));
  }
}

/** Writes the user mixins to remove (HTTP §7.4): one Category reference each. */
export function writeMixinReferences(ids: readonly TypeIdentifier[], w: FieldWriter): void {
  for (const id of ids) w.add('category', requestCategoryReference(id, 'mixin'));
}

function definition(c: CategoryValue, context: ParseContext, notes: Note[]) {
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
    d.location = readReference(c.location, context, c.at, notes, `Category ${c.term} location`, 'location');
  }
  return d;
}

/** Reads Category values into Kinds, Mixins and Actions (§5.4). */
export function readCategories(fields: Fields, context: ParseContext): CategoryCollection {
  onlyFields(fields, ['category'], 'a category collection (only Category, §5.4)');
  const out: CategoryCollection = { kinds: [], mixins: [], actions: [] };
  for (const c of fields.categories) {
    const cls = readClass(c, context, fields.notes);
    const d = definition(c, context, fields.notes);
    const rel = c.rel !== undefined ? typeIdentifiers(c.rel, `Category ${c.term} rel`, c.at) : [];
    if (cls === 'kind') {
      if (rel.length > 1)
        throw parseError(c.at, `Category ${c.term}: a kind has one parent, rel lists ${rel.length}`);
      out.kinds.push(kindFromDefinition(rel[0] !== undefined ? { ...d, parent: rel[0] } : d));
    } else if (cls === 'mixin') {
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
  report(fields.notes, context);
  return out;
}
