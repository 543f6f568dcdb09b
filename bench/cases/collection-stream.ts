/**
 * A whole collection streams: an unpaged GET /compute/ of an SQLite store
 * of 100,000 computes, in JSON and in text/uri-list, read by a client as it
 * comes. Meanwhile the server's resident memory is sampled (its growth over
 * the idle server: ≤ 64 MiB) and GET /healthz is sent every 100 ms (the
 * slowest answer: < 50 ms). The uri-list of 100,000: ≤ 1 s.
 */
import { type Child, startChild } from '../lib/child.js';
import { sqliteWith } from '../lib/fixtures.js';
import { type BenchCase, mib, ms, type Row } from '../lib/table.js';

const COUNT = 100_000;

interface Pass {
  seconds: number;
  bytes: number;
  lines: number;
  rssGrowth: number;
  slowestHealthz: number;
  idleHealthz: number;
}

/** One unpaged GET, read chunk by chunk, with memory samples and /healthz probes while it runs. */
async function pass(server: Child, accept: string): Promise<Pass> {
  // The slowest /healthz of an idle server, on this machine now: what the probes during the GET compare with.
  let idleHealthz = 0;
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    await (await fetch(`${server.url}/healthz`)).arrayBuffer();
    idleHealthz = Math.max(idleHealthz, performance.now() - t0);
    await new Promise((r) => setTimeout(r, 50));
  }
  const idle = server.rss();
  let peak = idle;
  let slowest = 0;
  let running = true;
  const sampler = setInterval(() => {
    peak = Math.max(peak, server.rss());
  }, 25);
  const probes = (async () => {
    while (running) {
      const t0 = performance.now();
      const r = await fetch(`${server.url}/healthz`);
      await r.arrayBuffer();
      slowest = Math.max(slowest, performance.now() - t0);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const t0 = performance.now();
  const response = await fetch(`${server.url}/compute/`, { headers: { accept } });
  if (response.status !== 200) throw new Error(`GET /compute/ answered ${response.status}`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    const buffer = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (let at = buffer.indexOf(10); at >= 0; at = buffer.indexOf(10, at + 1)) lines++;
  }
  const seconds = (performance.now() - t0) / 1000;
  running = false;
  await probes;
  clearInterval(sampler);
  peak = Math.max(peak, server.rss());
  return { seconds, bytes, lines, rssGrowth: peak - idle, slowestHealthz: slowest, idleHealthz };
}

export const collectionStream: BenchCase = {
  name: 'stream',
  description: 'unpaged GET of 100,000 computes (JSON, uri-list): time, memory growth, /healthz meanwhile',
  async run() {
    const server = await startChild({ type: 'occi', store: `sqlite:${await sqliteWith(COUNT)}` });
    try {
      const json = await pass(server, 'application/occi+json');
      const uris = await pass(server, 'text/uri-list');
      if (uris.lines !== COUNT) throw new Error(`the uri-list has ${uris.lines} lines, not ${COUNT}`);
      const rows: Row[] = [];
      for (const [label, p] of [
        ['json', json],
        ['uri-list', uris],
      ] as const) {
        rows.push({
          case: `GET /compute/ of 100,000 ${label}: RSS growth`,
          ours: mib(p.rssGrowth),
          baseline: `${(p.bytes / 2 ** 20).toFixed(1)} MiB sent`,
          ratio: p.rssGrowth / 2 ** 20 / 64,
          target: '≤ +64 MiB',
          pass: p.rssGrowth <= 64 * 2 ** 20,
          note: `in ${p.seconds.toFixed(2)} s`,
        });
        rows.push({
          case: `GET /compute/ of 100,000 ${label}: /healthz meanwhile`,
          ours: `max ${ms(p.slowestHealthz)}`,
          baseline: `max ${ms(p.idleHealthz)} (idle)`,
          ratio: p.slowestHealthz / 50,
          target: '< 50 ms',
          pass: p.slowestHealthz < 50,
        });
      }
      rows.push({
        case: 'GET /compute/ of 100,000 uri-list: time',
        ours: `${uris.seconds.toFixed(2)} s`,
        baseline: '1 s',
        ratio: uris.seconds,
        target: '≤ 1 s',
        pass: uris.seconds <= 1,
      });
      rows.push({
        case: 'GET /compute/ of 100,000 json: time',
        ours: `${json.seconds.toFixed(2)} s`,
        baseline: '8.2 s (before streaming)',
        ratio: json.seconds / 8.2,
        target: '—',
        pass: 'info',
      });
      return rows;
    } finally {
      await server.stop();
    }
  },
};
