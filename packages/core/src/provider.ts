/**
 * The Provider interface: OCCI's "provider's management framework" behind
 * the boundary (Core §3, figure 1). The HTTP layer calls only this; the
 * reference provider implements it over a Store, a cloud driver implements
 * it over its engine. Every call carries the caller's identity, and a caller
 * sees only its own entities and mixins unless it is an administrator.
 */

import type { Attributes, AttributeValue } from './attribute.js';
import type { Category, Mixin, TypeIdentifier } from './category.js';
import type { Entity, EntityDraft } from './entity.js';
import { OcciError } from './errors.js';
import type { Model } from './model.js';

/** An action invocation (GFD.229 §5.1.1.1, JSON §3.1.1.1). */
export interface ActionInvocation {
  action: TypeIdentifier;
  attributes: Attributes;
}

export interface Caller {
  /** The authenticated user name. */
  readonly user: string;
  /** Administrators see and act on every user's entities. */
  readonly admin?: boolean;
}

/** Which collection a request addresses (HTTP §4). */
export type CollectionSelector =
  /** A Kind collection: entities of the kind and its sub-kinds (Core §5.3.8). */
  | { kind: TypeIdentifier }
  /** A Mixin collection: entities associated with the mixin. */
  | { mixin: TypeIdentifier }
  /** An unbound path: the union of the collections bound below it (HTTP §4.1). */
  | { path: string };

/** A filter from the request (HTTP §6): categories the entities must have, attribute values they must carry. */
export interface EntityFilter {
  /** Type identifiers of kinds (including sub-kinds) or mixins; an entity must match all. */
  categories?: TypeIdentifier[];
  /** Attribute name → value; `occi.core.*` names match the model attributes (id, title, summary...). */
  attributes?: Record<string, AttributeValue>;
}

/** Pagination (HTTP §5): `page` counts from 1, `number` items per page. */
export interface Pagination {
  page: number;
  number: number;
}

export interface ListRequest {
  collection: CollectionSelector;
  filter?: EntityFilter;
  page?: Pagination;
  /**
   * Only the collection's resources, or only its links: a rendering that
   * groups them (JSON §3.3: `resources`, then `links`) streams an unbound
   * path's collection in two passes.
   */
  holding?: 'resources' | 'links';
  /**
   * Only each entity's location is wanted (a text rendering's collection,
   * GFD.229 §5.3, §8): the provider may answer entities without links or
   * applicable actions.
   */
  locationsOnly?: boolean;
}

/** Preconditions for writes (If-Match / If-None-Match). */
/** Preconditions of a write (RFC 9110 §13.1), on the entity's version. */
export interface WriteConditions {
  /** `*`: the entity must exist; versions: it must be at one of them (If-Match). */
  ifMatch?: '*' | readonly string[];
  /** `*`: the entity must not exist yet; versions: it must be at none of them (If-None-Match). */
  ifNoneMatch?: '*' | readonly string[];
}

/**
 * Throws `precondition-failed` (412) when `conditions` do not hold for the
 * entity at `location`, at `version` (undefined: there is none).
 */
export function checkConditions(
  conditions: WriteConditions | undefined,
  location: string,
  version: string | undefined,
): void {
  if (!conditions) return;
  const fail = (message: string) => {
    throw new OcciError('precondition-failed', { code: 'version-mismatch', message, location });
  };
  const { ifMatch, ifNoneMatch } = conditions;
  if (ifMatch === '*' && version === undefined) fail(`no entity to match at ${location} (If-Match: *)`);
  if (Array.isArray(ifMatch) && (version === undefined || !ifMatch.includes(version)))
    fail(
      version === undefined
        ? `no entity to match at ${location} (If-Match)`
        : `${location} is at version ${version}, not ${ifMatch.join(' or ')} (If-Match): it changed since you read it`,
    );
  if (ifNoneMatch === '*' && version !== undefined) fail(`${location} exists already (If-None-Match: *)`);
  if (Array.isArray(ifNoneMatch) && version !== undefined && ifNoneMatch.includes(version))
    fail(`${location} is at version ${version}, which If-None-Match names`);
}

/** What an action returned: the entity or entities acted on, and categories it created (HTTP §8.4, §9.4). */
export interface ActionResult {
  entities: Entity[];
  categories: Category[];
}

export interface Provider {
  /** The model as the caller sees it: the extensions plus the caller's own mixins. */
  model(caller: Caller): Promise<Model>;

  list(caller: Caller, request: ListRequest): Promise<Entity[]>;
  /**
   * The entities `list` answers, in batches of at most `size` (none empty),
   * read as they are consumed: what serves a whole collection without
   * holding it. A bad request throws at the first step. Providers without
   * it are listed with `list`.
   */
  listBatches?(caller: Caller, request: ListRequest, size?: number): AsyncIterable<Entity[]>;
  /** An entity with its links (resources), applicable actions and current version. */
  get(caller: Caller, location: string): Promise<Entity>;

  /** Creates an entity in its kind's collection (HTTP §9.3.1). */
  create(caller: Caller, draft: EntityDraft): Promise<Entity>;
  /** Creates at `location`, or replaces what is there keeping its links (HTTP §8.2). */
  put(
    caller: Caller,
    location: string,
    draft: EntityDraft,
    conditions?: WriteConditions,
  ): Promise<{ entity: Entity; created: boolean }>;
  /** Partial update (HTTP §8.3.1): given attributes and mixins are added or changed. */
  update(caller: Caller, location: string, draft: EntityDraft, conditions?: WriteConditions): Promise<Entity>;
  delete(caller: Caller, location: string, conditions?: WriteConditions): Promise<void>;
  /**
   * Deletes every entity of a collection the caller may delete (HTTP §9.5.1),
   * or those matching `filter` (HTTP §6.2); returns how many.
   */
  deleteAll(caller: Caller, collection: CollectionSelector, filter?: EntityFilter): Promise<number>;

  /** Associates entities with a mixin (HTTP §9.3.2); returns the mixin's collection. */
  associate(caller: Caller, mixin: TypeIdentifier, locations: string[]): Promise<Entity[]>;
  /** Dissociates the given entities, or all (HTTP §9.5.2). */
  dissociate(caller: Caller, mixin: TypeIdentifier, locations?: string[]): Promise<void>;
  /** Makes the mixin's collection exactly `locations` (HTTP §9.2). */
  setMembership(caller: Caller, mixin: TypeIdentifier, locations: string[]): Promise<Entity[]>;

  /** Invokes an action on one entity (HTTP §8.4) or on every entity of a collection (HTTP §9.4). */
  invoke(
    caller: Caller,
    target: { location: string } | { collection: CollectionSelector },
    invocation: ActionInvocation,
  ): Promise<ActionResult>;

  /**
   * Defines user mixins (HTTP §7.3); each gets the caller as owner. A mixin
   * the caller defined already is left as it is when the definition is the
   * same, and a `conflict` naming the differences otherwise.
   */
  defineMixins(caller: Caller, mixins: Mixin[]): Promise<void>;
  /** Removes user mixins the caller owns (HTTP §7.4); extension mixins cannot be removed. */
  removeMixins(caller: Caller, ids: TypeIdentifier[]): Promise<void>;
}

export type { Attributes };
