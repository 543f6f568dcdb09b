/**
 * GET one compute (application/occi+json) as an authenticated user — HTTP
 * Basic against the users file (a password hashed at the default scrypt
 * cost, N = 2^17) and Bearer with an API token of the same file — against
 * a bare fastify route answering the same bytes. Every client sends the
 * same valid credentials each time, so the server's cache of verified
 * credentials spares the password hash. Targets ≥ 0.6× each.
 */
import { join } from 'node:path';
import { createApiToken, hashPassword, writeUsersFile } from '../../apps/server/src/auth/index.js';
import { replayHeaders, startChild } from '../lib/child.js';
import { computeJson } from '../lib/fixtures.js';
import { compare, cpuNote, throughputRow } from '../lib/load.js';
import type { BenchCase, Row } from '../lib/table.js';
import { sqliteFile, workdir } from '../lib/workdir.js';

const TARGET = 0.6;
const ACCEPT = 'application/occi+json';

export const authGet: BenchCase = {
  name: 'auth',
  description: 'GET one compute with HTTP Basic and with an API token (users file) vs a bare fastify route',
  async run() {
    const usersFile = join(workdir(), 'users.json');
    const password = 'a long benchmark password';
    const { token, record } = createApiToken();
    await writeUsersFile(usersFile, {
      version: 1,
      users: { alice: { password: await hashPassword(password), admin: false, tokens: [record] } },
    });
    const occi = await startChild({
      type: 'occi',
      store: `sqlite:${sqliteFile('auth')}`,
      argv: ['--users-file', usersFile],
    });
    try {
      const credentials = {
        'HTTP Basic': `Basic ${Buffer.from(`alice:${password}`).toString('base64')}`,
        'API token': `Bearer ${token}`,
      };
      const created = await fetch(`${occi.url}/compute/`, {
        method: 'POST',
        headers: { 'content-type': ACCEPT, accept: ACCEPT, authorization: credentials['HTTP Basic'] },
        body: computeJson(1),
      });
      if (created.status !== 201)
        throw new Error(`create answered ${created.status}: ${await created.text()}`);
      const location = new URL(created.headers.get('location')!).pathname;
      const routes: Record<string, { status: number; headers: Record<string, string>; body: string }> = {};
      for (const [name, authorization] of Object.entries(credentials)) {
        const response = await fetch(`${occi.url}${location}`, {
          headers: { accept: ACCEPT, authorization },
        });
        if (response.status !== 200)
          throw new Error(`GET with ${name} answered ${response.status}: ${await response.text()}`);
        routes[`GET /${name === 'API token' ? 'token' : 'basic'}`] = {
          status: response.status,
          headers: replayHeaders(response.headers),
          body: await response.text(),
        };
      }
      const bare = await startChild({ type: 'bare', routes });
      const rows: Row[] = [];
      try {
        for (const [name, authorization] of Object.entries(credentials)) {
          const headers = { accept: ACCEPT, authorization };
          const r = await compare(
            {
              url: `${bare.url}/${name === 'API token' ? 'token' : 'basic'}`,
              headers,
              connections: 16,
              pid: bare.pid,
            },
            { url: `${occi.url}${location}`, headers, connections: 16, pid: occi.pid },
          );
          rows.push(throughputRow(`GET compute json, ${name}`, r, TARGET, { note: cpuNote(r) }));
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
