/**
 * The shared store: PostgreSQL, for when one machine is not enough. Several
 * server processes against one database serve the same entities. Every
 * write's expectation is checked by the statement that makes it
 * (postgres-writes.ts), so under READ COMMITTED a concurrent writer waits
 * for the row and then finds the version changed: an acknowledged write is
 * never lost.
 *
 * Opened `exclusive`, the store is the only user of its database (an
 * advisory lock, postgres-store-lock.ts, refuses every other store while
 * it is held): it counts its own commits as its `revision()`, so that core
 * keeps what it read until this store commits, and answers repeated reads
 * without a round trip. Shared (the default), it has no revision: every
 * read asks the database, and sees other processes' commits at once.
 */
import type { EntityQuery, EntityRecord, MixinRecord, Store, StoreWrite } from '@occi/core';
import { isOcciError, OcciError } from '@occi/core';
import pg from 'pg';
import { migratePostgres } from './migrations.js';
import { failure } from './postgres-errors.js';
import { createsOnly, insertStatement } from './postgres-inserts.js';
import { MIXINS_CHANNEL, MixinWatch } from './postgres-mixin-watch.js';
import { GET_WITH_LINKS, RecordsRead } from './postgres-reads.js';
import { StoreLock } from './postgres-store-lock.js';
import { applyWrite, IdCollision } from './postgres-writes.js';
import { duplicateId, type EntityRow, pageOf, storeClosed, toMixinRecord, toRecord } from './rows.js';
import { COLUMNS, type SqlDialect, selectEntities } from './select-entities.js';

export interface PostgresStoreOptions {
  /**
   * This store is the only user of its database: it takes the database's
   * store lock exclusively (refused while any other store holds it, and
   * refusing them while it does) and has a `revision()`, its own commits
   * counted. Default: shared with other stores, no revision.
   */
  exclusive?: boolean;
}

type Param = string | number | null | readonly string[];
type MixinRow = { id: string; owner: string; definition: MixinRecord['definition'] };

const POSTGRES: SqlDialect = {
  placeholder: (n) => `$${n}`,
  oneOf: (column, items, param) =>
    items.length === 1 ? `${column} = ${param(items[0])}` : `${column} = ANY(${param(items)}::text[])`,
  // json (not jsonb) keeps the text JSON.stringify wrote, so that JSON texts compare exactly.
  jsonEquals: (path, text, param) => {
    const p = `${param(path)}::text[]`;
    return `CASE json_typeof(e.data #> ${p}) WHEN 'string' THEN e.data #>> ${p} ELSE (e.data #> ${p})::text END = ${param(text)}`;
  },
  false: 'FALSE',
  noLimit: null,
};

/** A commit that only creates entities, waiting for its group commit. */
interface PendingCreate {
  records: EntityRecord[];
  writes: readonly StoreWrite[];
  resolve(): void;
  reject(error: unknown): void;
}

/** The reads of one record, named: each connection of the pool parses and plans them once. */
const GET = { name: 'occi-get', text: `SELECT ${COLUMNS} FROM entities e WHERE e.location = $1` };
const GET_BY_ID = { name: 'occi-get-by-id', text: `SELECT ${COLUMNS} FROM entities e WHERE e.id = $1` };

export class PostgresStore implements Store {
  readonly #pool: pg.Pool;
  readonly #watch: MixinWatch;
  #closed = false;
  /** Creates waiting for the next group commit (see commit). */
  #creates: PendingCreate[] = [];
  /** Group commits under way, which close() waits for. */
  readonly #flushing = new Set<Promise<void>>();
  /** The rows `getWithLinks` read last, and their records. */
  readonly #read = new RecordsRead();
  /** The database's store lock, held exclusively or shared for the store's lifetime. */
  readonly #lock: StoreLock;
  /** This store's commits, settled (the revision of an exclusive store, with the lock's generation). */
  #commits = 0;
  /** Those of them that wrote mixin records: what `mixins` keeps, exclusive, is valid while they and the lock stay. */
  #mixinCommits = 0;
  /** Exclusive only: mixin rows as read last, per owner ('' for all), and when. */
  readonly #mixinsKept = new Map<string, { at: string; rows: MixinRow[] }>();
  /**
   * Exclusive stores only: this store's commits counted, and the lock's
   * changes (lost, taken again). While the lock is not trusted (lost, or
   * its session silent for longer than its lease) another process may
   * write: every call answers a new number, so that nothing read is
   * answered again until the lock is back.
   */
  readonly revision?: () => number;

  private constructor(pool: pg.Pool, config: string | pg.PoolConfig, lock: StoreLock) {
    this.#pool = pool;
    this.#watch = new MixinWatch(config);
    this.#lock = lock;
    if (lock.mode === 'exclusive')
      this.revision = () => (this.#lock.trusted ? this.#commits : ++this.#commits) + this.#lock.generation;
  }

  /**
   * Mixin changes of every process sharing the database, through
   * LISTEN/NOTIFY (postgres-mixin-watch.ts); an exclusive store has no
   * other process to hear from, and listens to nothing.
   */
  watchMixins(listener: () => void): void {
    if (this.#lock.mode === 'shared') this.#watch.add(listener);
  }

  /**
   * Connects a pool (a `postgres://` URL or a pg PoolConfig), takes the
   * database's store lock (postgres-store-lock.ts: refused with an
   * 'unavailable' OcciError naming the fix when an exclusive store holds
   * it, or when `exclusive` and another store holds it) and brings the
   * schema up to date; concurrent starts migrate once (advisory lock).
   */
  static async connect(
    config: string | pg.PoolConfig,
    options: PostgresStoreOptions = {},
  ): Promise<PostgresStore> {
    const pool = new pg.Pool(typeof config === 'string' ? { connectionString: config } : config);
    // An idle client that loses its connection is dropped by the pool; the
    // next request connects again. Without a listener the process would exit.
    pool.on('error', () => {});
    let lock: StoreLock | undefined;
    try {
      lock = await StoreLock.take(config, options.exclusive ? 'exclusive' : 'shared');
      const client = await pool.connect();
      try {
        await migratePostgres(client);
      } finally {
        client.release();
      }
    } catch (error) {
      await lock?.close();
      await pool.end().catch(() => {});
      if (isOcciError(error)) throw error;
      throw new OcciError(
        'unavailable',
        {
          code: 'other',
          message: `cannot open the PostgreSQL store: ${error instanceof Error ? error.message : String(error)}`,
        },
        { cause: error },
      );
    }
    return new PostgresStore(pool, config, lock);
  }

  /** The connection pool, for diagnostics. */
  get pool(): pg.Pool {
    return this.#pool;
  }

  /** The SELECT a query runs and its parameters. */
  static sql(q: EntityQuery): { text: string; values: Param[] } {
    const { sql, params } = selectEntities(q, POSTGRES);
    return { text: sql, values: params as Param[] };
  }

  async #rows<T extends pg.QueryResultRow>(
    statement: string | { name: string; text: string },
    values: Param[],
  ): Promise<T[]> {
    if (this.#closed) throw storeClosed('PostgreSQL');
    try {
      return (
        await this.#pool.query<T>(
          typeof statement === 'string'
            ? { text: statement, values: values as unknown[] }
            : { ...statement, values: values as unknown[] },
        )
      ).rows;
    } catch (error) {
      throw failure(error);
    }
  }

  async get(location: string): Promise<EntityRecord | undefined> {
    const [row] = await this.#rows<EntityRow>(GET, [location]);
    return row && toRecord(row);
  }

  async getById(id: string): Promise<EntityRecord | undefined> {
    const [row] = await this.#rows<EntityRow>(GET_BY_ID, [id]);
    return row && toRecord(row);
  }

  /** One statement for the record and its links (postgres-reads.ts); the records are frozen. */
  async getWithLinks(
    location: string,
    linkOwner?: string,
  ): Promise<{ record: EntityRecord; links: EntityRecord[] } | undefined> {
    const rows = await this.#rows<EntityRow & { data: string }>(GET_WITH_LINKS, [
      location,
      linkOwner ?? null,
    ]);
    return this.#read.answer(location, rows);
  }

  async query(q: EntityQuery): Promise<EntityRecord[]> {
    const { text, values } = PostgresStore.sql(q);
    return (await this.#rows<EntityRow>(text, values)).map(toRecord);
  }

  /** Batches read by keyset: each past the creation sequence number of the last row read (see `Store.scan`). */
  async *scan(q: EntityQuery, size: number): AsyncGenerator<EntityRecord[], void, undefined> {
    const batch = Math.max(1, Math.floor(size));
    const { offset, limit } = pageOf(q);
    let left = limit ?? Number.POSITIVE_INFINITY;
    let skip = offset;
    let after: string | undefined;
    while (left > 0) {
      const n = Math.min(batch, left);
      const { sql, params } = selectEntities(q, POSTGRES, {
        withSeq: true,
        page: { offset: skip, limit: n },
        ...(after !== undefined ? { seek: { op: '>', seq: after } } : {}),
      });
      const rows = await this.#rows<EntityRow & { seq: string }>(sql, params as Param[]);
      if (rows.length === 0) return;
      skip = 0;
      after = String(rows[rows.length - 1]!.seq);
      left -= rows.length;
      yield rows.map(toRecord);
      if (rows.length < n) return;
    }
  }

  /**
   * Commits `writes` atomically. Commits that only create entities are
   * grouped: those arriving during one turn of the event loop are written by
   * one statement (postgres-inserts.ts) and share its transaction and WAL
   * flush; every promise settles once that statement has committed (or, if
   * it failed, once the commit has run alone). Other commits run each in a
   * transaction of its own.
   */
  async commit(writes: readonly StoreWrite[]): Promise<void> {
    if (this.#closed) throw storeClosed('PostgreSQL');
    // A store that lost its lock writes only once it holds it again (postgres-store-lock.ts).
    if (!this.#lock.held) await this.#lock.ensure();
    try {
      if (!createsOnly(writes)) return await this.#transaction(writes);
      return await new Promise<void>((resolve, reject) => {
        this.#creates.push({ records: writes.map((w) => w.record), writes, resolve, reject });
        if (this.#creates.length === 1) setImmediate(() => void this.#flushCreates());
      });
    } finally {
      // Counted once settled, committed or not (a lost connection may have committed it): whatever
      // was read before is forgotten, and a read after sees the commit.
      this.#commits++;
      if (writes.some((w) => w.op === 'put-mixin' || w.op === 'delete-mixin')) this.#mixinCommits++;
    }
  }

  /** Writes the pending creates with one statement; on any other failure each runs alone for its own outcome. */
  async #flushCreates(): Promise<void> {
    const batch = this.#creates;
    this.#creates = [];
    if (batch.length === 0) return;
    const done = (async () => {
      try {
        await this.#pool.query(insertStatement(batch.flatMap((c) => c.records)));
      } catch (error) {
        const reason = failure(error);
        // Unreachable: running each alone would fail alike, after as long again.
        if (reason.kind === 'unavailable') for (const c of batch) c.reject(reason);
        // One after the other, in the order they arrived: of two creates of one location the first wins.
        else for (const c of batch) await this.#transaction(c.writes).then(c.resolve, c.reject);
        return;
      }
      for (const c of batch) c.resolve();
    })();
    this.#flushing.add(done);
    await done;
    this.#flushing.delete(done);
  }

  async #transaction(writes: readonly StoreWrite[]): Promise<void> {
    let client: pg.PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      throw failure(error);
    }
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      for (const w of writes) await applyWrite(client, w);
      // Delivered at commit, to every process listening (watchMixins).
      if (writes.some((w) => w.op === 'put-mixin' || w.op === 'delete-mixin'))
        await client.query(`NOTIFY ${MIXINS_CHANNEL}`);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch((e: Error) => {
        broken = e;
      });
      if (error instanceof IdCollision) {
        // On this client: asking the pool for another could wait for ever when every client is in a commit.
        const other = broken
          ? undefined
          : await client
              .query<{ location: string }>('SELECT location FROM entities WHERE id = $1', [error.record.id])
              .then((r) => r.rows[0]?.location)
              .catch(() => undefined);
        throw duplicateId(error.record.id, other ?? error.record.location);
      }
      throw failure(error, writes);
    } finally {
      client.release(broken);
    }
  }

  /**
   * The mixin records (of `owner`). An exclusive store holding its lock
   * keeps the rows it read until it commits a mixin write (core asks on
   * every request whose revision moved, e.g. after each create), and hands
   * out copies.
   */
  async mixins(owner?: string): Promise<MixinRecord[]> {
    const exclusive = this.#lock.mode === 'exclusive' && this.#lock.trusted;
    // Read before the rows: a mixin commit settling meanwhile makes them stale, never kept.
    const at = `${this.#mixinCommits}:${this.#lock.generation}`;
    const key = owner ?? '';
    const kept = exclusive ? this.#mixinsKept.get(key) : undefined;
    if (kept?.at === at)
      return kept.rows.map((row) => ({ ...toMixinRecord(row), definition: structuredClone(row.definition) }));
    const rows =
      owner === undefined
        ? await this.#rows<MixinRow>('SELECT id, owner, definition FROM mixins ORDER BY seq', [])
        : await this.#rows<MixinRow>(
            'SELECT id, owner, definition FROM mixins WHERE owner = $1 ORDER BY seq',
            [owner],
          );
    if (exclusive && at === `${this.#mixinCommits}:${this.#lock.generation}`) {
      if (this.#mixinsKept.size >= 10_000) this.#mixinsKept.clear();
      this.#mixinsKept.set(key, { at, rows: rows.map((row) => structuredClone(row)) });
    }
    return rows.map(toMixinRecord);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Creates already accepted are committed (or refused) before the pool ends.
    await this.#flushCreates();
    await Promise.all(this.#flushing);
    await this.#watch.close();
    await this.#pool.end();
    await this.#lock.close();
  }

  /** The backend process holding the store lock (for tests that end its session). */
  lockBackendPid(): Promise<number | undefined> {
    return this.#lock.backendPid();
  }
}
