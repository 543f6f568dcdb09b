/**
 * The shape both create baselines share: a bare fastify app whose POST
 * routes parse the same JSON body the OCCI server parses, hand one row of
 * the server's `entities` table to `insert` (which stores it durably, one
 * request at a time), and answer the fixed response.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { FixedResponse } from './server-child.js';

/** The values of one `entities` row, in column order: location, id, kind, owner, version, source, target, data. */
export type EntityRow = [string, string, string, string, number, null, null, string];

export const INSERT_COLUMNS = '(location, id, kind, owner, version, source, target, data)';

export function bareInsertApp(
  Fastify: typeof import('fastify').default,
  name: string,
  routes: Record<string, FixedResponse>,
  insert: (row: EntityRow) => unknown,
): FastifyInstance {
  const app = Fastify();
  app.addContentTypeParser(
    'application/occi+json',
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );
  for (const [route, response] of Object.entries(routes)) {
    const [method, url] = route.split(' ') as ['POST', string];
    if (method !== 'POST') throw new Error(`${name}: ${route} is not a POST route`);
    app.post(url, async (request, reply) => {
      const body = request.body as { kind?: unknown } | null | undefined;
      if (body === undefined || body === null) return reply.code(400).send();
      const uuid = randomUUID();
      await insert([
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
