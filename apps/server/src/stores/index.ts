/** The server's stores: in-memory, SQLite (embedded default) and PostgreSQL (shared). */
import type { Store } from '@occi/core';
import { badRequest, MemoryStore } from '@occi/core';
import { PostgresStore } from './postgres-store.js';
import { SqliteStore } from './sqlite-store.js';

export type { Migration } from './migrations.js';
export { migratePostgres, migrateSqlite, postgresMigrations, sqliteMigrations } from './migrations.js';
export { PostgresStore } from './postgres-store.js';
export { SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';

/**
 * Opens the store a spec names:
 * - `memory:` — nothing survives the process;
 * - `sqlite:<path>` — an SQLite file, created with its directory (e.g. `sqlite:./data/occi.db`);
 * - `postgres://…` or `postgresql://…` — a PostgreSQL database (a libpq connection URL).
 */
export async function openStore(spec: string): Promise<Store> {
  if (spec === 'memory:') return new MemoryStore();
  if (spec.startsWith('sqlite:')) {
    const file = spec.slice('sqlite:'.length);
    if (file === '')
      throw badRequest(
        'other',
        'store "sqlite:" names no file: write sqlite:<path>, e.g. sqlite:./data/occi.db',
      );
    return SqliteStore.open(file);
  }
  if (spec.startsWith('postgres://') || spec.startsWith('postgresql://')) return PostgresStore.connect(spec);
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(spec)?.[1];
  throw badRequest(
    'other',
    `unknown store ${scheme === undefined ? `"${spec}"` : `scheme "${scheme}:"`}: ` +
      'expected memory:, sqlite:<path> or postgres://user@host/database',
  );
}
