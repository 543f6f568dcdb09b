/**
 * Deep pages cost what the first costs: GET page 1,000 of 100 computes
 * (the last of an SQLite store of 100,000) against page 1 of the same
 * server, p50 latency, one client at a time, in alternating rounds.
 * Target ≤ 1.2× (the ratio printed is page 1's p50 / page 1,000's, so
 * ≥ 0.83 is the same target).
 */
import { startChild } from '../lib/child.js';
import { sqliteWith } from '../lib/fixtures.js';
import { compare, percentile } from '../lib/load.js';
import { type BenchCase, ms } from '../lib/table.js';

export const deepPage: BenchCase = {
  name: 'deep-page',
  description: 'GET page 1,000 vs page 1 of 100 computes from 100,000 (SQLite, p50 latency)',
  async run() {
    const occi = await startChild({ type: 'occi', store: `sqlite:${await sqliteWith(100_000)}` });
    try {
      const headers = { accept: 'application/occi+json' };
      const last = await fetch(`${occi.url}/compute/?page=1000&number=100`, { headers });
      const { resources } = (await last.json()) as { resources: { title: string }[] };
      if (resources.length !== 100 || resources[99]!.title !== 'vm-99999')
        throw new Error('page 1,000 is not computes 99,901–100,000');
      const r = await compare(
        { url: `${occi.url}/compute/?page=1&number=100`, headers, connections: 1 },
        { url: `${occi.url}/compute/?page=1000&number=100`, headers, connections: 1 },
      );
      const first = percentile(r.baseline.latencies, 50);
      const deep = percentile(r.ours.latencies, 50);
      return [
        {
          case: 'GET page 1,000 of 100 from 100,000 (SQLite)',
          ours: `p50 ${ms(deep)}`,
          baseline: `p50 ${ms(first)} (page 1)`,
          ratio: deep / first,
          target: '≤ 1.2×',
          pass: deep / first <= 1.2,
        },
      ];
    } finally {
      await occi.stop();
    }
  },
};
