/**
 * Listing collections (HTTP §9.1, §4.1, §5, §6.2): a page read from the
 * store in one query and turned into entities in one pass — the links of
 * all its resources read in one more query — or a whole collection in
 * batches (`listBatches`), each read past the last one, so that a
 * collection of any size is never held at once.
 */
import type { TypeIdentifier } from '../category.js';
import { typeIdentifier } from '../category.js';
import type { Entity } from '../entity.js';
import { badRequest } from '../errors.js';
import type { Model } from '../model.js';
import type { Caller, CollectionSelector, EntityFilter, ListRequest } from '../provider.js';
import { type EntityQuery, type EntityRecord, scanRecords } from '../store.js';
import { didYouMean } from '../suggest.js';
import { modelOf, type Reference } from './context.js';
import { type EntityType, entityType, listedEntity, storedEntity } from './entity-types.js';
import { callerKey } from './identifiers.js';
import { observedAll } from './observation.js';
import { entityTag } from './reading.js';

/** How many entities a batch of `listBatches` holds unless the caller says. */
export const LIST_BATCH = 500;
/** How many resources' links one store query reads. */
const SOURCES_PER_QUERY = 500;

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

/** The store query of a list request: the collection's, only resources or links if asked, paged. */
function listQuery(model: Model, caller: Caller, request: ListRequest): EntityQuery {
  const q = collectionQuery(model, caller, request.collection, request.filter);
  if (request.holding) {
    const links = request.holding === 'links';
    const kinds = model
      .kinds()
      .map(typeIdentifier)
      .filter((k) => model.isLinkKind(k) === links);
    q.kinds = q.kinds ? q.kinds.filter((k) => kinds.includes(k)) : kinds;
  }
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
  return q;
}

/** The records, each whole where a behaviour of its type observes it (the others as they are). */
async function wholeWhereObserved(
  r: Reference,
  model: Model,
  records: EntityRecord[],
): Promise<EntityRecord[]> {
  if (!records.some((record) => entityType(model, record.kind, record.mixins).observes)) return records;
  const whole = await Promise.all(
    records.map((record) =>
      entityType(model, record.kind, record.mixins).observes ? r.store.get(record.location) : record,
    ),
  );
  return whole.filter((record): record is EntityRecord => record !== undefined);
}

/** The records as the backend reports them (`observedAll`), asked only when a behaviour of theirs observes. */
function observedRecords(
  r: Reference,
  model: Model,
  caller: Caller,
  records: EntityRecord[],
): EntityRecord[] | Promise<EntityRecord[]> {
  return records.some((record) => entityType(model, record.kind, record.mixins).observes)
    ? observedAll(r, model, caller, records)
    : records;
}

/**
 * The records as entities, each resource with its links: the links of all
 * of them are read in one query (in creation order, as one query per
 * resource would read them) and grouped by source. Each record's type is
 * looked up once (`entityType`), and a page without links builds no map.
 */
export async function toEntities(
  r: Reference,
  model: Model,
  records: readonly EntityRecord[],
  caller: Caller,
): Promise<Entity[]> {
  const types = new Array<EntityType>(records.length);
  const sources: string[] = [];
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    const type = entityType(model, record.kind, record.mixins);
    types[i] = type;
    if (!type.link) sources.push(record.location);
  }
  let linksOf: Map<string, EntityRecord[]> | undefined;
  // A few hundred sources a query: stores bound how many values one statement may carry.
  for (let start = 0; start < sources.length; start += SOURCES_PER_QUERY) {
    const q: EntityQuery = { sources: sources.slice(start, start + SOURCES_PER_QUERY) };
    if (!caller.admin) q.owner = caller.user;
    const stored = await r.store.query(q);
    if (stored.length === 0) continue;
    linksOf ??= new Map();
    for (const link of await observedRecords(r, model, caller, stored)) {
      const list = linksOf.get(link.source!);
      if (list) list.push(link);
      else linksOf.set(link.source!, [link]);
    }
  }
  const entities = new Array<Entity>(records.length);
  for (let i = 0; i < records.length; i++) {
    const record = records[i]!;
    const type = types[i]!;
    const entity = listedEntity(model, type, record);
    if (!type.link) {
      const links = linksOf?.get(record.location);
      if (links === undefined) entity.links = [];
      else {
        const linked = new Array<Entity>(links.length);
        for (let j = 0; j < links.length; j++) {
          const link = links[j]!;
          linked[j] = listedEntity(model, entityType(model, link.kind, link.mixins), link);
        }
        entity.links = linked;
        // The resource's tag, as `get` answers it: its version and a digest of its links.
        entity.version = entityTag(record, links);
      }
    }
    entities[i] = entity;
  }
  return entities;
}

/** Whether a behaviour of some entity's type, or of one of its links', observes it. */
function observedAmong(model: Model, entities: readonly Entity[]): boolean {
  for (const entity of entities) {
    if (entityType(model, entity.kind, entity.mixins).observes) return true;
    for (const link of entity.links ?? [])
      if (entityType(model, link.kind, link.mixins).observes) return true;
  }
  return false;
}

/**
 * The entities of a collection or page. When the store has a revision, the
 * answer built last for the same caller, model and query is answered again
 * while the revision stays the same (as `get` does for one entity; shared:
 * callers must not modify it) — unless a backend observes some of them,
 * which is then asked again when due.
 */
export async function list(r: Reference, caller: Caller, request: ListRequest): Promise<Entity[]> {
  // The revision is read before the records: a commit in between makes the entry stale, never wrong.
  const revision = r.store.revision?.();
  r.caches.readAt(revision);
  const model = await r.caches.modelAt(caller, revision);
  const q = listQuery(model, caller, request);
  const key = revision === undefined ? undefined : `${callerKey(caller)}\u0000${JSON.stringify(q)}`;
  const kept = key === undefined ? undefined : r.caches.page(key, model);
  if (kept) return kept;
  const records = await observedRecords(r, model, caller, await r.store.query(q));
  const entities = await toEntities(r, model, records, caller);
  if (key !== undefined && !observedAmong(model, entities)) r.caches.keepPage(key, model, entities, revision);
  return entities;
}

/**
 * The entities of `list`, in batches of at most `size` (none empty); the
 * request is checked before the first batch is read, so a bad one throws
 * at the first step, before anything is answered.
 */
export async function* listBatches(
  r: Reference,
  caller: Caller,
  request: ListRequest,
  size = LIST_BATCH,
): AsyncGenerator<Entity[], void, undefined> {
  const model = await modelOf(r, caller);
  const q = listQuery(model, caller, request);
  if (request.locationsOnly) q.projection = 'identity';
  for await (const scanned of scanRecords(r.store, q, Math.max(1, Math.floor(size)))) {
    // A backend asked about an entity gets its whole record (an identity record is never written back).
    const records = request.locationsOnly ? await wholeWhereObserved(r, model, scanned) : scanned;
    const now = await observedRecords(r, model, caller, records);
    if (now.length === 0) continue;
    yield request.locationsOnly ? now.map(storedEntity) : await toEntities(r, model, now, caller);
  }
}
