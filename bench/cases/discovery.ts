/**
 * GET /-/ (the whole query interface, application/occi+json) against a bare
 * fastify route answering the same bytes. Target ≥ 0.9×: discovery output
 * only changes with the model, so the server can keep it rendered.
 */
import { replayHeaders, startChild } from '../lib/child.js';
import { compare, throughputRow } from '../lib/load.js';
import type { BenchCase } from '../lib/table.js';
import { sqliteFile } from '../lib/workdir.js';

export const discovery: BenchCase = {
  name: 'discovery',
  description: 'GET /-/ (json) vs a bare fastify route with the same bytes',
  async run() {
    const occi = await startChild({ type: 'occi', store: `sqlite:${sqliteFile('discovery')}` });
    try {
      const headers = { accept: 'application/occi+json' };
      const response = await fetch(`${occi.url}/-/`, { headers });
      const body = await response.text();
      const bare = await startChild({
        type: 'bare',
        routes: { 'GET /-/': { status: response.status, headers: replayHeaders(response.headers), body } },
      });
      try {
        const r = await compare(
          { url: `${bare.url}/-/`, headers, connections: 16 },
          { url: `${occi.url}/-/`, headers, connections: 16 },
        );
        return [throughputRow(`GET /-/ json (${Math.round(body.length / 1024)} KiB)`, r, 0.9)];
      } finally {
        await bare.stop();
      }
    } finally {
      await occi.stop();
    }
  },
};
