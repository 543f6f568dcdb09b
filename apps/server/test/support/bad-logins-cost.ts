/**
 * The server's CPU for 1,000 bad HTTP Basic logins, in four attacks: one
 * name from one address, many names from one address, one name from many
 * addresses, many names from many addresses. Not a test (it takes minutes):
 *
 *   cd apps/server && node --conditions=@occi/source --import tsx test/support/bad-logins-cost.ts
 *
 * Prints the process's CPU time (user + system, the hash threads included),
 * the wall time and the statuses of each attack.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword, writeUsersFile } from '../../src/auth/index.js';
import { buildServer, parseConfig } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'occi-bad-logins-'));
const usersFile = join(dir, 'users.json');
await writeUsersFile(usersFile, {
  version: 1,
  users: { alice: { password: await hashPassword('correct horse battery'), admin: false, tokens: [] } },
});
/** A fresh server for each attack: no attack starts with another's counts. */
const fresh = () =>
  buildServer(
    parseConfig({
      argv: ['--store', 'memory:', '--log-level', 'silent', '--users-file', usersFile],
      env: {},
    }),
  );
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function attack(name: string, pick: (i: number) => { user: string; address: string }) {
  const server = await fresh();
  const statuses = new Map<number, number>();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let next = 0;
  // Four requests in flight at a time.
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < 1000) {
        const i = next++;
        const { user, address } = pick(i);
        const r = await server.app.inject({
          method: 'GET',
          url: '/-/',
          remoteAddress: address,
          headers: { authorization: basic(user, `wrong-${i}`) },
        });
        statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
      }
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  console.log(
    `${name}: CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, wall ${(wall / 1000).toFixed(1)} s, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
  );
  await server.close();
}

const only = process.env.ATTACK;
if (!only || only === 'a')
  await attack('one name, one address', () => ({ user: 'alice', address: '192.0.2.1' }));
if (!only || only === 'b')
  await attack('1000 unknown names, one address', (i) => ({ user: `nobody${i}`, address: '192.0.2.2' }));
if (!only || only === 'c')
  await attack('one name, 1000 addresses', (i) => ({
    user: 'alice',
    address: `198.51.${i >> 8}.${i & 255}`,
  }));
if (!only || only === 'd')
  await attack('1000 unknown names, 1000 addresses', (i) => ({
    user: `nobody${i}`,
    address: `203.0.${i >> 8}.${i & 255}`,
  }));
rmSync(dir, { recursive: true, force: true });
