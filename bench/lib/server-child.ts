/**
 * A server in its own process, so that the load generator (autocannon, in
 * the runner's process) and the server each have a core of this 2-core
 * machine. Started by `startChild` (lib/child.ts) with a JSON spec as its
 * argument; answers on IPC with its URL once listening.
 *
 * - `occi`: the composed server exactly as `occi-server` builds it
 *   (`buildServer(parseConfig(...))`), with the given store;
 * - `bare`: a bare fastify app answering fixed bytes (the baselines);
 * - `bare-postgres-insert`: the same, but each POST also INSERTs one row
 *   into PostgreSQL (lib/postgres.ts) before answering;
 * - `bare-sqlite-insert`: the same with SQLite, durable, one transaction
 *   per request (lib/sqlite-insert.ts).
 */
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../apps/server/src/app.js';
import { parseConfig } from '../../apps/server/src/config.js';
import { populate } from './fixtures.js';
import { barePostgresInsert } from './postgres.js';
import { bareSqliteInsert } from './sqlite-insert.js';

export interface FixedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type ChildSpec =
  | {
      type: 'occi';
      /** `memory:`, `sqlite:<path>` or `postgres://…`. */
      store: string;
      /** Extra command-line flags for `parseConfig` (e.g. `--store-exclusive`). */
      argv?: string[];
      /** Computes to write through the store API before listening (for `memory:`). */
      populate?: number;
    }
  | {
      type: 'bare';
      /** `GET /path` or `POST /path` → the fixed response; POST bodies are parsed as JSON first. */
      routes: Record<string, FixedResponse>;
    }
  | {
      type: 'bare-postgres-insert';
      /** `postgres://…` of a database of its own, given the server's schema. */
      database: string;
      /** `POST /path` → the fixed response, answered once the body's row is committed. */
      routes: Record<string, FixedResponse>;
    }
  | {
      type: 'bare-sqlite-insert';
      /** The SQLite file (created, given the server's schema). */
      file: string;
      /** `POST /path` → the fixed response, answered once the body's row is committed. */
      routes: Record<string, FixedResponse>;
    };

// fastify is a dependency of the server app, not of the repository root.
const requireFromServer = createRequire(new URL('../../apps/server/package.json', import.meta.url));
const Fastify = requireFromServer('fastify') as typeof import('fastify').default;

async function occi(spec: Extract<ChildSpec, { type: 'occi' }>): Promise<FastifyInstance> {
  const config = parseConfig({
    argv: ['--host', '127.0.0.1', '--port', '0', '--store', spec.store, ...(spec.argv ?? [])],
    env: {},
  });
  const server = await buildServer(config);
  if (spec.populate) await populate(server.store, spec.populate);
  return server.app;
}

function bare(spec: Extract<ChildSpec, { type: 'bare' }>): FastifyInstance {
  const app = Fastify();
  // The same body parser work as the OCCI server's: the whole body, parsed as JSON.
  app.addContentTypeParser(
    'application/occi+json',
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );
  for (const [route, response] of Object.entries(spec.routes)) {
    const [method, url] = route.split(' ') as ['GET' | 'POST', string];
    app.route({
      method,
      url,
      handler: async (request, reply) => {
        if (method === 'POST' && (request.body === undefined || request.body === null))
          return reply.code(400).send();
        return reply.code(response.status).headers(response.headers).send(response.body);
      },
    });
  }
  return app;
}

const spec = JSON.parse(process.argv[2]!) as ChildSpec;
const app =
  spec.type === 'occi'
    ? await occi(spec)
    : spec.type === 'bare-postgres-insert'
      ? await barePostgresInsert(Fastify, spec)
      : spec.type === 'bare-sqlite-insert'
        ? await bareSqliteInsert(Fastify, spec)
        : bare(spec);
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
process.send!({ url: `http://127.0.0.1:${port}` });
// A normal exit (not death by signal), so that --cpu-prof writes its profile.
const exit = () => void app.close().finally(() => process.exit(0));
process.on('SIGTERM', exit);
process.on('disconnect', exit);
