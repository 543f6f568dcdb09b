/**
 * The ceiling of the HTTP cases: GET /healthz of the composed server — no
 * OCCI work, only what every request gets (request id, Server header,
 * metrics, the request log line) — against a bare fastify route answering
 * the same bytes. By default (log level `info`, one access log line per
 * request, written in batches) the target is ≥ 0.85×; with
 * `--log-level warn` and with `--no-access-log` it is measured only, to
 * show what the log line costs.
 */
import { replayHeaders, startChild } from '../lib/child.js';
import { compare, cpuNote, throughputRow } from '../lib/load.js';
import type { BenchCase, Row } from '../lib/table.js';
import { sqliteFile } from '../lib/workdir.js';

export const ceiling: BenchCase = {
  name: 'ceiling',
  description: 'GET /healthz (no OCCI work) vs a bare fastify route: the ceiling of every HTTP ratio',
  async run() {
    const rows: Row[] = [];
    for (const [label, argv, target] of [
      ['default (access log on)', [], 0.85],
      ['log level warn', ['--log-level', 'warn'], undefined],
      ['--no-access-log', ['--no-access-log'], undefined],
    ] as const) {
      const occi = await startChild({
        type: 'occi',
        store: `sqlite:${sqliteFile('ceiling')}`,
        argv: [...argv],
      });
      try {
        const response = await fetch(`${occi.url}/healthz`);
        const bare = await startChild({
          type: 'bare',
          routes: {
            'GET /healthz': {
              status: response.status,
              headers: replayHeaders(response.headers),
              body: await response.text(),
            },
          },
        });
        try {
          const r = await compare(
            { url: `${bare.url}/healthz`, connections: 16, pid: bare.pid },
            { url: `${occi.url}/healthz`, connections: 16, pid: occi.pid },
          );
          rows.push(throughputRow(`GET /healthz, ${label}`, r, target, { note: cpuNote(r) }));
        } finally {
          await bare.stop();
        }
      } finally {
        await occi.stop();
      }
    }
    return rows;
  },
};
