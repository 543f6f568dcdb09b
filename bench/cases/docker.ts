/**
 * A compute brought to `active` through the server with `--provider docker`
 * (POST create, then POST ?action=start: the documents' initial state is
 * inactive) against the same container created and started through the
 * engine's API directly (POST /containers/create, POST /containers/{id}/start),
 * one at a time, on a throwaway Podman service (.ci/container-deps installs
 * podman, runc and busybox-static). Each container is removed after its
 * sample, untimed.
 *
 * The engine's start alone swings from ≈ 90 to ≈ 500 ms on a shared host, so
 * the two sides run as pairs, taking turns at going first (neither always
 * follows the other's removal), 40 pairs after 3 of each to warm up; the
 * ratio is of the two p50s, and the note gives each side's spread (p25–p75)
 * and the p50 of the per-pair ratios, which a slow stretch of the host moves
 * less. Target ≤ 1.2×.
 */
import { EngineClient } from '../../packages/provider-docker/src/engine-client.js';
import { startChild } from '../lib/child.js';
import { directContainer, podmanMissing, startEngine, TEST_IMAGE } from '../lib/docker.js';
import { computeDraft, START } from '../lib/fixtures.js';
import { percentile } from '../lib/load.js';
import { type BenchCase, ms } from '../lib/table.js';
import { sqliteFile } from '../lib/workdir.js';
import { JSON_HEADERS } from './create.js';

const SAMPLES = 40;
const WARM_UP = 3;
const NAME = 'create+start compute to active (docker)';

async function expectStatus(response: Response, status: number, doing: string): Promise<string> {
  const body = await response.text();
  if (response.status !== status) throw new Error(`${doing} answered ${response.status}: ${body}`);
  return body;
}

export const docker: BenchCase = {
  name: 'docker',
  description:
    'create+start a compute to active through --provider docker vs the engine API directly (Podman)',
  async run() {
    const missing = podmanMissing();
    if (missing)
      return [
        {
          case: NAME,
          ours: '—',
          baseline: '—',
          ratio: Number.NaN,
          target: '≤ 1.2×',
          pass: 'skipped',
          note: missing,
        },
      ];
    const engine = await startEngine();
    try {
      const occi = await startChild({
        type: 'occi',
        store: `sqlite:${sqliteFile('docker')}`,
        argv: ['--provider', 'docker', '--docker-host', engine.address, '--docker-default-image', TEST_IMAGE],
      });
      const direct = new EngineClient(engine.address);
      try {
        const ours = async (i: number): Promise<number> => {
          const draft = computeDraft(i);
          const t0 = performance.now();
          const created = await fetch(`${occi.url}/compute/`, {
            method: 'POST',
            headers: JSON_HEADERS,
            body: JSON.stringify(draft),
          });
          await expectStatus(created, 201, 'POST /compute/');
          const location = new URL(created.headers.get('location')!).pathname;
          const started = await fetch(`${occi.url}${location}?action=start`, {
            method: 'POST',
            headers: JSON_HEADERS,
            body: JSON.stringify({ action: START }),
          });
          const body = await expectStatus(started, 200, `POST ${location}?action=start`);
          const elapsed = performance.now() - t0;
          const state = (JSON.parse(body) as { attributes?: Record<string, unknown> }).attributes?.[
            'occi.compute.state'
          ];
          if (state !== 'active') throw new Error(`${location} is ${String(state)} after start, not active`);
          const removed = await fetch(`${occi.url}${location}`, { method: 'DELETE' });
          const answer = await removed.text();
          if (!removed.ok) throw new Error(`DELETE ${location} answered ${removed.status}: ${answer}`);
          return elapsed;
        };
        const engineDirect = async (i: number): Promise<number> => {
          const draft = computeDraft(i).attributes!;
          const name = `bench-direct-${i}`;
          const t0 = performance.now();
          const { Id } = await direct.request<{ Id: string }>('POST', '/containers/create', {
            query: { name },
            json: directContainer(TEST_IMAGE, name, {
              cores: draft['occi.compute.cores'] as number,
              memoryGiB: draft['occi.compute.memory'] as number,
              hostname: draft['occi.compute.hostname'] as string,
            }),
            doing: `create ${name}`,
          });
          await direct.request('POST', `/containers/${Id}/start`, { doing: `start ${name}` });
          const elapsed = performance.now() - t0;
          await direct.request('DELETE', `/containers/${Id}`, {
            query: { force: true },
            doing: `remove ${name}`,
          });
          return elapsed;
        };
        // The image's layers, the engine's and the server's code paths.
        for (let i = 0; i < WARM_UP; i++) {
          await engineDirect(1000 + i);
          await ours(1000 + i);
        }
        const oursTimes: number[] = [];
        const directTimes: number[] = [];
        for (let i = 1; i <= SAMPLES; i++) {
          if (i % 2 === 1) {
            directTimes.push(await engineDirect(i));
            oursTimes.push(await ours(i));
          } else {
            oursTimes.push(await ours(i));
            directTimes.push(await engineDirect(i));
          }
        }
        const o = percentile(oursTimes, 50);
        const d = percentile(directTimes, 50);
        const ratio = o / d;
        const paired = oursTimes.map((t, i) => t / directTimes[i]!);
        const spread = (values: number[]) => `${ms(percentile(values, 25))}–${ms(percentile(values, 75))}`;
        return [
          {
            case: NAME,
            ours: `p50 ${ms(o)}`,
            baseline: `p50 ${ms(d)} (engine API)`,
            ratio,
            target: '≤ 1.2×',
            pass: ratio <= 1.2,
            note: `${SAMPLES} pairs; p25–p75 ours ${spread(oursTimes)}, engine ${spread(directTimes)}; per-pair ratio p50 ${percentile(paired, 50).toFixed(2)}× (p25–p75 ${percentile(paired, 25).toFixed(2)}–${percentile(paired, 75).toFixed(2)}×)`,
          },
        ];
      } finally {
        await direct.close();
        await occi.stop();
      }
    } finally {
      await engine.stop();
    }
  },
};
