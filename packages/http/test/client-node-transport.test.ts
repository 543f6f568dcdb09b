/**
 * The Node transport (node:http and node:https; the default outside
 * browsers) against servers that answer byte by byte: repeated header
 * fields, UTF-8 text in bodies and OCCI header fields, the header limit,
 * timeouts, refused and broken connections, keep-alive, HEAD, 1xx.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  type AddressInfo,
  createServer as createTcpServer,
  type Socket,
  type Server as TcpServer,
} from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { OcciClientError, responseError } from '../src/client/client-error.js';
import { NodeTransport } from '../src/client/node-transport.js';
import type { Request, TransportOptions } from '../src/client/transport.js';

const open: { close(): Promise<void> }[] = [];

afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

function listening(server: Server | TcpServer): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

/** An HTTP server; counts the connections it accepted. */
async function serve(
  handler: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<{ url: string; connections: () => number; closed: () => number }> {
  let connections = 0;
  let closed = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.on('connection', (socket: Socket) => {
    connections++;
    socket.on('close', () => closed++);
  });
  const url = await listening(server);
  open.push({
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  });
  return { url, connections: () => connections, closed: () => closed };
}

/** A TCP server that writes `answer` to every connection (and ends it when `end`). */
async function raw(answer: (socket: Socket) => void): Promise<string> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.once('data', () => answer(socket));
  });
  const url = await listening(server);
  open.push({
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  });
  return url;
}

function transport(endpoint: string, options: Partial<TransportOptions> = {}): NodeTransport {
  const t = new NodeTransport({
    endpoint,
    userAgent: 'test/1 OCCI/1.2',
    authorization: undefined,
    timeoutMs: undefined,
    maxHeaderSize: 1024 * 1024,
    errorOf: (exchange, response) => responseError(exchange, response, []),
    ...options,
  });
  open.push(t);
  return t;
}

async function failure(t: NodeTransport, request: Request): Promise<OcciClientError> {
  try {
    await t.send(request);
  } catch (error) {
    expect(error).toBeInstanceOf(OcciClientError);
    return error as OcciClientError;
  }
  throw new Error('expected the request to fail');
}

describe('responses', () => {
  it('gives header fields with lower-case names, a repeated field as its values in order', async () => {
    const server = await serve((_req, res) => {
      res.setHeader('Content-Type', 'text/plain');
      res.setHeader('Category', ['a; scheme="s#"', 'b; scheme="s#"']);
      res.setHeader('X-OCCI-Location', ['/c/1', '/c/2', '/c/3']);
      res.end('ok');
    });
    const response = await transport(server.url).send({ method: 'GET', path: '/c/' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain');
    expect(response.headers.category).toEqual(['a; scheme="s#"', 'b; scheme="s#"']);
    expect(response.headers['x-occi-location']).toEqual(['/c/1', '/c/2', '/c/3']);
    expect(response.body).toBe('ok');
    expect(response.url).toBe(`${server.url}/c/`);
  });

  it('sends OCCI header text and bodies as UTF-8, and reads chunked and sized UTF-8 bodies', async () => {
    const seen: { url: string | undefined; attribute: string; body: string; length: string | undefined }[] =
      [];
    const server = await serve((req, res, body) => {
      const attribute = Buffer.from(req.headers['x-occi-attribute'] as string, 'latin1').toString('utf8');
      seen.push({ url: req.url, attribute, body, length: req.headers['content-length'] });
      const bytes = Buffer.from('Grüße ☕', 'utf8');
      if (req.url === '/api/chunked') {
        // The multi-byte characters are split between chunks.
        res.write(bytes.subarray(0, 3));
        res.write(bytes.subarray(3, 10));
        res.end(bytes.subarray(10));
      } else {
        res.setHeader('content-length', bytes.length);
        res.end(bytes);
      }
    });
    const t = transport(`${server.url}/api/`);
    const title = 'occi.core.title="Café ☕"';
    const chunked = await t.send({
      method: 'POST',
      path: '/chunked',
      headers: { 'x-occi-attribute': title },
      body: 'naïve ☕',
    });
    expect(chunked.body).toBe('Grüße ☕');
    expect(chunked.headers['transfer-encoding']).toBe('chunked');
    // A DELETE's body is framed too.
    const sized = await t.send({
      method: 'DELETE',
      path: '/sized',
      headers: { 'x-occi-attribute': title },
      body: 'é',
    });
    expect(sized.body).toBe('Grüße ☕');
    expect(sized.headers['content-length']).toBe(String(Buffer.byteLength('Grüße ☕')));
    expect(seen).toEqual([
      {
        url: '/api/chunked',
        attribute: title,
        body: 'naïve ☕',
        length: String(Buffer.byteLength('naïve ☕')),
      },
      { url: '/api/sized', attribute: title, body: 'é', length: '2' },
    ]);
  });

  it('reads a HEAD answer without a body, and skips 1xx answers', async () => {
    const server = await serve((_req, res) => {
      res.setHeader('content-length', 10);
      res.end();
    });
    const head = await transport(server.url).send({ method: 'HEAD', path: '/x' });
    expect(head).toMatchObject({ status: 200, body: '', headers: { 'content-length': '10' } });
    const early = await raw((socket) =>
      socket.end(
        'HTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\nHTTP/1.1 201 Created\r\nLocation: /c/1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok',
      ),
    );
    const created = await transport(early).send({ method: 'POST', path: '/c/', body: '' });
    expect(created).toMatchObject({ status: 201, body: 'ok', headers: { location: '/c/1' } });
  });

  it('throws an answer other than 2xx as the error of the response', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('no such thing');
    });
    const error = await failure(transport(server.url), { method: 'GET', path: '/c/9' });
    expect(error.status).toBe(404);
    expect(error.message).toBe(`no such thing (GET ${server.url}/c/9 answered 404)`);
  });
});

describe('connections', () => {
  it('keeps one connection alive across requests, and closes it on close()', async () => {
    const server = await serve((_req, res) => res.end('ok'));
    const t = transport(server.url);
    await t.send({ method: 'GET', path: '/a' });
    await t.send({ method: 'GET', path: '/b' });
    await t.send({ method: 'POST', path: '/c', body: '{}' });
    expect(server.connections()).toBe(1);
    await t.close();
    await expect.poll(server.closed).toBe(1);
    const error = await failure(t, { method: 'GET', path: '/a' });
    expect(error.message).toBe(
      `the connection to the OCCI endpoint ${server.url} failed: the client is closed (GET ${server.url}/a)`,
    );
  });

  it('speaks TLS to an https: endpoint', async () => {
    const first: number[] = [];
    const server = createTcpServer((socket) => {
      socket.on('error', () => {});
      socket.once('data', (data: Buffer) => {
        first.push(data[0]!);
        socket.destroy();
      });
    });
    const url = (await listening(server)).replace('http:', 'https:');
    open.push({ close: () => new Promise((resolve) => server.close(() => resolve())) });
    const error = await failure(transport(url), { method: 'GET', path: '/-/' });
    // 0x16: a TLS handshake record (the ClientHello), not an HTTP request line.
    expect(first).toEqual([0x16]);
    expect(error.kind).toBe('unavailable');
    expect(error.message).toMatch(
      new RegExp(`^the connection to the OCCI endpoint ${url} failed: .* \\(GET ${url}/-/\\)$`),
    );
  });

  it('names a refused connection', async () => {
    const server = await serve((_req, res) => res.end());
    await open.pop()!.close();
    const error = await failure(transport(server.url), { method: 'GET', path: '/-/' });
    expect(error.kind).toBe('unavailable');
    expect(error.message).toBe(
      `cannot connect to the OCCI endpoint ${server.url}: connection refused (GET ${server.url}/-/)`,
    );
  });

  it('names a connection closed before the response ended', async () => {
    const url = await raw((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc');
      setTimeout(() => socket.destroy(), 20);
    });
    const error = await failure(transport(url), { method: 'GET', path: '/x' });
    expect(error.kind).toBe('unavailable');
    expect(error.status).toBeUndefined();
    expect(error.message).toMatch(
      new RegExp(`^the connection to the OCCI endpoint ${url} failed: \\S.* \\(GET ${url}/x\\)$`),
    );
  });

  it('names a response header section larger than maxHeaderSize', async () => {
    const server = await serve((_req, res) => {
      res.setHeader('x-occi-attribute', 'x'.repeat(3000));
      res.end();
    });
    const error = await failure(transport(server.url, { maxHeaderSize: 2048 }), {
      method: 'GET',
      path: '/-/',
    });
    expect(error.kind).toBe('header-too-large');
    expect(error.message).toBe(
      `the response header section is larger than maxHeaderSize (2048 bytes); raise maxHeaderSize or use another rendering than text/occi (GET ${server.url}/-/)`,
    );
    const roomy = await transport(server.url, { maxHeaderSize: 8192 }).send({ method: 'GET', path: '/-/' });
    expect(roomy.headers['x-occi-attribute']).toHaveLength(3000);
  });
});

describe('timeouts', () => {
  it('times out a body that stops coming', async () => {
    const server = await serve((_req, res) => {
      res.setHeader('content-length', 10);
      res.write('abc');
    });
    const error = await failure(transport(server.url, { timeoutMs: 150 }), { method: 'GET', path: '/x' });
    expect(error.kind).toBe('unavailable');
    expect(error.message).toBe(
      `the OCCI endpoint ${server.url} did not answer within 150 ms (GET ${server.url}/x)`,
    );
  });

  it('waits as long as the response makes progress', async () => {
    const server = await serve((_req, res) => {
      let sent = 0;
      const tick = setInterval(() => {
        res.write('.');
        if (++sent === 6) {
          clearInterval(tick);
          res.end();
        }
      }, 60);
    });
    const response = await transport(server.url, { timeoutMs: 150 }).send({ method: 'GET', path: '/slow' });
    expect(response.body).toBe('......');
  });
});
