/**
 * Category Instance Rendering (JSON §3.2): Kind (§3.2.1), Mixin (§3.2.2)
 * and Action (§3.2.3) as JSON hashmaps.
 */
import type {
  Action,
  ActionDefinition,
  Category,
  CategoryClass,
  Kind,
  KindDefinition,
  Mixin,
  MixinDefinition,
  Model,
  Problem,
} from '@occi/core';
import { actionFromDefinition, kindFromDefinition, mixinFromDefinition } from '@occi/core';
import {
  type AttributeDescription,
  parseAttributeDescriptions,
  renderAttributeDescriptions,
} from './attribute-description-rendering.js';
import {
  expectObject,
  expectString,
  expectStringArray,
  type JsonObject,
  type ParseLimits,
  pointerTo,
  structureError,
  tooDeep,
  unknownMember,
} from './document.js';
import { readLocation } from './locations.js';

/** The JSON form of a kind (JSON §3.2.1). */
export interface KindRendering {
  term: string;
  scheme: string;
  title?: string;
  attributes: Record<string, AttributeDescription>;
  actions: string[];
  parent?: string;
  location?: string;
}

/** The JSON form of a mixin (JSON §3.2.2). */
export interface MixinRendering {
  term: string;
  scheme: string;
  title?: string;
  attributes: Record<string, AttributeDescription>;
  actions: string[];
  depends: string[];
  applies: string[];
  location?: string;
}

/** The JSON form of an action (JSON §3.2.3). */
export interface ActionRendering {
  term: string;
  scheme: string;
  title?: string;
  attributes: Record<string, AttributeDescription>;
}

/** Renders a kind with its members in the order of JSON §3.2.1; `attributes` and `actions` always present. */
export function renderKind(kind: Kind): KindRendering {
  const out: KindRendering = { term: kind.term, scheme: kind.scheme, attributes: {}, actions: [] };
  if (kind.title !== undefined) out.title = kind.title;
  out.attributes = renderAttributeDescriptions(kind.attributes);
  out.actions = [...kind.actions];
  if (kind.parent !== undefined) out.parent = kind.parent;
  // JSON §3.2.1: location MUST be supplied for the kinds of all entities except Entity itself.
  if (kind.location !== undefined) out.location = kind.location;
  return out;
}

/** Renders a mixin with its members in the order of JSON §3.2.2; list members always present. */
export function renderMixin(mixin: Mixin): MixinRendering {
  const out: MixinRendering = {
    term: mixin.term,
    scheme: mixin.scheme,
    attributes: {},
    actions: [],
    depends: [],
    applies: [],
  };
  if (mixin.title !== undefined) out.title = mixin.title;
  out.attributes = renderAttributeDescriptions(mixin.attributes);
  out.actions = [...mixin.actions];
  out.depends = [...mixin.depends];
  out.applies = [...mixin.applies];
  if (mixin.location !== undefined) out.location = mixin.location;
  return out;
}

/** Renders an action (JSON §3.2.3). */
export function renderAction(action: Action): ActionRendering {
  const out: ActionRendering = { term: action.term, scheme: action.scheme, attributes: {} };
  if (action.title !== undefined) out.title = action.title;
  out.attributes = renderAttributeDescriptions(action.attributes);
  return out;
}

const MEMBERS: Record<CategoryClass, readonly string[]> = {
  kind: ['term', 'scheme', 'title', 'attributes', 'actions', 'parent', 'location'],
  mixin: ['term', 'scheme', 'title', 'attributes', 'actions', 'depends', 'applies', 'location'],
  action: ['term', 'scheme', 'title', 'attributes'],
};

const ANY_MEMBER = new Set([...MEMBERS.kind, ...MEMBERS.mixin]);

/**
 * Which class a lone category object is: the class the model gives its
 * type identifier; otherwise a kind when it names a `parent`; a mixin when
 * it has any other member a kind or mixin has and an action has not
 * (`depends`, `applies`, `actions`, `location`); else an action (its
 * members are `term`, `scheme`, `title` and `attributes` only).
 */
function classOf(object: JsonObject, model: Model): CategoryClass {
  if (typeof object.scheme === 'string' && typeof object.term === 'string') {
    const known = model.get(object.scheme + object.term);
    if (known !== undefined) return known.class;
  }
  if (Object.hasOwn(object, 'parent')) return 'kind';
  for (const key in object) if (!MEMBERS.action.includes(key)) return 'mixin';
  return 'action';
}

export interface CategoryParseContext {
  model: Model;
  baseUrl: string;
  limits: ParseLimits;
  /** Where what was read although the document does not allow it is noted (see `ParseContext.warnings`). */
  notes?: Problem[];
}

/**
 * Parses a kind, mixin or action object (JSON §3.2). `cls` is the class
 * the enclosing collection says (`kinds`, `mixins`, `actions`); for a lone
 * object it is inferred (see `classOf`). `term` and `scheme` are required;
 * a mixin's `location` is left to the caller to require (a query filter
 * names mixins without one). Locations given as absolute URLs under the
 * base URL become paths.
 */
export function parseCategoryObject(
  value: unknown,
  pointer: string,
  depth: number,
  cls: CategoryClass | undefined,
  context: CategoryParseContext,
): Category {
  const { limits } = context;
  const object = expectObject(value, pointer, `a ${cls ?? 'category'} object`);
  if (depth > limits.maxDepth) throw tooDeep(pointer, limits);
  const actual = cls ?? classOf(object, context.model);
  const members = MEMBERS[actual];
  const definition: Record<string, unknown> = {};
  for (const key in object) {
    const item = object[key];
    const at = pointerTo(pointer, key);
    if (!members.includes(key)) {
      if (cls === undefined && ANY_MEMBER.has(key))
        throw structureError(at, `a ${actual} has no "${key}" member (members: ${members.join(', ')})`);
      throw unknownMember(pointer, key, `a ${actual} rendering`, members);
    }
    switch (key) {
      case 'attributes':
        definition.attributes = parseAttributeDescriptions(item, at, depth + 1, limits);
        break;
      case 'actions':
      case 'depends':
      case 'applies':
        definition[key] = [...expectStringArray(item, at)];
        break;
      case 'location':
        definition.location = readLocation(expectString(item, at), at, context, 'location');
        break;
      default:
        definition[key] = expectString(item, at);
    }
  }
  // JSON §3.2.1–3.2.3: term and scheme have multiplicity 1.
  for (const required of ['scheme', 'term']) {
    if (definition[required] === undefined)
      throw structureError(pointerTo(pointer, required), `missing; a ${actual} has a ${required}`);
  }
  if (actual === 'kind') return kindFromDefinition(definition as unknown as KindDefinition);
  if (actual === 'mixin') return mixinFromDefinition(definition as unknown as MixinDefinition);
  return actionFromDefinition(definition as unknown as ActionDefinition);
}
