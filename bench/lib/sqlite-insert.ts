/**
 * The honest create baseline for SQLite: a bare fastify POST route that
 * parses the same JSON body, INSERTs one row into an SQLite file with the
 * server's schema (better-sqlite3, WAL, synchronous = FULL: durable like
 * the OCCI server's store) in a transaction of its own, and answers 201
 * with fixed bytes once the commit returned. What it leaves out is the
 * OCCI work: validation, defaults, the state machine, rendering — and the
 * group commit the SQLite store does.
 */
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { migrateSqlite } from '../../apps/server/src/stores/migrations.js';
import { bareInsertApp, type EntityRow, INSERT_COLUMNS } from './bare-insert.js';
import type { FixedResponse } from './server-child.js';

// better-sqlite3 is a dependency of the server app, not of the repository root.
const requireFromServer = createRequire(new URL('../../apps/server/package.json', import.meta.url));
const Database = requireFromServer(
  'better-sqlite3',
) as typeof import('../../apps/server/node_modules/@types/better-sqlite3/index.js');

export async function bareSqliteInsert(
  Fastify: typeof import('fastify').default,
  spec: { file: string; routes: Record<string, FixedResponse> },
): Promise<FastifyInstance> {
  const db = new Database(spec.file, { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  migrateSqlite(db);
  const insert = db.prepare(`INSERT INTO entities ${INSERT_COLUMNS} VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  // One transaction (and so one fsync of the WAL) per request.
  const insertOne = db.transaction((row: EntityRow) => insert.run(...row));
  const app = bareInsertApp(Fastify, 'bare-sqlite-insert', spec.routes, (row) => insertOne.immediate(row));
  app.addHook('onClose', () => db.close());
  return app;
}
