/**
 * The container engine of the docker case: the provider tests' throwaway
 * Podman service (`podman system service` on a unix socket of its own,
 * with a busybox image imported from busybox-static), and the container
 * the OCCI server makes for a compute, spelled out for the engine's API
 * directly: same image, command, labels, limits and confinement as
 * `createContainer` of packages/provider-docker/src/containers.ts, and no
 * network (the server's container of a compute without a network
 * interface has none either); and a proxy that records the server's
 * requests to the engine, to tell the server's time from the engine's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOOTSTRAP, BOOTSTRAP_NAME } from '../../packages/provider-docker/src/container.js';
import { CAPABILITIES } from '../../packages/provider-docker/src/engine.js';
import { LOCATION_LABEL } from '../../packages/provider-docker/src/labels.js';

export {
  podmanMissing,
  startTestEngine as startEngine,
  TEST_IMAGE,
  type TestEngine,
} from '../../packages/provider-docker/test/support/engine.js';

/** The body of `POST /containers/create` for a compute of `cores` CPUs, `memoryGiB` and `hostname`. */
export function directContainer(
  image: string,
  name: string,
  compute: { cores: number; memoryGiB: number; hostname: string },
): Record<string, unknown> {
  return {
    Image: image,
    Entrypoint: ['/bin/sh', '-c', BOOTSTRAP, BOOTSTRAP_NAME],
    // The busybox test image has no command of its own: the bootstrap idles.
    Cmd: [],
    Env: [`OCCI_INSTANCE=urn:uuid:${name}`],
    Labels: { [LOCATION_LABEL]: `/compute/${name}` },
    Tty: true,
    OpenStdin: true,
    Hostname: compute.hostname,
    HostConfig: {
      Mounts: [],
      NetworkMode: 'none',
      NanoCpus: Math.round(compute.cores * 1e9),
      Memory: Math.round(compute.memoryGiB * 1024 ** 3),
      SecurityOpt: ['no-new-privileges'],
      CapDrop: ['ALL'],
      CapAdd: CAPABILITIES,
      PidsLimit: 1024,
    },
  };
}

/** One request that passed the recording proxy: `POST /containers/create`, when it went and when it was answered. */
export interface EngineRequest {
  request: string;
  start: number;
  end: number;
}

export interface RecordingProxy {
  /** `unix:///…/proxy.sock`, for the server's `--docker-host`. */
  address: string;
  /** Every request so far, oldest first (`performance.now()` of this process). */
  requests: EngineRequest[];
  close(): Promise<void>;
}

/**
 * A unix-socket proxy in front of the engine recording each request the
 * OCCI server sends and how long the engine took to answer it, so that the
 * time of a create+start can be split between the server and the engine.
 */
export async function recordingProxy(engineAddress: string): Promise<RecordingProxy> {
  const target = engineAddress.replace(/^unix:\/\//, '');
  const dir = mkdtempSync(join(tmpdir(), 'occi-bench-proxy-'));
  const socketPath = join(dir, 'proxy.sock');
  const requests: EngineRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    const path = (incoming.url ?? '/').replace(/^\/v[\d.]+/, '').replace(/\?.*$/, '');
    const record: EngineRequest = { request: `${incoming.method} ${path}`, start: performance.now(), end: 0 };
    requests.push(record);
    const upstream = request(
      { socketPath: target, path: incoming.url, method: incoming.method, headers: incoming.headers },
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

/** How long at least one of `requests` was at the engine between `from` and `to` (overlaps counted once). */
export function engineTime(requests: readonly EngineRequest[], from: number, to: number): number {
  const spans = requests
    .map((r) => [Math.max(r.start, from), Math.min(r.end || to, to)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let reached = from;
  for (const [a, b] of spans) {
    if (b <= reached) continue;
    total += b - Math.max(a, reached);
    reached = b;
  }
  return total;
}
