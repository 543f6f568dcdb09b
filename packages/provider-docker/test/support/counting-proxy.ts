/**
 * A unix-socket proxy in front of the test engine that records every
 * request the provider sends (`POST /containers/create`, with the API
 * version taken off), so that tests can hold the provider to the round
 * trips it needs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CountingProxy {
  /** `unix:///…/proxy.sock`, for the provider's `engine` option. */
  address: string;
  /** `METHOD /path` of each request so far, oldest first, without the query. */
  requests: string[];
  close(): Promise<void>;
}

export async function countingProxy(engineAddress: string): Promise<CountingProxy> {
  const target = engineAddress.replace(/^unix:\/\//, '');
  const dir = mkdtempSync(join(tmpdir(), 'occi-proxy-'));
  const socketPath = join(dir, 'proxy.sock');
  const requests: string[] = [];
  const server = createServer((incoming, outgoing) => {
    const path = incoming.url ?? '/';
    requests.push(`${incoming.method} ${path.replace(/^\/v[\d.]+/, '').replace(/\?.*$/, '')}`);
    const upstream = request(
      { socketPath: target, path, method: incoming.method, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', (error) => outgoing.destroy(error));
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    address: `unix://${socketPath}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}
