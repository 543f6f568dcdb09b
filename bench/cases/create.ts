/**
 * POST a new compute (application/occi+json, durable SQLite: WAL with
 * synchronous = FULL) from 16 concurrent clients, against two bare fastify
 * POST routes answering 201 with the same bytes: one that also INSERTs the
 * body as a row into SQLite, durably, one transaction per request (the
 * honest baseline: target ≥ 1.0×, which the store's group commit makes
 * reachable), and one that only parses the body (INFO: the HTTP ceiling).
 */
import { replayHeaders, startChild } from '../lib/child.js';
import { computeJson } from '../lib/fixtures.js';
import { compare, throughputRow } from '../lib/load.js';
import type { BenchCase, Row } from '../lib/table.js';
import { sqliteFile } from '../lib/workdir.js';

export const JSON_HEADERS = { 'content-type': 'application/occi+json', accept: 'application/occi+json' };

export const create: BenchCase = {
  name: 'create',
  description:
    'POST create compute (json, SQLite durable, 16 clients) vs bare fastify POSTs (with and without an INSERT)',
  async run() {
    const occi = await startChild({ type: 'occi', store: `sqlite:${sqliteFile('create')}` });
    const rows: Row[] = [];
    try {
      const body = computeJson(1);
      const created = await fetch(`${occi.url}/compute/`, { method: 'POST', headers: JSON_HEADERS, body });
      const response = {
        status: created.status,
        headers: replayHeaders(created.headers),
        body: await created.text(),
      };
      if (created.status !== 201) throw new Error(`create answered ${created.status}: ${response.body}`);
      const routes = { 'POST /compute/': response };
      for (const [label, baseline, target] of [
        ['vs bare POST + SQLite INSERT', 'INSERT', 1.0],
        ['vs bare POST', 'no store', undefined],
      ] as const) {
        const bare = await startChild(
          baseline === 'INSERT'
            ? { type: 'bare-sqlite-insert', file: sqliteFile('create-bare'), routes }
            : { type: 'bare', routes },
        );
        try {
          const r = await compare(
            { url: `${bare.url}/compute/`, method: 'POST', headers: JSON_HEADERS, body, connections: 16 },
            { url: `${occi.url}/compute/`, method: 'POST', headers: JSON_HEADERS, body, connections: 16 },
          );
          rows.push(throughputRow(`POST create compute json (SQLite) ${label}`, r, target, { baseline }));
        } finally {
          await bare.stop();
        }
      }
      return rows;
    } finally {
      await occi.stop();
    }
  },
};
