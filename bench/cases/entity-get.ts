/**
 * GET one compute in each rendering against a bare fastify route answering
 * the same bytes (body and headers captured from the OCCI server).
 * Target ≥ 0.7× in each rendering, at default settings (the access log on).
 * An INFO row: the JSON GET of a server started with --store-exclusive
 * (no WAL-index read: what sharing the file with other processes costs).
 */
import { replayHeaders, startChild } from '../lib/child.js';
import { computeJson } from '../lib/fixtures.js';
import { compare, cpuNote, throughputRow } from '../lib/load.js';
import type { BenchCase, Row } from '../lib/table.js';
import { sqliteFile } from '../lib/workdir.js';

const TYPES = [
  ['application/occi+json', 0.7, '/json'],
  ['text/plain', 0.7, '/plain'],
  ['text/occi', 0.7, '/occi'],
] as const;

export const entityGet: BenchCase = {
  name: 'entity',
  description: 'GET one compute (json, text/plain, text/occi) vs a bare fastify route with the same bytes',
  async run() {
    const occi = await startChild({ type: 'occi', store: `sqlite:${sqliteFile('entity')}` });
    const bareRoutes: Record<string, { status: number; headers: Record<string, string>; body: string }> = {};
    let location = '';
    try {
      const created = await fetch(`${occi.url}/compute/`, {
        method: 'POST',
        headers: { 'content-type': 'application/occi+json', accept: 'application/occi+json' },
        body: computeJson(1),
      });
      if (created.status !== 201)
        throw new Error(`create answered ${created.status}: ${await created.text()}`);
      location = new URL(created.headers.get('location')!).pathname;
      for (const [type, , path] of TYPES) {
        const response = await fetch(`${occi.url}${location}`, { headers: { accept: type } });
        bareRoutes[`GET ${path}`] = {
          status: response.status,
          headers: replayHeaders(response.headers),
          body: await response.text(),
        };
      }
      const bare = await startChild({ type: 'bare', routes: bareRoutes });
      const rows: Row[] = [];
      try {
        for (const [type, target, path] of TYPES) {
          const headers = { accept: type };
          const r = await compare(
            { url: `${bare.url}${path}`, headers, connections: 16, pid: bare.pid },
            { url: `${occi.url}${location}`, headers, connections: 16, pid: occi.pid },
          );
          rows.push(throughputRow(`GET compute ${type}`, r, target, { note: cpuNote(r) }));
        }
        // What seeing other processes' commits at once costs a GET: the same server alone on its file.
        const alone = await startChild({
          type: 'occi',
          store: `sqlite:${sqliteFile('entity-exclusive')}`,
          argv: ['--store-exclusive'],
        });
        try {
          const headers = { accept: 'application/occi+json', 'content-type': 'application/occi+json' };
          const made = await fetch(`${alone.url}/compute/`, {
            method: 'POST',
            headers,
            body: computeJson(1),
          });
          if (made.status !== 201) throw new Error(`create answered ${made.status}: ${await made.text()}`);
          const r = await compare(
            { url: `${bare.url}/json`, headers, connections: 16, pid: bare.pid },
            { url: made.headers.get('location')!, headers, connections: 16, pid: alone.pid },
          );
          rows.push(
            throughputRow('GET compute application/occi+json, --store-exclusive', r, undefined, {
              note: cpuNote(r),
            }),
          );
        } finally {
          await alone.stop();
        }
      } finally {
        await bare.stop();
      }
      return rows;
    } finally {
      await occi.stop();
    }
  },
};
