/**
 * The container engine of the docker case: the provider tests' throwaway
 * Podman service (`podman system service` on a unix socket of its own,
 * with a busybox image imported from busybox-static), and the container
 * the OCCI server makes for a compute, spelled out for the engine's API
 * directly: same image, command, labels, limits and confinement as
 * `createContainer` of packages/provider-docker/src/containers.ts, and no
 * network (the server's container of a compute without a network
 * interface has none either); and, from the requests the provider's
 * recording proxy saw, the time the engine took, to tell the server's time
 * from the engine's.
 */
import { BOOTSTRAP, BOOTSTRAP_NAME } from '../../packages/provider-docker/src/container.js';
import { CAPABILITIES } from '../../packages/provider-docker/src/engine.js';
import { LOCATION_LABEL } from '../../packages/provider-docker/src/labels.js';
import type { EngineRequest } from '../../packages/provider-docker/src/testing/index.js';

// The recording proxy is the one the provider's tests use (`@occi/provider-docker/testing`).
export {
  type EngineRequest,
  type RecordingProxy,
  recordingProxy,
} from '../../packages/provider-docker/src/testing/index.js';
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
