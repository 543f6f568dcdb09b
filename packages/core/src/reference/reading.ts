/**
 * Reading (HTTP §8.1, §9.1): an entity or a collection as the caller may
 * see it, with its applicable actions and, for a resource, its links.
 */
import type { TypeIdentifier } from '../category.js';
import { typeIdentifier } from '../category.js';
import type { Entity } from '../entity.js';
import { badRequest } from '../errors.js';
import type { Model } from '../model.js';
import type { Caller, CollectionSelector, EntityFilter, ListRequest } from '../provider.js';
import type { EntityQuery, EntityRecord } from '../store.js';
import { didYouMean } from '../suggest.js';
import { modelOf, type Reference, requireRecord } from './context.js';
import { callerKey } from './identifiers.js';
import { observedAll, observedOrGone, stale } from './observation.js';
import { applicableActions } from './state-machines.js';

/** The records of the references, all visible to the caller, or 404 naming the first missing one. */
export async function requireAll(
  r: Reference,
  caller: Caller,
  references: readonly string[],
): Promise<EntityRecord[]> {
  const records: EntityRecord[] = [];
  const seen = new Set<string>();
  for (const reference of references) {
    const record = await requireRecord(r, caller, reference);
    if (seen.has(record.location)) continue;
    seen.add(record.location);
    records.push(record);
  }
  return records;
}

/**
 * The entity as renderings show it; a resource with its links, read from
 * the store unless they are `known` (a resource just created with them).
 */
export async function toEntity(
  r: Reference,
  model: Model,
  record: EntityRecord,
  caller: Caller,
  withLinks: boolean,
  known?: EntityRecord[],
): Promise<Entity> {
  const entity: Entity = { ...record.entity, location: record.location, version: String(record.version) };
  entity.actions = applicableActions(model, entity);
  if (withLinks && !model.isLinkKind(record.kind)) {
    const links =
      known ??
      (await observedAll(
        r,
        model,
        caller,
        await r.store.query({ source: record.location, ...(caller.admin ? {} : { owner: caller.user }) }),
      ));
    entity.links = await Promise.all(links.map((l) => toEntity(r, model, l, caller, false)));
  }
  return entity;
}

/**
 * The entity at `location`; when the store has a revision, the entity
 * read last is answered again while neither the revision nor the caller's
 * model changed (the answer is shared: callers must not modify it).
 */
export async function get(r: Reference, caller: Caller, location: string): Promise<Entity> {
  // The revision is read before the records: a commit in between makes the entry stale, never wrong.
  const revision = r.store.revision?.();
  r.caches.readAt(revision);
  const model = await r.caches.modelAt(caller, revision);
  const key = `${callerKey(caller)}\u0000${location}`;
  const hit = r.caches.read(key, model);
  // Kept while the store stays the same and the backend need not be asked again.
  if (hit && !stale(r, model, hit)) return hit;
  const record = await observedOrGone(r, model, caller, await requireRecord(r, caller, location));
  const entity = await toEntity(r, model, record, caller, true);
  r.caches.keep(key, model, entity, revision);
  return entity;
}

/** The store query of a collection (HTTP §4.1, §6.2): its kinds or mixins, the caller's entities, the filter. */
export function collectionQuery(
  model: Model,
  caller: Caller,
  selector: CollectionSelector,
  filter?: EntityFilter,
): EntityQuery {
  const q: EntityQuery = {};
  if (!caller.admin) q.owner = caller.user;
  if ('kind' in selector) q.kinds = model.descendants(selector.kind);
  else if ('mixin' in selector) q.in = { mixins: model.descendants(selector.mixin) };
  else {
    // HTTP §4.1: an unbound path is the union of the collections bound below it.
    const kinds: TypeIdentifier[] = [];
    const mixins: TypeIdentifier[] = [];
    for (const [location, category] of model.locations()) {
      if (!location.startsWith(selector.path)) continue;
      if (category.class === 'kind') kinds.push(...model.descendants(typeIdentifier(category)));
      else mixins.push(...model.descendants(typeIdentifier(category)));
    }
    q.in = { kinds, mixins };
  }
  for (const id of filter?.categories ?? []) {
    const category = model.get(id);
    if (!category || category.class === 'action') {
      const candidates = [...model.kinds(), ...model.mixins()].map(typeIdentifier);
      throw badRequest(
        'unknown-category',
        `cannot filter by ${id}: not a known kind or mixin${didYouMean(id, candidates)}`,
        {
          category: id,
        },
      );
    }
    if (category.class === 'kind') {
      const below = model.descendants(id);
      q.kinds = q.kinds ? q.kinds.filter((k) => below.includes(k)) : below;
    } else {
      q.withMixins = [...(q.withMixins ?? []), id];
    }
  }
  if (filter?.attributes && Object.keys(filter.attributes).length > 0) q.attributes = filter.attributes;
  return q;
}

export async function list(r: Reference, caller: Caller, request: ListRequest): Promise<Entity[]> {
  const model = await modelOf(r, caller);
  const q = collectionQuery(model, caller, request.collection, request.filter);
  if (request.page) {
    const { page, number } = request.page;
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(number) || number < 1)
      throw badRequest(
        'invalid-pagination',
        'page and number must be positive integers (page counts from 1)',
      );
    q.offset = (page - 1) * number;
    q.limit = number;
  }
  const records = await observedAll(r, model, caller, await r.store.query(q));
  return Promise.all(records.map((record) => toEntity(r, model, record, caller, true)));
}
