/**
 * occi-server with `--store-exclusive`: it serves what is written through
 * it (each write forgets what it kept), and a second server on the same
 * database, exclusive or not, refuses to start with a message naming the
 * fix, on stderr, exiting non-zero.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileCluster } from './support/postgres.js';
import { runServerCommand, type ServerProcess, startServer } from './support/server-process.js';

const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';
const json = { 'content-type': 'application/occi+json', accept: 'application/occi+json' };
const LOCAL = ['--host', '127.0.0.1', '--port', '0', '--log-level', 'warn'];
const cluster = fileCluster();
const dir = mkdtempSync(join(tmpdir(), 'occi-store-exclusive-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Creates a compute with `hostname`, renames it, and reads it back after each write. */
async function writeAndRead(server: ServerProcess): Promise<void> {
  const created = await fetch(`${server.url}/compute/`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ kind: `${INFRA}compute`, attributes: { 'occi.compute.hostname': 'first' } }),
  });
  expect(created.status).toBe(201);
  const path = new URL(created.headers.get('location')!).pathname;
  const hostname = async () => {
    const got = await fetch(server.url + path, { headers: { accept: 'application/occi+json' } });
    expect(got.status).toBe(200);
    return ((await got.json()) as { attributes: Record<string, string> }).attributes['occi.compute.hostname'];
  };
  expect(await hostname()).toBe('first');
  expect(await hostname()).toBe('first');
  const updated = await fetch(server.url + path, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ attributes: { 'occi.compute.hostname': 'second' } }),
  });
  expect(updated.status).toBe(200);
  await updated.arrayBuffer();
  expect(await hostname()).toBe('second');
}

describe.skipIf(cluster.missing)('occi-server --store-exclusive on PostgreSQL', () => {
  it('serves what is written through it, and a second server refuses to start', async () => {
    const url = await cluster.createDatabase('exclusive-server');
    const server = await startServer(['--store', url, '--store-exclusive']);
    try {
      expect(server.output()).toMatch(
        /\n {2}store: {6}postgres.* \(exclusive: no other server may use it\)\n/,
      );
      await writeAndRead(server);
      const shared = await runServerCommand([...LOCAL, '--store', url]);
      expect(shared.code).toBe(2);
      expect(shared.stderr).toBe(
        'occi-server: cannot open the PostgreSQL store: an occi-server started with --store-exclusive ' +
          'uses this database alone; stop it, or start every server of this database without --store-exclusive\n',
      );
      const exclusive = await runServerCommand([...LOCAL, '--store', url], { OCCI_STORE_EXCLUSIVE: 'true' });
      expect(exclusive.code).toBe(2);
      expect(exclusive.stderr).toBe(
        'occi-server: cannot open the PostgreSQL store exclusively: another occi-server started with ' +
          '--store-exclusive uses this database; stop it first\n',
      );
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});

describe('occi-server --store-exclusive on SQLite', () => {
  it('serves what is written through it, and a second server refuses to start', async () => {
    const file = join(dir, 'occi.db');
    const server = await startServer(['--store', `sqlite:${file}`, '--store-exclusive']);
    try {
      expect(server.output()).toContain(
        `  store:      sqlite:${file} (exclusive: no other server may use it)\n`,
      );
      await writeAndRead(server);
      // Refused once SQLite's busy timeout (5 s) has passed.
      const second = await runServerCommand([...LOCAL, '--store', `sqlite:${file}`]);
      expect(second.code).toBe(2);
      expect(second.stderr).toBe(
        `occi-server: cannot open the SQLite database ${file}: another process holds it locked ` +
          '(an occi-server started with --store-exclusive?); stop it, or start every server of this database without --store-exclusive\n',
      );
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 30_000);
});
