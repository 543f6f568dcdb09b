/**
 * The honest create baseline for SQLite: a bare fastify POST route that
 * parses the same JSON body, INSERTs one row into an SQLite file with the
 * server's schema (better-sqlite3, WAL, synchronous = FULL: durable like
 * the OCCI server's store) in a transaction of its own, and answers 201
 * with fixed bytes once the commit returned. What it leaves out is the
 * OCCI work: validation, defaults, the state machine, rendering — and the
 * group commit the SQLite store does.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { migrateSqlite } from '../../apps/server/src/stores/migrations.js';
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
  const insert = db.prepare(
    'INSERT INTO entities (location, id, kind, owner, version, source, target, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  // One transaction (and so one fsync of the WAL) per request.
  const insertOne = db.transaction((values: unknown[]) => insert.run(...values));
  const app = Fastify();
  app.addContentTypeParser(
    'application/occi+json',
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );
  app.addHook('onClose', () => db.close());
  for (const [route, response] of Object.entries(spec.routes)) {
    const [method, url] = route.split(' ') as ['POST', string];
    if (method !== 'POST') throw new Error(`bare-sqlite-insert: ${route} is not a POST route`);
    app.post(url, async (request, reply) => {
      const body = request.body as { kind?: unknown } | null | undefined;
      if (body === undefined || body === null) return reply.code(400).send();
      const uuid = randomUUID();
      insertOne.immediate([
        `${url}${uuid}`,
        `urn:uuid:${uuid}`,
        String(body.kind),
        'anonymous',
        1,
        null,
        null,
        JSON.stringify(body),
      ]);
      return reply.code(response.status).headers(response.headers).send(response.body);
    });
  }
  return app;
}
