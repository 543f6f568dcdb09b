/**
 * What the `occi check` tests share: a small OCCI server of the packages —
 * fastify + @occi/http's occiPlugin with only the renderings a test wants,
 * over the reference provider of @occi/core (MemoryStore) and the
 * @occi/infrastructure extension — and reading a run's JSON report.
 */

import { readFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Rendering } from '@occi/core';
import { createReferenceProvider, MemoryStore, Model } from '@occi/core';
import { occiPlugin } from '@occi/http/server';
import { infrastructure } from '@occi/infrastructure';
import { jsonRendering } from '@occi/render-json';
import { textOcci, textPlain, uriList } from '@occi/render-text';
import Fastify from 'fastify';
import { expect } from 'vitest';
import { CLIENT_ROOT, occi, type Result } from '../support/processes.js';

export const ALL_RENDERINGS: readonly Rendering[] = [textPlain, textOcci, uriList, jsonRendering];
export const TEXT_ONLY: readonly Rendering[] = [textPlain, textOcci, uriList];
export const JSON_ONLY: readonly Rendering[] = [jsonRendering];

export interface TestServer {
  url: string;
  store: MemoryStore;
  /** Requests the server received: method and URL. */
  requests: { method: string; url: string }[];
  close(): Promise<void>;
}

/**
 * A reverse proxy on 127.0.0.1 that serves `target` under `prefix` (the
 * prefix stripped; anything else 404), as a deployment behind a gateway
 * does: the OCCI server is told its public URL, prefix included.
 */
async function prefixProxy(
  prefix: string,
): Promise<{ url: string; target: (url: string) => void; close(): Promise<void> }> {
  let target = '';
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path !== prefix && !path.startsWith(`${prefix}/`)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not under the prefix');
      return;
    }
    const upstream = new URL(path.slice(prefix.length) || '/', target);
    const forward = request(
      upstream,
      { method: req.method, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    target: (url) => {
      target = url;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** An OCCI server of the packages on 127.0.0.1, port 0; `prefix` serves it under a path (behind a proxy), `delayMs` slows every request. */
export async function referenceServer(
  options: { renderings?: readonly Rendering[]; prefix?: string; delayMs?: number } = {},
): Promise<TestServer> {
  const store = new MemoryStore();
  const provider = createReferenceProvider({ model: Model.create([infrastructure]), store });
  const app = Fastify();
  const requests: TestServer['requests'] = [];
  app.addHook('onRequest', async (request) => {
    requests.push({ method: request.method, url: request.url });
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
  });
  const proxy = options.prefix ? await prefixProxy(options.prefix) : undefined;
  await app.register(occiPlugin, {
    provider,
    renderings: options.renderings ?? ALL_RENDERINGS,
    ...(proxy ? { baseUrl: proxy.url } : {}),
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  proxy?.target(address);
  return {
    url: proxy?.url ?? address,
    store,
    requests,
    close: async () => {
      await proxy?.close();
      await app.close();
    },
  };
}

export interface ReportResult {
  id: string;
  doc: string;
  section: string;
  level: 'MUST' | 'SHOULD' | 'MAY';
  status: 'pass' | 'fail' | 'skip';
  reason?: string;
}

export interface Report {
  summary: { checks: number; pass: number; fail: number; skip: number; mustFail: number };
  documents: Record<string, { checks: number; pass: number; fail: number; skip: number; mustFail: number }>;
  cleanup: { deleted: number; failed: string[]; orphans: string[] };
  results: ReportResult[];
  ms: number;
}

/** `occi check <url> -o json …`: the exit code and the report. */
export async function check(
  url: string,
  args: readonly string[] = [],
): Promise<{ run: Result; report: Report }> {
  const run = await occi(['check', url, '-o', 'json', ...args]);
  let report: Report;
  try {
    report = JSON.parse(run.stdout) as Report;
  } catch {
    throw new Error(`occi check printed no JSON report (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
  return { run, report };
}

export const byId = (report: Report) => new Map(report.results.map((r) => [r.id, r]));

/** The failures of a level, as lines that say which and why (for assertion messages). */
export function failures(report: Report, level?: ReportResult['level']): string[] {
  return report.results
    .filter((r) => r.status === 'fail' && (level === undefined || r.level === level))
    .map((r) => `${r.id}: ${r.reason}`);
}

/**
 * What our server fails below MUST, as findings to report (the checks
 * follow the documents): JSON §3.5.1 RECOMMENDS that a pattern name its
 * JSON Schema ($schema); most of ours do not.
 */
export const KNOWN_SHOULD_FAILURES = ['json.3.5.1.pattern-schema-keyword'];

/** Every skipped check must be in the README's `occi check` section, with why. */
export async function expectSkipsDocumented(ids: readonly string[]): Promise<void> {
  const readme = await readFile(join(CLIENT_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## occi check'));
  for (const id of ids) expect(section, `${id} skipped but not in the README`).toContain(`\`${id}\``);
}
