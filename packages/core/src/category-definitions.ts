/**
 * Categories from their definitions in an extension document (Core §5.3:
 * Kind, Mixin, Action with their attributes) and back: what the Model is
 * built from, and what renderings and user-mixin records carry.
 */
import { type Attribute, defineAttribute } from './attribute.js';
import type { Action, Category, Kind, Mixin } from './category.js';
import type { ActionDefinition, KindDefinition, MixinDefinition } from './extension-document.js';

function attributesOf(specs: KindDefinition['attributes']): ReadonlyMap<string, Attribute> {
  const map = new Map<string, Attribute>();
  for (const [name, spec] of Object.entries(specs ?? {})) map.set(name, defineAttribute(name, spec));
  return map;
}

function withOptional<T extends object>(target: T, key: string, value: unknown): T {
  if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  return target;
}

export function kindFromDefinition(d: KindDefinition): Kind {
  const kind = {
    class: 'kind',
    scheme: d.scheme,
    term: d.term,
    attributes: attributesOf(d.attributes),
    actions: d.actions ?? [],
  };
  withOptional(kind, 'title', d.title);
  withOptional(kind, 'parent', d.parent);
  withOptional(kind, 'location', d.location);
  return kind as Kind;
}

export function mixinFromDefinition(d: MixinDefinition, owner?: string): Mixin {
  const mixin = {
    class: 'mixin',
    scheme: d.scheme,
    term: d.term,
    attributes: attributesOf(d.attributes),
    depends: d.depends ?? [],
    applies: d.applies ?? [],
    actions: d.actions ?? [],
  };
  withOptional(mixin, 'title', d.title);
  withOptional(mixin, 'location', d.location);
  withOptional(mixin, 'owner', owner);
  return mixin as Mixin;
}

export function actionFromDefinition(d: ActionDefinition): Action {
  const action = { class: 'action', scheme: d.scheme, term: d.term, attributes: attributesOf(d.attributes) };
  withOptional(action, 'title', d.title);
  return action as Action;
}

/** The definition (plain JSON) of a category, as an extension would write it. */
export function categoryDefinition(category: Category): KindDefinition | MixinDefinition | ActionDefinition {
  const attributes: NonNullable<KindDefinition['attributes']> = {};
  for (const a of category.attributes.values()) {
    const spec: Record<string, unknown> = { type: a.type, mutable: a.mutable, required: a.required };
    withOptional(spec, 'pattern', a.pattern);
    withOptional(spec, 'default', a.default);
    withOptional(spec, 'description', a.description);
    attributes[a.name] = spec;
  }
  const d: Record<string, unknown> = { scheme: category.scheme, term: category.term };
  withOptional(d, 'title', category.title);
  if (category.attributes.size > 0) d.attributes = attributes;
  if (category.class === 'kind') {
    withOptional(d, 'parent', category.parent);
    if (category.actions.length > 0) d.actions = [...category.actions];
    withOptional(d, 'location', category.location);
  } else if (category.class === 'mixin') {
    if (category.depends.length > 0) d.depends = [...category.depends];
    if (category.applies.length > 0) d.applies = [...category.applies];
    if (category.actions.length > 0) d.actions = [...category.actions];
    withOptional(d, 'location', category.location);
  }
  return d as unknown as KindDefinition;
}
