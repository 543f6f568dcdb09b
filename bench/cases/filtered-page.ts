/**
 * Filtered pages stay flat: a page of 100 computes filtered by a mixin
 * (every tenth compute has it), and a page filtered by an attribute value
 * (one hostname), from an SQLite store of 100,000 against one of 1,000, p50
 * latency, one client at a time, both servers up at once and measured in
 * alternating rounds. Target ≤ 1.5×.
 */
import { startChild } from '../lib/child.js';
import { DEBIAN_FILTER, sqliteTagged } from '../lib/collection-fixtures.js';
import { compare, percentile } from '../lib/load.js';
import { type BenchCase, ms, type Row } from '../lib/table.js';

const FILTERS = [
  ['by a mixin', { category: DEBIAN_FILTER }, 100],
  ['by an attribute value', { 'x-occi-attribute': 'occi.compute.hostname="vm-500.example.com"' }, 1],
] as const;

export const filteredPage: BenchCase = {
  name: 'filtered-page',
  description: 'GET a filtered page of 100 computes from 100,000 vs from 1,000 (SQLite, p50 latency)',
  async run() {
    const [small, large] = await Promise.all([sqliteTagged(1000), sqliteTagged(100_000)]);
    const a = await startChild({ type: 'occi', store: `sqlite:${small}` });
    const b = await startChild({ type: 'occi', store: `sqlite:${large}` }).catch(async (e) => {
      await a.stop();
      throw e;
    });
    try {
      const rows: Row[] = [];
      for (const [label, filter, count] of FILTERS) {
        const headers = { accept: 'application/occi+json', ...filter };
        const url = '/compute/?page=1&number=100';
        for (const server of [a, b]) {
          const { resources } = (await (await fetch(`${server.url}${url}`, { headers })).json()) as {
            resources: unknown[];
          };
          if (resources.length !== count)
            throw new Error(`${label}: ${resources.length} computes, not ${count}`);
        }
        const r = await compare(
          { url: `${a.url}${url}`, headers, connections: 1 },
          { url: `${b.url}${url}`, headers, connections: 1 },
        );
        const ours = percentile(r.ours.latencies, 50);
        const baseline = percentile(r.baseline.latencies, 50);
        rows.push({
          case: `GET page filtered ${label}, 100,000 (SQLite)`,
          ours: `p50 ${ms(ours)}`,
          baseline: `p50 ${ms(baseline)} (of 1,000)`,
          ratio: ours / baseline,
          target: '≤ 1.5×',
          pass: ours / baseline <= 1.5,
        });
      }
      return rows;
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  },
};
