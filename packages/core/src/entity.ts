/**
 * Entity, Resource and Link (Core §5.4): the instances of the model.
 *
 * One shape serves both sub-types: a Resource carries `summary` and `links`,
 * a Link carries `source` and `target`. Which one an entity is follows from
 * its Kind's parent chain (see `Model.isLinkKind`).
 */
import type { Attributes } from './attribute.js';
import type { TypeIdentifier } from './category.js';

/** A reference to a resource by location, with its Kind when known (Core §5.4.3, JSON §3.1.2.1). */
export interface EntityRef {
  /** An absolute path within the provider's namespace, or an absolute URL outside it. */
  location: string;
  kind?: TypeIdentifier;
}

export interface Entity {
  /** Entity.id (Core §5.4.1): an opaque URI; new ids are `urn:uuid:` UUIDs. */
  id: string;
  kind: TypeIdentifier;
  mixins: TypeIdentifier[];
  title?: string;
  /** Values of every attribute other than the `occi.core.*` model attributes kept in fields here. */
  attributes: Attributes;
  /** Where the entity lives in the namespace (an absolute path). */
  location?: string;
  /** Type identifiers of the actions applicable now (filled by the provider for renderings). */
  actions?: TypeIdentifier[];
  /** Opaque version that changes on every write (HTTP uses it as the ETag); renderings ignore it. */
  version?: string;
  /** Resource.summary. */
  summary?: string;
  /** Resource.links: the links whose source is this resource. */
  links?: Entity[];
  /** Link.source. */
  source?: EntityRef;
  /** Link.target and Link.target.kind. */
  target?: EntityRef;
}

export type Resource = Entity & { source?: undefined; target?: undefined };
export type Link = Entity & { source: EntityRef; target: EntityRef };

/**
 * An entity as a client sends it: for create and replace, the kind is
 * required by the provider; for a partial update, everything is optional.
 */
export type EntityDraft = Partial<Omit<Entity, 'links'>> & {
  /** Links to create with a resource (their source is the new resource). */
  links?: EntityDraft[];
};

/** True when the entity has the shape of a Link (source and target). */
export function isLink(entity: Partial<Entity>): entity is Link {
  return entity.source !== undefined && entity.target !== undefined;
}

/** The `occi.core.*` names of the model attributes kept in fields (GFD.229 §5.5.1). */
export const CORE_ATTRIBUTES = {
  id: 'occi.core.id',
  title: 'occi.core.title',
  summary: 'occi.core.summary',
  source: 'occi.core.source',
  sourceKind: 'occi.core.source.kind',
  target: 'occi.core.target',
  targetKind: 'occi.core.target.kind',
} as const;
