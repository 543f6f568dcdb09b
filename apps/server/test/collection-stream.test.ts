/**
 * The composed server streams whole collections: its provider wrappers
 * (audit, quotas) pass `listBatches` through and its metrics store passes
 * `scan` through (timed as the `scan` operation), over SQLite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildServer, type OcciServer } from '../src/app.js';
import { parseConfig } from '../src/config.js';

const dir = mkdtempSync(join(tmpdir(), 'occi-stream-'));
let server: OcciServer;

beforeAll(async () => {
  server = await buildServer(
    parseConfig({ argv: ['--store', `sqlite:${join(dir, 'occi.db')}`, '--log-level', 'silent'], env: {} }),
  );
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('answers an unpaged GET of a collection as a stream read by keyset, equal to its one page', async () => {
  const locations: string[] = [];
  for (let i = 0; i < 5; i++) {
    const created = await server.app.inject({
      method: 'POST',
      url: '/compute/',
      headers: { 'content-type': 'application/occi+json', accept: 'application/occi+json' },
      payload: JSON.stringify({
        kind: 'http://schemas.ogf.org/occi/infrastructure#compute',
        attributes: { 'occi.compute.hostname': `vm-${i}` },
      }),
    });
    expect(created.statusCode).toBe(201);
    locations.push(String(created.headers.location));
  }
  for (const accept of ['text/uri-list', 'application/occi+json', 'text/plain']) {
    const whole = await server.app.inject({ method: 'GET', url: '/compute/', headers: { accept } });
    const page = await server.app.inject({
      method: 'GET',
      url: '/compute/?page=1&number=5',
      headers: { accept },
    });
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['transfer-encoding']).toBe('chunked');
    expect(whole.body).toBe(page.body);
  }
  const uris = await server.app.inject({
    method: 'GET',
    url: '/compute/',
    headers: { accept: 'text/uri-list' },
  });
  expect(uris.body).toBe(locations.map((l) => `${l}\r\n`).join(''));
  const metrics = await server.app.inject({ method: 'GET', url: '/metrics' });
  expect(metrics.body).toMatch(/operation="scan"/);
});
