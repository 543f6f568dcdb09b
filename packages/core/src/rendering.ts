import type { Category, Mixin, TypeIdentifier } from './category.js';
import type { Entity, EntityDraft } from './entity.js';
import type { Problem } from './errors.js';
import type { Model } from './model.js';
import type { ActionInvocation, EntityFilter } from './provider.js';

/** Header fields by lower-case name; a field that appeared several times is an array. */
export type HeaderFields = Record<string, string | string[] | undefined>;

/** A request or response payload as the transport carries it. */
export interface Payload {
  headers: HeaderFields;
  body: string;
}

/** What a rendering needs besides the message. */
export interface RenderContext {
  /** The model, to look up categories (e.g. a mixin's location, a kind's parent chain). */
  model: Model;
  /**
   * The public base URL without a trailing slash, e.g. `http://example.com:8080`.
   * Used where the documents require absolute URLs (spec README erratum 11):
   * X-OCCI-Location values and text/uri-list entries.
   */
  baseUrl: string;
}

export interface EntityCollectionContext extends RenderContext {
  /**
   * What the collection holds when that is known from where it lives (a
   * link kind's collection holds links): JSON renders an empty one as
   * `{"links": []}` then (JSON §3.3.2), `{"resources": []}` otherwise.
   */
  holds?: 'resources' | 'links';
}

export interface ParseContext {
  model: Model;
  /** The base URL of the request; parsers turn absolute URLs under it into paths. */
  baseUrl: string;
  /**
   * Where a parser records what it accepted although the document does not
   * allow it (a Category without `class`, a relative location…): a message
   * that is non-conformant but unambiguous is read, and said so here. The
   * server and client ignore them; `occi parse` reports them.
   */
  warnings?: Problem[];
}

/**
 * A category collection message (query interface, HTTP §6): kinds, mixins
 * and actions. Request bodies of POST/DELETE `/-/` carry mixins here too.
 */
export interface CategoryCollection {
  kinds: Category[];
  mixins: Category[];
  actions: Category[];
}

/**
 * What a request body described for an entity collection: full entities
 * (JSON `resources`/`links`), or references (text renderings'
 * X-OCCI-Location). A reference is a location (path, or absolute URL under
 * the base URL turned into a path) or an entity id.
 */
export interface EntityCollectionMessage {
  entities: EntityDraft[];
  locations: string[];
}

/**
 * The message kinds a rendering handles. The fifth of the documents, the
 * location list, is how the text renderings write an entity collection
 * (X-OCCI-Location, text/uri-list) and read references in
 * `EntityCollectionMessage.locations`.
 */
export type MessageKind = 'entity' | 'entity-collection' | 'categories' | 'action';

/** An error message: rendered for every failure, in the negotiated rendering. */
export interface ErrorMessage {
  status: number;
  message: string;
  problems: readonly Problem[];
}

/**
 * An entity as a client sends it (HTTP §8.2, §8.3.1, §9.3.1): any part of
 * an entity — a partial update names only what changes, a create lets the
 * provider choose the id — with inline links as drafts too (core types
 * `Resource.links` as complete entities).
 */
export type EntityInput = Omit<EntityDraft, 'links'> & { links?: readonly EntityDraft[] };

/**
 * An existing entity that an entity collection in a request names (mixin
 * membership, HTTP §9.2, §9.3.2, §9.5.2): by its location, or by its id and
 * kind, whichever the rendering names entities by (`Rendering.namesEntitiesBy`).
 */
export interface CollectionMember {
  /** An absolute path, or an absolute URL under the base URL. */
  location?: string;
  id?: string;
  kind?: TypeIdentifier;
}

/**
 * An entity collection as a response carries it (HTTP §9.1): the entities
 * themselves (JSON §3.3), or their locations (GFD.229 §5.3, §8) — paths for
 * those under the base URL, absolute URLs otherwise.
 */
export interface EntityCollectionResponse {
  entities: Entity[];
  locations: string[];
}

/**
 * Writes the body of an entity collection (HTTP §9.1) piece by piece: the
 * texts `write` returns for successive batches, then `end`'s, make the
 * body `renderEntityCollection` renders for all the entities at once.
 */
export interface EntityCollectionWriter {
  /**
   * True when the rendering groups entities by role (JSON §3.3: every
   * resource, then every link): a writer is then given all resources first.
   */
  readonly grouped: boolean;
  /** True when the writer reads nothing of an entity but its location (text renderings list locations). */
  readonly locationsOnly?: boolean;
  /** The text for the next entities, in collection order. */
  write(entities: readonly Entity[]): string;
  /** The body's closing text. */
  end(): string;
}

/**
 * One media-type family, both directions: a server parses requests
 * (`parse*`) and renders responses (`render*`); a client writes requests
 * (`write*`) and reads responses (`read*`). What a client writes, a server
 * parses back into the same message, and what a server renders, a client
 * reads back.
 *
 * A writer throws an `OcciError` (`bad-request`) for a message it cannot
 * carry whole (a mixin's `applies` in the text renderings, GFD.229 §5.2); a
 * client may then send it in another rendering. A reader throws an
 * `OcciError` (`bad-request`, `parse-error`) for a payload it cannot read.
 */
export interface Rendering {
  /** The media types this rendering serves, preferred first (e.g. `text/plain`, `text/occi+plain`). */
  readonly mediaTypes: readonly string[];
  /** Message kinds this rendering can render (text/uri-list renders only locations and collections). */
  readonly renders: readonly MessageKind[];
  /**
   * True when the rendering travels in header fields (text/occi, GFD.229 §7):
   * the body then carries `OK`. Filters travel only in such a rendering (HTTP §6).
   */
  readonly inHeaders?: boolean;
  /**
   * What names an existing entity in an entity collection this rendering
   * writes (HTTP §9.2, §9.3.2, §9.5.2): its `location` (X-OCCI-Location,
   * GFD.229 §5.3), or its `id` with its kind (JSON §3.3: entity objects carry
   * no location). A client resolves locations to ids for the latter.
   */
  readonly namesEntitiesBy: 'location' | 'id';

  // Server side: requests parsed, responses rendered.

  parseEntity(payload: Payload, context: ParseContext): EntityDraft;
  parseEntityCollection(payload: Payload, context: ParseContext): EntityCollectionMessage;
  parseCategories(payload: Payload, context: ParseContext): CategoryCollection;
  parseActionInvocation(payload: Payload, context: ParseContext): ActionInvocation;

  renderEntity(entity: Entity, context: RenderContext): Payload;
  /**
   * An entity collection (HTTP §9.1): text renderings list absolute
   * locations, JSON renders the entities (`resources` / `links`).
   */
  renderEntityCollection(entities: Entity[], context: EntityCollectionContext): Payload;
  /**
   * A writer of the body `renderEntityCollection` renders, piece by piece,
   * for a server that streams a collection of any size. Renderings whose
   * collection travels in header fields (text/occi) have none.
   */
  entityCollectionWriter?(context: EntityCollectionContext): EntityCollectionWriter;
  renderCategories(categories: CategoryCollection, context: RenderContext): Payload;
  renderError(error: ErrorMessage, context: RenderContext): Payload;

  // Client side: requests written, responses read.

  /** An entity to create, replace or update (HTTP §8.2, §8.3.1, §9.3.1); what it names and nothing else. */
  writeEntity(entity: EntityInput, context: RenderContext): Payload;
  /** Existing entities for mixin membership (HTTP §9.2, §9.3.2, §9.5.2), named as `namesEntitiesBy` says. */
  writeEntityCollection(members: readonly CollectionMember[], context: RenderContext): Payload;
  /** User mixins to define through the query interface (HTTP §7.3). */
  writeMixinDefinitions(mixins: readonly Mixin[], context: RenderContext): Payload;
  /** User mixins to remove through the query interface (HTTP §7.4), by type identifier. */
  writeMixinReferences(mixins: readonly TypeIdentifier[], context: RenderContext): Payload;
  /** An action invocation (HTTP §8.4, §9.4). */
  writeActionInvocation(invocation: ActionInvocation, context: RenderContext): Payload;
  /** A filter of an entity collection (HTTP §6.2): an entity rendering naming categories and attribute values. */
  writeFilter(filter: EntityFilter, context: RenderContext): Payload;

  /** An entity (HTTP §8.1), with the actions the rendering lists as applicable. */
  readEntity(payload: Payload, context: ParseContext): Entity;
  /** An entity collection (HTTP §9.1). */
  readEntityCollection(payload: Payload, context: ParseContext): EntityCollectionResponse;
  /** A category collection: the query interface's (HTTP §7.1), or the categories an action created. */
  readCategories(payload: Payload, context: ParseContext): CategoryCollection;
  /** The error a response with status `status` (4xx, 5xx) carries. */
  readError(payload: Payload, status: number): ErrorMessage;
}
