/**
 * Versioned schema migrations for the durable stores. Each dialect has an
 * ordered list of numbered migrations; a store runs the missing ones when it
 * opens, each in its own transaction, and records them in
 * `schema_migrations(version, applied_at)`. Migrations are append-only: a
 * released migration is never edited, a change is a new number.
 */
import { OcciError } from '@occi/core';
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';

export interface Migration {
  /** 1, 2, 3, …: applied in this order, each once. */
  version: number;
  name: string;
  sql: string;
}

export const sqliteMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'entities, entity mixins and mixin records',
    sql: `
      CREATE TABLE entities (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        location TEXT NOT NULL UNIQUE,
        id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        owner TEXT NOT NULL,
        version INTEGER NOT NULL,
        source TEXT,
        target TEXT,
        data TEXT NOT NULL
      );
      CREATE INDEX entities_kind ON entities (kind, seq);
      CREATE INDEX entities_owner_kind ON entities (owner, kind, seq);
      CREATE INDEX entities_source ON entities (source) WHERE source IS NOT NULL;
      CREATE INDEX entities_target ON entities (target) WHERE target IS NOT NULL;
      CREATE TABLE entity_mixins (
        location TEXT NOT NULL,
        mixin TEXT NOT NULL,
        PRIMARY KEY (location, mixin)
      ) WITHOUT ROWID;
      CREATE INDEX entity_mixins_mixin ON entity_mixins (mixin, location);
      CREATE TABLE mixins (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        owner TEXT NOT NULL,
        definition TEXT NOT NULL
      );
      CREATE INDEX mixins_owner ON mixins (owner);
    `,
  },
];

export const postgresMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'entities, entity mixins and mixin records',
    // `data` is json, not jsonb: json keeps the text as written, so an
    // attribute's text is exactly what JSON.stringify produced and filters
    // compare like `valueMatches` (jsonb reorders keys and rewrites numbers).
    sql: `
      CREATE TABLE entities (
        seq BIGSERIAL PRIMARY KEY,
        location TEXT NOT NULL UNIQUE,
        id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        owner TEXT NOT NULL,
        version BIGINT NOT NULL,
        source TEXT,
        target TEXT,
        data JSON NOT NULL
      );
      CREATE INDEX entities_kind ON entities (kind, seq);
      CREATE INDEX entities_owner_kind ON entities (owner, kind, seq);
      CREATE INDEX entities_source ON entities (source) WHERE source IS NOT NULL;
      CREATE INDEX entities_target ON entities (target) WHERE target IS NOT NULL;
      CREATE TABLE entity_mixins (
        location TEXT NOT NULL,
        mixin TEXT NOT NULL,
        PRIMARY KEY (location, mixin)
      );
      CREATE INDEX entity_mixins_mixin ON entity_mixins (mixin, location);
      CREATE TABLE mixins (
        seq BIGSERIAL NOT NULL,
        id TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        definition JSON NOT NULL
      );
      CREATE INDEX mixins_owner ON mixins (owner);
    `,
  },
];

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migration ${m.name} is numbered ${m.version}, expected ${i + 1}`);
  });
}

function tooNew(found: number, known: number): OcciError {
  return new OcciError('unavailable', {
    code: 'other',
    message: `the database schema is at version ${found}, newer than this server knows (${known}): upgrade the server`,
  });
}

const MIGRATIONS_TABLE_SQLITE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  applied_at TEXT NOT NULL
)`;

/**
 * Brings an SQLite database up to the latest schema. Each migration runs in
 * an immediate (write-locked) transaction that first re-reads the applied
 * versions, so servers starting at the same time apply each migration once.
 * Returns the versions applied now.
 */
export function migrateSqlite(
  db: BetterSqlite3.Database,
  migrations: readonly Migration[] = sqliteMigrations,
): number[] {
  checkOrder(migrations);
  db.exec(MIGRATIONS_TABLE_SQLITE);
  const current = db.prepare<[], { v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  const record = db.prepare<[number, string]>(
    'INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)',
  );
  const applied: number[] = [];
  for (const migration of migrations) {
    const apply = db.transaction(() => {
      const at = current.get()?.v ?? 0;
      if (at >= migration.version) return;
      db.exec(migration.sql);
      record.run(migration.version, new Date().toISOString());
      applied.push(migration.version);
    });
    apply.immediate();
  }
  const at = current.get()?.v ?? 0;
  if (at > migrations.length) throw tooNew(at, migrations.length);
  return applied;
}

/** A fixed advisory lock key: "occi" in ASCII, the migration lock of this schema. */
export const POSTGRES_MIGRATION_LOCK = 0x6f636369;

/**
 * Brings a PostgreSQL database up to the latest schema. A session advisory
 * lock serialises servers starting at the same time; each migration runs in
 * its own transaction. Returns the versions applied now.
 */
export async function migratePostgres(
  client: pg.ClientBase,
  migrations: readonly Migration[] = postgresMigrations,
): Promise<number[]> {
  checkOrder(migrations);
  const applied: number[] = [];
  await client.query('SELECT pg_advisory_lock($1)', [POSTGRES_MIGRATION_LOCK]);
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )`);
    const current = async () =>
      Number(
        (await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations')).rows[0]
          ?.v ?? 0,
      );
    const at = await current();
    if (at > migrations.length) throw tooNew(at, migrations.length);
    for (const migration of migrations) {
      if (migration.version <= at) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [migration.version]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
      applied.push(migration.version);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [POSTGRES_MIGRATION_LOCK]);
  }
  return applied;
}
