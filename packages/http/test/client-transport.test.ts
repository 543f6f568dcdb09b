/**
 * What the client sends and how it fails: credentials, User-Agent, the
 * choice of wire format, network failures, header limits, options.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isOcciError, Model, OcciError } from '@occi/core';
import { jsonRendering } from '@occi/render-json';
import { textOcci, textPlain } from '@occi/render-text';
import { afterEach, describe, expect, it } from 'vitest';
import { conventionalLocation, OcciClient, OcciClientError } from '../src/client/index.js';
import { COMPUTE, startServer, type TestServer } from './fixtures/client-server.js';

const servers: TestServer[] = [];
const clients: OcciClient[] = [];

async function serve(...args: Parameters<typeof startServer>): Promise<TestServer> {
  const server = await startServer(...args);
  servers.push(server);
  return server;
}

function connect(options: ConstructorParameters<typeof OcciClient>[0]): OcciClient {
  const client = new OcciClient(options);
  clients.push(client);
  return client;
}

afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const s of servers.splice(0)) await s.close();
});

async function failure(promise: Promise<unknown>): Promise<OcciClientError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(OcciClientError);
    return error as OcciClientError;
  }
  throw new Error('expected the promise to reject');
}

function thrown(f: () => unknown): OcciError {
  try {
    f();
  } catch (error) {
    expect(isOcciError(error)).toBe(true);
    return error as OcciError;
  }
  throw new Error('expected an OcciError');
}

const ALL = [jsonRendering, textPlain, textOcci];

describe('credentials and User-Agent', () => {
  it('sends Basic credentials on every request', async () => {
    const server = await serve();
    const client = connect({
      endpoint: server.url,
      renderings: ALL,
      auth: { type: 'basic', user: 'alice', password: 'p\u00e4ss:word' },
    });
    await client.create({ kind: COMPUTE });
    expect(server.seen).toHaveLength(2);
    const expected = `Basic ${Buffer.from('alice:p\u00e4ss:word', 'utf8').toString('base64')}`;
    for (const r of server.seen) expect(r.authorization).toBe(expected);
  });

  it('sends a Bearer token', async () => {
    const server = await serve();
    const client = connect({
      endpoint: server.url,
      renderings: ALL,
      auth: { type: 'bearer', token: 'abc.DEF-123_~+/=' },
    });
    await client.discover();
    expect(server.seen[0]!.authorization).toBe('Bearer abc.DEF-123_~+/=');
  });

  it('sends no Authorization without credentials', async () => {
    const server = await serve();
    await connect({ endpoint: server.url, renderings: ALL }).discover();
    expect(server.seen[0]!.authorization).toBeUndefined();
  });

  it('refuses credentials that cannot travel', () => {
    expect(
      thrown(
        () =>
          new OcciClient({
            endpoint: 'http://x',
            renderings: ALL,
            auth: { type: 'basic', user: 'a:b', password: '' },
          }),
      ).message,
    ).toBe('a Basic user name cannot contain ":" (RFC 7617 §2)');
    expect(
      thrown(
        () =>
          new OcciClient({ endpoint: 'http://x', renderings: ALL, auth: { type: 'bearer', token: 'a b' } }),
      ).message,
    ).toBe('the bearer token contains characters RFC 6750 §2.1 does not allow');
  });

  it('announces OCCI/1.2 in the User-Agent (HTTP §5.3)', async () => {
    const server = await serve();
    const plain = connect({ endpoint: server.url, renderings: ALL });
    const named = connect({ endpoint: server.url, renderings: ALL, userAgent: 'my-tool/2.0' });
    const already = connect({ endpoint: server.url, renderings: ALL, userAgent: 'my-tool/2.0 OCCI/1.2' });
    const other = connect({ endpoint: server.url, renderings: ALL, userAgent: 'OCCI/1.3 my-tool/2.0' });
    await plain.discover();
    await named.discover();
    await already.discover();
    await other.discover();
    expect(server.seen.map((r) => r.userAgent)).toEqual([
      'occi-ts-client/0.1 OCCI/1.2',
      'my-tool/2.0 OCCI/1.2',
      'my-tool/2.0 OCCI/1.2',
      'my-tool/2.0 OCCI/1.2',
    ]);
    expect(named.userAgent).toBe('my-tool/2.0 OCCI/1.2');
    expect(
      thrown(() => new OcciClient({ endpoint: server.url, renderings: ALL, userAgent: 'x\r\nX-Evil: 1' }))
        .message,
    ).toBe('userAgent must be text without control characters (it is a header field)');
  });

  it('surfaces 401 with the server message when authentication is refused', async () => {
    const server = await serve({
      authenticate: (request) => {
        if (request.headers.authorization !== 'Bearer good')
          throw new OcciError('unauthorized', { code: 'other', message: 'the token is not valid' });
        return { user: 'alice' };
      },
      challenge: 'Bearer realm="occi"',
    });
    const bad = connect({ endpoint: server.url, renderings: ALL, auth: { type: 'bearer', token: 'bad' } });
    const error = await failure(bad.discover());
    expect(error.status).toBe(401);
    expect(error.kind).toBe('unauthorized');
    expect(error.serverMessage).toBe('the token is not valid');
    expect(error.message).toBe(`the token is not valid (GET ${server.url}/-/ answered 401)`);
    const good = connect({ endpoint: server.url, renderings: ALL, auth: { type: 'bearer', token: 'good' } });
    expect((await good.discover()).kind(COMPUTE)).toBeDefined();
  });
});

describe('wire format', () => {
  it('speaks JSON when both sides can, else text/plain', async () => {
    const server = await serve();
    expect(await connect({ endpoint: server.url, renderings: ALL }).wireFormat()).toBe('json');
    expect(await connect({ endpoint: server.url, renderings: [textOcci, textPlain] }).wireFormat()).toBe(
      'plain',
    );
    expect(await connect({ endpoint: server.url, renderings: [textOcci] }).wireFormat()).toBe('occi');
    const textOnly = await serve({ renderings: [textPlain, textOcci] });
    const client = connect({ endpoint: textOnly.url, renderings: ALL });
    expect(await client.wireFormat()).toBe('plain');
    // Discovery asked for JSON first, and read the text/plain answer.
    expect(textOnly.seen[0]!.accept).toBe('application/occi+json, text/plain;q=0.5, text/occi;q=0.1');
    const { location } = await client.create({ kind: COMPUTE, title: 'over text' });
    expect((await client.get(location)).title).toBe('over text');
  });

  it('names the media type the server does not offer', async () => {
    const server = await serve({ renderings: [textPlain, textOcci] });
    const error = await failure(
      connect({ endpoint: server.url, renderings: ALL, rendering: 'json' }).discover(),
    );
    expect(error.kind).toBe('not-acceptable');
    expect(error.message).toContain('the server does not offer application/occi+json');
  });

  it('needs the rendering of the wire format it is asked to speak', () => {
    expect(
      thrown(() => new OcciClient({ endpoint: 'http://x', renderings: [textPlain], rendering: 'json' }))
        .message,
    ).toBe('rendering "json" needs a rendering of application/occi+json in the renderings option');
    expect(thrown(() => new OcciClient({ endpoint: 'http://x', renderings: [] })).message).toContain(
      'at least one rendering',
    );
  });

  it('reads a large text/occi discovery with the default header limit, and names a small one', async () => {
    const server = await serve();
    expect(
      (await connect({ endpoint: server.url, renderings: [textOcci] }).discover()).kind(COMPUTE),
    ).toBeDefined();
    const small = connect({ endpoint: server.url, renderings: [textOcci], maxHeaderSize: 2048 });
    const error = await failure(small.discover());
    expect(error.kind).toBe('header-too-large');
    expect(error.status).toBeUndefined();
    expect(error.message).toContain('maxHeaderSize (2048 bytes)');
  });
});

describe('endpoints and failures', () => {
  it('names the endpoint when the connection is refused', async () => {
    const server = await startServer();
    const url = server.url;
    await server.close();
    const client = connect({ endpoint: url, renderings: ALL });
    const error = await failure(client.discover());
    expect(error.kind).toBe('unavailable');
    expect(error.status).toBeUndefined();
    expect(error.message).toBe(
      `cannot connect to the OCCI endpoint ${url}: connection refused (GET ${url}/-/)`,
    );
    // A failed discovery is not cached: the next call tries again (and fails again here).
    expect((await failure(client.discover())).kind).toBe('unavailable');
  });

  it('times out a server that does not answer', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const client = connect({ endpoint: `http://127.0.0.1:${port}`, renderings: ALL, timeoutMs: 200 });
      const error = await failure(client.discover());
      expect(error.kind).toBe('unavailable');
      expect(error.message).toBe(
        `the OCCI endpoint http://127.0.0.1:${port} did not answer within 200 ms (GET http://127.0.0.1:${port}/-/)`,
      );
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('reads a response it cannot parse as a typed error', async () => {
    const liar = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/occi+json', accept: 'application/occi+json' });
      res.end('{"kinds": 42}');
    });
    await new Promise<void>((resolve) => liar.listen(0, '127.0.0.1', resolve));
    const { port } = liar.address() as AddressInfo;
    try {
      const error = await failure(
        connect({ endpoint: `http://127.0.0.1:${port}`, renderings: ALL }).discover(),
      );
      expect(error.kind).toBe('internal');
      expect(error.status).toBe(200);
      expect(error.message).toMatch(
        /^the query interface the server answered \(application\/occi\+json\) cannot be read: /,
      );
    } finally {
      await new Promise((resolve) => liar.close(resolve));
    }
  });

  it('accepts responses without a rendering (201 with Location only, 204)', async () => {
    const real = await serve();
    const discovery = await fetch(`${real.url}/-/`, { headers: { accept: 'application/occi+json' } });
    const model = await discovery.text();
    const bare = createServer((req, res) => {
      const { port } = bare.address() as AddressInfo;
      if (req.url === '/-/') {
        res.writeHead(200, { 'content-type': 'application/occi+json', accept: 'application/occi+json' });
        res.end(model);
      } else if (req.method === 'POST' && req.url === '/compute/') {
        res.writeHead(201, { location: `http://127.0.0.1:${port}/compute/abc` });
        res.end();
      } else {
        res.writeHead(204);
        res.end();
      }
      req.resume();
    });
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    const { port } = bare.address() as AddressInfo;
    try {
      const client = connect({ endpoint: `http://127.0.0.1:${port}`, renderings: ALL });
      expect(await client.create({ kind: COMPUTE })).toEqual({ location: '/compute/abc' });
      expect(
        await client.invoke(
          '/compute/abc',
          'http://schemas.ogf.org/occi/infrastructure/compute/action#start',
        ),
      ).toEqual({});
      expect(await client.list(COMPUTE)).toEqual({ locations: [], entities: [] });
    } finally {
      await new Promise((resolve) => bare.close(resolve));
    }
  });

  it('falls back to the well-known query interface (HTTP §7)', async () => {
    const server = await serve();
    const proxy = createServer(async (req, res) => {
      if (req.url === '/-/') {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not here\n');
        return;
      }
      const path = req.url === '/.well-known/org/ogf/occi/-/' ? '/-/' : req.url!;
      const response = await fetch(server.url + path, { headers: { accept: req.headers.accept ?? '*/*' } });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(await response.text());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const { port } = proxy.address() as AddressInfo;
    try {
      const model = await connect({ endpoint: `http://127.0.0.1:${port}`, renderings: ALL }).discover();
      expect(model.kind(COMPUTE)?.location).toBe('/compute/');
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('works under an endpoint with a path prefix', async () => {
    const server = await serve();
    const proxy = createServer(async (req, res) => {
      const url = req.url!;
      if (!url.startsWith('/occi/')) {
        res.writeHead(404).end();
        return;
      }
      const body = await new Promise<string>((resolve) => {
        let data = '';
        req.on('data', (c) => {
          data += c;
        });
        req.on('end', () => resolve(data));
      });
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === 'string' && !['host', 'content-length', 'connection'].includes(k)) headers[k] = v;
      const response = await fetch(server.url + url.slice('/occi'.length), {
        method: req.method!,
        headers,
        ...(body !== '' ? { body } : {}),
      });
      // The server writes absolute URLs under its own base; the proxy rewrites them under the prefix.
      const out: Record<string, string> = {};
      for (const [k, v] of response.headers)
        out[k] = v.replaceAll(server.url, `http://127.0.0.1:${port}/occi`);
      delete out['content-length'];
      delete out['transfer-encoding'];
      res.writeHead(response.status, out);
      res.end((await response.text()).replaceAll(server.url, `http://127.0.0.1:${port}/occi`));
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const { port } = proxy.address() as AddressInfo;
    try {
      for (const rendering of ['json', 'plain'] as const) {
        const client = connect({ endpoint: `http://127.0.0.1:${port}/occi/`, renderings: ALL, rendering });
        expect(client.endpoint).toBe(`http://127.0.0.1:${port}/occi`);
        const { location } = await client.create({ kind: COMPUTE, title: rendering });
        expect(location).toMatch(/^\/compute\//);
        expect((await client.get(location)).title).toBe(rendering);
        expect((await client.list(COMPUTE)).locations).toContain(location);
      }
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('refuses endpoints and locations it cannot use', async () => {
    expect(thrown(() => new OcciClient({ endpoint: 'not a url', renderings: ALL })).message).toBe(
      'endpoint "not a url" is not a URL',
    );
    expect(thrown(() => new OcciClient({ endpoint: 'ftp://host/', renderings: ALL })).message).toBe(
      'endpoint "ftp://host/" must be an http: or https: URL',
    );
    const server = await serve();
    const client = connect({ endpoint: server.url, renderings: ALL });
    const elsewhere = await client.get('http://elsewhere.example/compute/1').catch((e) => e);
    expect(isOcciError(elsewhere)).toBe(true);
    expect(elsewhere.message).toBe(
      `http://elsewhere.example/compute/1 is not under the endpoint ${server.url}; this client only talks to its endpoint`,
    );
    const relative = await client.get('compute/1').catch((e) => e);
    expect(relative.kind).toBe('bad-request');
    expect(relative.code).toBe('invalid-location');
  });
});

describe('conventionalLocation', () => {
  const model = Model.fromCategories([
    {
      class: 'kind',
      scheme: 'http://schemas.ogf.org/occi/infrastructure#',
      term: 'compute',
      attributes: new Map(),
      actions: [],
      location: '/compute/',
    },
  ]);

  it('is the kind location followed by the UUID of a urn:uuid id', () => {
    expect(
      conventionalLocation({ id: 'urn:uuid:6df690d2-3158-40c4-88fb-d1c41584d6e5', kind: COMPUTE }, model),
    ).toBe('/compute/6df690d2-3158-40c4-88fb-d1c41584d6e5');
  });

  it('is undefined for other ids and unknown kinds', () => {
    expect(conventionalLocation({ id: 'vm-1', kind: COMPUTE }, model)).toBeUndefined();
    expect(
      conventionalLocation(
        { id: 'urn:uuid:6df690d2-3158-40c4-88fb-d1c41584d6e5', kind: 'http://x#y' },
        model,
      ),
    ).toBeUndefined();
  });
});
