/**
 * Reading (HTTP §8.1, §9.1): an entity or a collection as the caller may
 * see it, with its applicable actions and, for a resource, its links.
 */
import type { Entity } from '../entity.js';
import { notFound } from '../errors.js';
import type { Model } from '../model.js';
import type { Caller } from '../provider.js';
import type { EntityRecord } from '../store.js';
import { type Reference, requireRecord, visible } from './context.js';
import { entityType, listedEntity } from './entity-types.js';
import { callerKey, isAbsolutePath } from './identifiers.js';
import { observedAll, observedOrGone, stale } from './observation.js';

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
  const entity = listedEntity(model, entityType(model, record.kind, record.mixins), record);
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
    entity.version = entityTag(record, links);
  }
  return entity;
}

/**
 * The version a resource's representation is at (its ETag, RFC 9110
 * §8.8.3): the record's version, followed by a digest of its links'
 * locations and versions when it has links — a rendering of the resource
 * carries them (HTTP §8.1), so creating, changing or deleting one of its
 * links changes the tag, and a conditional GET does not answer 304 with
 * links that are gone. A link's, or a resource's without links, is its
 * record's version.
 */
export function entityTag(record: EntityRecord, links: readonly EntityRecord[]): string {
  if (links.length === 0) return String(record.version);
  // FNV-1a, 32 bits: a change detector, not a secret.
  let hash = 0x811c9dc5;
  for (const link of links)
    for (const c of `${link.location} ${link.version}\n`)
      hash = Math.imul(hash ^ c.charCodeAt(0), 0x01000193);
  return `${record.version}-${(hash >>> 0).toString(36)}`;
}

/** The tag the caller reads for `record` now (`entityTag`): what write preconditions compare with. */
export async function currentTag(r: Reference, caller: Caller, record: EntityRecord): Promise<string> {
  if (record.source !== undefined) return String(record.version);
  const links = await r.store.query({
    source: record.location,
    ...(caller.admin ? {} : { owner: caller.user }),
  });
  return entityTag(record, links);
}

/**
 * The entity at `location`; when the store has a revision, the entity
 * read last is answered again while neither the revision nor the caller's
 * model changed (the answer is shared: callers must not modify it). A
 * store with `getWithLinks` is read once per request (the record and its
 * links together), and the entity built last is answered again when the
 * store answered the same record objects (`readWithLinks`).
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
  const entity =
    r.store.getWithLinks && isAbsolutePath(location)
      ? await readWithLinks(r, model, caller, location)
      : await toEntity(
          r,
          model,
          await observedOrGone(r, model, caller, await requireRecord(r, caller, location)),
          caller,
          true,
        );
  r.caches.keep(key, model, entity, revision);
  return entity;
}

/** What `readWithLinks` built from a record object a store answered, and from what else. */
interface Built {
  model: Model;
  links: readonly EntityRecord[];
  entity: Entity;
}

/**
 * Entities built from records of `Store.getWithLinks`, by the resource's
 * record object. A store answers the same object again only while the
 * stored record is unchanged (it read it and compared), so an entry is
 * reused only when the store also answered the same link objects and the
 * caller's model is the same: what is kept is the work of building the
 * entity (and, the entity being the same object, of rendering it), never
 * a record the store did not read again.
 */
const built = new WeakMap<EntityRecord, Built>();

const sameObjects = (a: readonly object[], b: readonly object[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** A record a caller may change: a copy of a frozen one. */
const thawed = (record: EntityRecord): EntityRecord =>
  Object.isFrozen(record) ? structuredClone(record) : record;

/** The entity at `location` and its links, read together (one round trip where the store has one). */
async function readWithLinks(r: Reference, model: Model, caller: Caller, location: string): Promise<Entity> {
  const read = await r.store.getWithLinks!(location, caller.admin ? undefined : caller.user);
  const stored = visible(read?.record, caller);
  if (!read || !stored) throw notFound(`no entity at ${location}`, { location });
  const last = built.get(stored);
  if (last && last.model === model && sameObjects(last.links, read.links) && !stale(r, model, last.entity))
    return last.entity;
  const record = await observedOrGone(r, model, caller, stored);
  // A record the backend changed may have changed its links too: they are read again then.
  const links = record === stored ? await observedAll(r, model, caller, read.links) : undefined;
  // Built from copies: the entity is the callers' (as `get`'s records are), the store's records stay as they are.
  const entity = await toEntity(r, model, thawed(record), caller, true, links?.map(thawed));
  if (record === stored && links && sameObjects(links, read.links))
    built.set(stored, { model, links: read.links, entity });
  return entity;
}

export { collectionQuery, list } from './listing.js';
