/**
 * Entity Instance Rendering (JSON §3.1): entities as JSON hashmaps, a
 * resource (§3.1.1) or a link (§3.1.2) depending on its Kind.
 */
import type { Entity, EntityDraft, EntityRef, Model, Problem } from '@occi/core';
import { CORE_ATTRIBUTES, isLink } from '@occi/core';
import { type CoreAttributeValues, parseAttributes } from './attribute-rendering.js';
import {
  expectArray,
  expected,
  expectObject,
  expectStringArray,
  isStringArray,
  type ParseLimits,
  pointerTo,
  structureError,
  tooDeep,
  unknownMember,
} from './document.js';
import { type LinkRendering, parseKindedUri, renderLink } from './link-rendering.js';
import { readLocation } from './locations.js';
import { type ResourceRendering, renderResource } from './resource-rendering.js';

const linkKinds = new WeakMap<Model, Map<string, boolean>>();

/** Whether a kind is Link or below (Core §5.4.3); undefined for a kind the model does not know. Cached per model. */
export function isLinkKind(kind: string, model: Model): boolean | undefined {
  let cache = linkKinds.get(model);
  if (cache === undefined) {
    cache = new Map();
    linkKinds.set(model, cache);
  }
  let known = cache.get(kind);
  if (known === undefined) {
    if (model.kind(kind) === undefined) return undefined;
    known = model.isLinkKind(kind);
    cache.set(kind, known);
  }
  return known;
}

/**
 * True when the entity is a link: its Kind is Link or below (Core §5.4.3);
 * for a Kind the model does not know, when it has a source and a target.
 */
export function isLinkEntity(entity: Entity, model: Model): boolean {
  return isLinkKind(entity.kind, model) ?? isLink(entity);
}

/** Renders an entity as a resource (JSON §3.1.1) or a link (JSON §3.1.2). */
export function renderEntityObject(
  entity: Entity,
  model: Model,
  baseUrl: string,
): ResourceRendering | LinkRendering {
  return isLinkEntity(entity, model) ? renderLink(entity, baseUrl) : renderResource(entity, baseUrl);
}

/** Which rendering an object in a request must be. */
export type EntityRole = 'resource' | 'link' | 'resource or link';

const RESOURCE_MEMBERS = [
  'kind',
  'mixins',
  'attributes',
  'actions',
  'id',
  'links',
  'summary',
  'title',
] as const;
// `rel` is in the schema's link definition, not in JSON §3.1.2; it is accepted and ignored.
const LINK_MEMBERS = [
  'kind',
  'mixins',
  'attributes',
  'actions',
  'id',
  'source',
  'target',
  'rel',
  'title',
] as const;
const ENTITY_MEMBERS = [...RESOURCE_MEMBERS, 'source', 'target', 'rel'] as const;

export interface EntityParseContext {
  model: Model;
  baseUrl: string;
  limits: ParseLimits;
  /**
   * Reading what a server answered (a client) rather than a request:
   * `actions` is kept, and `kind` and `id` are required (JSON §3.1.1,
   * §3.1.2: multiplicity 1).
   */
  response?: boolean;
  /** Where what was read although the document does not allow it is noted (see `ParseContext.warnings`). */
  notes?: Problem[];
}

function membersOf(role: EntityRole): readonly string[] {
  return role === 'resource' ? RESOURCE_MEMBERS : role === 'link' ? LINK_MEMBERS : ENTITY_MEMBERS;
}

/** A source or target with what `occi.core.*` attributes add; a kind without a location is refused, none invented. */
function refWith(
  ref: EntityRef | undefined,
  location: string | undefined,
  kind: string | undefined,
  at: string,
  name: string,
): EntityRef {
  const where = location ?? ref?.location;
  if (where === undefined) throw structureError(at, `${name}.kind is given without ${name}`);
  const out: EntityRef = { location: where };
  const k = kind ?? ref?.kind;
  if (k !== undefined) out.kind = k;
  return out;
}

/**
 * Puts `occi.core.*` values given among the attributes into the draft's
 * fields; a value that contradicts the member of the rendering is an error.
 */
function applyCoreAttributes(draft: EntityDraft, core: CoreAttributeValues, pointer: string): void {
  const at = (name: string) => pointerTo(pointerTo(pointer, 'attributes'), name);
  const agree = (name: string, member: string, current: string | undefined, value: string) => {
    if (current !== undefined && current !== value)
      throw structureError(at(name), `"${value}" contradicts ${pointerTo(pointer, member)} "${current}"`);
  };
  const id = core[CORE_ATTRIBUTES.id];
  if (id !== undefined) {
    agree(CORE_ATTRIBUTES.id, 'id', draft.id, id);
    draft.id = id;
  }
  const title = core[CORE_ATTRIBUTES.title];
  if (title !== undefined) {
    agree(CORE_ATTRIBUTES.title, 'title', draft.title, title);
    draft.title = title;
  }
  const summary = core[CORE_ATTRIBUTES.summary];
  if (summary !== undefined) {
    agree(CORE_ATTRIBUTES.summary, 'summary', draft.summary, summary);
    draft.summary = summary;
  }
  const source = core[CORE_ATTRIBUTES.source];
  const sourceKind = core[CORE_ATTRIBUTES.sourceKind];
  if (source !== undefined || sourceKind !== undefined) {
    if (source !== undefined)
      agree(CORE_ATTRIBUTES.source, 'source/location', draft.source?.location, source);
    if (sourceKind !== undefined)
      agree(CORE_ATTRIBUTES.sourceKind, 'source/kind', draft.source?.kind, sourceKind);
    draft.source = refWith(
      draft.source,
      source,
      sourceKind,
      at(CORE_ATTRIBUTES.sourceKind),
      CORE_ATTRIBUTES.source,
    );
  }
  const target = core[CORE_ATTRIBUTES.target];
  const targetKind = core[CORE_ATTRIBUTES.targetKind];
  if (target !== undefined || targetKind !== undefined) {
    if (target !== undefined)
      agree(CORE_ATTRIBUTES.target, 'target/location', draft.target?.location, target);
    if (targetKind !== undefined)
      agree(CORE_ATTRIBUTES.targetKind, 'target/kind', draft.target?.kind, targetKind);
    draft.target = refWith(
      draft.target,
      target,
      targetKind,
      at(CORE_ATTRIBUTES.targetKind),
      CORE_ATTRIBUTES.target,
    );
  }
}

/**
 * Parses a resource or link object into an entity draft. Requests may
 * leave out `kind` and `id` (a partial update has neither; a create lets
 * the provider choose the id), so only the types of the members given are
 * checked here; `actions` is read-only and ignored (JSON §3.1.1, §3.1.2).
 * A complete link (in a `links` array, `inline` in a resource's, or naming
 * its kind) has a source and a target.
 */
export function parseEntityObject(
  value: unknown,
  pointer: string,
  depth: number,
  role: EntityRole,
  context: EntityParseContext,
  inline = false,
): EntityDraft {
  const { limits } = context;
  const object = expectObject(value, pointer, `a ${role} object`);
  if (depth > limits.maxDepth) throw tooDeep(pointer, limits);
  const draft: EntityDraft = {};
  let resourceMember: string | undefined;
  let linkMember: string | undefined;
  let core: CoreAttributeValues | undefined;
  for (const key in object) {
    const item = object[key];
    switch (key) {
      case 'kind':
        if (typeof item !== 'string') throw expected(pointerTo(pointer, key), 'a string', item);
        draft.kind = item;
        break;
      case 'id':
        if (typeof item !== 'string') throw expected(pointerTo(pointer, key), 'a string', item);
        draft.id = item;
        break;
      case 'title':
        if (typeof item !== 'string') throw expected(pointerTo(pointer, key), 'a string', item);
        draft.title = item;
        break;
      case 'mixins':
        draft.mixins = isStringArray(item) ? item : expectStringArray(item, pointerTo(pointer, key));
        break;
      case 'attributes': {
        const parsed = parseAttributes(item, pointerTo(pointer, key), depth + 1, limits);
        draft.attributes = parsed.attributes;
        core = parsed.core;
        break;
      }
      case 'actions': {
        // The actions applicable to an instance are the server's to say: read in a response, ignored in a request.
        const actions = isStringArray(item) ? item : expectStringArray(item, pointerTo(pointer, key));
        if (context.response) draft.actions = [...actions];
        break;
      }
      case 'summary':
        resourceMember ??= key;
        if (typeof item !== 'string') throw expected(pointerTo(pointer, key), 'a string', item);
        draft.summary = item;
        break;
      case 'links': {
        resourceMember ??= key;
        const at = pointerTo(pointer, key);
        const list = expectArray(item, at, 'an array of link objects');
        if (depth + 1 > limits.maxDepth) throw tooDeep(at, limits);
        const links: EntityDraft[] = new Array(list.length);
        for (let i = 0; i < list.length; i++)
          links[i] = parseEntityObject(list[i], pointerTo(at, i), depth + 2, 'link', context, true);
        draft.links = links as Entity[];
        break;
      }
      case 'source':
      case 'target':
        linkMember ??= key;
        draft[key] = parseKindedUri(item, pointerTo(pointer, key), depth + 1, limits, context);
        break;
      case 'rel':
        linkMember ??= key;
        if (typeof item !== 'string') throw expected(pointerTo(pointer, key), 'a string', item);
        break;
      case 'location': {
        // Not in JSON §3.1 (renderings carry no location), but erocci and MartServer name entities
        // by it in entity collections (e.g. to associate a mixin): read, never written.
        const at = pointerTo(pointer, key);
        if (typeof item !== 'string') throw expected(at, 'a string', item);
        context.notes?.push({
          code: 'non-standard',
          message: `${at}: "location" is not a member of JSON §3.1 (erocci and MartServer send it to name an entity); read as the entity's location`,
          pointer: at,
        });
        draft.location = readLocation(item, at, context, 'location');
        break;
      }
      default:
        throw unknownMember(pointer, key, `a ${role} rendering`, membersOf(role));
    }
  }
  if (linkMember !== undefined && role === 'resource')
    throw structureError(
      pointerTo(pointer, linkMember),
      `a resource has no "${linkMember}" member; it belongs to links`,
    );
  if (resourceMember !== undefined && role === 'link')
    throw structureError(
      pointerTo(pointer, resourceMember),
      `a link has no "${resourceMember}" member; it belongs to resources`,
    );
  if (resourceMember !== undefined && linkMember !== undefined)
    throw structureError(
      pointerTo(pointer, linkMember),
      `"${linkMember}" is a link member, but "${resourceMember}" is a resource member; an entity is one or the other`,
    );
  const linkKind = draft.kind === undefined ? undefined : isLinkKind(draft.kind, context.model);
  if (linkKind !== undefined) {
    if (role === 'link' && !linkKind)
      throw structureError(
        pointerTo(pointer, 'kind'),
        `expected a link kind, got ${draft.kind}, which is not one`,
      );
    if (role === 'resource' && linkKind)
      throw structureError(
        pointerTo(pointer, 'kind'),
        `expected a resource kind, got the link kind ${draft.kind}`,
      );
    if (linkKind && resourceMember !== undefined)
      throw structureError(
        pointerTo(pointer, resourceMember),
        `${draft.kind} is a link kind; a link has no "${resourceMember}" member`,
      );
    if (!linkKind && linkMember !== undefined)
      throw structureError(
        pointerTo(pointer, linkMember),
        `${draft.kind} is not a link kind; only links have "${linkMember}"`,
      );
  }
  if (core !== undefined) applyCoreAttributes(draft, core, pointer);
  // JSON §3.1.2 (and the schema's link): source and target have multiplicity 1. A link in a
  // `links` array, or one that names its kind (a create or replace), is complete; only a partial
  // update, which names no kind, may give one of them alone.
  const isLinkObject = role === 'link' || linkMember !== undefined || linkKind === true;
  if (isLinkObject && (role === 'link' || draft.kind !== undefined)) {
    for (const end of ['source', 'target'] as const)
      if (draft[end] === undefined)
        throw structureError(
          pointerTo(pointer, end),
          `missing; a link names its ${end} (JSON §3.1.2: multiplicity 1)${inline && end === 'source' ? ', inline too: the location or id of the resource it comes with' : ''}`,
        );
  }
  if (context.response) {
    if (draft.kind === undefined)
      throw structureError(pointerTo(pointer, 'kind'), 'missing; an entity a server answers has a kind');
    if (draft.id === undefined)
      throw structureError(pointerTo(pointer, 'id'), 'missing; an entity a server answers has an id');
    draft.mixins ??= [];
    draft.attributes ??= {};
  }
  return draft;
}
