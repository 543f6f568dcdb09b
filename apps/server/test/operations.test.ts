import { readFileSync } from 'node:fs';
/** Rate limits, CORS, readiness and metrics of the composed server (in process). */
import { describe, expect, it } from 'vitest';
import { buildServer, parseConfig } from '../src/index.js';
import { routeLabel } from '../src/operations/metrics.js';

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
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.body).toMatch(
      /^too many requests from user anonymous: the limit is 3 per minute; retry in \d+ s/,
    );
    expect(limited.headers.server).toBe(SERVER);
    await server.close();
  });

  it('never limits health, readiness and metrics', async () => {
    const server = await build(['--rate-limit', '1']);
    expect((await server.app.inject({ method: 'GET', url: '/-/' })).statusCode).toBe(200);
    expect((await server.app.inject({ method: 'GET', url: '/-/' })).statusCode).toBe(429);
    for (const url of ['/healthz', '/readyz', '/metrics', '/healthz', '/readyz', '/metrics'])
      expect((await server.app.inject({ method: 'GET', url })).statusCode).toBe(200);
    await server.close();
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
    expect(routeLabel('/openapi.json', locations)).toBe('/openapi.json');
    expect(routeLabel('/console', locations)).toBe('/console/');
    expect(routeLabel('/console/assets/index-0a1b2c3d.js', locations)).toBe('/console/');
    expect(routeLabel('/consoles/1', locations)).toBe('other');
    expect(routeLabel('/nothing/x', locations)).toBe('other');
  });
});
