/**
 * `occi check` against a server of the packages (fastify + occiPlugin over
 * the reference provider with the Infrastructure extension) with some
 * renderings turned off — the suite must notice — and served under a
 * path prefix; and a run interrupted with Ctrl-C, which removes what it
 * created before it exits.
 */
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { baseEnv, cliBundle, removeCliBundle } from '../support/processes.js';
import { ALL_RENDERINGS, byId, check, failures, JSON_ONLY, referenceServer, TEXT_ONLY } from './support.js';

afterAll(removeCliBundle);

const statuses = (report: Awaited<ReturnType<typeof check>>['report'], ids: readonly string[]) =>
  Object.fromEntries(ids.map((id) => [id, byId(report).get(id)?.status]));

describe('occi check against a server of the packages', () => {
  it('every rendering: no MUST fails', async () => {
    const server = await referenceServer({ renderings: ALL_RENDERINGS });
    try {
      const { run, report } = await check(server.url);
      expect(failures(report, 'MUST')).toEqual([]);
      expect(run.code).toBe(0);
      // Without Platform, SLA and CRTP their checks skip, saying so.
      expect(byId(report).get('platform.3.offered')?.reason).toBe('the server offers no Platform kinds');
      expect(report.documents.crtp?.skip).toBe(report.documents.crtp?.checks);
      expect((await server.store.query({})).length).toBe(0);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('text renderings off: the MUSTs of GFD.229 fail (exit code 1), and the text checks skip', async () => {
    const server = await referenceServer({ renderings: JSON_ONLY });
    try {
      const { run, report } = await check(server.url);
      expect(run.code).toBe(1);
      expect(failures(report, 'MUST').map((f) => f.split(':')[0])).toEqual([
        'plain.3.offered',
        'occi.3.offered',
        'urilist.3.offered',
      ]);
      expect(
        statuses(report, ['plain.4.1.discovery-abnf', 'http.8.1.get-plain', 'http.8.1.get-json']),
      ).toEqual({
        'plain.4.1.discovery-abnf': 'skip',
        'http.8.1.get-plain': 'skip',
        'http.8.1.get-json': 'pass',
      });
      expect(byId(report).get('http.8.1.get-occi')?.reason).toBe('the server does not offer text/occi');
      // HTTP §6: filters travel in header fields; a server without text/occi cannot read them.
      expect(byId(report).get('http.6.2.collection-filter')?.status).toBe('skip');
    } finally {
      await server.close();
    }
  }, 60_000);

  it('JSON rendering off: the JSON checks skip (the documents do not require JSON), typed checks skip, the rest runs in text', async () => {
    const server = await referenceServer({ renderings: TEXT_ONLY });
    try {
      const { run, report } = await check(server.url);
      expect(failures(report, 'MUST')).toEqual([]);
      expect(run.code).toBe(0);
      expect(report.documents.json).toMatchObject({ pass: 0, fail: 0 });
      expect(byId(report).get('json.3.offered')).toMatchObject({
        level: 'MAY',
        status: 'skip',
        reason: 'the server does not offer application/occi+json',
      });
      expect(byId(report).get('infra.3.1.compute-cores-type')?.reason).toBe(
        'attribute types travel in JSON discovery only',
      );
      expect(
        statuses(report, [
          'http.9.3.1.create-plain',
          'http.9.3.1.create-occi',
          'infra.3.1.compute-start-from-inactive',
        ]),
      ).toEqual({
        'http.9.3.1.create-plain': 'pass',
        'http.9.3.1.create-occi': 'pass',
        'infra.3.1.compute-start-from-inactive': 'pass',
      });
    } finally {
      await server.close();
    }
  }, 60_000);

  it('under a path prefix (behind a proxy): no MUST fails, nothing left behind', async () => {
    const server = await referenceServer({ prefix: '/occi/v1' });
    try {
      const { run, report } = await check(server.url);
      expect(failures(report, 'MUST')).toEqual([]);
      expect(run.code).toBe(0);
      expect(report.summary.pass).toBeGreaterThan(350);
      expect((await server.store.query({})).length).toBe(0);
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe('occi check interrupted', () => {
  it('Ctrl-C: stops, removes what it created, reports and exits 130', async () => {
    // Every request takes 40 ms: the run is still creating when the signal comes.
    const server = await referenceServer({ delayMs: 40 });
    try {
      const child = spawn(process.execPath, [await cliBundle(), 'check', server.url, '-o', 'json'], {
        env: baseEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
      });
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      // Wait until the run has created entities of its own, then interrupt it.
      const deadline = Date.now() + 30_000;
      while ((await server.store.query({})).length < 3 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      expect((await server.store.query({})).length).toBeGreaterThanOrEqual(3);
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(stderr).toContain('occi: interrupted; removing what the check created');
      const report = JSON.parse(stdout) as {
        interrupted: boolean;
        cleanup: { deleted: number; failed: string[] };
        results: { reason?: string }[];
      };
      expect(report.interrupted).toBe(true);
      expect(report.cleanup.failed).toEqual([]);
      expect(report.cleanup.deleted).toBeGreaterThanOrEqual(3);
      expect(report.results.some((r) => r.reason === 'interrupted')).toBe(true);
      expect(await server.store.query({})).toEqual([]);
      const discovery = await (await fetch(`${server.url}/-/`, { headers: { accept: 'text/plain' } })).text();
      expect(discovery).not.toContain('occi-check');
    } finally {
      await server.close();
    }
  }, 60_000);
});
