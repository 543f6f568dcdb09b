/**
 * Entity Collection Rendering (JSON §3.3): resources under `resources`
 * (§3.3.1), links under `links` (§3.3.2).
 */
import type { Entity, EntityCollectionMessage, EntityCollectionWriter, EntityDraft, Model } from '@occi/core';
import {
  expectArray,
  expectObject,
  isJsonObject,
  pointerTo,
  structureError,
  tooDeep,
  unknownMember,
} from './document.js';
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
 * does. An empty collection is `{"links":[]}` when `holds` says it is a
 * collection of links, `{"resources":[]}` otherwise.
 */
export function renderEntityCollectionObject(
  entities: readonly Entity[],
  model: Model,
  baseUrl: string,
  holds?: 'resources' | 'links',
): EntityCollectionRendering {
  const resources: ResourceRendering[] = [];
  const links: LinkRendering[] = [];
  for (const entity of entities) {
    if (isLinkEntity(entity, model)) links.push(renderLink(entity, baseUrl));
    else resources.push(renderResource(entity, baseUrl));
  }
  // JSON §3.3.2: the key of the array of link instances MUST be `links`, empty or not.
  if (entities.length === 0 && holds === 'links') return { links };
  if (links.length === 0) return { resources };
  if (resources.length === 0) return { links };
  return { resources, links };
}

/**
 * Writes `renderEntityCollectionObject`'s document as JSON text, piece by
 * piece: `{"resources":[` with the resources as they come, `],"links":[`
 * at the first link, `]}` at the end — the same bytes as
 * `JSON.stringify` of the whole object. Resources must all come before the
 * first link (JSON §3.3 keeps them in two arrays).
 */
export function entityCollectionWriter(
  model: Model,
  baseUrl: string,
  holds?: 'resources' | 'links',
): EntityCollectionWriter {
  let open: 'resources' | 'links' | undefined;
  return {
    grouped: true,
    write(entities) {
      let out = '';
      // The renderings of a run of one member are stringified as one array, its brackets cut off:
      // the same text as one by one, for ≈ 40 % less work than joining each entity's.
      let run: (ResourceRendering | LinkRendering)[] = [];
      const flush = () => {
        if (run.length === 0) return;
        const text = JSON.stringify(run);
        out += text.slice(1, -1);
        run = [];
      };
      for (const entity of entities) {
        const link = isLinkEntity(entity, model);
        const member = link ? 'links' : 'resources';
        if (open === member) {
          if (run.length === 0) out += ',';
        } else if (open === 'links')
          throw new Error(
            `resource ${entity.location ?? entity.id} given after links: write resources first`,
          );
        else {
          flush();
          out += `${open === undefined ? '{' : '],'}"${member}":[`;
        }
        open = member;
        run.push(link ? renderLink(entity, baseUrl) : renderResource(entity, baseUrl));
      }
      flush();
      return out;
    },
    // JSON §3.3.2: an empty collection of links is `{"links":[]}`.
    end: () => (open !== undefined ? ']}' : holds === 'links' ? '{"links":[]}' : '{"resources":[]}'),
  };
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

/**
 * Refuses, as an entity, a document that is an entity collection: an
 * object without `kind` whose only members are `resources` and/or `links`
 * (JSON §3.3). `{"links":[...]}` would otherwise read as a kindless
 * resource carrying inline links, and a caller that tries an entity before
 * a collection (a create request, HTTP §9.3.1) would lose the collection.
 * A resource that names its kind keeps its inline links. The members are
 * parsed as the collection first, so a malformed link or resource is
 * reported where it is, as either reading would report it.
 */
export function refuseEntityCollection(value: unknown, context: EntityParseContext): void {
  if (!isJsonObject(value)) return;
  const keys = Object.keys(value);
  if (keys.length === 0 || !keys.every((key) => key === 'resources' || key === 'links')) return;
  parseEntityCollectionObject(value, context);
  const what =
    keys.length === 2
      ? 'resources and links (JSON §3.3)'
      : keys[0] === 'links'
        ? 'a link collection (JSON §3.3.2)'
        : 'a resource collection (JSON §3.3.1)';
  throw structureError(
    '',
    `this is an entity collection, not an entity: with only ${keys
      .map((key) => `"${key}"`)
      .join(' and ')} and no "kind", it is ${what}; a resource sent with inline links names its "kind"`,
  );
}
