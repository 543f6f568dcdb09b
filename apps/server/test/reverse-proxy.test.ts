/**
 * The server behind a real reverse proxy (Debian's nginx, with the
 * configuration the README documents, TLS on a free port of 127.0.0.1):
 * discovery, collections and entities in every rendering, absolute
 * locations naming the proxy (X-Forwarded-Proto/-Host), the client's
 * address (X-Forwarded-For from the trusted proxy only), large text/occi
 * requests; and, with nginx's default buffers, a 406 that says what to do
 * rather than the proxy's 502.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingEngine } from '../../../test/engines.js';
import { type Issued, issue, makeCa } from './support/certificates.js';
import { type Captured, inProcess } from './support/in-process.js';
import { type Nginx, nginxMissing, startNginx } from './support/nginx.js';

const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';
const RENDERINGS = ['text/plain', 'text/occi', 'application/occi+json'] as const;
const missing = missingEngine('nginx', nginxMissing());

let dir: string;
let ca: Issued;
let tls: Issued;
const started: { close?: () => Promise<void>; stop?: () => Promise<void> }[] = [];

beforeAll(() => {
  if (missing) return;
  dir = mkdtempSync(join(tmpdir(), 'occi-proxy-'));
  ca = makeCa(dir, 'ca');
  tls = issue(dir, ca, 'proxy', '/CN=localhost', true);
});
afterAll(async () => {
  for (const s of started.reverse()) await (s.stop ?? s.close)?.();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function serverBehind(argv: string[], documented: boolean): Promise<{ occi: Captured; proxy: Nginx }> {
  const occi = await inProcess(['--trust-proxy', '127.0.0.1', ...argv]);
  started.push(occi);
  await occi.server.app.listen({ host: '127.0.0.1', port: 0 });
  const address = occi.server.app.server.address();
  const upstream = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const proxy = await startNginx({ upstream, cert: tls.certFile, key: tls.keyFile, documented });
  started.push(proxy);
  return { occi, proxy };
}

/** Requests from 127.0.0.2: the proxy sees that address, the server sees the proxy's 127.0.0.1. */
const client = () => new Agent({ localAddress: '127.0.0.2', connect: { ca: ca.cert } });

function create(proxy: Nginx, type: (typeof RENDERINGS)[number], title: string, dispatcher: Agent) {
  const category = `compute; scheme="${INFRA}"; class="kind"`;
  const attribute = `occi.core.title="${title}"`;
  const init =
    type === 'text/plain'
      ? { headers: { 'content-type': type }, body: `Category: ${category}\nX-OCCI-Attribute: ${attribute}\n` }
      : type === 'text/occi'
        ? { headers: { 'content-type': type, category, 'x-occi-attribute': attribute }, body: '' }
        : {
            headers: { 'content-type': type },
            body: JSON.stringify({ kind: `${INFRA}compute`, attributes: { 'occi.core.title': title } }),
          };
  return fetch(`${proxy.url}/compute/`, {
    method: 'POST',
    dispatcher,
    ...init,
    headers: { ...init.headers, accept: type },
  });
}

describe.skipIf(missing !== undefined)('behind nginx with the documented configuration', () => {
  let occi: Captured;
  let proxy: Nginx;
  let dispatcher: Agent;
  const locations: string[] = [];

  beforeAll(async () => {
    dispatcher = client();
    ({ occi, proxy } = await serverBehind([], true));
  }, 30_000);

  it('answers discovery in every rendering, text/occi included (~14 KB of header fields)', async () => {
    for (const type of RENDERINGS) {
      const r = await fetch(`${proxy.url}/-/`, { dispatcher, headers: { accept: type } });
      expect(r.status, `${type}: ${proxy.errorLog()}`).toBe(200);
      const text =
        type === 'text/occi'
          ? [...r.headers.entries()].map(([k, v]) => `${k}: ${v}`).join('\n')
          : await r.text();
      expect(text).toContain('compute');
      if (type === 'text/occi') expect(Buffer.byteLength(text)).toBeGreaterThan(8 * 1024);
    }
  });

  it('creates entities in every rendering at absolute locations that name the proxy', async () => {
    for (const type of RENDERINGS) {
      const r = await create(proxy, type, `via ${type}`, dispatcher);
      expect(r.status, await r.text()).toBe(201);
      const location = r.headers.get('location')!;
      expect(location.startsWith(`${proxy.url}/compute/`), location).toBe(true);
      locations.push(location);
    }
  });

  it('lists the collection and reads each entity in every rendering, with the proxy’s locations', async () => {
    for (const type of [...RENDERINGS, 'text/uri-list']) {
      const r = await fetch(`${proxy.url}/compute/`, { dispatcher, headers: { accept: type } });
      expect(r.status).toBe(200);
      const text = `${[...r.headers.entries()].map(([k, v]) => `${k}: ${v}`).join('\n')}\n${await r.text()}`;
      // JSON names entities by id (urn:uuid:<the location's last segment>), the others by absolute location.
      for (const location of locations)
        expect(text, type).toContain(
          type === 'application/occi+json' ? location.split('/').pop()! : location,
        );
      expect(text).not.toContain('http://127.0.0.1');
    }
    for (const location of locations)
      for (const type of RENDERINGS) {
        const r = await fetch(location, { dispatcher, headers: { accept: type } });
        expect(r.status).toBe(200);
        const text = `${[...r.headers.entries()].map(([k, v]) => `${k}: ${v}`).join('\n')}\n${await r.text()}`;
        // Text renderings link the entity's actions at its path (</compute/x?action=start>).
        expect(text, `${type} of ${location}`).toContain(
          type === 'application/occi+json'
            ? location.split('/').pop()!
            : `${new URL(location).pathname}?action=start`,
        );
        // HTTP §5.3: the OCCI version reaches the client (proxy_pass_header Server).
        expect(r.headers.get('server')).toMatch(/^occi-server\/\S+ OCCI\/1\.2/);
      }
  });

  it('passes a large text/occi request (large_client_header_buffers)', async () => {
    const summary = 's'.repeat(20_000);
    const r = await fetch(`${proxy.url}/compute/`, {
      method: 'POST',
      dispatcher,
      headers: {
        'content-type': 'text/occi',
        accept: 'text/occi',
        category: `compute; scheme="${INFRA}"; class="kind"`,
        'x-occi-attribute': `occi.core.summary="${summary}"`,
      },
      body: '',
    });
    expect(r.status, proxy.errorLog()).toBe(201);
  });

  it('sees the client’s address through the proxy, and ignores X-Forwarded-For from anyone else', async () => {
    await fetch(`${proxy.url}/-/`, { dispatcher, headers: { 'x-request-id': 'proxied' } });
    const address = occi.server.app.server.address();
    const direct = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const spoofed = await fetch(`${direct}/compute/`, {
      dispatcher: new Agent({ localAddress: '127.0.0.2' }),
      headers: {
        'x-request-id': 'spoofed',
        'x-forwarded-for': '203.0.113.5',
        'x-forwarded-host': 'evil.example',
      },
    });
    expect(spoofed.status).toBe(200);
    const ips = Object.fromEntries(
      occi
        .lines()
        .filter((l) => l.msg === 'request completed')
        .map((l) => [l.reqId, l.ip]),
    );
    expect(ips.proxied).toBe('127.0.0.2');
    expect(ips.spoofed).toBe('127.0.0.2');
  });
});

describe.skipIf(missing !== undefined)('behind nginx with its default buffers', () => {
  it('gets the proxy’s 502 for text/occi discovery, unless --response-header-limit fits the proxy: then a 406 that says what to do', async () => {
    const dispatcher = client();
    const { proxy: plain } = await serverBehind([], false);
    const broken = await fetch(`${plain.url}/-/`, { dispatcher, headers: { accept: 'text/occi' } });
    expect(broken.status).toBe(502);
    expect(plain.errorLog()).toContain('upstream sent too big header');

    const { proxy: fitted } = await serverBehind(['--response-header-limit', '3072'], false);
    const refused = await fetch(`${fitted.url}/-/`, { dispatcher, headers: { accept: 'text/occi' } });
    expect(refused.status).toBe(406);
    expect(await refused.text()).toMatch(
      /text\/occi rendering of this response needs \d+ bytes of header fields, more than the 3072 allowed; ask for text\/plain or application\/occi\+json/,
    );
    const plainText = await fetch(`${fitted.url}/-/`, { dispatcher, headers: { accept: 'text/plain' } });
    expect(plainText.status).toBe(200);
  }, 30_000);
});
