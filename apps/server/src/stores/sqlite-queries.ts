/**
 * The read side of the SQLite store: queries, keyset scans and deep pages.
 *
 * - A scan reads batches past the creation sequence number (`seq`, the
 *   table's integer primary key) of the last row read: every batch costs
 *   what the first does, whatever the size of the collection.
 * - A page past the first (HTTP §5: page N is items (N-1)·number+1 … N·number)
 *   starts from the `seq` of a row whose position is known — the first row
 *   of a page read before, or the row after one — while neither this
 *   connection nor another process has committed since: its rows are then
 *   exactly those from that position on, and OFFSET skips only the rest.
 *   Without such a mark, OFFSET skips what it must, reading the index only.
 */
import type { EntityQuery, EntityRecord } from '@occi/core';
import type Database from 'better-sqlite3';
import { IDENTITY_COLUMNS, pageOf, RAW_SEQ, type RawRow, rawToIdentityRecord, rawToRecord } from './rows.js';
import { type SelectOptions, type SqlDialect, selectEntities } from './select-entities.js';

type Param = string | number | null;

/** A JSON path for SQLite: every label quoted, so any attribute name is one label. */
function jsonPath(path: readonly string[]): string {
  return `$${path.map((label) => `.${JSON.stringify(label)}`).join('')}`;
}

export const SQLITE: SqlDialect = {
  placeholder: () => '?',
  oneOf: (column, items, param) =>
    items.length === 1
      ? `${column} = ${param(items[0])}`
      : `${column} IN (${items.map((i) => param(i)).join(', ')})`,
  jsonEquals: (path, text, param) => {
    const p = jsonPath(path);
    return `CASE json_type(e.data, ${param(p)}) WHEN 'text' THEN json_extract(e.data, ${param(p)}) ELSE e.data -> ${param(p)} END = ${param(text)}`;
  },
  unindexed: (column) => `+${column}`,
  false: '0',
  noLimit: -1,
};

/** The SELECT of a query, for SQLite. */
export function sqliteSelect(q: EntityQuery, options?: SelectOptions): { sql: string; params: Param[] } {
  return selectEntities(q, SQLITE, options) as { sql: string; params: Param[] };
}

/** How many queries keep page marks, and how many marks each keeps. */
const QUERIES_MARKED = 64;
const MARKS_KEPT = 256;

export class SqliteReader {
  readonly #statement: (sql: string) => Database.Statement;
  /** This connection's commits so far: `data_version` does not count them. */
  readonly #commits: () => number;
  readonly #dataVersion: Database.Statement;
  /** Per query (without its page): position → `seq` of the row there, valid at `#marksAt`. */
  readonly #marks = new Map<string, Map<number, number>>();
  #marksAt = '';

  constructor(db: Database.Database, statement: (sql: string) => Database.Statement, commits: () => number) {
    this.#statement = statement;
    this.#commits = commits;
    this.#dataVersion = db.prepare('PRAGMA data_version').pluck();
  }

  /** Identifies the database's state: it changes with every commit, this connection's or another's. */
  #state(): string {
    return `${this.#commits()}:${this.#dataVersion.get() as number}`;
  }

  /** The rows of a SELECT of `sqliteSelect`, as arrays (`RawRow`): this reader's statements are read raw only. */
  #rows(sql: string, params: Param[]): RawRow[] {
    return this.#statement(sql)
      .raw(true)
      .all(...params) as RawRow[];
  }

  query(q: EntityQuery): EntityRecord[] {
    const { offset, limit } = pageOf(q);
    if (limit === undefined || offset >= Number.MAX_SAFE_INTEGER) {
      const { sql, params } = sqliteSelect(q);
      return this.#rows(sql, params).map(rawToRecord);
    }
    const state = this.#state();
    if (state !== this.#marksAt) {
      this.#marks.clear();
      this.#marksAt = state;
    }
    const unpaged = sqliteSelect(q, { page: { offset: 0, limit: undefined } });
    const key = `${unpaged.sql}\u0000${JSON.stringify(unpaged.params)}`;
    let marks = this.#marks.get(key);
    let from = 0;
    let seq: number | undefined;
    for (const [position, at] of marks ?? [])
      if (position <= offset && position > from) {
        from = position;
        seq = at;
      }
    // One row more than the page: where the next page starts.
    const { sql, params } = sqliteSelect(q, {
      withSeq: true,
      page: { offset: offset - from, limit: limit + 1 },
      ...(seq !== undefined ? { seek: { op: '>=', seq } } : {}),
    });
    const rows = this.#rows(sql, params);
    if (this.#state() !== state) {
      // Another process committed meanwhile: the mark may not hold for what was read.
      this.#marks.clear();
      if (seq === undefined) return rows.slice(0, limit).map(rawToRecord);
      const plain = sqliteSelect(q);
      return this.#rows(plain.sql, plain.params).map(rawToRecord);
    }
    if (!marks) {
      if (this.#marks.size >= QUERIES_MARKED) this.#marks.clear();
      marks = new Map();
      this.#marks.set(key, marks);
    }
    if (marks.size >= MARKS_KEPT) marks.clear();
    if (rows.length > 0 && offset > 0) marks.set(offset, rows[0]![RAW_SEQ]!);
    if (rows.length > limit) marks.set(offset + limit, rows[limit]![RAW_SEQ]!);
    const records = new Array<EntityRecord>(Math.min(limit, rows.length));
    for (let i = 0; i < records.length; i++) records[i] = rawToRecord(rows[i]!);
    return records;
  }

  /** The query's records in batches of `size`, each read past the last row of the one before. */
  *scan(q: EntityQuery, size: number): Generator<EntityRecord[], void, undefined> {
    const batch = Math.max(1, Math.floor(size));
    const { offset, limit } = pageOf(q);
    let left = limit ?? Number.POSITIVE_INFINITY;
    let skip = offset;
    let after: number | undefined;
    const identity = q.projection === 'identity';
    while (left > 0) {
      const n = Math.min(batch, left);
      const { sql, params } = sqliteSelect(q, {
        withSeq: true,
        page: { offset: skip, limit: n },
        ...(after !== undefined ? { seek: { op: '>', seq: after } } : {}),
        ...(identity ? { columns: IDENTITY_COLUMNS } : {}),
      });
      const rows = this.#rows(sql, params);
      if (rows.length === 0) return;
      skip = 0;
      after = rows[rows.length - 1]![RAW_SEQ];
      left -= rows.length;
      // An identity row has no data to parse: a listing of locations reads a fraction of each row.
      yield rows.map(identity ? rawToIdentityRecord : rawToRecord);
      if (rows.length < n) return;
    }
  }
}
