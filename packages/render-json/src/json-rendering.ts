/**
 * The OCCI JSON Rendering (JSON §3) as a `Rendering`, both directions:
 * media type `application/occi+json` (JSON §3: MUST be used), and
 * `application/json` for clients that know no better.
 */
import type {
  ActionInvocation,
  CategoryCollection,
  Entity,
  EntityCollectionContext,
  EntityCollectionMessage,
  EntityCollectionResponse,
  EntityDraft,
  ErrorMessage,
  ParseContext,
  Payload,
  RenderContext,
  Rendering,
} from '@occi/core';
import { parseActionInvocationObject, renderActionInvocationObject } from './action-invocation-rendering.js';
import {
  parseCategoryCollectionObject,
  renderCategoryCollectionObject,
} from './category-collection-rendering.js';
import { DEFAULT_LIMITS, type ParseLimits, readDocument } from './document.js';
import {
  entityCollectionWriter,
  parseEntityCollectionObject,
  refuseEntityCollection,
  renderEntityCollectionObject,
} from './entity-collection-rendering.js';
import { type EntityParseContext, parseEntityObject, renderEntityObject } from './entity-rendering.js';
import { parseErrorObject, renderErrorObject } from './error-rendering.js';
import {
  renderCollectionMembersObject,
  renderEntityDraftObject,
  renderFilterObject,
  renderMixinDefinitionsObject,
  renderMixinReferencesObject,
} from './request-rendering.js';

export const JSON_MEDIA_TYPES = ['application/occi+json', 'application/json'] as const;

/** The JSON rendering: a `Rendering`, with its parse limits. */
export interface JsonRendering extends Rendering {
  readonly limits: Readonly<ParseLimits>;
  /** `writeActionInvocation` under its earlier name: `{"action": ..., "attributes": {...}}` (JSON §3.1.1.1). */
  renderActionInvocation(invocation: ActionInvocation, context: RenderContext): Payload;
}

export interface JsonRenderingOptions {
  /** Deepest nesting accepted in request bodies (default 64). */
  maxDepth?: number;
  /** Largest request body in UTF-8 bytes (default 16 MiB). */
  maxBytes?: number;
}

const payload = (value: unknown): Payload => ({ headers: {}, body: JSON.stringify(value) });

/**
 * Creates the JSON rendering with its own parse limits. Request bodies are
 * checked for structure (types, members, nesting) before the model sees
 * them; a problem is an `OcciError` (`bad-request`, code `parse-error`)
 * whose pointer names the member, or `payload-too-large` for a body over
 * `maxBytes`.
 */
export function createJsonRendering(options: JsonRenderingOptions = {}): JsonRendering {
  const limits: ParseLimits = {
    maxDepth: options.maxDepth ?? DEFAULT_LIMITS.maxDepth,
    maxBytes: options.maxBytes ?? DEFAULT_LIMITS.maxBytes,
  };
  /** The context of one parse: its notes go to `context.warnings` once it succeeded (`flush`). */
  const contextOf = (context: ParseContext, response = false): EntityParseContext => ({
    model: context.model,
    baseUrl: context.baseUrl,
    limits,
    notes: [],
    ...(response ? { response } : {}),
  });
  const flush = <T>(parsed: T, own: EntityParseContext, context: ParseContext): T => {
    if (Array.isArray(context.warnings) && own.notes !== undefined) context.warnings.push(...own.notes);
    return parsed;
  };
  const writeActionInvocation = (invocation: ActionInvocation): Payload =>
    payload(renderActionInvocationObject(invocation));
  return {
    mediaTypes: JSON_MEDIA_TYPES,
    renders: ['entity', 'entity-collection', 'categories', 'action'],
    // JSON §3.3: entity objects name no location; a server finds existing entities by id.
    namesEntitiesBy: 'id',
    limits,

    parseEntity(p: Payload, context: ParseContext): EntityDraft {
      const document = readDocument(p.body, limits);
      const own = contextOf(context);
      // JSON §3.3: `{"resources":[...]}` / `{"links":[...]}` without a kind is a collection, not an entity.
      refuseEntityCollection(document, { ...own, notes: [] });
      return flush(parseEntityObject(document, '', 1, 'resource or link', own), own, context);
    },
    parseEntityCollection(p: Payload, context: ParseContext): EntityCollectionMessage {
      const document = readDocument(p.body, limits);
      const own = contextOf(context);
      return flush(parseEntityCollectionObject(document, own), own, context);
    },
    parseCategories(p: Payload, context: ParseContext): CategoryCollection {
      const document = readDocument(p.body, limits);
      const own = contextOf(context);
      return flush(parseCategoryCollectionObject(document, own), own, context);
    },
    parseActionInvocation(p: Payload, _context: ParseContext): ActionInvocation {
      return parseActionInvocationObject(readDocument(p.body, limits), limits);
    },

    renderEntity(entity: Entity, context: RenderContext): Payload {
      return payload(renderEntityObject(entity, context.model, context.baseUrl));
    },
    renderEntityCollection(entities: Entity[], context: EntityCollectionContext): Payload {
      return payload(renderEntityCollectionObject(entities, context.model, context.baseUrl, context.holds));
    },
    entityCollectionWriter: (context: EntityCollectionContext) =>
      entityCollectionWriter(context.model, context.baseUrl, context.holds),
    renderCategories(categories: CategoryCollection, _context: RenderContext): Payload {
      return payload(renderCategoryCollectionObject(categories));
    },
    renderError(error: ErrorMessage, _context: RenderContext): Payload {
      return payload(renderErrorObject(error));
    },
    renderActionInvocation: writeActionInvocation,

    writeEntity: (entity, context) => payload(renderEntityDraftObject(entity, context.model)),
    writeEntityCollection: (members, context) =>
      payload(renderCollectionMembersObject(members, context.model)),
    writeMixinDefinitions: (mixins) => payload(renderMixinDefinitionsObject(mixins)),
    writeMixinReferences: (ids, context) => payload(renderMixinReferencesObject(ids, context.model)),
    writeActionInvocation,
    writeFilter: (filter, context) => payload(renderFilterObject(filter, context.model)),

    readEntity(p: Payload, context: ParseContext): Entity {
      const document = readDocument(p.body, limits);
      const own = contextOf(context, true);
      return flush(parseEntityObject(document, '', 1, 'resource or link', own) as Entity, own, context);
    },
    readEntityCollection(p: Payload, context: ParseContext): EntityCollectionResponse {
      const document = readDocument(p.body, limits);
      const own = contextOf(context, true);
      const { entities } = parseEntityCollectionObject(document, own);
      return flush({ entities: entities as Entity[], locations: [] }, own, context);
    },
    readCategories(p: Payload, context: ParseContext): CategoryCollection {
      const own = contextOf(context);
      return flush(parseCategoryCollectionObject(readDocument(p.body, limits), own), own, context);
    },
    readError: (p: Payload, status: number): ErrorMessage =>
      parseErrorObject(readDocument(p.body, limits), status),
  };
}

/** The JSON rendering with the default limits (nesting 64, 16 MiB). */
export const jsonRendering: JsonRendering = createJsonRendering();
