/**
 * The requests the compute driver sends the engine (through a proxy that
 * records them): a compute brought to active costs what the engine needs
 * and no inspection more, and what it no longer asks beforehand — the
 * container's name, the image, the container's state before start — is
 * still answered right when the engine changed behind its back.
 */
import type { Caller } from '@occi/core';
import { createReferenceProvider, isOcciError, MemoryStore, Model, type ReferenceProvider } from '@occi/core';
import {
  COMPUTE_KIND,
  COMPUTE_START_ACTION,
  COMPUTE_SUSPEND_ACTION,
  infrastructure,
  SSH_KEY_MIXIN,
} from '@occi/infrastructure';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingEngine } from '../../../test/engines.js';
import { docker, IMAGE_SCHEME } from '../src/index.js';
import { type RecordingProxy, recordingProxy } from '../src/testing/index.js';
import { podmanMissing, startTestEngine, TEST_IMAGE, type TestEngine } from './support/engine.js';

const alice: Caller = { user: 'alice' };
const COPY = 'occi-test/copy';

const missing = missingEngine('podman', podmanMissing());
let engine: TestEngine;
let proxy: RecordingProxy;
/** `METHOD /path` of each request the engine got through the proxy since it was last emptied. */
const sent = () => proxy.requests.map((r) => r.request);
let provider: ReferenceProvider;

const containerName = (location: string) => `occi${location.replaceAll('/', '-')}`;
const inspect = (location: string) =>
  engine.client.request<{
    State: { Status: string; Running: boolean; Paused: boolean };
    NetworkSettings: { Networks: Record<string, unknown> | null };
  }>('GET', `/containers/${containerName(location)}/json`, { doing: 'inspect' });
const onEngine = (location: string, action: string) =>
  engine.client.request('POST', `/containers/${containerName(location)}/${action}`, { doing: action });
const start = async (location: string) =>
  (await provider.invoke(alice, { location }, { action: COMPUTE_START_ACTION, attributes: {} })).entities[0]
    ?.attributes['occi.compute.state'];

beforeAll(async () => {
  if (missing) return;
  engine = await startTestEngine();
  await engine.client.request('POST', `/images/${encodeURIComponent(TEST_IMAGE)}/tag`, {
    query: { repo: COPY, tag: 'latest' },
    doing: `tag ${COPY}`,
  });
  proxy = await recordingProxy(engine.address);
  provider = createReferenceProvider({
    model: Model.create([
      infrastructure,
      docker({ engine: proxy.address, defaultImage: TEST_IMAGE, stopTimeoutSeconds: 2 }),
    ]),
    store: new MemoryStore(),
    // Long enough that an action acts on the state observed before, as on a busy server.
    observeIntervalMs: 60_000,
  });
  await provider.start();
}, 120_000);

afterAll(async () => {
  await provider?.close();
  await proxy?.close();
  await engine?.stop();
}, 60_000);

describe.skipIf(missing)('engine round trips of a compute', () => {
  it('creates a container and starts it with three requests once the engine is known', async () => {
    const first = await provider.create(alice, { kind: COMPUTE_KIND });
    proxy.requests.length = 0;
    const second = await provider.create(alice, { kind: COMPUTE_KIND });
    const name = containerName(second.location!);
    expect(sent()).toEqual(['POST /containers/create', 'POST /networks/podman/disconnect']);
    // Each answered request carries when it went and when its answer was passed on whole.
    for (const r of proxy.requests) expect(r.end).toBeGreaterThanOrEqual(r.start);
    // The state the creation left counts as observed: the start asks the engine nothing first.
    expect(await start(second.location!)).toBe('active');
    expect(sent().slice(2)).toEqual([`POST /containers/${name}/start`]);
    // Neither container joined the engine's default network; the second runs.
    expect((await inspect(first.location!)).NetworkSettings.Networks ?? {}).toEqual({});
    expect((await inspect(second.location!)).NetworkSettings.Networks ?? {}).toEqual({});
    expect((await inspect(second.location!)).State.Running).toBe(true);
  });

  it('places an SSH key and leaves the default network of a new container with one request each', async () => {
    const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOcci alice@example';
    proxy.requests.length = 0;
    const vm = await provider.create(alice, {
      kind: COMPUTE_KIND,
      mixins: [SSH_KEY_MIXIN],
      attributes: { 'occi.credentials.ssh.publickey': key },
    });
    const name = containerName(vm.location!);
    // The two go to the engine at once: their order is the engine's.
    expect(sent()[0]).toBe('POST /containers/create');
    expect(sent().slice(1).sort()).toEqual([
      'POST /networks/podman/disconnect',
      `PUT /containers/${name}/archive`,
    ]);
    expect(await start(vm.location!)).toBe('active');
    expect(engine.podman(['exec', name, 'cat', '/root/.ssh/authorized_keys'])).toBe(`${key}\n`);
    expect((await inspect(vm.location!)).NetworkSettings.Networks ?? {}).toEqual({});
  });

  it('resumes a compute paused outside OCCI since it was last observed inactive', async () => {
    const vm = await provider.create(alice, { kind: COMPUTE_KIND });
    expect((await provider.get(alice, vm.location!)).attributes['occi.compute.state']).toBe('inactive');
    await onEngine(vm.location!, 'start');
    await onEngine(vm.location!, 'pause');
    expect(await start(vm.location!)).toBe('active');
    expect((await inspect(vm.location!)).State).toMatchObject({ Running: true, Paused: false });
  });

  it('starts a suspended compute resumed outside OCCI without an error', async () => {
    const vm = await provider.create(alice, { kind: COMPUTE_KIND });
    expect(await start(vm.location!)).toBe('active');
    await provider.invoke(
      alice,
      { location: vm.location! },
      { action: COMPUTE_SUSPEND_ACTION, attributes: {} },
    );
    expect((await provider.get(alice, vm.location!)).attributes['occi.compute.state']).toBe('suspended');
    await onEngine(vm.location!, 'unpause');
    expect(await start(vm.location!)).toBe('active');
    expect((await inspect(vm.location!)).State).toMatchObject({ Running: true, Paused: false });
  });

  it('refuses a compute of an image removed since its command was learned (400 naming the image)', async () => {
    const template = `${IMAGE_SCHEME}occi-test_copy`;
    const vm = await provider.create(alice, { kind: COMPUTE_KIND, mixins: [template] });
    await provider.delete(alice, vm.location!);
    await engine.client.request('DELETE', `/images/${encodeURIComponent(`${COPY}:latest`)}`, {
      doing: `untag ${COPY}`,
    });
    const error = await provider
      .create(alice, { kind: COMPUTE_KIND, mixins: [template] })
      .catch((e: unknown) => e);
    expect(isOcciError(error) && { kind: error.kind, problems: error.problems }).toEqual({
      kind: 'bad-request',
      problems: [
        {
          code: 'unknown-mixin',
          message: `the image docker.io/${COPY}:latest of OS template ${template} is no longer in the engine`,
          category: template,
        },
      ],
    });
  });

  it('answers a container name taken outside OCCI with 409, found by the create itself', async () => {
    await engine.client.request('POST', '/containers/create', {
      query: { name: 'occi-compute-foreign' },
      json: { Image: TEST_IMAGE, Cmd: ['sleep', '60'] },
      doing: 'create a foreign container',
    });
    proxy.requests.length = 0;
    const error = await provider
      .put(alice, '/compute/foreign', { kind: COMPUTE_KIND })
      .catch((e: unknown) => e);
    expect(isOcciError(error) && [error.kind, error.message]).toEqual([
      'conflict',
      'the engine already has a container named occi-compute-foreign that OCCI does not know: remove it or use another location',
    ]);
    expect(sent()[0]).toBe('POST /containers/create');
  });
});
