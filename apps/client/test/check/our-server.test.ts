/**
 * `occi check` against our own server (occi-server, memory store) in its
 * default configuration: no MUST fails, what it skips is in the README,
 * it leaves nothing behind; --read-only changes nothing; --only, --skip
 * and --list; credentials; no server at all.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLIENT_ROOT,
  occi,
  occiServer,
  removeCliBundle,
  type ServerProcess,
  startServer,
} from '../support/processes.js';
import { byId, check, expectSkipsDocumented, failures, KNOWN_SHOULD_FAILURES } from './support.js';

afterAll(removeCliBundle);

/** What the server holds: its discovery and every kind collection, as text. */
async function snapshot(url: string): Promise<string> {
  const discovery = await (await fetch(`${url}/-/`, { headers: { accept: 'text/plain' } })).text();
  const locations = [...discovery.matchAll(/class="kind";[^\n]*location="([^"]+)"/g)].map((m) => m[1]!);
  const lists = await Promise.all(
    locations.map(
      async (l) =>
        `${l}\n${(await (await fetch(`${url}${l}`, { headers: { accept: 'text/uri-list' } })).text()).split('\n').sort().join('\n')}`,
    ),
  );
  return `${discovery.split('\n').sort().join('\n')}\n${lists.join('\n')}`;
}

describe('occi check against occi-server (default configuration)', () => {
  let server: ServerProcess;
  let dir: string;
  beforeAll(async () => {
    server = await startServer();
    dir = await mkdtemp(join(tmpdir(), 'occi-check-'));
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('no MUST fails; the SHOULD failures are the known findings; skips are documented; nothing is left behind', async () => {
    const before = await snapshot(server.url);
    const junit = join(dir, 'junit.xml');
    const { run, report } = await check(server.url, ['--allow-save', '--junit', junit]);
    expect(failures(report, 'MUST')).toEqual([]);
    expect(failures(report).map((f) => f.split(':')[0])).toEqual(KNOWN_SHOULD_FAILURES);
    expect(run.code).toBe(0);
    expect(report.summary.checks).toBeGreaterThan(500);
    expect(Object.keys(report.documents)).toEqual([
      'core',
      'http',
      'plain',
      'occi',
      'urilist',
      'json',
      'infra',
      'platform',
      'sla',
      'crtp',
    ]);
    await expectSkipsDocumented(report.results.filter((r) => r.status === 'skip').map((r) => r.id));
    expect(report.cleanup).toEqual({ deleted: expect.any(Number), failed: [], orphans: [] });
    expect(await snapshot(server.url)).toBe(before);
    const xml = await readFile(junit, 'utf8');
    expect(xml.match(/<testcase /g)).toHaveLength(report.summary.checks);
    expect(xml.match(/<testsuite /g)).toHaveLength(10);
  }, 120_000);

  it('--read-only reads: every check that writes skips, and the server holds what it held', async () => {
    const created = await fetch(`${server.url}/compute/`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', accept: 'text/plain' },
      body: 'Category: compute; scheme="http://schemas.ogf.org/occi/infrastructure#"; class="kind"\r\nX-OCCI-Attribute: occi.core.title="not the check\'s"\r\n',
    });
    expect(created.status).toBe(201);
    const before = await snapshot(server.url);
    const [{ report }, listed] = await Promise.all([
      check(server.url, ['--read-only']),
      occi(['check', '--list', '-o', 'json']),
    ]);
    const writes = new Set(
      (JSON.parse(listed.stdout) as { id: string; writes: boolean }[])
        .filter((c) => c.writes)
        .map((c) => c.id),
    );
    for (const r of report.results) if (writes.has(r.id)) expect(r, r.id).toMatchObject({ status: 'skip' });
    expect(failures(report, 'MUST')).toEqual([]);
    expect(report.summary.pass).toBeGreaterThan(150);
    expect(byId(report).get('http.8.1.get-plain')?.status).toBe('pass');
    expect(await snapshot(server.url)).toBe(before);
    expect(report.cleanup.deleted).toBe(0);
    await fetch(created.headers.get('location')!, { method: 'DELETE' });
  }, 60_000);

  it('--only and --skip choose checks; a selector that selects nothing is a usage error', async () => {
    const { report } = await check(server.url, [
      '--only',
      'http.5.3,urilist.8.entity-400',
      '--skip',
      'http.5.3.no-version',
    ]);
    expect(report.results.map((r) => r.id).sort()).toEqual([
      'http.5.3.higher-major-501',
      'http.5.3.higher-minor-501',
      'http.5.3.lower-version',
      'http.5.3.occi-1-2',
      'http.5.3.same-version',
      'urilist.8.entity-400',
    ]);
    const bad = await occi(['check', server.url, '--only', 'http.99']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/"http\.99" selects no check/);
  });

  it('prints a table per document on a terminal or log, and the failures', async () => {
    const run = await occi(['check', server.url, '--only', 'json,http.5.3']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^occi check http:\/\/127\.0\.0\.1:\d+ {2}\(Server: occi-server\/\S+ OCCI\/1\.2 OCCI-CRTP-EP\/1\.1\)\n\nDOCUMENT +CHECKS +PASS +FAIL +SKIP +MUST FAILED\n/,
    );
    expect(run.stdout).toMatch(/\nJSON rendering \(GFD\.225\) +24 +23 +1 +0 +0\n/);
    expect(run.stdout).toMatch(
      /\nFAIL {2}json\.3\.5\.1\.pattern-schema-keyword {2}JSON rendering §3\.5\.1 {2}SHOULD\n/,
    );
    expect(run.stdout).toMatch(
      /\n30 checks in \d+\.\d s: 29 passed, 1 failed \(0 MUST, 1 SHOULD\), 0 skipped\n/,
    );
    expect((await occi(['check', server.url, '--only', 'json', '--strict'])).code).toBe(1);
  });
});

describe('occi check --list', () => {
  it('documents every check: id, section, level, what it does', async () => {
    const [table, listed] = await Promise.all([
      occi(['check', '--list']),
      occi(['check', '--list', '-o', 'json']),
    ]);
    const checks = JSON.parse(listed.stdout) as {
      id: string;
      section: string;
      level: string;
      title: string;
    }[];
    expect(checks.length).toBeGreaterThan(500);
    for (const c of checks) expect(table.stdout).toContain(c.id);
    expect(table.stdout).toMatch(
      /^Core \(GFD\.221\): \d+ checks \(\d+ MUST, \d+ SHOULD, \d+ MAY\)\nID +SECTION +LEVEL +WHAT IT DOES\n/,
    );
    expect(table.stdout).toMatch(/\n\d+ checks: \d+ MUST, \d+ SHOULD, \d+ MAY; \[writes\]/);
  });
});

describe('occi check and the endpoint', () => {
  let server: ServerProcess;
  let dir: string;
  let token: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(CLIENT_ROOT, 'test', '.users-'));
    const usersFile = join(dir, 'users.json');
    await occiServer(
      ['users', 'add', 'alice', '--password-stdin', '--users-file', usersFile],
      {},
      'alice-secret-1',
    );
    token = /occi_\S+/.exec(
      (await occiServer(['users', 'token', 'alice', '--users-file', usersFile])).stdout,
    )![0];
    server = await startServer(['--users-file', usersFile]);
  });
  afterAll(async () => {
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('with Basic or Bearer credentials; without them, exit code 5', async () => {
    const [basic, bearer, none] = await Promise.all([
      check(server.url, ['-u', 'alice', '-p', 'alice-secret-1', '--only', 'http,core']),
      check(server.url, ['--token', token, '--only', 'http.10,core.5.3.6.instantiate']),
      occi(['check', server.url]),
    ]);
    expect(failures(basic.report, 'MUST')).toEqual([]);
    expect(byId(basic.report).get('http.10.authentication')?.status).toBe('pass');
    expect(byId(bearer.report).get('http.10.authentication')?.status).toBe('pass');
    expect(byId(bearer.report).get('core.5.3.6.instantiate')?.status).toBe('pass');
    expect(none.code).toBe(5);
    expect(none.stderr).toMatch(
      /^occi: the server refused the credentials: GET http:\/\/127\.0\.0\.1:\d+\/-\/ answered 401\n$/,
    );
  }, 60_000);

  it('no server: exit code 7', async () => {
    const run = await occi(['check', 'http://127.0.0.1:9/']);
    expect(run.code).toBe(7);
    expect(run.stderr).toMatch(/no answer/);
  });
});
