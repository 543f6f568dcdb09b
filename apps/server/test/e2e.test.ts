/** The composed server over a real socket, in the three renderings, with its SQLite store. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runServerCommand, type ServerProcess, startServer } from './support/server-process.js';

/** The Server header names the version in the server's package.json. */
const SERVER = `occi-server/${
  (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
    .version
} OCCI/1.2 OCCI-CRTP-EP/1.1`;

const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';
const ACTION = 'http://schemas.ogf.org/occi/infrastructure/compute/action#';
const dataDir = mkdtempSync(join(tmpdir(), 'occi-e2e-'));
let server: ServerProcess;

beforeAll(async () => {
  server = await startServer(['--data-dir', dataDir]);
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

const requests = {
  'text/plain': (attrs: string) => ({
    headers: { 'content-type': 'text/plain', accept: 'text/plain' },
    body: `Category: compute; scheme="${INFRA}"; class="kind"\nX-OCCI-Attribute: ${attrs}\n`,
  }),
  'text/occi': (attrs: string) => ({
    headers: {
      'content-type': 'text/occi',
      accept: 'text/occi',
      category: `compute; scheme="${INFRA}"; class="kind"`,
      'x-occi-attribute': attrs,
    },
    body: '',
  }),
  'application/occi+json': (attrs: string) => {
    const [k, v] = attrs.split('=');
    return {
      headers: { 'content-type': 'application/occi+json', accept: 'application/occi+json' },
      body: JSON.stringify({ kind: `${INFRA}compute`, attributes: { [k!]: JSON.parse(v!) } }),
    };
  },
};
const actionRequest = {
  'text/plain': (term: string) => ({
    headers: { 'content-type': 'text/plain', accept: 'text/plain' },
    body: `Category: ${term}; scheme="${ACTION}"; class="action"\n`,
  }),
  'text/occi': (term: string) => ({
    headers: {
      'content-type': 'text/occi',
      accept: 'text/occi',
      category: `${term}; scheme="${ACTION}"; class="action"`,
    },
    body: '',
  }),
  'application/occi+json': (term: string) => ({
    headers: { 'content-type': 'application/occi+json', accept: 'application/occi+json' },
    body: JSON.stringify({ action: ACTION + term }),
  }),
};

describe('the server started from its command line', () => {
  it('prints where it listens, its extensions and store, and a request to try', () => {
    const out = server.output();
    expect(out).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(out).toContain('extensions: core, infrastructure, platform, sla, crtp');
    expect(out).toContain(`store:      sqlite:${join(dataDir, 'occi.db')}`);
    expect(out).toMatch(/try: +curl -H 'Accept: text\/plain' http:\/\/127\.0\.0\.1:\d+\/-\//);
    expect(out).toMatch(
      /console: +http:\/\/127\.0\.0\.1:\d+\/console\/ \(API explorer: http:\/\/\S+\/console\/explorer\/\)/,
    );
    expect(out).toMatch(/openapi: +http:\/\/127\.0\.0\.1:\d+\/openapi\.json/);
  });

  it('answers /healthz, /readyz and /metrics', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
    await fetch(`${server.url}/-/`);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/occi_http_requests_total\{method="GET",route="\/-\/",status="200"\} \d+/);
    expect(metrics).toMatch(/occi_store_operation_duration_seconds_bucket\{le="[^"]+",operation="mixins"\}/);
    // prom-client's default process metrics come with ours.
    expect(metrics).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(metrics).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
  });

  it('sends a request id and the OCCI Server header', async () => {
    const response = await fetch(`${server.url}/-/`);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('server')).toBe(SERVER);
  });

  it.each(Object.keys(requests) as (keyof typeof requests)[])(
    'creates, reads, acts on and deletes a compute in %s',
    async (type) => {
      const create = requests[type]('occi.compute.hostname="e2e"');
      const created = await fetch(`${server.url}/compute/`, {
        method: 'POST',
        headers: create.headers,
        body: create.body || undefined,
      });
      expect(created.status).toBe(201);
      const location = created.headers.get('location')!;
      expect(location).toMatch(new RegExp(`^${server.url}/compute/[0-9a-f-]{36}$`));
      const got = await fetch(location, { headers: { accept: type } });
      expect(got.status).toBe(200);
      const rendered = type === 'text/occi' ? String(got.headers.get('x-occi-attribute')) : await got.text();
      expect(rendered).toContain('occi.compute.hostname');
      expect(rendered).toContain('e2e');
      const start = actionRequest[type]('start');
      const started = await fetch(`${location}?action=start`, {
        method: 'POST',
        headers: start.headers,
        body: start.body || undefined,
      });
      expect(started.status).toBe(200);
      const after = await fetch(location, { headers: { accept: 'application/occi+json' } });
      expect(
        ((await after.json()) as { attributes: Record<string, unknown> }).attributes['occi.compute.state'],
      ).toBe('active');
      expect((await fetch(location, { method: 'DELETE' })).status).toBe(200);
      expect((await fetch(location)).status).toBe(404);
    },
  );

  it('answers 431 to request headers over the limit and 413 to a body over the limit', async () => {
    const big = await fetch(`${server.url}/-/`, {
      headers: { 'x-occi-attribute': `a="${'x'.repeat(70 * 1024)}"` },
    });
    expect(big.status).toBe(431);
    expect(big.headers.get('server')).toBe(SERVER);
    expect(await big.text()).toContain('the request header fields are larger than this server accepts');
    const body = await fetch(`${server.url}/compute/`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: `X-OCCI-Attribute: a="${'x'.repeat(1100 * 1024)}"`,
    });
    expect(body.status).toBe(413);
    expect(await body.text()).toContain('larger than this server accepts');
  });

  it('names itself (Server) on requests refused before any route: an undecodable URL, a request that is not HTTP', async () => {
    const url = await fetch(`${server.url}/compute/%E0%A4%A`);
    expect(url.status).toBe(400);
    expect(url.headers.get('server')).toBe(SERVER);
    expect(url.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await url.text()).toMatch(/^the request URL cannot be read: /);
    const { port, hostname } = new URL(server.url);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => socket.write('BLAH\r\n\r\n'));
      let answer = '';
      socket.on('data', (d) => {
        answer += d.toString();
      });
      socket.on('close', () => resolve(answer));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(raw).toContain(`\r\nServer: ${SERVER}\r\n`);
    expect(raw).toMatch(/the request is not valid HTTP \(HPE_[A-Z_]+\)\n$/);
  });

  it('keeps entities across a restart', async () => {
    const create = requests['text/plain']('occi.compute.hostname="kept"');
    const created = await fetch(`${server.url}/compute/`, {
      method: 'POST',
      headers: create.headers,
      body: create.body,
    });
    const path = new URL(created.headers.get('location')!).pathname;
    expect(await server.stop()).toBe(0);
    server = await startServer(['--data-dir', dataDir]);
    const got = await fetch(server.url + path, { headers: { accept: 'text/plain' } });
    expect(got.status).toBe(200);
    expect(await got.text()).toContain('occi.compute.hostname="kept"');
  }, 60_000);
});

describe('the request log', () => {
  it('writes one JSON line per request: its id, method, URL, status and duration', async () => {
    const logged = await startServer(['--store', 'memory:', '--log-level', 'info']);
    try {
      const r = await fetch(`${logged.url}/compute/nothing?x=1`, { headers: { 'x-request-id': 'trace-42' } });
      expect(r.status).toBe(404);
      expect(r.headers.get('x-request-id')).toBe('trace-42');
      // The log is written in batches, a quiet server's within about 100 ms.
      const logLines = () =>
        logged
          .output()
          .split('\n')
          .filter((l) => l.includes('"trace-42"'))
          .map((l) => JSON.parse(l) as Record<string, unknown>);
      await vi.waitFor(() => expect(logLines()).not.toEqual([]), { timeout: 5000, interval: 20 });
      const lines = logLines();
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        level: 30,
        reqId: 'trace-42',
        method: 'GET',
        url: '/compute/nothing?x=1',
        status: 404,
        user: 'anonymous',
        ip: '127.0.0.1',
        msg: 'request completed',
      });
      expect(typeof lines[0]!.ms).toBe('number');
    } finally {
      await logged.stop();
    }
  });
});

describe('the command line', () => {
  it('--help describes the options', async () => {
    const r = await runServerCommand(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--users-file');
    expect(r.stdout).toContain('OCCI_STORE');
  });

  it('stops on invalid configuration with a message naming the option', async () => {
    const r = await runServerCommand(['--port', 'eighty']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('occi-server: --port: "eighty" is not an integer between 0 and 65535\n');
  });

  it('refuses to listen beyond loopback without authentication', async () => {
    const r = await runServerCommand(['--host', '0.0.0.0', '--port', '0', '--store', 'memory:']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('refusing to listen on 0.0.0.0 without authentication');
  });
});
