/**
 * Category Collection Rendering (JSON §3.4): kinds under `kinds` (§3.4.1),
 * mixins under `mixins` (§3.4.2), actions under `actions` (§3.4.3); the
 * query interface answers with all three, the schema's `model` document.
 */
import type { Category, CategoryClass, CategoryCollection } from '@occi/core';
import {
  type ActionRendering,
  type CategoryParseContext,
  type KindRendering,
  type MixinRendering,
  parseCategoryObject,
  renderAction,
  renderKind,
  renderMixin,
} from './category-rendering.js';
import { expectArray, expectObject, pointerTo, tooDeep, unknownMember } from './document.js';

/** The JSON form of a category collection. */
export interface CategoryCollectionRendering {
  kinds: KindRendering[];
  mixins: MixinRendering[];
  actions: ActionRendering[];
}

/**
 * Renders `{"kinds":[...],"mixins":[...],"actions":[...]}`, every member
 * present; each category goes to the list of its own class.
 */
export function renderCategoryCollectionObject(categories: CategoryCollection): CategoryCollectionRendering {
  const out: CategoryCollectionRendering = { kinds: [], mixins: [], actions: [] };
  for (const list of [categories.kinds, categories.mixins, categories.actions]) {
    for (const category of list) {
      if (category.class === 'kind') out.kinds.push(renderKind(category));
      else if (category.class === 'mixin') out.mixins.push(renderMixin(category));
      else out.actions.push(renderAction(category));
    }
  }
  return out;
}

const COLLECTIONS: Record<string, CategoryClass> = { kinds: 'kind', mixins: 'mixin', actions: 'action' };
const MEMBERS = ['kinds', 'mixins', 'actions'] as const;

/**
 * Parses a category collection: any of `kinds`, `mixins` and `actions`
 * (a full model document included), or a lone kind, mixin or action object
 * — recognised by its `term` or `scheme` member. Every category lands in
 * the list of its class.
 */
export function parseCategoryCollectionObject(
  value: unknown,
  context: CategoryParseContext,
): CategoryCollection {
  const object = expectObject(
    value,
    '',
    'an object with "kinds", "mixins" or "actions", or a category object',
  );
  const out: CategoryCollection = { kinds: [], mixins: [], actions: [] };
  const add = (category: Category) => {
    if (category.class === 'kind') out.kinds.push(category);
    else if (category.class === 'mixin') out.mixins.push(category);
    else out.actions.push(category);
  };
  if (Object.hasOwn(object, 'term') || Object.hasOwn(object, 'scheme')) {
    add(parseCategoryObject(object, '', 1, undefined, context));
    return out;
  }
  for (const key of Object.keys(object)) {
    if (!Object.hasOwn(COLLECTIONS, key))
      throw unknownMember('', key, 'a category collection rendering', MEMBERS);
  }
  for (const key of MEMBERS) {
    if (!Object.hasOwn(object, key)) continue;
    const at = pointerTo('', key);
    const cls = COLLECTIONS[key]!;
    const list = expectArray(object[key], at, `an array of ${cls} objects`);
    if (2 > context.limits.maxDepth) throw tooDeep(at, context.limits);
    for (let i = 0; i < list.length; i++)
      add(parseCategoryObject(list[i], pointerTo(at, i), 3, cls, context));
  }
  return out;
}
