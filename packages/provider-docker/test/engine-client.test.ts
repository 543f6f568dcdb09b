/**
 * How the backend reaches its engine, without an engine: TLS with a client
 * certificate for tcp:// (Docker's DOCKER_CERT_PATH files), and bounded
 * waits — an engine that does not answer is a 503 saying so, not a hung
 * request.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isOcciError, type OcciError } from '@occi/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker, EngineClient } from '../src/index.js';

let dir: string;
const servers: Server[] = [];

async function failure(promise: Promise<unknown>): Promise<OcciError> {
  try {
    await promise;
  } catch (error) {
    if (isOcciError(error)) return error;
    throw error;
  }
  throw new Error('expected an OcciError');
}

function listen(server: Server): Promise<number> {
  servers.push(server);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

/** A CA, a server certificate for 127.0.0.1 and a client certificate, as `DOCKER_CERT_PATH` holds them. */
function certificates(): void {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca-key.pem',
    '-out',
    'ca.pem',
    '-days',
    '1',
    '-subj',
    '/CN=test CA',
  );
  writeFileSync(join(dir, 'san.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  for (const [name, subject, extra] of [
    ['server', '/CN=engine', ['-extfile', 'san.cnf']],
    ['cert', '/CN=occi', []],
  ] as const) {
    const key = name === 'cert' ? 'key.pem' : `${name}-key.pem`;
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', `${name}.csr`, '-subj', subject);
    ssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca-key.pem',
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      '1',
      ...extra,
    );
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'occi-engine-tls-'));
  certificates();
});

afterAll(() => {
  for (const server of servers) server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the engine client', () => {
  it('reaches a tcp:// engine over TLS with the client certificate of DOCKER_CERT_PATH, and is refused without it', async () => {
    const port = await listen(
      createHttpsServer(
        {
          key: readFileSync(join(dir, 'server-key.pem')),
          cert: readFileSync(join(dir, 'server.pem')),
          ca: readFileSync(join(dir, 'ca.pem')),
          requestCert: true,
          rejectUnauthorized: true,
        },
        (request, response) => {
          response.setHeader('content-type', 'application/json');
          response.end(
            JSON.stringify({
              path: request.url,
              client: (
                request.socket as { getPeerCertificate?: () => { subject?: { CN?: string } } }
              ).getPeerCertificate?.().subject?.CN,
            }),
          );
        },
      ),
    );
    const tls = {
      ca: readFileSync(join(dir, 'ca.pem')),
      cert: readFileSync(join(dir, 'cert.pem')),
      key: readFileSync(join(dir, 'key.pem')),
    };
    const client = new EngineClient(`tcp://127.0.0.1:${port}`, { tls });
    expect(await client.request('GET', '/version', { doing: 'answer' })).toEqual({
      path: '/v1.41/version',
      client: 'occi',
    });
    await client.close();

    const anonymous = new EngineClient(`tcp://127.0.0.1:${port}`, { tls: { ...tls, cert: '', key: '' } });
    const refused = await failure(anonymous.request('GET', '/version', { doing: 'answer' }));
    expect(refused.kind).toBe('unavailable');
    expect(refused.message).toContain(`the container engine at tcp://127.0.0.1:${port} is unreachable`);
    await anonymous.close();
  });

  it('answers 503 naming the wait when the engine does not answer in time', async () => {
    const port = await listen(createHttpServer(() => undefined));
    const client = new EngineClient(`tcp://127.0.0.1:${port}`, { requestTimeoutMs: 300 });
    const late = await failure(client.request('GET', '/info', { doing: 'describe itself' }));
    expect(late.kind).toBe('unavailable');
    expect(late.message).toBe(
      `the container engine at tcp://127.0.0.1:${port} did not answer within 0.3 s; cannot describe itself`,
    );
    await client.close();
  });

  it('answers a request while the engine is slow with another (unix socket)', async () => {
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const server = createHttpServer((request, response) => {
      const answer = () =>
        response.setHeader('content-type', 'application/json').end(JSON.stringify({ path: request.url }));
      if (request.url === '/v1.41/containers/slow/stop') void released.then(answer);
      else answer();
    });
    servers.push(server);
    const socketPath = join(dir, 'engine.sock');
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    const client = new EngineClient(`unix://${socketPath}`);
    const order: string[] = [];
    const slow = client
      .request('POST', '/containers/slow/stop', { doing: 'stop slow' })
      .then(() => order.push('stop'));
    expect(await client.request('GET', '/info', { doing: 'describe itself' })).toEqual({
      path: '/v1.41/info',
    });
    order.push('info');
    release();
    await slow;
    expect(order).toEqual(['info', 'stop']);
    await client.close();
  });

  it('names the TLS file it cannot read', () => {
    expect(() =>
      docker({ engine: 'tcp://127.0.0.1:2376', defaultImage: 'x', certPath: join(dir, 'nowhere') }),
    ).toThrow(`cannot read ${join(dir, 'nowhere', 'ca.pem')}`);
  });
});
