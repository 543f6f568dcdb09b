/**
 * Durability: every create the server acknowledged survives `kill -9` at
 * any moment. A burst of concurrent creates runs while the process is
 * killed; after a restart every acknowledged location is there.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from './support/server-process.js';

const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';

describe('durability under kill -9', () => {
  it('keeps every acknowledged create', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'occi-durable-'));
    let server = await startServer(['--data-dir', dataDir]);
    const acknowledged: string[] = [];
    let stop = false;
    const body = JSON.stringify({
      kind: `${INFRA}compute`,
      attributes: { 'occi.compute.hostname': 'burst' },
    });
    const client = async () => {
      while (!stop) {
        try {
          const r = await fetch(`${server.url}/compute/`, {
            method: 'POST',
            headers: { 'content-type': 'application/occi+json', accept: 'application/occi+json' },
            body,
          });
          if (r.status === 201) acknowledged.push(new URL(r.headers.get('location')!).pathname);
          else await r.arrayBuffer();
        } catch {
          return; // the server is gone
        }
      }
    };
    const clients = Array.from({ length: 16 }, client);
    // Kill while creates are in flight, once a few hundred were acknowledged.
    while (acknowledged.length < 300) await new Promise((r) => setTimeout(r, 5));
    await server.kill();
    stop = true;
    await Promise.all(clients);
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);

    server = await startServer(['--data-dir', dataDir]);
    try {
      const missing: string[] = [];
      for (const path of acknowledged) {
        const r = await fetch(server.url + path, { headers: { accept: 'application/occi+json' } });
        if (r.status !== 200) missing.push(`${path} → ${r.status}`);
        await r.arrayBuffer();
      }
      expect(missing).toEqual([]);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
