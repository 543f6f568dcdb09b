/**
 * Writing to the store: all-or-nothing commits, retries of a
 * read-modify-write that lost a race, the next version of a record, and
 * the deletions a delete implies (Core §5.4.2: links go with their source).
 */
import type { Entity } from '../entity.js';
import { isOcciError, OcciError, type Problem } from '../errors.js';
import type { Caller, WriteConditions } from '../provider.js';
import type { EntityRecord, StoreWrite } from '../store.js';
import { type Reference, visible } from './context.js';

/** How many times a write is retried when another request changed the entity meanwhile. */
const RETRIES = 16;

/** A short random pause before a retry, growing with the attempt (other processes may share the Store). */
function backoff(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(50, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Commits, forgetting callers' models when the writes change mixins. */
export async function commit(r: Reference, writes: readonly StoreWrite[]): Promise<void> {
  const mixins = writes.some((w) => w.op === 'put-mixin' || w.op === 'delete-mixin');
  try {
    await r.store.commit(writes);
  } finally {
    if (mixins) r.caches.mixinsChanged();
  }
}

/**
 * Commits writes that create entities. Store.commit reports a taken id
 * with the location of the entity holding it: when the caller cannot see
 * that entity, the problem says only that the id is taken.
 */
export async function commitCreating(r: Reference, caller: Caller, writes: StoreWrite[]): Promise<void> {
  try {
    await commit(r, writes);
  } catch (error) {
    if (!isOcciError(error) || error.code !== 'duplicate') throw error;
    const created = writes.flatMap((w) => (w.op === 'put' && w.expect === 'absent' ? [w.record] : []));
    const problems: Problem[] = [];
    for (const p of error.problems) {
      const holder = p.location !== undefined ? await r.store.get(p.location) : undefined;
      if (p.location === undefined || visible(holder, caller)) {
        problems.push(p);
        continue;
      }
      // The record of this request whose id (or the location made of it) another user's entity holds.
      const mine = created.find((c) => c.location === p.location || c.id === holder?.id) ?? created[0];
      problems.push({
        code: 'duplicate',
        message: `the id ${mine?.id ?? ''} is taken: choose another one, or none`,
        attribute: 'occi.core.id',
      });
    }
    throw new OcciError('conflict', problems);
  }
}

/** Runs a read-modify-write, again when a concurrent write got there first (unless the client pinned a version). */
export async function retrying<T>(
  r: Reference,
  conditions: WriteConditions | undefined,
  run: () => Promise<T>,
  location?: string,
): Promise<T> {
  const attempts = async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run();
      } catch (error) {
        const retry = isOcciError(error) && error.code === 'version-mismatch' && error.kind === 'conflict';
        // The version the client pinned with If-Match changed between our read and our write.
        if (retry && conditions?.ifMatch !== undefined)
          throw new OcciError(
            'precondition-failed',
            error.problems.map((p) => ({ ...p, message: `${p.message} (If-Match)` })),
          );
        if (!retry || attempt >= RETRIES) throw error;
        await backoff(attempt);
      }
    }
  };
  // Requests on one entity queue in this process, so none loses its turn to a retry race.
  return location === undefined ? attempts() : r.locks.run(location, attempts);
}

/** The next version of `stored`, holding `entity`. */
export function nextRecord(stored: EntityRecord, entity: Entity): EntityRecord {
  const record: EntityRecord = {
    location: stored.location,
    id: stored.id,
    kind: stored.kind,
    mixins: entity.mixins,
    owner: stored.owner,
    version: stored.version + 1,
    entity,
  };
  if (entity.source) record.source = entity.source.location;
  if (entity.target) record.target = entity.target.location;
  return record;
}

/** The records a delete of `record` removes: itself and, for a resource, the links from and to it (Core §5.4.2). */
export async function deletedWith(
  r: Reference,
  record: EntityRecord,
  done: Set<string>,
): Promise<EntityRecord[]> {
  if (done.has(record.location)) return [];
  done.add(record.location);
  const records = [record];
  if (record.source === undefined) {
    const links = [
      ...(await r.store.query({ source: record.location })),
      ...(await r.store.query({ target: record.location })),
    ];
    for (const link of links) {
      if (done.has(link.location)) continue;
      done.add(link.location);
      records.push(link);
    }
  }
  return records;
}

/** The store writes deleting `records`, each at the version read. */
export const deletions = (records: readonly EntityRecord[]): StoreWrite[] =>
  records.map((record) => ({ op: 'delete', location: record.location, expect: record.version }));
