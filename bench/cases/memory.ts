/**
 * Resident memory (VmRSS) of a server process holding 100,000 computes,
 * after one full pass over /compute/ (one unpaged GET in JSON, which the
 * server streams in batches): with SQLite ≤ 250 MiB, with the in-memory
 * store ≤ 300 MiB. The baseline is the same
 * server with an empty store, just started; the target is on the absolute figure.
 */
import { startChild } from '../lib/child.js';
import { sqliteWith } from '../lib/fixtures.js';
import { type BenchCase, mib, type Row } from '../lib/table.js';
import { sqliteFile } from '../lib/workdir.js';

const COUNT = 100_000;

const ID = Buffer.from('"id":"urn:uuid:');

/** GETs the whole compute collection, streamed (JSON), reading it as it comes; returns how many computes it saw. */
async function listAll(url: string): Promise<number> {
  const response = await fetch(`${url}/compute/`, { headers: { accept: 'application/occi+json' } });
  if (response.status !== 200) throw new Error(`GET /compute/ answered ${response.status}`);
  let seen = 0;
  let tail = Buffer.alloc(0);
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    // Each compute has one id (no links here); a match may straddle two chunks.
    const text = Buffer.concat([tail, chunk]);
    for (let at = text.indexOf(ID); at >= 0; at = text.indexOf(ID, at + ID.length)) seen++;
    tail = text.subarray(Math.max(0, text.length - ID.length + 1));
  }
  return seen;
}

async function measure(
  store: 'sqlite' | 'memory',
): Promise<{ full: number; empty: number; seconds: number }> {
  const empty = await startChild({
    type: 'occi',
    store: store === 'memory' ? 'memory:' : `sqlite:${sqliteFile('memory-empty')}`,
  });
  // Let start-up garbage settle as it would on an idle server.
  await new Promise((r) => setTimeout(r, 1000));
  const emptyRss = empty.rss();
  await empty.stop();
  const full =
    store === 'memory'
      ? await startChild({ type: 'occi', store: 'memory:', populate: COUNT })
      : await startChild({ type: 'occi', store: `sqlite:${await sqliteWith(COUNT)}` });
  try {
    const t0 = performance.now();
    const seen = await listAll(full.url);
    const seconds = (performance.now() - t0) / 1000;
    if (seen !== COUNT) throw new Error(`the list pass saw ${seen} computes, not ${COUNT}`);
    return { full: full.rss(), empty: emptyRss, seconds };
  } finally {
    await full.stop();
  }
}

export const memory: BenchCase = {
  name: 'memory',
  description: 'resident memory with 100,000 computes after a full list pass (SQLite, memory store)',
  async run() {
    const rows: Row[] = [];
    for (const [store, limit] of [
      ['sqlite', 250],
      ['memory', 300],
    ] as const) {
      const { full, empty, seconds } = await measure(store);
      rows.push({
        case: `RSS, 100,000 computes (${store === 'sqlite' ? 'SQLite' : 'memory store'})`,
        ours: mib(full),
        baseline: `${mib(empty)} (empty)`,
        ratio: full / empty,
        target: `≤ ${limit} MiB`,
        pass: full <= limit * 2 ** 20,
        note: `streamed list pass in ${seconds.toFixed(1)} s`,
      });
    }
    return rows;
  },
};
