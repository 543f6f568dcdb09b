/**
 * The embedded default store: one SQLite file in a data directory, in WAL
 * mode with `synchronous = FULL` so that a commit that returned survives a
 * crash or kill -9. Several processes may open the same file; writes are
 * serialised by SQLite's write lock and checked against versions in SQL.
 *
 * Opened `exclusive`, the connection holds the file locked for its
 * lifetime (`locking_mode = EXCLUSIVE` before WAL is first used: the
 * WAL-index is kept in the process's memory, no `-shm` file), so no other
 * process can open it, and the revision counts this store's own commits
 * without any system call.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { EntityQuery, EntityRecord, MixinRecord, Store, StoreWrite } from '@occi/core';
import { isOcciError, OcciError } from '@occi/core';
import Database from 'better-sqlite3';
import { migrateSqlite } from './migrations.js';
import {
  duplicateId,
  duplicateLocation,
  duplicateMixin,
  type EntityRow,
  rowValues,
  storeClosed,
  toMixinRecord,
  toRecord,
  versionMismatch,
} from './rows.js';
import { COLUMNS } from './select-entities.js';
import { failure, isUniqueViolation, lockedOut } from './sqlite-errors.js';
import { SqliteReader, sqliteSelect } from './sqlite-queries.js';
import { WalIndexHeader } from './sqlite-wal-index.js';

export interface SqliteStoreOptions {
  /** How long a write waits for another process's write lock, in ms (default 5000). */
  busyTimeout?: number;
  /**
   * This store is the only user of the file: no other connection can open
   * it while this one is open (nor can this one while another is), and
   * `revision()` counts this store's commits instead of watching the WAL-index.
   */
  exclusive?: boolean;
}

type Param = string | number | null;

interface PendingCommit {
  writes: readonly StoreWrite[];
  resolve(): void;
  reject(error: unknown): void;
}

export class SqliteStore implements Store {
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();
  /** One commit: a savepoint inside the batch's transaction, so that its failure undoes only its writes. */
  readonly #commitOne: Database.Transaction<(writes: readonly StoreWrite[]) => void>;
  /** Group commit: the commits that arrived during one turn of the event loop share one transaction and one fsync. */
  readonly #commitBatch: Database.Transaction<(batch: PendingCommit[]) => unknown[]>;
  #pending: PendingCommit[] = [];
  #closed = false;
  /** Tells whether any connection (another process) committed: the WAL-index header, read in one system call. */
  readonly #walIndex: WalIndexHeader | undefined;
  /** `PRAGMA data_version`, the same where there is no WAL-index file to read (`:memory:`). */
  readonly #dataVersion: Database.Statement;
  #seenDataVersion = 0;
  #revision = 0;
  /** The revision as read during the current turn of the event loop (see `revision`). */
  #revisionThisTurn: number | undefined;
  /** Queries, scans and deep pages (sqlite-queries.ts). */
  readonly #reader: SqliteReader;
  /** No other connection has the file open: the revision is this store's commits counted. */
  readonly #exclusive: boolean;

  private constructor(db: Database.Database, walIndex: WalIndexHeader | undefined, exclusive: boolean) {
    this.#db = db;
    this.#walIndex = walIndex;
    this.#exclusive = exclusive;
    this.#reader = new SqliteReader(
      db,
      (sql) => this.#statement(sql),
      () => this.#revision,
    );
    this.#dataVersion = db.prepare('PRAGMA data_version').pluck();
    this.#commitOne = db.transaction((writes: readonly StoreWrite[]) => {
      for (const w of writes) this.#apply(w);
    });
    this.#commitBatch = db.transaction((batch: PendingCommit[]) =>
      batch.map((item) => {
        try {
          this.#commitOne(item.writes);
          return undefined;
        } catch (error) {
          return error;
        }
      }),
    );
  }

  /**
   * Opens (creating it and its directory if needed) the database file and
   * brings its schema up to date. `':memory:'` opens a private in-memory database.
   * A file another process holds (exclusively, or at all when `exclusive`)
   * is refused after `busyTimeout`, with an 'unavailable' OcciError naming the fix.
   */
  static open(file: string, options: SqliteStoreOptions = {}): SqliteStore {
    const busyTimeout = options.busyTimeout ?? 5000;
    const exclusive = options.exclusive === true;
    let db: Database.Database | undefined;
    try {
      if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
      db = new Database(file, { timeout: busyTimeout });
      // Before WAL is first used: the file stays locked from the first read to close
      // (https://www.sqlite.org/wal.html#noshm, https://www.sqlite.org/pragma.html#pragma_locking_mode).
      if (exclusive) db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('journal_mode = WAL');
      // Durability: a commit is on disk (WAL fsynced) before commit() returns.
      db.pragma('synchronous = FULL');
      db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeout))}`);
      migrateSqlite(db);
      const walIndex = exclusive || file === ':memory:' ? undefined : WalIndexHeader.open(file);
      return new SqliteStore(db, walIndex, exclusive);
    } catch (error) {
      db?.close();
      if (isOcciError(error)) throw error;
      if ((error as { code?: unknown }).code === 'SQLITE_BUSY') throw lockedOut(file, exclusive, error);
      throw new OcciError(
        'unavailable',
        {
          code: 'other',
          message: `cannot open the SQLite database ${file}: ${error instanceof Error ? error.message : String(error)}`,
        },
        { cause: error },
      );
    }
  }

  /** The underlying connection, for diagnostics (e.g. EXPLAIN QUERY PLAN) and backups. */
  get database(): Database.Database {
    return this.#db;
  }

  /** The SELECT a query runs and its parameters. */
  static sql(q: EntityQuery): { sql: string; params: Param[] } {
    return sqliteSelect(q);
  }

  #statement(sql: string): Database.Statement {
    if (this.#closed) throw storeClosed('SQLite');
    let statement = this.#statements.get(sql);
    if (!statement) {
      // Queries have as many shapes as their lists have lengths: keep the cache bounded.
      if (this.#statements.size >= 500) this.#statements.clear();
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #run(sql: string, ...params: Param[]): Database.RunResult {
    return this.#statement(sql).run(...params);
  }

  #one<T>(sql: string, ...params: Param[]): T | undefined {
    return this.#statement(sql).get(...params) as T | undefined;
  }

  async get(location: string): Promise<EntityRecord | undefined> {
    try {
      const row = this.#one<EntityRow>(`SELECT ${COLUMNS} FROM entities e WHERE e.location = ?`, location);
      return row && toRecord(row);
    } catch (error) {
      throw failure(error);
    }
  }

  async getById(id: string): Promise<EntityRecord | undefined> {
    try {
      const row = this.#one<EntityRow>(`SELECT ${COLUMNS} FROM entities e WHERE e.id = ?`, id);
      return row && toRecord(row);
    } catch (error) {
      throw failure(error);
    }
  }

  async query(q: EntityQuery): Promise<EntityRecord[]> {
    try {
      return this.#reader.query(q);
    } catch (error) {
      throw failure(error);
    }
  }

  /** Batches read by keyset (sqlite-queries.ts); each batch is one statement, read when asked for. */
  async *scan(q: EntityQuery, size: number): AsyncGenerator<EntityRecord[], void, undefined> {
    const batches = this.#reader.scan(q, size);
    for (;;) {
      let step: IteratorResult<EntityRecord[], void>;
      try {
        step = batches.next();
      } catch (error) {
        throw failure(error);
      }
      if (step.done) return;
      yield step.value;
    }
  }

  /**
   * Changes with every commit: this store's own (counted) and other
   * connections' (the WAL-index header, sqlite-wal-index.ts; `data_version`
   * without a file). An exclusive store has no other connection: its
   * revision is its own commits counted. Read once per turn of the event loop:
   * whatever runs until the turn's callbacks and promise jobs are done
   * serves requests received before the turn began, for which a value read
   * during the turn is recent enough; the next turn reads again.
   */
  revision(): number {
    if (this.#exclusive) return this.#revision;
    if (this.#revisionThisTurn !== undefined) return this.#revisionThisTurn;
    if (this.#closed) throw storeClosed('SQLite');
    if (this.#walIndex) {
      if (this.#walIndex.changed()) this.#revision++;
    } else {
      const dataVersion = this.#dataVersion.get() as number;
      if (dataVersion !== this.#seenDataVersion) {
        this.#seenDataVersion = dataVersion;
        this.#revision++;
      }
    }
    this.#revisionThisTurn = this.#revision;
    // Forgotten at the end of the turn: a tick queued from a promise job runs once the job queue is
    // empty. (A tick queued here, from a callback's synchronous part, would run before the callback's
    // promise jobs, and the request's next look would read the header again.)
    queueMicrotask(() =>
      process.nextTick(() => {
        this.#revisionThisTurn = undefined;
      }),
    );
    return this.#revision;
  }

  /**
   * Applies the writes atomically. Commits that arrive in the same turn of
   * the event loop are written in one transaction (each in its own
   * savepoint) and so share one fsync: every promise settles only once the
   * batch is on disk.
   */
  commit(writes: readonly StoreWrite[]): Promise<void> {
    if (this.#closed) return Promise.reject(storeClosed('SQLite'));
    return new Promise((resolve, reject) => {
      this.#pending.push({ writes, resolve, reject });
      if (this.#pending.length === 1) setImmediate(() => this.#flush());
    });
  }

  #flush(): void {
    const batch = this.#pending;
    this.#pending = [];
    this.#revision++;
    this.#revisionThisTurn = undefined;
    let outcomes: unknown[];
    try {
      if (this.#closed) throw storeClosed('SQLite');
      // IMMEDIATE: take the write lock first, so that two processes never
      // both read and then both fail to upgrade (SQLITE_BUSY mid-transaction).
      outcomes = this.#commitBatch.immediate(batch);
    } catch (error) {
      for (const item of batch) item.reject(failure(error));
      return;
    }
    batch.forEach((item, i) => {
      if (outcomes[i] === undefined) item.resolve();
      else item.reject(failure(outcomes[i]));
    });
  }

  #apply(w: StoreWrite): void {
    switch (w.op) {
      case 'put':
        this.#put(w.record, w.expect);
        return;
      case 'delete': {
        const done =
          w.expect === undefined
            ? this.#run('DELETE FROM entities WHERE location = ?', w.location)
            : this.#run('DELETE FROM entities WHERE location = ? AND version = ?', w.location, w.expect);
        if (w.expect !== undefined && done.changes === 0) throw versionMismatch(w.location);
        this.#run('DELETE FROM entity_mixins WHERE location = ?', w.location);
        return;
      }
      case 'put-mixin': {
        const { id, owner, definition } = w.mixin;
        const json = JSON.stringify(definition);
        if (w.expect === 'absent') {
          const done = this.#run(
            'INSERT INTO mixins (id, owner, definition) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
            id,
            owner,
            json,
          );
          if (done.changes === 0) throw duplicateMixin(id);
        } else {
          this.#run(
            'INSERT INTO mixins (id, owner, definition) VALUES (?, ?, ?) ' +
              'ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, definition = excluded.definition',
            id,
            owner,
            json,
          );
        }
        return;
      }
      case 'delete-mixin':
        this.#run('DELETE FROM mixins WHERE id = ?', w.id);
        return;
    }
  }

  #put(record: EntityRecord, expect: number | 'absent' | undefined): void {
    const values: Param[] = rowValues(record);
    const insert =
      'INSERT INTO entities (location, id, kind, owner, version, source, target, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';
    try {
      if (expect === 'absent') {
        const done = this.#run(`${insert} ON CONFLICT DO NOTHING`, ...values);
        if (done.changes === 0) throw this.#duplicate(record, true);
      } else if (expect === undefined) {
        this.#run(
          `${insert} ON CONFLICT (location) DO UPDATE SET id = excluded.id, kind = excluded.kind, ` +
            'owner = excluded.owner, version = excluded.version, source = excluded.source, ' +
            'target = excluded.target, data = excluded.data',
          ...values,
        );
      } else {
        const done = this.#run(
          'UPDATE entities SET id = ?, kind = ?, owner = ?, version = ?, source = ?, target = ?, data = ? ' +
            'WHERE location = ? AND version = ?',
          ...values.slice(1),
          record.location,
          expect,
        );
        if (done.changes === 0) throw versionMismatch(record.location);
      }
    } catch (error) {
      if (isUniqueViolation(error)) throw this.#duplicate(record, false);
      throw error;
    }
    // A new record has no membership rows yet.
    if (expect !== 'absent') this.#run('DELETE FROM entity_mixins WHERE location = ?', record.location);
    for (const mixin of record.mixins)
      this.#run(
        'INSERT OR IGNORE INTO entity_mixins (location, mixin) VALUES (?, ?)',
        record.location,
        mixin,
      );
  }

  /** Which uniqueness a put collided with: the location (when creating), or the id held elsewhere. */
  #duplicate(record: EntityRecord, creating: boolean): OcciError {
    if (creating && this.#one('SELECT 1 FROM entities WHERE location = ?', record.location))
      return duplicateLocation(record.location);
    const byId = this.#one<{ location: string }>('SELECT location FROM entities WHERE id = ?', record.id);
    return duplicateId(record.id, byId?.location ?? record.location);
  }

  async mixins(owner?: string): Promise<MixinRecord[]> {
    try {
      const rows =
        owner === undefined
          ? this.#statement('SELECT id, owner, definition FROM mixins ORDER BY seq').all()
          : this.#statement('SELECT id, owner, definition FROM mixins WHERE owner = ? ORDER BY seq').all(
              owner,
            );
      return (rows as { id: string; owner: string; definition: string }[]).map(toMixinRecord);
    } catch (error) {
      throw failure(error);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    if (this.#pending.length > 0) this.#flush();
    this.#closed = true;
    this.#statements.clear();
    this.#db.close();
    this.#walIndex?.close();
  }
}
