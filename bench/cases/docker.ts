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
 *
 * A second row, for information, splits ours: a second server reaches the
 * engine through a recording proxy (it adds a hop to each engine request,
 * so it is kept out of the first row), and for 10 more samples the time
 * the engine spent on the create and the start is told from the engine's
 * time on the other requests and from the server's own, and each sample
 * is followed by one through the engine's API to compare the engine's
 * create and start with, as the host is then; its ratio, the p50
 * of each sample's whole time over its create and start, does not depend
 * on how fast the engine was in another sample.
 */
import { EngineClient } from '../../packages/provider-docker/src/engine-client.js';
import { startChild } from '../lib/child.js';
import {
  directContainer,
  type EngineRequest,
  engineTime,
  podmanMissing,
  recordingProxy,
  startEngine,
  TEST_IMAGE,
} from '../lib/docker.js';
import { computeDraft, START } from '../lib/fixtures.js';
import { percentile } from '../lib/load.js';
import { type BenchCase, ms, type Row } from '../lib/table.js';
import { sqliteFile } from '../lib/workdir.js';
import { JSON_HEADERS } from './create.js';

const SAMPLES = 40;
const WARM_UP = 3;
const SPLIT_SAMPLES = 10;
const NAME = 'create+start compute to active (docker)';
const SPLIT = 'create+start (docker): server / other engine requests vs create+start';

async function expectStatus(response: Response, status: number, doing: string): Promise<string> {
  const body = await response.text();
  if (response.status !== status) throw new Error(`${doing} answered ${response.status}: ${body}`);
  return body;
}

/** A server with `--provider docker` on the engine at `address`. */
const occiServer = (address: string, file: string) =>
  startChild({
    type: 'occi',
    store: `sqlite:${sqliteFile(file)}`,
    argv: ['--provider', 'docker', '--docker-host', address, '--docker-default-image', TEST_IMAGE],
  });

/** The i-th compute to active through the server at `url`: when it began and ended; removed after, untimed. */
async function ours(url: string, i: number): Promise<{ t0: number; t1: number }> {
  const draft = computeDraft(i);
  const t0 = performance.now();
  const created = await fetch(`${url}/compute/`, {
    method: 'POST',
    headers: JSON_HEADERS,
    body: JSON.stringify(draft),
  });
  await expectStatus(created, 201, 'POST /compute/');
  const location = new URL(created.headers.get('location')!).pathname;
  const started = await fetch(`${url}${location}?action=start`, {
    method: 'POST',
    headers: JSON_HEADERS,
    body: JSON.stringify({ action: START }),
  });
  const body = await expectStatus(started, 200, `POST ${location}?action=start`);
  const t1 = performance.now();
  const state = (JSON.parse(body) as { attributes?: Record<string, unknown> }).attributes?.[
    'occi.compute.state'
  ];
  if (state !== 'active') throw new Error(`${location} is ${String(state)} after start, not active`);
  const removed = await fetch(`${url}${location}`, { method: 'DELETE' });
  const answer = await removed.text();
  if (!removed.ok) throw new Error(`DELETE ${location} answered ${removed.status}: ${answer}`);
  return { t0, t1 };
}

/** The same container created and started through the engine's API; removed after, untimed. */
async function engineDirect(direct: EngineClient, i: number): Promise<number> {
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
  await direct.request('DELETE', `/containers/${Id}`, { query: { force: true }, doing: `remove ${name}` });
  return elapsed;
}

/** p25–p75 of `values`. */
const spread = (values: number[]) => `${ms(percentile(values, 25))}–${ms(percentile(values, 75))}`;
const isCreateOrStart = (r: EngineRequest) =>
  r.request === 'POST /containers/create' || /^POST \/containers\/[^/]+\/start$/.test(r.request);

/** Ours through a recording proxy: the server's own time, the other engine requests' and the create+start's. */
async function split(engineAddress: string, direct: EngineClient): Promise<Row> {
  const proxy = await recordingProxy(engineAddress);
  try {
    const occi = await occiServer(proxy.address, 'docker-split');
    try {
      await ours(occi.url, 2000);
      const own: number[] = [];
      const other: number[] = [];
      const needed: number[] = [];
      const ratios: number[] = [];
      const directTimes: number[] = [];
      /** Each request's time at the engine, by request (`GET /containers/…/json`). */
      const each = new Map<string, number[]>();
      for (let i = 1; i <= SPLIT_SAMPLES; i++) {
        const first = proxy.requests.length;
        const { t0, t1 } = await ours(occi.url, 2000 + i);
        const sample = proxy.requests.slice(first).filter((r) => r.start < t1);
        const engine = engineTime(sample, t0, t1);
        const core = engineTime(sample.filter(isCreateOrStart), t0, t1);
        own.push(t1 - t0 - engine);
        other.push(engine - core);
        needed.push(core);
        ratios.push((t1 - t0) / core);
        for (const r of sample) {
          const request = r.request.replace(/\/containers\/occi-[^/]+/, '/containers/…');
          each.set(request, [...(each.get(request) ?? []), r.end - r.start]);
        }
        directTimes.push(await engineDirect(direct, 2000 + i));
      }
      return {
        case: SPLIT,
        ours: `p50 ${ms(percentile(own, 50))} / ${ms(percentile(other, 50))}`,
        baseline: `p50 ${ms(percentile(needed, 50))}`,
        ratio: percentile(ratios, 50),
        target: '—',
        pass: 'info',
        note: `${SPLIT_SAMPLES} samples through a recording proxy, each followed by one through the engine API (p50 ${ms(percentile(directTimes, 50))}); server p25–p75 ${spread(own)}; engine requests, p50 each: ${[...each].map(([request, times]) => `${request} ${ms(percentile(times, 50))}`).join(', ')}`,
      };
    } finally {
      await occi.stop();
    }
  } finally {
    await proxy.close();
  }
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
      const rows: Row[] = [];
      const direct = new EngineClient(engine.address);
      try {
        const occi = await occiServer(engine.address, 'docker');
        try {
          const oursTime = async (i: number) => {
            const { t0, t1 } = await ours(occi.url, i);
            return t1 - t0;
          };
          // The image's layers, the engine's and the server's code paths.
          for (let i = 0; i < WARM_UP; i++) {
            await engineDirect(direct, 1000 + i);
            await oursTime(1000 + i);
          }
          const oursTimes: number[] = [];
          const directTimes: number[] = [];
          for (let i = 1; i <= SAMPLES; i++) {
            if (i % 2 === 1) {
              directTimes.push(await engineDirect(direct, i));
              oursTimes.push(await oursTime(i));
            } else {
              oursTimes.push(await oursTime(i));
              directTimes.push(await engineDirect(direct, i));
            }
          }
          const o = percentile(oursTimes, 50);
          const d = percentile(directTimes, 50);
          const ratio = o / d;
          const paired = oursTimes.map((t, i) => t / directTimes[i]!);
          const ratios = [25, 50, 75].map((p) => percentile(paired, p).toFixed(2));
          rows.push({
            case: NAME,
            ours: `p50 ${ms(o)}`,
            baseline: `p50 ${ms(d)} (engine API)`,
            ratio,
            target: '≤ 1.2×',
            pass: ratio <= 1.2,
            note: `${SAMPLES} pairs; p25–p75 ours ${spread(oursTimes)}, engine ${spread(directTimes)}; per-pair ratio p50 ${ratios[1]}× (p25–p75 ${ratios[0]}–${ratios[2]}×)`,
          });
        } finally {
          await occi.stop();
        }
        rows.push(await split(engine.address, direct));
      } finally {
        await direct.close();
      }
      return rows;
    } finally {
      await engine.stop();
    }
  },
};
