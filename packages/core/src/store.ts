/**
 * The Store: dumb persistence behind the reference provider. A store keeps
 * entity records and provider/user mixin records and applies batches of
 * writes atomically with optimistic version checks. It holds no OCCI rules.
 * `storeContract` of `@occi/core/testing` checks a store against this contract.
 */
import type { AttributeValue } from './attribute.js';
import type { TypeIdentifier } from './category.js';
import type { Entity } from './entity.js';
import type { MixinDefinition } from './extension-document.js';

export interface EntityRecord {
  /** Absolute path; the record's key. */
  location: string;
  id: string;
  kind: TypeIdentifier;
  mixins: TypeIdentifier[];
  /** The user who created the entity. */
  owner: string;
  /** Starts at 1, increases by one on every write. */
  version: number;
  /** For links: the source resource's location. */
  source?: string;
  /** For links: the target's location. */
  target?: string;
  /** The entity's data, without `links`, `actions`, `version` or `location`. */
  entity: Entity;
}

/** A mixin defined at run time: by a user through the query interface, or by an action (e.g. save). */
export interface MixinRecord {
  id: TypeIdentifier;
  owner: string;
  definition: MixinDefinition;
}

/** Which records a query returns; all given conditions must hold. Results keep creation order. */
export interface EntityQuery {
  /** The union of collections: the entity's kind is one of `kinds`, or it has one of `mixins`. */
  in?: { kinds?: readonly TypeIdentifier[]; mixins?: readonly TypeIdentifier[] };
  /** The entity's kind is one of these. */
  kinds?: readonly TypeIdentifier[];
  /** The entity has every one of these mixins. */
  withMixins?: readonly TypeIdentifier[];
  owner?: string;
  source?: string;
  /** Links of any of these sources (a page's resources' links, read in one query). */
  sources?: readonly string[];
  target?: string;
  /** Attribute equality; `occi.core.id`, `occi.core.title` and `occi.core.summary` match the entity's fields. */
  attributes?: Record<string, AttributeValue>;
  offset?: number;
  limit?: number;
  /**
   * `identity`: the caller reads only each record's identity (location,
   * id, kind, mixins, owner, version, source, target); a store may then
   * answer an `entity` of `{id, kind, mixins, attributes: {}}` and skip
   * reading the rest. Such records must never be written back.
   */
  projection?: 'identity';
}

/** A record and the links whose source it is (`Store.getWithLinks`). */
export interface RecordWithLinks {
  record: EntityRecord;
  links: EntityRecord[];
}

export type StoreWrite =
  /** Creates (expect `'absent'`) or overwrites (expect the current version) an entity record. */
  | { op: 'put'; record: EntityRecord; expect?: number | 'absent' }
  | { op: 'delete'; location: string; expect?: number }
  | { op: 'put-mixin'; mixin: MixinRecord; expect?: 'absent' }
  | { op: 'delete-mixin'; id: TypeIdentifier };

export interface Store {
  get(location: string): Promise<EntityRecord | undefined>;
  getById(id: string): Promise<EntityRecord | undefined>;
  query(query: EntityQuery): Promise<EntityRecord[]>;
  /**
   * The record at `location` and the links whose source it is (only
   * `linkOwner`'s when given), in creation order, as one read sees them:
   * what `get` and then `query({source, owner})` answer when nothing commits
   * in between, in one round trip for a store across a network. Like
   * `get`, it sees every commit acknowledged before it was called, through
   * this store or another process sharing it. The records may be the
   * store's own, frozen (callers must not change them), and a record object
   * may be answered again only while the stored record is unchanged: a
   * caller may keep what it derived from one and reuse it when handed the
   * same objects. Stores without it are read with `get` and `query`.
   */
  getWithLinks?(location: string, linkOwner?: string): Promise<RecordWithLinks | undefined>;
  /**
   * The records `query` would return, in batches of at most `size` (the
   * last may be shorter, none is empty), read as they are consumed: each
   * batch seeks past the last record of the one before (creation order), so
   * a whole collection is never held at once and later batches cost what
   * the first does. A record committed while the scan runs is seen when it
   * comes after the last one read; one deleted is not seen once gone.
   * Unlike `query`'s, the records may be the store's own, frozen: callers
   * must not change them. Stores without it are scanned in pages by `scanRecords`.
   */
  scan?(query: EntityQuery, size: number): AsyncIterable<EntityRecord[]>;
  /**
   * Applies all writes or none, each seeing the ones before it. Throws
   * `OcciError('conflict', {code: 'version-mismatch'})` when an expectation
   * does not hold, and `OcciError('conflict', {code: 'duplicate'})` when a
   * created location or mixin id exists, or a written id is another
   * entity's. The problem's `location` is the entity concerned (for a taken
   * id, the one holding it); for a mixin record, its `category` is the
   * mixin's id.
   */
  commit(writes: readonly StoreWrite[]): Promise<void>;
  /** Mixin records, all or those of one owner, in creation order (a replaced record keeps its place). */
  mixins(owner?: string): Promise<MixinRecord[]>;
  /**
   * Calls `listener` whenever mixin records change, through this store or
   * through another process sharing it. Stores shared between processes
   * should offer it: a provider may then keep models until told otherwise.
   */
  watchMixins?(listener: () => void): void;
  /**
   * A number that differs from the last one returned whenever records may
   * have changed since, through this store or through another process
   * sharing it, known without waiting. A provider may keep what it read
   * while the revision stays the same; a store that cannot tell at once
   * (e.g. one that hears of others' commits only later) leaves it out.
   */
  revision?(): number;
  close(): Promise<void>;
}

/** The value a record holds for an attribute filter name (core names map to fields). */
export function recordValue(record: EntityRecord, name: string): AttributeValue | undefined {
  switch (name) {
    case 'occi.core.id':
      return record.entity.id;
    case 'occi.core.title':
      return record.entity.title;
    case 'occi.core.summary':
      return record.entity.summary;
    case 'occi.core.source':
      return record.source;
    case 'occi.core.target':
      return record.target;
    default:
      return record.entity.attributes[name];
  }
}

/** Filter equality: same JSON value, or same text when one side is a string (text renderings are untyped). */
export function valueMatches(actual: AttributeValue | undefined, wanted: AttributeValue): boolean {
  if (actual === undefined) return false;
  if (typeof actual === 'string' || typeof wanted === 'string') {
    const a = typeof actual === 'string' ? actual : JSON.stringify(actual);
    const w = typeof wanted === 'string' ? wanted : JSON.stringify(wanted);
    return a === w;
  }
  return JSON.stringify(actual) === JSON.stringify(wanted);
}

/** True when a record satisfies a query's conditions (offset and limit aside). */
export function recordMatches(record: EntityRecord, q: EntityQuery): boolean {
  if (q.in) {
    const inKinds = q.in.kinds?.includes(record.kind) ?? false;
    const inMixins = q.in.mixins?.some((m) => record.mixins.includes(m)) ?? false;
    if (!inKinds && !inMixins) return false;
  }
  if (q.kinds && !q.kinds.includes(record.kind)) return false;
  if (q.withMixins && !q.withMixins.every((m) => record.mixins.includes(m))) return false;
  if (q.owner !== undefined && record.owner !== q.owner) return false;
  if (q.source !== undefined && record.source !== q.source) return false;
  if (q.sources && (record.source === undefined || !q.sources.includes(record.source))) return false;
  if (q.target !== undefined && record.target !== q.target) return false;
  if (q.attributes) {
    for (const [name, wanted] of Object.entries(q.attributes))
      if (!valueMatches(recordValue(record, name), wanted)) return false;
  }
  return true;
}

/**
 * The records of a query in batches of `size`: the store's own `scan`, or
 * pages of `query` (offset and limit) for a store without one.
 */
export async function* scanRecords(
  store: Store,
  q: EntityQuery,
  size: number,
): AsyncGenerator<EntityRecord[], void, undefined> {
  if (store.scan) {
    yield* store.scan(q, size);
    return;
  }
  const start = q.offset ?? 0;
  const end = q.limit === undefined ? Number.POSITIVE_INFINITY : start + q.limit;
  for (let offset = start; offset < end; offset += size) {
    const batch = await store.query({ ...q, offset, limit: Math.min(size, end - offset) });
    if (batch.length > 0) yield batch;
    if (batch.length < size) return;
  }
}
