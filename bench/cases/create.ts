/**
 * POST a new compute (application/occi+json, durable SQLite: WAL with
 * synchronous = FULL) from 16 concurrent clients, against a bare fastify
 * POST route that parses the same JSON body and answers 201 with the same
 * bytes. Target ≥ 0.3×.
 */
import { replayHeaders, startChild } from '../lib/child.js';
import { computeJson } from '../lib/fixtures.js';
import { compare, rps } from '../lib/load.js';
import { type BenchCase, reqs } from '../lib/table.js';
import { sqliteFile } from '../lib/workdir.js';

export const JSON_HEADERS = { 'content-type': 'application/occi+json', accept: 'application/occi+json' };

export const create: BenchCase = {
  name: 'create',
  description: 'POST create compute (json, SQLite durable, 16 clients) vs a bare fastify POST',
  async run() {
    const occi = await startChild({ type: 'occi', store: `sqlite:${sqliteFile('create')}` });
    try {
      const body = computeJson(1);
      const created = await fetch(`${occi.url}/compute/`, { method: 'POST', headers: JSON_HEADERS, body });
      const response = {
        status: created.status,
        headers: replayHeaders(created.headers),
        body: await created.text(),
      };
      if (created.status !== 201) throw new Error(`create answered ${created.status}: ${response.body}`);
      const bare = await startChild({ type: 'bare', routes: { 'POST /compute/': response } });
      try {
        const r = await compare(
          { url: `${bare.url}/compute/`, method: 'POST', headers: JSON_HEADERS, body, connections: 16 },
          { url: `${occi.url}/compute/`, method: 'POST', headers: JSON_HEADERS, body, connections: 16 },
        );
        const ratio = rps(r.ours) / rps(r.baseline);
        return [
          {
            case: 'POST create compute json (SQLite)',
            ours: reqs(rps(r.ours)),
            baseline: reqs(rps(r.baseline)),
            ratio,
            target: '≥ 0.3×',
            pass: ratio >= 0.3,
          },
        ];
      } finally {
        await bare.stop();
      }
    } finally {
      await occi.stop();
    }
  },
};
