/**
 * The console in the composed server: on by default and off with
 * `--no-console`, outside OCCI authentication and rate limits, and its
 * /console/config.json under each way of signing in.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, helpText, parseConfig } from '../src/config.js';
import { consoleConfig } from '../src/console/index.js';
import { type Captured, inProcess } from './support/in-process.js';

let running: Captured | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

const VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
const parse = (argv: string[], env: Record<string, string> = {}) => parseConfig({ argv, env });

describe('the console in the server', () => {
  it('is served without OCCI credentials where OCCI asks for them, and is not rate limited', async () => {
    running = await inProcess(['--rate-limit', '2'], { alice: {} });
    const { app } = running.server;
    expect((await app.inject({ method: 'GET', url: '/-/' })).statusCode).toBe(401);
    for (let i = 0; i < 4; i++) {
      const config = await app.inject({ method: 'GET', url: '/console/config.json' });
      expect(config.statusCode).toBe(200);
      expect(config.headers['www-authenticate']).toBeUndefined();
    }
    // Built or not, the page is no OCCI 401 (200, or 503 asking for the build).
    const page = await app.inject({ method: 'GET', url: '/console/', headers: { accept: 'text/html' } });
    expect([200, 503]).toContain(page.statusCode);
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'none'; script-src 'self';/);
    expect(page.headers.server).toMatch(/^occi-server\/\S+ OCCI\/1\.2/);
  });

  it('is off with --no-console: /console/ is an ordinary OCCI path (404 on an anonymous server)', async () => {
    running = await inProcess(['--no-console']);
    const { app } = running.server;
    for (const url of ['/console/', '/console/config.json', '/console/explorer/']) {
      const response = await app.inject({ method: 'GET', url, headers: { accept: 'text/plain' } });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-security-policy'], url).toBeUndefined();
    }
    expect(running.lines().some((l) => String(l.msg).includes('console'))).toBe(false);
  });
});

describe('/console/config.json', () => {
  it('says anonymous when nothing authenticates', async () => {
    running = await inProcess([]);
    const response = await running.server.app.inject({ method: 'GET', url: '/console/config.json' });
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(JSON.parse(response.body)).toEqual({
      version: VERSION,
      openapi: '/openapi.json',
      explorer: '/console/explorer/',
      auth: { anonymous: true, basic: false, apiToken: false, jwt: false, clientCertificate: false },
    });
  });

  it('offers Basic and API tokens with a users file', async () => {
    running = await inProcess([], { alice: {} });
    const response = await running.server.app.inject({ method: 'GET', url: '/console/config.json' });
    expect(JSON.parse(response.body).auth).toEqual({
      anonymous: false,
      basic: true,
      apiToken: true,
      jwt: false,
      clientCertificate: false,
    });
  });

  it('offers a pasted JWT with --jwt-key, and no key material', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'occi-console-jwt-'));
    const key = join(dir, 'secret');
    writeFileSync(key, 'a-shared-secret-of-thirty-two-bytes-at-least!');
    try {
      running = await inProcess([
        '--jwt-key',
        key,
        '--jwt-issuer',
        'https://issuer.example',
        '--jwt-audience',
        'occi',
      ]);
      const response = await running.server.app.inject({ method: 'GET', url: '/console/config.json' });
      expect(JSON.parse(response.body).auth).toEqual({
        anonymous: false,
        basic: false,
        apiToken: false,
        jwt: true,
        clientCertificate: false,
      });
      expect(response.body).not.toContain('shared-secret');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names the OpenID provider and the client id: --console-oidc-client-id, else --jwt-audience unless *', () => {
    const issuer = ['--oidc-issuer', 'https://login.example.org/realms/occi'];
    const auth = (argv: string[]) => consoleConfig(parse([...issuer, ...argv]), '1.0.0').auth;
    expect(auth(['--jwt-audience', 'occi-console'])).toEqual({
      anonymous: false,
      basic: false,
      apiToken: false,
      jwt: true,
      oidc: { issuer: 'https://login.example.org/realms/occi', clientId: 'occi-console' },
      clientCertificate: false,
    });
    expect(auth(['--jwt-audience', 'occi-api', '--console-oidc-client-id', 'occi-console']).oidc).toEqual({
      issuer: 'https://login.example.org/realms/occi',
      clientId: 'occi-console',
    });
    expect(auth(['--jwt-audience', '*']).oidc).toBeUndefined();
    expect(auth(['--jwt-audience', '*']).jwt).toBe(true);
  });
});

describe('the console options', () => {
  it('turn the console off from a flag, the environment or the config file', async () => {
    expect(parse([]).console).toBe(true);
    expect(parse(['--no-console']).console).toBe(false);
    expect(parse([], { OCCI_CONSOLE: 'false' }).console).toBe(false);
    expect(parse([], { OCCI_CONSOLE: 'true' }).console).toBe(true);
    const dir = await mkdtemp(join(tmpdir(), 'occi-console-config-'));
    const file = join(dir, 'occi.json');
    writeFileSync(file, JSON.stringify({ console: false }));
    try {
      expect(parse(['--config', file]).console).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [['--no-console=true'], {}, '--no-console: takes no value; OCCI_CONSOLE=true|false says it either way'],
    [[], { OCCI_CONSOLE: 'off' }, 'OCCI_CONSOLE: "off" is not a boolean'],
    [
      ['--console-oidc-client-id', 'occi-console'],
      {},
      '--console-oidc-client-id: the console signs in at an OpenID provider: give --oidc-issuer too',
    ],
  ])('refuse %j %j', (argv, env, message) => {
    expect(() => parse(argv, env)).toThrow(ConfigError);
    expect(() => parse(argv, env)).toThrow(message);
  });

  it('are in --help and in the README table', () => {
    const help = helpText();
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const [flag, env] of [
      ['--no-console', 'OCCI_CONSOLE'],
      ['--console-oidc-client-id', 'OCCI_CONSOLE_OIDC_CLIENT_ID'],
    ]) {
      expect(help).toMatch(new RegExp(`\\n  ${flag}\\b.*\\[env ${env}`));
      expect(readme).toContain(`| \`${flag}\` | \`${env}\` |`);
    }
  });
});
