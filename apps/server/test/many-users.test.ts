/** Rate limits per user or address, trusted proxies, and where /metrics is served. */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { basic, type Captured, inProcess } from './support/in-process.js';

let running: Captured | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';

describe('rate limits', () => {
  it('count per user once authenticated, per client address before', async () => {
    running = await inProcess(['--rate-limit', '2'], { alice: {}, bob: {} });
    const { app } = running.server;
    const get = (authorization?: string, address = '192.0.2.1') =>
      app.inject({
        method: 'GET',
        url: '/-/',
        remoteAddress: address,
        headers: authorization ? { authorization } : {},
      });
    expect([(await get(basic('alice'))).statusCode, (await get(basic('alice'))).statusCode]).toEqual([
      200, 200,
    ]);
    const limited = await get(basic('alice'));
    expect(limited.statusCode).toBe(429);
    expect(limited.body).toMatch(/^too many requests from user alice: the limit is 2 per minute/);
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    // bob, behind the same address, has a budget of his own.
    expect((await get(basic('bob'))).statusCode).toBe(200);
    // Without credentials: counted per address.
    expect((await get(undefined, '192.0.2.9')).statusCode).toBe(401);
    expect((await get(undefined, '192.0.2.9')).statusCode).toBe(401);
    const anonymous = await get(undefined, '192.0.2.9');
    expect(anonymous.statusCode).toBe(429);
    expect(anonymous.body).toContain('too many requests from 192.0.2.9');
    expect((await get(undefined, '192.0.2.10')).statusCode).toBe(401);
    // A forged X-Forwarded-For from a client is no way around it without --trust-proxy.
    const forged = await app.inject({
      method: 'GET',
      url: '/-/',
      remoteAddress: '192.0.2.9',
      headers: { 'x-forwarded-for': '203.0.113.1' },
    });
    expect(forged.statusCode).toBe(429);
  });
});

describe('bad credentials', () => {
  it('of every kind get 401 naming the problem, never a 500', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'occi-bad-credentials-'));
    const keyFile = join(dir, 'jwt.key');
    await writeFile(keyFile, randomBytes(32));
    running = await inProcess(
      ['--jwt-key', keyFile, '--jwt-issuer', 'https://idp', '--jwt-audience', 'occi'],
      {
        alice: {},
      },
    );
    const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const cases: [string, string][] = [
      ['Basic', 'malformed Basic credentials: nothing after "Basic"'],
      ['Basic !!!', 'malformed Basic credentials: not base64'],
      [`Basic ${b64('no-colon')}`, "no ':' between user name and password"],
      [`Basic ${b64(Buffer.from([0xff, 0xfe, 0x3a]))}`, 'malformed Basic credentials: not UTF-8'],
      [`Basic ${b64(`${'u'.repeat(10_000)}:x`)}`, 'invalid credentials'],
      ['Bearer', 'malformed Bearer token: nothing after "Bearer"'],
      ['Bearer a.b', 'invalid token: a JWT has three dot-separated parts'],
      ['Bearer a b', 'malformed Bearer token'],
      ['Bearer occi_nothing', 'invalid token: malformed API token'],
      [
        `Bearer ${part({ alg: 'none' })}.${part({ sub: 'x' })}.`,
        'invalid token: algorithm "none" is not accepted',
      ],
      [`Bearer ${part({ alg: 'HS256', crit: ['b64'], b64: false })}.${part({})}.AAAA`, 'invalid token: '],
      [`Bearer ${part([1])}.${part('x')}.AAAA`, 'invalid token: '],
      [`Bearer ${'x'.repeat(5000)}.y.z`, 'invalid token: '],
      ['Digest username="alice"', 'authentication scheme "Digest" is not supported; use Basic or Bearer'],
      ['\u0001', 'malformed Authorization header'],
    ];
    for (const [authorization, message] of cases) {
      const r = await running.server.app.inject({
        method: 'POST',
        url: '/compute/',
        headers: { authorization, accept: 'text/plain' },
      });
      expect(r.statusCode, authorization.slice(0, 60)).toBe(401);
      expect(r.body, authorization.slice(0, 60)).toContain(message);
    }
    await rm(dir, { recursive: true, force: true });
  });
});

describe('--trust-proxy', () => {
  const create = (c: Captured, address: string, headers: Record<string, string>) =>
    c.server.app.inject({
      method: 'POST',
      url: '/compute/',
      remoteAddress: address,
      headers: { 'content-type': 'text/plain', host: 'internal:8080', ...headers },
      payload: `Category: compute; scheme="${INFRA}"; class="kind"\n`,
    });

  it('takes the client address, scheme and host from a trusted proxy only', async () => {
    running = await inProcess(['--trust-proxy', '127.0.0.1,10.0.0.0/8']);
    const forwarded = {
      'x-forwarded-for': '198.51.100.7',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'occi.example.org',
      'x-request-id': 'via-proxy',
    };
    const viaProxy = await create(running, '10.1.2.3', forwarded);
    expect(viaProxy.statusCode).toBe(201);
    expect(viaProxy.headers.location).toMatch(/^https:\/\/occi\.example\.org\/compute\//);
    const direct = await create(running, '192.0.2.1', { ...forwarded, 'x-request-id': 'direct' });
    expect(direct.headers.location).toMatch(/^http:\/\/internal:8080\/compute\//);
    const ips = Object.fromEntries(
      running
        .lines()
        .filter((l) => l.msg === 'request completed')
        .map((l) => [l.reqId, l.ip]),
    );
    expect(ips).toEqual({ 'via-proxy': '198.51.100.7', direct: '192.0.2.1' });
  });

  it('refuses values that are no address, range or known name', () => {
    expect(() => parseConfig({ argv: ['--trust-proxy', 'true'], env: {} })).toThrow(
      '--trust-proxy: "true" is not an IP address, a CIDR range, loopback, linklocal or uniquelocal',
    );
    expect(() => parseConfig({ argv: ['--trust-proxy', '10.0.0.0/33'], env: {} })).toThrow(/10\.0\.0\.0\/33/);
    expect(parseConfig({ argv: ['--trust-proxy', 'loopback, fd00::/8'], env: {} }).trustProxy).toEqual([
      'loopback',
      'fd00::/8',
    ]);
  });
});

describe('metrics', () => {
  it('on the main listener, only administrators read them when the server authenticates', async () => {
    running = await inProcess([], { alice: {}, root: { admin: true } });
    const { app } = running.server;
    const metrics = (authorization?: string) =>
      app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
    const none = await metrics();
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toContain('Basic realm="occi"');
    const alice = await metrics(basic('alice'));
    expect(alice.statusCode).toBe(403);
    expect(alice.body).toContain('alice is no administrator');
    await app.inject({ method: 'GET', url: '/-/', headers: { authorization: basic('nobody') } });
    const root = await metrics(basic('root'));
    expect(root.statusCode).toBe(200);
    expect(root.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(root.body).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(root.body).toMatch(/^occi_security_events_total\{event="login_failed"\} 1$/m);
    // Health and readiness stay open.
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('with --metrics-port, on a listener of its own and not on the main one', async () => {
    running = await inProcess(['--metrics-port', '0'], { alice: {} });
    const { app, metricsApp } = running.server;
    expect(metricsApp).toBeDefined();
    const own = await metricsApp!.inject({ method: 'GET', url: '/metrics' });
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('# TYPE occi_http_requests_total counter');
    expect((await metricsApp!.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    const main = await app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: basic('alice') },
    });
    expect(main.statusCode).toBe(404);
  });

  it('refuses a metrics port equal to the main one', () => {
    expect(() => parseConfig({ argv: ['--port', '9000', '--metrics-port', '9000'], env: {} })).toThrow(
      '--metrics-port: 9000 is the main port already; pick another',
    );
  });
});
