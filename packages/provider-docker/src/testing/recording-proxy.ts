/**
 * A unix-socket proxy in front of a Docker-compatible engine that records
 * every request sent through it (`POST /containers/create`, API version and
 * query taken off) and when the engine answered it: tests hold the provider
 * to the round trips it needs, and the benchmark splits a request's time
 * between the OCCI server and the engine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One request that went through the proxy. */
export interface EngineRequest {
  /** `METHOD /path`, without the API version prefix and the query: `POST /containers/create`. */
  request: string;
  /** When the proxy received it (`performance.now()` of this process). */
  start: number;
  /** When the engine's answer was passed on whole; 0 while it is not. */
  end: number;
}

export interface RecordingProxy {
  /** `unix:///…/proxy.sock`, for the provider's `engine` option (or the server's `--docker-host`). */
  address: string;
  /** Every request so far, oldest first; empty it with `requests.length = 0`. */
  requests: EngineRequest[];
  /** Stops the proxy, closing the connections still open, and removes its socket. */
  close(): Promise<void>;
}

/** Starts a recording proxy in front of the engine at `unix://<path>` (the only transport it forwards to). */
export async function recordingProxy(engineAddress: string): Promise<RecordingProxy> {
  const target = engineAddress.replace(/^unix:\/\//, '');
  const dir = mkdtempSync(join(tmpdir(), 'occi-engine-proxy-'));
  const socketPath = join(dir, 'proxy.sock');
  const requests: EngineRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    const path = incoming.url ?? '/';
    const record: EngineRequest = {
      request: `${incoming.method} ${path.replace(/^\/v[\d.]+/, '').replace(/\?.*$/, '')}`,
      start: performance.now(),
      end: 0,
    };
    requests.push(record);
    const upstream = request(
      { socketPath: target, path, method: incoming.method, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
        answer.on('end', () => {
          record.end = performance.now();
        });
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
