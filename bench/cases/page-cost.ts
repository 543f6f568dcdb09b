/**
 * What a page of entities costs: GET a page of 100 computes (JSON, full
 * renderings) from an SQLite store of 100,000, 10 connections, against a
 * bare fastify route answering the same bytes. Target ≥ 0.1× (the bare
 * route pays only the sending of ≈ 60 KiB: the ratio is the OCCI work per
 * page, ≈ 100 entities read, turned into entities and rendered).
 *
 * The same page asked again is answered from what the reference provider
 * kept while the store's revision stays the same; the second row walks
 * through all 1,000 pages instead, so that every page is read from the
 * store and built: what a page costs when nothing can be kept.
 */
import { replayHeaders, startChild } from '../lib/child.js';
import { sqliteWith } from '../lib/fixtures.js';
import { compare, roundsNote, throughputRow } from '../lib/load.js';
import type { BenchCase } from '../lib/table.js';

const PAGE = '/compute/?page=3&number=100';
const PAGES = 1000;

export const pageCost: BenchCase = {
  name: 'page-cost',
  description: 'GET a page of 100 computes (JSON) vs a bare route with the same bytes, 10 connections',
  async run() {
    const occi = await startChild({ type: 'occi', store: `sqlite:${await sqliteWith(100_000)}` });
    try {
      const headers = { accept: 'application/occi+json' };
      const response = await fetch(`${occi.url}${PAGE}`, { headers });
      const body = await response.text();
      if (response.status !== 200 || (JSON.parse(body) as { resources: unknown[] }).resources.length !== 100)
        throw new Error(`the page answered ${response.status} without 100 resources`);
      const bare = await startChild({
        type: 'bare',
        routes: { 'GET /page': { status: 200, headers: replayHeaders(response.headers), body } },
      });
      try {
        const r = await compare(
          { url: `${bare.url}/page`, headers, connections: 10 },
          { url: `${occi.url}${PAGE}`, headers, connections: 10 },
        );
        let next = 0;
        const walk = await compare(
          { url: `${bare.url}/page`, headers, connections: 10 },
          {
            url: `${occi.url}${PAGE}`,
            headers,
            connections: 10,
            nextPath: () => `/compute/?page=${(next++ % PAGES) + 1}&number=100`,
          },
        );
        return [
          throughputRow('GET page of 100 computes json (SQLite)', r, 0.1, {
            note: `${(body.length / 1024).toFixed(0)} KiB a page; ${roundsNote(r)}`,
          }),
          throughputRow('GET pages 1…1,000 of 100 computes json, each built (SQLite)', walk, undefined, {
            note: `a different page each request: read from the store and built every time; ${roundsNote(walk)}`,
          }),
        ];
      } finally {
        await bare.stop();
      }
    } finally {
      await occi.stop();
    }
  },
};
