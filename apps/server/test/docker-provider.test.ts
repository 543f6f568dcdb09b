/**
 * `occi-server --provider docker`: a compute created through the server is
 * a real container of the engine (a throwaway Podman service).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  podmanMissing,
  startTestEngine,
  TEST_IMAGE,
  type TestEngine,
} from '../../../packages/provider-docker/test/support/engine.js';
import { missingEngine } from '../../../test/engines.js';
import { ConfigError, parseConfig } from '../src/config.js';
import { backendConformance } from './support/backend-conformance.js';
import { type ServerProcess, startServer } from './support/server-process.js';

const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';
const missing = missingEngine('podman', podmanMissing());
let engine: TestEngine;
let server: ServerProcess;
/** A second server on the same engine, in the documents' initial states (no --docker-start-on-create). */
let plain: ServerProcess;

beforeAll(async () => {
  if (missing) return;
  engine = await startTestEngine();
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
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([server?.stop(), plain?.stop()]);
  await engine?.stop();
});

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
  ])('refuses %j', (argv, message) => {
    expect(() => parseConfig({ argv, env: {} })).toThrow(ConfigError);
    expect(() => parseConfig({ argv, env: {} })).toThrow(message);
  });
});

describe.skipIf(missing)('', () => {
  backendConformance('docker', () => plain);
});
