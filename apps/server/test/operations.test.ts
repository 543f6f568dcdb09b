import { readFileSync } from 'node:fs';
/** Rate limits, CORS, readiness and metrics of the composed server (in process). */
import { describe, expect, it } from 'vitest';
import { buildServer, parseConfig } from '../src/index.js';
import { routeLabel } from '../src/operations/metrics.js';
import { RateLimiter } from '../src/operations/rate-limit.js';

/** The Server header names the version in the server's package.json. */
const SERVER = `occi-server/${
  (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
    .version
} OCCI/1.2 OCCI-CRTP-EP/1.1`;

const build = (argv: string[]) =>
  buildServer(parseConfig({ argv: ['--store', 'memory:', '--log-level', 'silent', ...argv], env: {} }));

describe('rate limiting', () => {
  it('answers 429 with Retry-After once a client spent its budget', async () => {
    const server = await build(['--rate-limit', '3']);
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await server.app.inject({ method: 'GET', url: '/-/' })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await server.app.inject({ method: 'GET', url: '/-/' });
    expect(limited.headers['retry-after']).toBe('20');
    expect(limited.body).toContain('the limit is 3 per minute');
    expect(limited.headers.server).toBe(SERVER);
    await server.close();
  });

  it('refills the bucket over time', () => {
    const limiter = new RateLimiter(60);
    for (let i = 0; i < 60; i++) expect(limiter.take('a', 0).allowed).toBe(true);
    expect(limiter.take('a', 0)).toEqual({ allowed: false, retryAfter: 1 });
    expect(limiter.take('a', 1000).allowed).toBe(true);
    expect(limiter.take('b', 0).allowed).toBe(true);
  });
});

describe('CORS', () => {
  it('answers preflights for allowed origins and exposes the OCCI headers', async () => {
    const server = await build(['--cors-origin', 'https://ui.example']);
    const preflight = await server.app.inject({
      method: 'OPTIONS',
      url: '/compute/',
      headers: { origin: 'https://ui.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://ui.example');
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
    expect(preflight.headers.server).toMatch(/OCCI\/1\.2/);
    const get = await server.app.inject({
      method: 'GET',
      url: '/-/',
      headers: { origin: 'https://ui.example' },
    });
    expect(get.headers['access-control-expose-headers']).toContain('X-OCCI-Location');
    const other = await server.app.inject({
      method: 'GET',
      url: '/-/',
      headers: { origin: 'https://evil.example' },
    });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    await server.close();
  });
});

describe('readiness and metrics', () => {
  it('/readyz is 503 when the store is gone', async () => {
    const server = await build([]);
    const ready = await server.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.headers.server).toMatch(/OCCI\/1\.2/);
    const query = server.store.query.bind(server.store);
    server.store.query = async () => {
      throw new Error('disk on fire');
    };
    const r = await server.app.inject({ method: 'GET', url: '/readyz' });
    expect(r.statusCode).toBe(503);
    expect(JSON.parse(r.body)).toEqual({ status: 'unavailable', reason: 'store' });
    server.store.query = query;
    await server.close();
  });

  it('labels routes by collection so that metrics stay bounded', () => {
    const locations = new Set(['/compute/', '/os_tpl/']);
    expect(routeLabel('/-/', locations)).toBe('/-/');
    expect(routeLabel('/compute/', locations)).toBe('/compute/');
    expect(routeLabel('/compute/123', locations)).toBe('/compute/:entity');
    expect(routeLabel('/', locations)).toBe('unbound');
    expect(routeLabel('/nothing/x', locations)).toBe('other');
  });
});
