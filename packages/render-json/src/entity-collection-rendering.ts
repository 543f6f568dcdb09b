/**
 * Entity Collection Rendering (JSON §3.3): resources under `resources`
 * (§3.3.1), links under `links` (§3.3.2).
 */
import type { Entity, EntityCollectionMessage, EntityDraft, Model } from '@occi/core';
import { expectArray, expectObject, pointerTo, tooDeep, unknownMember } from './document.js';
import {
  type EntityParseContext,
  type EntityRole,
  isLinkEntity,
  parseEntityObject,
} from './entity-rendering.js';
import { type LinkRendering, renderLink } from './link-rendering.js';
import { type ResourceRendering, renderResource } from './resource-rendering.js';

/** The JSON form of an entity collection: the schema's `resource_collection`, `link_collection` or `model`. */
export interface EntityCollectionRendering {
  resources?: ResourceRendering[];
  links?: LinkRendering[];
}

/**
 * Renders entities as `{"resources":[...]}` (JSON §3.3.1) or
 * `{"links":[...]}` (JSON §3.3.2). A collection holding both (an unbound
 * path, HTTP §4.1) gets both members, as the schema's `model` document
 * does; an empty collection is `{"resources":[]}`.
 */
export function renderEntityCollectionObject(
  entities: readonly Entity[],
  model: Model,
  baseUrl: string,
): EntityCollectionRendering {
  const resources: ResourceRendering[] = [];
  const links: LinkRendering[] = [];
  for (const entity of entities) {
    if (isLinkEntity(entity, model)) links.push(renderLink(entity, baseUrl));
    else resources.push(renderResource(entity, baseUrl));
  }
  if (links.length === 0) return { resources };
  if (resources.length === 0) return { links };
  return { resources, links };
}

const MEMBERS = ['resources', 'links'] as const;

/**
 * Parses `{"resources":[...]}`, `{"links":[...]}` or both into entity
 * drafts, resources first. JSON has no list of locations: a request that
 * references existing entities (mixin association, HTTP §9.3.2) lists them
 * as objects with their `id`, and `locations` stays empty.
 */
export function parseEntityCollectionObject(
  value: unknown,
  context: EntityParseContext,
): EntityCollectionMessage {
  const object = expectObject(value, '', 'an object with "resources" or "links"');
  const entities: EntityDraft[] = [];
  for (const key of Object.keys(object)) {
    if (key !== 'resources' && key !== 'links')
      throw unknownMember('', key, 'an entity collection rendering', MEMBERS);
  }
  for (const key of MEMBERS) {
    if (!Object.hasOwn(object, key)) continue;
    const at = pointerTo('', key);
    const role: EntityRole = key === 'resources' ? 'resource' : 'link';
    const list = expectArray(object[key], at, `an array of ${role} objects`);
    if (2 > context.limits.maxDepth) throw tooDeep(at, context.limits);
    for (let i = 0; i < list.length; i++)
      entities.push(parseEntityObject(list[i], pointerTo(at, i), 3, role, context));
  }
  return { entities, locations: [] };
}
