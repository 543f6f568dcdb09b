/** What the operations of `OcciClient` take and return. */
import type { Attributes, Category, Entity, TypeIdentifier } from '@occi/core';

export interface ListOptions {
  /** HTTP §6.2: only entities of all these kinds or mixins, with these attribute values. */
  filter?: { categories?: readonly TypeIdentifier[]; attributes?: Attributes };
  /** HTTP §5: the page to get, counting from 1. */
  page?: number;
  /** HTTP §5: entities per page. With `all`, the page size (default: the client's `pageSize`). */
  number?: number;
  /** Follow the pages until an empty one (HTTP §5). */
  all?: boolean;
  /** Renderings that list locations only (the text renderings): also get each entity. */
  details?: boolean;
}

export interface ListResult {
  /** Locations of the entities, relative to the endpoint. */
  locations: string[];
  /** The entities, when the rendering carries them (JSON); otherwise only when `details` was asked. */
  entities: Entity[];
}

export interface CreateResult {
  /** Where the entity was created (the `Location` header, HTTP §9.3.1). */
  location: string;
  /** The entity, when the rendering carries it (JSON). */
  entity?: Entity;
}

export interface PutResult {
  entity: Entity;
  /** True when the PUT created the entity (201), false when it replaced one (200). */
  created: boolean;
}

export interface InvokeResult {
  /** The entity acted on (an action on an entity, HTTP §8.4). */
  entity?: Entity;
  /** The entities acted on (an action on a collection, HTTP §9.4), when the rendering carries them (JSON). */
  entities?: Entity[];
  /** Their locations (an action on a collection). */
  locations?: string[];
  /** Categories the action created, e.g. the OS template `save` makes (HTTP §8.4). */
  categories?: Category[];
}

export interface WriteOptions {
  /** The version the entity must still have (`If-Match`, RFC 9110 §13.1.1), e.g. `entity.version`. */
  ifMatch?: string;
}

/** An entity to refer to: its location, or the entity itself (as `get` or `list` returned it). */
export type EntityReference = string | Pick<Entity, 'id' | 'kind' | 'location'>;

/** What a user mixin is defined with through the query interface (HTTP §7.3). */
export interface MixinDefinitionRequest {
  scheme: string;
  term: string;
  title?: string;
  /** The collection location of the mixin, an absolute path ending in `/` (e.g. `/my_stuff/`). */
  location: string;
  depends?: readonly TypeIdentifier[];
  applies?: readonly TypeIdentifier[];
}
