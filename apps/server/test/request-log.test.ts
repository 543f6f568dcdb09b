/**
 * The request log of the occi-server program: written in batches on
 * standard output, every line out by the time the process exits on
 * SIGTERM, and `--no-access-log` / OCCI_ACCESS_LOG=false leaving only
 * failures.
 */
import { describe, expect, it } from 'vitest';
import { startServer } from './support/server-process.js';

const requestLines = (output: string) =>
  output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l.msg === 'request completed');

describe('the request log', () => {
  it('has every request line written by the time the server exits on SIGTERM', async () => {
    const server = await startServer(['--store', 'memory:', '--log-level', 'info']);
    const ids = Array.from({ length: 40 }, (_, i) => `flush-${i}`);
    for (const id of ids)
      expect((await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': id } })).status).toBe(200);
    expect(await server.stop()).toBe(0);
    expect(requestLines(server.output()).map((l) => l.reqId)).toEqual(ids);
  }, 60_000);

  it('--no-access-log and OCCI_ACCESS_LOG=false leave out the line of each completed request, not the other lines', async () => {
    for (const [args, env] of [
      [['--no-access-log'], {}],
      [[], { OCCI_ACCESS_LOG: 'false' }],
    ] as const) {
      const server = await startServer(['--store', 'memory:', '--log-level', 'info', ...args], env);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${server.url}/compute/nothing`)).status).toBe(404);
      expect(await server.stop()).toBe(0);
      expect(requestLines(server.output())).toEqual([]);
      // The server still logs what is not a request line.
      expect(server.output()).toContain('"msg":"shutting down: finishing in-flight requests"');
    }
  }, 60_000);

  it('refuses --no-access-log with a value', async () => {
    const server = startServer(['--store', 'memory:', '--no-access-log=false']);
    await expect(server).rejects.toThrow('--no-access-log');
  }, 60_000);
});
