/**
 * The Rendering interface (HTTP §3; GFD.229, GFD.225): one media-type
 * family that parses request payloads into model messages and renders model
 * messages into response payloads. Renderings know nothing of HTTP servers:
 * they see header fields and a body as strings.
 */
import type { Attributes } from './attribute.js';
import type { Category, TypeIdentifier } from './category.js';
import type { Entity, EntityDraft } from './entity.js';
import type { Problem } from './errors.js';
import type { Model } from './model.js';

/** An action invocation (GFD.229 §5.1.1.1, JSON §3.1.1.1). */
export interface ActionInvocation {
  action: TypeIdentifier;
  attributes: Attributes;
}

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

export interface Rendering {
  /** The media types this rendering serves, preferred first (e.g. `text/plain`, `text/occi+plain`). */
  readonly mediaTypes: readonly string[];
  /** Message kinds this rendering can render (text/uri-list renders only locations and collections). */
  readonly renders: readonly MessageKind[];
  /**
   * True when the rendering travels in header fields (text/occi, GFD.229 §7):
   * the body then carries `OK`.
   */
  readonly inHeaders?: boolean;

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
  renderCategories(categories: CategoryCollection, context: RenderContext): Payload;
  renderError(error: ErrorMessage, context: RenderContext): Payload;
}
