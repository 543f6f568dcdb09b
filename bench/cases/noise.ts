/**
 * The resolution of a ratio in this run: the same server against a second
 * copy of itself (A/A), measured exactly as the other cases measure ours
 * against a baseline — GET /healthz of two OCCI servers at default
 * settings, and of two bare fastify routes. Both ratios would be 1.00× on
 * a steady machine; how far they land from it (and their rounds' spread)
 * is how far any other row of the run may be off. INFO rows, no target.
 */
import { startChild } from '../lib/child.js';
import { compare, cpuNote, throughputRow } from '../lib/load.js';
import type { ChildSpec } from '../lib/server-child.js';
import type { BenchCase, Row } from '../lib/table.js';
import { sqliteFile } from '../lib/workdir.js';

const HEALTHZ = { status: 200, headers: { 'content-type': 'application/json' }, body: '{"status":"ok"}' };

export const noise: BenchCase = {
  name: 'noise',
  description:
    'A/A: GET /healthz of a server against a second copy of itself (OCCI, bare): how far a ratio may be off',
  async run() {
    const rows: Row[] = [];
    for (const [label, spec] of [
      [
        'OCCI server',
        (copy: string): ChildSpec => ({ type: 'occi', store: `sqlite:${sqliteFile(`noise-${copy}`)}` }),
      ],
      ['bare route', (): ChildSpec => ({ type: 'bare', routes: { 'GET /healthz': HEALTHZ } })],
    ] as const) {
      const a = await startChild(spec('a'));
      try {
        const b = await startChild(spec('b'));
        try {
          const r = await compare(
            { url: `${a.url}/healthz`, connections: 16, pid: a.pid },
            { url: `${b.url}/healthz`, connections: 16, pid: b.pid },
          );
          rows.push(
            throughputRow(`A/A: GET /healthz, ${label} vs a copy`, r, undefined, { note: cpuNote(r) }),
          );
        } finally {
          await b.stop();
        }
      } finally {
        await a.stop();
      }
    }
    return rows;
  },
};
