/**
 * GET one page of 100 computes from an SQLite store of 100,000 against the
 * same page from a store of 1,000: p50 latency, one client at a time, both
 * servers up at once and measured in alternating rounds. Target ≤ 1.5× (the
 * ratio printed is baseline p50 / ours, so ≥ 0.67 is the same target).
 */
import { startChild } from '../lib/child.js';
import { sqliteWith } from '../lib/fixtures.js';
import { compare, percentile } from '../lib/load.js';
import { type BenchCase, ms } from '../lib/table.js';

/** Page 10 of 100: entities 901–1,000, the last full page of the small store. */
const PAGE = '/compute/?page=10&number=100';

export const paging: BenchCase = {
  name: 'paging',
  description: 'GET a page of 100 computes from 100,000 vs from 1,000 (SQLite, p50 latency)',
  async run() {
    const [small, large] = await Promise.all([sqliteWith(1000), sqliteWith(100_000)]);
    const a = await startChild({ type: 'occi', store: `sqlite:${small}` });
    const b = await startChild({ type: 'occi', store: `sqlite:${large}` }).catch(async (e) => {
      await a.stop();
      throw e;
    });
    try {
      const headers = { accept: 'application/occi+json' };
      const r = await compare(
        { url: `${a.url}${PAGE}`, headers, connections: 1 },
        { url: `${b.url}${PAGE}`, headers, connections: 1 },
      );
      const ours = percentile(r.ours.latencies, 50);
      const baseline = percentile(r.baseline.latencies, 50);
      const slowdown = ours / baseline;
      return [
        {
          case: 'GET page of 100 from 100,000 (SQLite)',
          ours: `p50 ${ms(ours)}`,
          baseline: `p50 ${ms(baseline)} (of 1,000)`,
          ratio: slowdown,
          target: '≤ 1.5×',
          pass: slowdown <= 1.5,
        },
      ];
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  },
};
