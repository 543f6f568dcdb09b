/**
 * POST ?action=start on inactive computes (a different one each request,
 * from 60,000 written beforehand) against POST create on the same server,
 * both JSON, durable SQLite, 16 clients, alternating rounds. Target ≥ 0.8×.
 */
import { startChild } from '../lib/child.js';
import { benchLocation, computeJson, START, sqliteWith } from '../lib/fixtures.js';
import { compare, throughputRow } from '../lib/load.js';
import type { BenchCase } from '../lib/table.js';
import { JSON_HEADERS } from './create.js';

const INACTIVE = 60_000;

export const action: BenchCase = {
  name: 'action',
  description: 'POST ?action=start on an inactive compute vs POST create (json, SQLite, 16 clients)',
  async run() {
    const file = await sqliteWith(INACTIVE);
    // The file is shared with no other case of this size; this case turns its computes active.
    const occi = await startChild({ type: 'occi', store: `sqlite:${file}` });
    try {
      let next = 0;
      const nextPath = () => {
        // Past the last inactive compute the server answers 409, and the load reports it.
        const path = `${benchLocation(next % INACTIVE)}?action=start`;
        next++;
        return path;
      };
      const r = await compare(
        {
          url: `${occi.url}/compute/`,
          method: 'POST',
          headers: JSON_HEADERS,
          body: computeJson(1),
          connections: 16,
        },
        {
          url: `${occi.url}/compute/`,
          method: 'POST',
          headers: JSON_HEADERS,
          body: JSON.stringify({ action: START }),
          nextPath,
          connections: 16,
        },
      );
      return [throughputRow('POST ?action=start json (SQLite)', r, 0.8, { baseline: 'create' })];
    } finally {
      await occi.stop();
    }
  },
};
