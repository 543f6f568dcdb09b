/**
 * The fetch transport (what browsers get by default, and any client given
 * the `fetch` option): every operation against a real server, credentials
 * and OCCI header text as UTF-8, failures named as the Node transport
 * names them; and the entry a browser bundle loads — `@occi/http/client`
 * under the `browser` condition — reaches none of Node's modules.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jsonRendering } from '@occi/render-json';
import { textOcci, textPlain } from '@occi/render-text';
import { afterEach, describe, expect, it } from 'vitest';
import { OcciClient, OcciClientError } from '../src/client/index.js';
import { COMPUTE, COMPUTE_ACTION, startServer, type TestServer } from './fixtures/client-server.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const servers: TestServer[] = [];
const fetched: string[] = [];
/** The global fetch, counting what goes through it. */
const countingFetch: typeof fetch = (input, init) => {
  fetched.push(`${init?.method ?? 'GET'} ${String(input)}`);
  return fetch(input, init);
};

afterEach(async () => {
  fetched.length = 0;
  for (const s of servers.splice(0)) await s.close();
});

async function serve(...args: Parameters<typeof startServer>): Promise<TestServer> {
  const server = await startServer(...args);
  servers.push(server);
  return server;
}

async function failure(promise: Promise<unknown>): Promise<OcciClientError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OcciClientError);
  return error as OcciClientError;
}

describe('the fetch transport', () => {
  it('creates, reads, filters, acts on and deletes an entity', async () => {
    const server = await serve();
    const client = new OcciClient({
      endpoint: server.url,
      renderings: [jsonRendering, textPlain, textOcci],
      fetch: countingFetch,
      auth: { type: 'basic', user: 'zoë', password: 'pässword' },
    });
    expect(await client.wireFormat()).toBe('json');
    const { location } = await client.create({ kind: COMPUTE, title: 'café', attributes: {} });
    const entity = await client.get(location);
    expect(entity.title).toBe('café');
    expect(entity.version).toBeDefined();
    // A filter travels in header fields (HTTP §6): non-ASCII text as UTF-8 bytes.
    const listed = await client.list(COMPUTE, { filter: { attributes: { 'occi.core.title': 'café' } } });
    expect(listed.locations).toEqual([location]);
    const started = await client.invoke(location, `${COMPUTE_ACTION}start`);
    expect(started.entity?.attributes['occi.compute.state']).toBe('active');
    await client.delete(location);
    expect((await failure(client.get(location))).status).toBe(404);
    expect(fetched[0]).toBe(`GET ${server.url}/-/`);
    // RFC 7617 §2.1: user and password as UTF-8, in base64.
    expect(server.seen[0]!.authorization).toBe(
      `Basic ${Buffer.from('zoë:pässword', 'utf8').toString('base64')}`,
    );
    // Outside a browser the client names itself (HTTP §5.3).
    expect(server.seen[0]!.userAgent).toMatch(/ OCCI\/1\.2$/);
  });

  it("replaces an entity sending the entity's own id, not a made-up one (JSON requires an id)", async () => {
    const server = await serve();
    const bodies: string[] = [];
    const client = new OcciClient({
      endpoint: server.url,
      renderings: [jsonRendering],
      fetch: (input, init) => {
        if (init?.method === 'PUT') bodies.push(String(init.body));
        return fetch(input, init);
      },
    });
    const { location } = await client.create({ kind: COMPUTE, title: 'before', attributes: {} });
    const id = (await client.get(location)).id;
    const replaced = await client.replace(location, { kind: COMPUTE, title: 'after', attributes: {} });
    expect(replaced.created).toBe(false);
    expect(replaced.entity).toMatchObject({ id, title: 'after' });
    expect(JSON.parse(bodies[0]!).id).toBe(id);
    // At a location that is no UUID the draft's own id (or a fresh one) travels.
    await client.replace('/compute/mine', {
      kind: COMPUTE,
      id: 'urn:uuid:0b0e0b0e-0000-4000-8000-000000000001',
    });
    expect(JSON.parse(bodies[1]!).id).toBe('urn:uuid:0b0e0b0e-0000-4000-8000-000000000001');
  });

  it("surfaces the server's error with its status and message", async () => {
    const server = await serve();
    const client = new OcciClient({ endpoint: server.url, renderings: [jsonRendering], fetch });
    const error = await failure(
      client.create({ kind: COMPUTE, attributes: { 'occi.compute.cores': 'many' } }),
    );
    expect(error.status).toBe(400);
    expect(error.problems[0]?.attribute).toBe('occi.compute.cores');
  });

  it('names the endpoint when the connection is refused, and a server that does not answer', async () => {
    const server = await startServer();
    const url = server.url;
    await server.close();
    const refused = await failure(
      new OcciClient({ endpoint: url, renderings: [jsonRendering], fetch }).discover(),
    );
    expect(refused.kind).toBe('unavailable');
    expect(refused.message).toBe(
      `cannot connect to the OCCI endpoint ${url}: connection refused (GET ${url}/-/)`,
    );

    const silent = createServer(() => {});
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    const endpoint = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      const client = new OcciClient({ endpoint, renderings: [jsonRendering], fetch, timeoutMs: 200 });
      const error = await failure(client.discover());
      expect(error.message).toBe(
        `the OCCI endpoint ${endpoint} did not answer within 200 ms (GET ${endpoint}/-/)`,
      );
    } finally {
      silent.closeAllConnections();
      await new Promise((done) => silent.close(done));
    }
  });
});

/** What `#default-transport` names under the given conditions (package.json `imports`), source first. */
function defaultTransportFile(browser: boolean): string {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    imports: Record<string, { '@occi/source': Record<string, string> }>;
  };
  const source = manifest.imports['#default-transport']!['@occi/source'];
  return join(ROOT, browser ? source.browser! : source.default!);
}

const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/gm;

/** The modules outside the package that an entry loads (type-only imports are erased). */
function loadedBy(entry: string, browser: boolean): Set<string> {
  const outside = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      if (/^\s*(?:import|export)\s+type\s/.test(m[0])) continue;
      const specifier = (m[1] ?? m[2])!;
      if (specifier === '#default-transport') visit(defaultTransportFile(browser));
      else if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else outside.add(specifier);
    }
  };
  visit(join(ROOT, 'src', entry));
  return outside;
}

describe('the entry a browser loads', () => {
  it('@occi/http/client loads node:http in Node and only @occi/core in browsers', () => {
    expect([...loadedBy('client/index.ts', false)].sort()).toEqual(['@occi/core', 'node:http']);
    expect([...loadedBy('client/index.ts', true)]).toEqual(['@occi/core']);
  });
});
