/** Graceful shutdown: SIGTERM lets a request in flight finish, then the process exits 0. */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startServer } from './support/server-process.js';

const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';

describe('SIGTERM', () => {
  it('finishes the request in flight, then exits 0', async () => {
    const server = await startServer(['--store', 'memory:']);
    const body = `Category: compute; scheme="${INFRA}"; class="kind"\nX-OCCI-Attribute: occi.compute.hostname="late"\n`;
    const url = new URL(`${server.url}/compute/`);
    const response = new Promise<{ status: number; location: string | undefined }>((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode!, location: res.headers.location }));
        },
      );
      req.on('error', reject);
      // Half the body now, SIGTERM, the rest later: the request is in flight during shutdown.
      req.write(body.slice(0, 20));
      setTimeout(() => {
        server.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(20)), 300);
      }, 100);
    });
    const exit = new Promise<number | null>((resolve) => server.child.on('exit', (code) => resolve(code)));
    const { status, location } = await response;
    expect(status).toBe(201);
    expect(location).toMatch(/\/compute\/[0-9a-f-]{36}$/);
    expect(await exit).toBe(0);
  }, 60_000);
});
