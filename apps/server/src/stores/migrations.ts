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

/** The filter text of the entity's field `name` (title, summary). */
const fieldText = (row: string, name: string) =>
  `CASE json_type(${row}.data, '$.entity.${name}') WHEN 'text' THEN json_extract(${row}.data, '$.entity.${name}') ` +
  `ELSE ${row}.data -> '$.entity.${name}' END`;

/**
 * Inserts the filter texts of the entities of `from` (a trigger's `NEW` row,
 * or the whole table) into `entity_attributes`: the same text the JSON
 * comparison of select-entities.ts computes, for values of at most 256 characters.
 */
function sqliteAttributeTexts(from: 'NEW' | 'entities'): string {
  const row = from === 'NEW' ? 'NEW' : 'e';
  const each = `json_each(${row}.data, '$.entity.attributes') a`;
  const sources = from === 'NEW' ? '' : ' FROM entities e';
  return `INSERT INTO entity_attributes (seq, name, text)
        SELECT seq, name, text FROM (
          SELECT ${row}.seq AS seq, a.key AS name,
            CASE a.type WHEN 'text' THEN a.value ELSE ${row}.data -> a.fullkey END AS text
          FROM ${from === 'NEW' ? each : `entities e, ${each}`}
          WHERE a.key NOT IN ('occi.core.title', 'occi.core.summary')
          UNION ALL
          SELECT ${row}.seq, 'occi.core.title', ${fieldText(row, 'title')}${sources}
          WHERE json_type(${row}.data, '$.entity.title') IS NOT NULL
          UNION ALL
          SELECT ${row}.seq, 'occi.core.summary', ${fieldText(row, 'summary')}${sources}
          WHERE json_type(${row}.data, '$.entity.summary') IS NOT NULL
        ) WHERE length(text) <= 256`;
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
  {
    version: 2,
    name: 'attribute values indexed for filters',
    // HTTP §6.2 filters by attribute value: (name, text) → entity, kept by
    // triggers, so a filter reads its matches from an index instead of every
    // record's JSON. The text is what a filter compares (`valueMatches`):
    // a string as itself, anything else as its JSON text; title and summary
    // are the entity's fields (`recordValue`), not attributes of those names.
    // Values longer than INDEXED_TEXT (select-entities.ts) are left out.
    sql: `
      CREATE TABLE entity_attributes (
        seq INTEGER NOT NULL,
        name TEXT NOT NULL,
        text TEXT NOT NULL
      );
      CREATE INDEX entity_attributes_value ON entity_attributes (name, text, seq);
      CREATE INDEX entity_attributes_seq ON entity_attributes (seq);
      CREATE TRIGGER entity_attributes_insert AFTER INSERT ON entities BEGIN
        ${sqliteAttributeTexts('NEW')};
      END;
      CREATE TRIGGER entity_attributes_update AFTER UPDATE OF data ON entities BEGIN
        DELETE FROM entity_attributes WHERE seq = OLD.seq;
        ${sqliteAttributeTexts('NEW')};
      END;
      CREATE TRIGGER entity_attributes_delete AFTER DELETE ON entities BEGIN
        DELETE FROM entity_attributes WHERE seq = OLD.seq;
      END;
      ${sqliteAttributeTexts('entities')};
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
  {
    version: 2,
    name: 'attribute values indexed for filters',
    // As SQLite's migration 2: (name, text) → entity for HTTP §6.2 filters,
    // the text as the JSON comparison of select-entities.ts computes it
    // (json keeps JSON.stringify's text), kept by a trigger.
    sql: `
      CREATE TABLE entity_attributes (
        seq BIGINT NOT NULL,
        name TEXT NOT NULL,
        text TEXT NOT NULL
      );
      CREATE INDEX entity_attributes_value ON entity_attributes (name, text, seq);
      CREATE INDEX entity_attributes_seq ON entity_attributes (seq);
      CREATE FUNCTION entity_attribute_texts(data JSON) RETURNS TABLE (attr_name TEXT, attr_text TEXT)
      LANGUAGE sql IMMUTABLE AS $$
        SELECT a.key, CASE json_typeof(a.value) WHEN 'string' THEN a.value #>> '{}' ELSE a.value::text END
        FROM json_each(CASE json_typeof(data #> '{entity,attributes}')
          WHEN 'object' THEN data #> '{entity,attributes}' ELSE '{}'::json END) a
        WHERE a.key NOT IN ('occi.core.title', 'occi.core.summary')
        UNION ALL
        SELECT 'occi.core.' || f.field,
          CASE json_typeof(data #> ARRAY['entity', f.field]) WHEN 'string' THEN data #>> ARRAY['entity', f.field]
          ELSE (data #> ARRAY['entity', f.field])::text END
        FROM (VALUES ('title'), ('summary')) f (field)
        WHERE data #> ARRAY['entity', f.field] IS NOT NULL
      $$;
      CREATE FUNCTION entity_attributes_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          DELETE FROM entity_attributes WHERE seq = OLD.seq;
        END IF;
        IF TG_OP <> 'DELETE' THEN
          INSERT INTO entity_attributes (seq, name, text)
            SELECT NEW.seq, t.attr_name, t.attr_text FROM entity_attribute_texts(NEW.data) t
            WHERE length(t.attr_text) <= 256;
        END IF;
        RETURN NULL;
      END
      $$;
      CREATE TRIGGER entity_attributes_sync AFTER INSERT OR DELETE OR UPDATE OF data ON entities
        FOR EACH ROW EXECUTE FUNCTION entity_attributes_sync();
      CREATE FUNCTION entity_attributes_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE entity_attributes;
        RETURN NULL;
      END
      $$;
      CREATE TRIGGER entity_attributes_truncate AFTER TRUNCATE ON entities
        FOR EACH STATEMENT EXECUTE FUNCTION entity_attributes_truncate();
      INSERT INTO entity_attributes (seq, name, text)
        SELECT e.seq, t.attr_name, t.attr_text FROM entities e, entity_attribute_texts(e.data) t
        WHERE length(t.attr_text) <= 256;
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
