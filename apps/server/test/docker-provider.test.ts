/**
 * `occi-server --provider docker`: a compute created through the server is
 * a real container of the engine (a throwaway Podman service), and so is an
 * application, whose URL answers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  podmanMissing,
  startTestEngine,
  TEST_IMAGE,
  type TestEngine,
} from '../../../packages/provider-docker/test/support/engine.js';
import {
  buildPlatformImages,
  KV_DATABASE,
  WEB_PAGE,
} from '../../../packages/provider-docker/test/support/images.js';
import { missingEngine } from '../../../test/engines.js';
import { ConfigError, parseConfig } from '../src/config.js';
import { backendConformance } from './support/backend-conformance.js';
import { type ServerProcess, startServer } from './support/server-process.js';

const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';
const PLATFORM = 'http://schemas.ogf.org/occi/platform#';
const JSON_TYPE = 'application/occi+json';
const dir = mkdtempSync(join(tmpdir(), 'occi-docker-server-'));
const catalogue = join(dir, 'platform-templates.json');
writeFileSync(catalogue, JSON.stringify({ databases: [KV_DATABASE] }));
const missing = missingEngine('podman', podmanMissing());
let engine: TestEngine;
let server: ServerProcess;
/** A second server on the same engine, in the documents' initial states (no --docker-start-on-create). */
let plain: ServerProcess;

beforeAll(async () => {
  if (missing) return;
  engine = await startTestEngine();
  await buildPlatformImages(engine.client);
  server = await startServer([
    '--store',
    'memory:',
    '--provider',
    'docker',
    '--docker-host',
    engine.address,
    '--docker-default-image',
    TEST_IMAGE,
    '--docker-start-on-create',
    '--docker-platform-templates',
    catalogue,
  ]);
  plain = await startServer([
    '--store',
    'memory:',
    '--provider',
    'docker',
    '--docker-host',
    engine.address,
    '--docker-default-image',
    TEST_IMAGE,
    '--extensions',
    'infrastructure,platform,sla',
    // Applications and components the conformance suite creates without a template run this one.
    '--docker-default-app-template',
    'occi-test_service',
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([server?.stop(), plain?.stop()]);
  await engine?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe.skipIf(missing)('--provider docker', () => {
  it('names the engine on start and offers its images as OS templates', async () => {
    expect(server.output()).toContain(`provider:   docker engine at ${engine.address}`);
    const discovery = await (await fetch(`${server.url}/-/`, { headers: { accept: 'text/plain' } })).text();
    expect(discovery).toMatch(
      /Category: [^;]+; scheme="http:\/\/occi\.example\/docker\/image#"; class="mixin"/,
    );
    expect(discovery).not.toContain('debian-12');
  });

  it('creates a compute as a running container, and deleting it removes the container', async () => {
    const created = await fetch(`${server.url}/compute/`, {
      method: 'POST',
      headers: { 'content-type': 'application/occi+json', accept: 'application/occi+json' },
      body: JSON.stringify({ kind: `${INFRA}compute`, attributes: { 'occi.compute.hostname': 'boxed' } }),
    });
    expect(created.status).toBe(201);
    const location = created.headers.get('location')!;
    const path = new URL(location).pathname;
    const got = (await (await fetch(location, { headers: { accept: 'application/occi+json' } })).json()) as {
      attributes: Record<string, unknown>;
    };
    expect(got.attributes['occi.compute.state']).toBe('active');
    const containers = (await engine.client.request('GET', '/containers/json', {
      query: { all: true },
      doing: 'list containers',
    })) as { Labels: Record<string, string>; State: string }[];
    const mine = containers.find((c) => c.Labels['org.occi-ts.location'] === path);
    expect(mine?.State).toBe('running');
    expect((await fetch(location, { method: 'DELETE' })).status).toBe(200);
    const after = (await engine.client.request('GET', '/containers/json', {
      query: { all: true },
      doing: 'list containers',
    })) as {
      Labels: Record<string, string>;
    }[];
    expect(after.find((c) => c.Labels['org.occi-ts.location'] === path)).toBeUndefined();
  }, 60_000);
});

describe.skipIf(missing)('--provider docker with the platform', () => {
  const send = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(path.startsWith('http') ? path : `${server.url}${path}`, {
      method,
      headers: { accept: JSON_TYPE, ...(body === undefined ? {} : { 'content-type': JSON_TYPE }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, location: response.headers.get('location'), text };
  };
  const read = async (location: string) =>
    JSON.parse((await send('GET', location)).text) as {
      attributes: Record<string, unknown>;
      mixins?: string[];
    };

  it('deploys an application from its template; its URL answers, and it reaches its database', async () => {
    const discovery = await (await fetch(`${server.url}/-/`, { headers: { accept: 'text/plain' } })).text();
    expect(discovery).toContain(
      'Category: occi-test_web; scheme="http://occi.example/docker/app_tpl#"; class="mixin"; title="Busybox web page"',
    );
    const app = await send('POST', '/application/', {
      kind: `${PLATFORM}application`,
      mixins: ['http://occi.example/docker/app_tpl#occi-test_web'],
      attributes: { 'occi.app.name': 'shop', 'org.occi-ts.app.env.GREETING': 'Welcome' },
    });
    expect(app.status, app.text).toBe(201);
    const url = String((await read(app.location!)).attributes['occi.app.url']);
    expect(await (await fetch(url)).text()).toBe(WEB_PAGE);
    const db = await send('POST', '/component/', {
      kind: `${PLATFORM}component`,
      title: 'db',
      mixins: ['http://occi.example/docker/database#kv_1'],
    });
    expect(db.status, db.text).toBe(201);
    const link = await send('POST', '/componentlink/', {
      kind: `${PLATFORM}componentlink`,
      source: { location: new URL(app.location!).pathname },
      target: { location: new URL(db.location!).pathname },
    });
    expect(link.status, link.text).toBe(201);
    expect((await read(link.location!)).attributes['occi.database.uri']).toMatch(
      /^http:\/\/occi_\w+:[\w-]+@db:5000\/data\/$/,
    );
    expect(await (await fetch(`${url}cgi-bin/db`)).text()).toBe('stored data\n');
    for (const location of [app.location!, db.location!])
      expect((await send('DELETE', location)).status).toBe(200);
    const left = await engine.client.request<unknown[]>('GET', '/containers/json', {
      query: { all: true, filters: JSON.stringify({ label: ['org.occi-ts.location'] }) },
      doing: 'list containers',
    });
    expect(left).toEqual([]);
  }, 60_000);
});

describe('configuration of the docker provider', () => {
  it.each([
    [['--provider', 'docker'], '--docker-host: --provider docker needs it: the engine'],
    [
      ['--provider', 'docker', '--docker-host', 'unix:///x.sock'],
      '--docker-default-image: --provider docker needs it: image of a compute',
    ],
    [['--docker-host', 'unix:///x.sock'], '--docker-host: applies to --provider docker, not reference'],
    [
      ['--provider', 'docker', '--extensions', 'sla'],
      '--provider: docker needs the infrastructure extension',
    ],
    [
      ['--provider', 'docker', '--docker-host', 'http://x'],
      '--docker-host: "http://x" is not unix:///path/to.sock or tcp://host:port',
    ],
    [['--provider', 'kvm'], '--provider: "kvm" is not a backend; known: reference, docker'],
    [
      [
        '--provider',
        'docker',
        '--docker-host',
        'unix:///x.sock',
        '--docker-default-image',
        'i',
        '--docker-app-url',
        'http://apps.example/',
      ],
      '--docker-app-url: http://apps.example/ has neither {port} nor {name}',
    ],
    [
      [
        '--provider',
        'docker',
        '--docker-host',
        'unix:///x.sock',
        '--docker-default-image',
        'i',
        '--docker-app-address',
        'localhost',
      ],
      '--docker-app-address: "localhost" is not an IP address',
    ],
  ])('refuses %j', (argv, message) => {
    expect(() => parseConfig({ argv, env: {} })).toThrow(ConfigError);
    expect(() => parseConfig({ argv, env: {} })).toThrow(message);
  });

  it('refuses a platform catalogue with a mistake, naming where it is', () => {
    const bad = join(dir, 'bad-templates.json');
    writeFileSync(bad, JSON.stringify({ applications: [{ image: 'shop:1.4' }] }));
    const argv = ['--provider', 'docker', '--docker-host', 'unix:///x.sock', '--docker-default-image', 'i'];
    expect(() => parseConfig({ argv: [...argv, '--docker-platform-templates', bad], env: {} })).toThrow(
      `--docker-platform-templates: ${bad}: applications[0].port: must be a port number (1 to 65535)`,
    );
  });
});

describe.skipIf(missing)('', () => {
  backendConformance('docker', () => plain);
});
