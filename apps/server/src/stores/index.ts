/** The server's stores: in-memory, SQLite (embedded default) and PostgreSQL (shared). */
import type { Store } from '@occi/core';
import { badRequest, MemoryStore } from '@occi/core';
import { PostgresStore } from './postgres-store.js';
import { SqliteStore } from './sqlite-store.js';

export type { Migration } from './migrations.js';
export { migratePostgres, migrateSqlite, postgresMigrations, sqliteMigrations } from './migrations.js';
export { PostgresStore, type PostgresStoreOptions } from './postgres-store.js';
export { SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';

/**
 * Opens the store a spec names:
 * - `memory:` — nothing survives the process;
 * - `sqlite:<path>` — an SQLite file, created with its directory (e.g. `sqlite:./data/occi.db`);
 * - `postgres://…` or `postgresql://…` — a PostgreSQL database (a libpq connection URL).
 *
 * `exclusive` (`--store-exclusive`): this process is the only user of the
 * store. SQLite and PostgreSQL then lock the store against every other
 * server (and are refused while another holds it), and count their own
 * commits as their revision: core answers repeated reads from what it
 * kept, without asking the database. Without it (the default) several
 * processes may share the store and see each other's commits at once; an
 * exclusive server refuses them. A `memory:` store is its process's alone
 * either way.
 */
export async function openStore(spec: string, options: { exclusive?: boolean } = {}): Promise<Store> {
  const exclusive = options.exclusive === true;
  if (spec === 'memory:') return new MemoryStore();
  if (spec.startsWith('sqlite:')) {
    const file = spec.slice('sqlite:'.length);
    if (file === '')
      throw badRequest(
        'other',
        'store "sqlite:" names no file: write sqlite:<path>, e.g. sqlite:./data/occi.db',
      );
    return SqliteStore.open(file, { exclusive });
  }
  if (spec.startsWith('postgres://') || spec.startsWith('postgresql://'))
    return PostgresStore.connect(spec, { exclusive });
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(spec)?.[1];
  throw badRequest(
    'other',
    `unknown store ${scheme === undefined ? `"${spec}"` : `scheme "${scheme}:"`}: ` +
      'expected memory:, sqlite:<path> or postgres://user@host/database',
  );
}
