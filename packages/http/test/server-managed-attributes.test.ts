/**
 * Attributes clients of other implementations send that a request cannot
 * set (Core §5.2): a server-managed attribute copied back from a rendering
 * with its current value is accepted and changes nothing, a changed value
 * is 400; `occi.compute.speed`, which Infrastructure 1.1 defined and 1.2
 * removed, stays undefined and refused (spec README erratum 5), the refusal
 * saying why. In each rendering.
 */
import type { FastifyInstance } from 'fastify';
import { beforeEach, describe, expect, it } from 'vitest';
import { BASE, COMPUTE, INFRA, makeApp, RENDERINGS, type RenderingName, request } from './harness.js';

let app: FastifyInstance;
beforeEach(async () => {
  app = await makeApp();
});

const compute = { term: 'compute', scheme: INFRA, class: 'kind' as const };

async function send(
  method: 'POST' | 'PUT',
  url: string,
  type: RenderingName,
  attributes: Record<string, string | number>,
  kind = true,
) {
  const r = request(
    type,
    { ...(kind ? { categories: [compute] } : {}), attributes },
    { ...(kind ? { kind: COMPUTE } : {}), attributes },
  );
  return app.inject({
    method,
    url,
    headers: r.headers,
    ...(r.payload !== undefined ? { payload: r.payload } : {}),
  });
}

/** The error body of `type`: its message, or the JSON error object. */
function errorOf(type: RenderingName, body: string): { message: string; attribute?: string } {
  if (type !== 'application/occi+json') return { message: body.trim() };
  const { error } = JSON.parse(body) as { error: { message: string; problems: { attribute?: string }[] } };
  return { message: error.message, attribute: error.problems[0]!.attribute! };
}

describe.each(RENDERINGS)('in %s', (type) => {
  it('occi.compute.state with its current value: accepted at create, update and replace; nothing changes', async () => {
    const created = await send('POST', '/compute/', type, { 'occi.compute.state': 'inactive' });
    expect(created.statusCode, created.body).toBe(201);
    const path = String(created.headers.location).slice(BASE.length);
    const updated = await send(
      'POST',
      path,
      type,
      { 'occi.compute.state': 'inactive', 'occi.compute.cores': 2 },
      false,
    );
    expect(updated.statusCode, updated.body).toBe(200);
    const replaced = await send('PUT', path, type, {
      'occi.compute.state': 'inactive',
      'occi.compute.cores': 4,
    });
    expect(replaced.statusCode, replaced.body).toBe(200);
    const now = await app.inject({ method: 'GET', url: path, headers: { accept: 'application/occi+json' } });
    const entity = JSON.parse(now.body) as { attributes: Record<string, unknown> };
    expect(entity.attributes).toEqual({ 'occi.compute.cores': 4, 'occi.compute.state': 'inactive' });
    expect(now.headers.etag).toBe('"3"');
  });

  it('a changed value of a server-managed attribute is 400 naming it, and nothing changes', async () => {
    const created = await send('POST', '/compute/', type, {});
    const path = String(created.headers.location).slice(BASE.length);
    for (const [method, url, kind] of [
      ['POST', '/compute/', true],
      ['POST', path, false],
      ['PUT', path, true],
    ] as const) {
      const r = await send(method, url, type, { 'occi.compute.state': 'active' }, kind);
      expect(r.statusCode, `${method} ${url}`).toBe(400);
      expect(errorOf(type, r.body)).toEqual({
        message: 'attribute occi.compute.state is immutable: the server manages it (Core §5.2)',
        ...(type === 'application/occi+json' ? { attribute: 'occi.compute.state' } : {}),
      });
    }
    const message = await send('POST', path, type, { 'occi.compute.state.message': 'fine' }, false);
    expect(message.statusCode).toBe(400);
    const now = await app.inject({ method: 'GET', url: path, headers: { accept: 'application/occi+json' } });
    expect(now.headers.etag).toBe('"1"');
  });

  it('a rendering copied back whole (GET, then PUT) is accepted unchanged', async () => {
    const created = await send('POST', '/compute/', type, { 'occi.compute.hostname': 'web' });
    const path = String(created.headers.location).slice(BASE.length);
    const got = await app.inject({ method: 'GET', url: path, headers: { accept: type } });
    const headers: Record<string, string> = { 'content-type': type, accept: 'application/occi+json' };
    if (type === 'text/occi')
      for (const name of ['category', 'link', 'x-occi-attribute'])
        if (got.headers[name] !== undefined) headers[name] = String(got.headers[name]);
    const back = await app.inject({
      method: 'PUT',
      url: path,
      headers,
      ...(type === 'text/occi' ? {} : { payload: got.body }),
    });
    expect(back.statusCode, back.body).toBe(200);
    const entity = JSON.parse(back.body) as { attributes: Record<string, unknown> };
    expect(entity.attributes).toEqual({ 'occi.compute.hostname': 'web', 'occi.compute.state': 'inactive' });
  });

  it('occi.compute.speed (Infrastructure 1.1, removed in 1.2; erratum 5) is 400, saying why', async () => {
    const r = await send('POST', '/compute/', type, { 'occi.compute.speed': 2.4 });
    expect(r.statusCode).toBe(400);
    expect(errorOf(type, r.body)).toEqual({
      message: `unknown attribute occi.compute.speed: neither ${COMPUTE} nor the entity's mixins define it; Infrastructure 1.1 defined it (CPU clock speed in GHz), 1.2 removed it: leave it out (occi.compute.cores and occi.compute.share describe the CPU now)`,
      ...(type === 'application/occi+json' ? { attribute: 'occi.compute.speed' } : {}),
    });
  });
});
