/** An in-memory Store, for tests and embedding. Nothing survives the process. */
import { conflict } from './errors.js';
import type { EntityQuery, EntityRecord, MixinRecord, RecordWithLinks, Store, StoreWrite } from './store.js';
import { recordMatches } from './store.js';

/** The value, frozen all the way down. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}

export class MemoryStore implements Store {
  readonly #entities = new Map<string, EntityRecord>();
  readonly #ids = new Map<string, string>();
  readonly #mixins = new Map<string, MixinRecord>();
  /** Link locations by source location: finding a resource's links must not scan every entity. */
  readonly #bySource = new Map<string, Set<string>>();
  /** Creation order of each location (the order of `#entities`), to keep results in it. */
  readonly #order = new Map<string, number>();
  #created = 0;
  #revision = 0;

  revision(): number {
    return this.#revision;
  }

  async get(location: string): Promise<EntityRecord | undefined> {
    const r = this.#entities.get(location);
    return r && structuredClone(r);
  }

  async getById(id: string): Promise<EntityRecord | undefined> {
    const location = this.#ids.get(id);
    return location === undefined ? undefined : this.get(location);
  }

  async query(q: EntityQuery): Promise<EntityRecord[]> {
    const out: EntityRecord[] = [];
    let skip = q.offset ?? 0;
    const limit = q.limit ?? Number.POSITIVE_INFINITY;
    for (const r of this.#candidates(q)) {
      if (out.length >= limit) break;
      if (!recordMatches(r, q)) continue;
      if (skip > 0) {
        skip--;
        continue;
      }
      out.push(structuredClone(r));
    }
    return out;
  }

  /** The stored records themselves, frozen: a record replaced by a commit is a new object. */
  async getWithLinks(location: string, linkOwner?: string): Promise<RecordWithLinks | undefined> {
    const record = this.#entities.get(location);
    if (!record) return undefined;
    const links = [...this.#candidates({ source: location })].filter(
      (l) => linkOwner === undefined || l.owner === linkOwner,
    );
    return { record, links };
  }

  /**
   * Batches of the query's records, which are the store's own, frozen (a
   * caller that tries to change one gets a TypeError, and the store stays
   * as it is). The iterator over the records is live
   * (a Map's iterators see entries added after them and skip deleted ones),
   * so each batch goes on where the last one stopped.
   */
  async *scan(q: EntityQuery, size: number): AsyncGenerator<EntityRecord[], void, undefined> {
    const batchSize = Math.max(1, Math.floor(size));
    let skip = q.offset ?? 0;
    let left = q.limit ?? Number.POSITIVE_INFINITY;
    let batch: EntityRecord[] = [];
    for (const r of this.#candidates(q)) {
      if (left <= 0) break;
      if (!recordMatches(r, q)) continue;
      if (skip > 0) {
        skip--;
        continue;
      }
      left--;
      // Stored records are frozen: a scan hands them out as they are, without a copy per record.
      batch.push(r);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  /** The records a query can match: the links of the sources it names, else all, in creation order. */
  #candidates(q: EntityQuery): Iterable<EntityRecord> {
    const sources = q.source !== undefined ? [q.source] : q.sources;
    if (sources === undefined) return this.#entities.values();
    const locations = [...new Set(sources)].flatMap((source) => [...(this.#bySource.get(source) ?? [])]);
    locations.sort((a, b) => this.#order.get(a)! - this.#order.get(b)!);
    return locations.map((location) => this.#entities.get(location)!);
  }

  #index(location: string, previous: EntityRecord | undefined, next: EntityRecord | undefined): void {
    if (previous?.source !== undefined && previous.source !== next?.source) {
      const links = this.#bySource.get(previous.source)!;
      links.delete(location);
      if (links.size === 0) this.#bySource.delete(previous.source);
    }
    if (next?.source !== undefined) {
      const links = this.#bySource.get(next.source) ?? new Set<string>();
      links.add(location);
      this.#bySource.set(next.source, links);
    }
    if (!previous && next) this.#order.set(location, ++this.#created);
    if (previous && !next) this.#order.delete(location);
  }

  async commit(writes: readonly StoreWrite[]): Promise<void> {
    // Check every expectation before applying anything: all or nothing.
    const locations = new Map<string, EntityRecord | undefined>();
    const ids = new Map<string, string>();
    const current = (location: string) =>
      locations.has(location) ? locations.get(location) : this.#entities.get(location);
    for (const w of writes) {
      if (w.op === 'put') {
        const existing = current(w.record.location);
        if (w.expect === 'absent') {
          if (existing)
            throw conflict('duplicate', `${w.record.location} exists already`, {
              location: w.record.location,
            });
        } else if (w.expect !== undefined && existing?.version !== w.expect) {
          throw conflict('version-mismatch', `${w.record.location} was changed by another request`, {
            location: w.record.location,
          });
        }
        // An id belongs to one location: elsewhere in the store or earlier in this batch.
        const byId = ids.get(w.record.id) ?? this.#ids.get(w.record.id);
        if (byId !== undefined && byId !== w.record.location && current(byId)?.id === w.record.id)
          throw conflict('duplicate', `an entity with id ${w.record.id} exists already`, {
            location: byId,
          });
        ids.set(w.record.id, w.record.location);
        locations.set(w.record.location, w.record);
      } else if (w.op === 'delete') {
        const existing = current(w.location);
        if (w.expect !== undefined && existing?.version !== w.expect)
          throw conflict('version-mismatch', `${w.location} was changed by another request`, {
            location: w.location,
          });
        locations.set(w.location, undefined);
      } else if (w.op === 'put-mixin' && w.expect === 'absent' && this.#mixins.has(w.mixin.id)) {
        throw conflict('duplicate', `mixin ${w.mixin.id} exists already`, { category: w.mixin.id });
      }
    }
    this.#revision++;
    for (const w of writes) {
      if (w.op === 'put') {
        const previous = this.#entities.get(w.record.location);
        if (previous && previous.id !== w.record.id) this.#ids.delete(previous.id);
        this.#entities.set(w.record.location, deepFreeze(structuredClone(w.record)));
        this.#ids.set(w.record.id, w.record.location);
        this.#index(w.record.location, previous, w.record);
      } else if (w.op === 'delete') {
        const previous = this.#entities.get(w.location);
        if (previous) this.#ids.delete(previous.id);
        this.#entities.delete(w.location);
        if (previous) this.#index(w.location, previous, undefined);
      } else if (w.op === 'put-mixin') {
        this.#mixins.set(w.mixin.id, structuredClone(w.mixin));
      } else {
        this.#mixins.delete(w.id);
      }
    }
  }

  async mixins(owner?: string): Promise<MixinRecord[]> {
    return [...this.#mixins.values()]
      .filter((m) => owner === undefined || m.owner === owner)
      .map((m) => structuredClone(m));
  }

  async close(): Promise<void> {}
}
