/**
 * Collections (HTTP §9): Kind collections, Mixin collections and unbound
 * paths (HTTP §4.1).
 */
import type { CollectionSelector, Entity, EntityDraft, Kind, ListRequest, Mixin } from '@occi/core';
import { isOcciError, OcciError, typeIdentifier } from '@occi/core';
import { streamCollection } from './collection-stream.js';
import type { Exchange } from './exchange.js';
import { methodNotAllowed } from './methods.js';
import {
  actionInvocation,
  actionTerm,
  entityFilter,
  entityReferences,
  namedEntities,
  pagination,
} from './request-messages.js';

export const KIND_COLLECTION_METHODS = ['GET', 'HEAD', 'POST', 'DELETE', 'OPTIONS'];
export const MIXIN_COLLECTION_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS'];
export const UNBOUND_METHODS = ['GET', 'HEAD', 'OPTIONS'];

/** What a collection holds when its category says: a link kind's, or a mixin's that applies only to link kinds, holds links. */
function holdsOf(x: Exchange, category: Kind | Mixin): 'resources' | 'links' {
  if (category.class === 'kind') return x.model.isLinkKind(typeIdentifier(category)) ? 'links' : 'resources';
  const applies = category.applies ?? [];
  return applies.length > 0 && applies.every((k) => x.model.isLinkKind(k)) ? 'links' : 'resources';
}

async function list(
  x: Exchange,
  collection: CollectionSelector,
  holds?: 'resources' | 'links',
): Promise<unknown> {
  const offer = x.negotiate('entity-collection');
  const page = pagination(x);
  const filter = entityFilter(x);
  const request: ListRequest = { collection, ...(filter ? { filter } : {}), ...(page ? { page } : {}) };
  // A whole collection is streamed in batches, when the rendering can write it so (text/occi
  // cannot: its collection travels in header fields) and the provider can read it so.
  const writer =
    page === undefined && x.provider.listBatches
      ? offer.rendering.entityCollectionWriter?.({ ...x.renderContext, ...(holds ? { holds } : {}) })
      : undefined;
  if (writer) return streamCollection(x, offer, request, writer);
  if (page === undefined && offer.rendering.inHeaders) {
    // GFD.229 §7: text/occi lists locations in header fields, at most maxResponseHeaderBytes of them;
    // each takes more than the base URL and 3 bytes, so one entity more than that many fit is
    // enough to refuse with 406 as the rendering would — the rest is never read.
    const most = Math.floor(x.settings.maxResponseHeaderBytes / (x.baseUrl.length + 4)) + 1;
    request.page = { page: 1, number: most };
  }
  // HTTP §5: past the last page, 200 with an empty collection.
  return x.renderCollection(200, await x.provider.list(x.caller, request), holds);
}

/** HTTP §9.4: an action on every entity of the collection. */
async function act(x: Exchange, collection: CollectionSelector, term: string): Promise<unknown> {
  // The response's rendering is settled first: a refused Accept acts on nothing.
  x.negotiate('entity-collection');
  const invocation = actionInvocation(x, term);
  const result = await x.provider.invoke(x.caller, { collection }, invocation);
  if (result.categories.length > 0) {
    x.model = await x.provider.model(x.caller);
    return x.renderCategories(200, { kinds: [], mixins: result.categories, actions: [] });
  }
  return x.renderCollection(200, result.entities);
}

/** The entities an entity collection rendering in the request names; none when it is no such rendering (a filter, nothing). */
function selectedEntities(x: Exchange): string[] {
  try {
    return entityReferences(x, false) ?? [];
  } catch (error) {
    if (isOcciError(error) && error.kind === 'bad-request') return [];
    throw error;
  }
}

/** The entity drafts of a create request: one entity, or a collection of them (HTTP §9.3.1). */
function drafts(x: Exchange): EntityDraft[] {
  const rendering = x.requestRendering(true)!;
  try {
    return [rendering.parseEntity(x.payload, x.parseContext)];
  } catch (error) {
    const collection = (() => {
      try {
        return rendering.parseEntityCollection(x.payload, x.parseContext).entities;
      } catch {
        return [];
      }
    })();
    if (collection.length > 0) return collection;
    throw error;
  }
}

export async function kindCollection(x: Exchange, kind: Kind): Promise<unknown> {
  const id = typeIdentifier(kind);
  const collection = { kind: id };
  const holds = holdsOf(x, kind);
  switch (x.method) {
    case 'GET':
    case 'HEAD':
      return list(x, collection, holds);
    case 'POST': {
      const term = actionTerm(x);
      if (term !== undefined) return act(x, collection, term);
      x.negotiate('entity-collection');
      const created: Entity[] = [];
      for (const draft of drafts(x)) {
        // Core §5.3.6: the client MUST name the Kind; it is this collection's kind or a sub-kind.
        const entityKind = draft.kind;
        if (entityKind === undefined)
          throw new OcciError('bad-request', {
            code: 'missing-kind',
            message: `the request names no kind: send the Category of ${id} (class "kind") with the entity`,
          });
        if (!x.model.isKindOf(entityKind, id))
          throw new OcciError('bad-request', {
            code: 'wrong-category-class',
            message: `${entityKind} entities cannot be created in ${kind.location}, the collection of ${id}`,
            category: entityKind,
          });
        created.push(await x.provider.create(x.caller, { ...draft, kind: entityKind }));
      }
      // HTTP §9.3.1: 201 with the location, or the list of locations, of what was created (in
      // X-OCCI-Location too, for renderings whose entities do not carry their locations).
      const locations = created.flatMap((e) => (e.location ? [x.absolute(e.location)] : []));
      if (locations.length === 1) x.reply.header('location', locations[0]!);
      else if (locations.length > 1) x.reply.header('x-occi-location', locations.join(', '));
      return x.renderCollection(201, created, holds);
    }
    case 'DELETE': {
      x.negotiate('entity-collection');
      // HTTP §9.5.1: delete the collection's entities: those the request names (an entity
      // collection rendering), those its filter matches (HTTP §6.2), or, with neither, all.
      const references = selectedEntities(x);
      if (references.length > 0) {
        const entities = await Promise.all(references.map((r) => x.provider.get(x.caller, r)));
        for (const e of entities)
          if (!x.model.isKindOf(e.kind, id))
            throw new OcciError('bad-request', {
              code: 'other',
              message: `${e.location} is not in ${kind.location}, the collection of ${id}`,
              location: e.location,
            });
        for (const e of entities) await x.provider.delete(x.caller, e.location!);
      } else {
        const filter = entityFilter(x);
        await x.provider.deleteAll(x.caller, collection, filter);
      }
      return x.renderCollection(200, [], holds);
    }
    default:
      return methodNotAllowed(x, KIND_COLLECTION_METHODS);
  }
}

export async function mixinCollection(x: Exchange, mixin: Mixin): Promise<unknown> {
  const id = typeIdentifier(mixin);
  const collection = { mixin: id };
  const holds = holdsOf(x, mixin);
  switch (x.method) {
    case 'GET':
    case 'HEAD':
      return list(x, collection, holds);
    case 'POST': {
      const term = actionTerm(x);
      if (term !== undefined) return act(x, collection, term);
      x.negotiate('entity-collection');
      // HTTP §9.3.2: associate the given entities with the mixin; attributes given with an
      // entity (e.g. the ones the mixin requires) are set with it, as a partial update does.
      const named = namedEntities(x, true)!;
      if (named.length === 0)
        throw new OcciError('bad-request', {
          code: 'parse-error',
          message: `the request names no entity to associate with ${id}`,
        });
      for (const { reference, attributes } of named)
        if (attributes) await x.provider.update(x.caller, reference, { mixins: [id], attributes });
      const plain = named.filter((e) => !e.attributes).map((e) => e.reference);
      const members =
        plain.length > 0
          ? await x.provider.associate(x.caller, id, plain)
          : await x.provider.list(x.caller, { collection });
      return x.renderCollection(200, members, holds);
    }
    case 'PUT': {
      x.negotiate('entity-collection');
      // HTTP §9.2: the collection becomes exactly the given entities.
      const references = entityReferences(x, false) ?? [];
      return x.renderCollection(200, await x.provider.setMembership(x.caller, id, references), holds);
    }
    case 'DELETE': {
      x.negotiate('entity-collection');
      // HTTP §9.5.2: dissociate the given entities, or all of them.
      const references = entityReferences(x, false);
      await x.provider.dissociate(x.caller, id, references);
      return x.renderCollection(200, await x.provider.list(x.caller, { collection }), holds);
    }
    default:
      return methodNotAllowed(x, MIXIN_COLLECTION_METHODS);
  }
}

/** HTTP §4.1: an unbound path answers the union of the collections bound below it. */
export async function unboundPath(x: Exchange): Promise<unknown> {
  const below = [...x.model.locations().keys()].some((location) => location.startsWith(x.path));
  if (!below)
    throw new OcciError('not-found', {
      code: 'not-found',
      message: `nothing is bound at or below ${x.path}`,
      location: x.path,
    });
  if (x.method === 'GET' || x.method === 'HEAD') return list(x, { path: x.path });
  return methodNotAllowed(x, UNBOUND_METHODS);
}
