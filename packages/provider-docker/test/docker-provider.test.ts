/**
 * The Docker provider against a real engine (Podman's Docker-compatible
 * API): every state OCCI reports is checked through the engine API.
 */
import type { Caller, Entity } from '@occi/core';
import {
  createReferenceProvider,
  isOcciError,
  MemoryStore,
  Model,
  OcciError,
  type ReferenceProvider,
  type Store,
  typeIdentifier,
} from '@occi/core';
import {
  COMPUTE_KIND,
  COMPUTE_RESTART_ACTION,
  COMPUTE_SAVE_ACTION,
  COMPUTE_START_ACTION,
  COMPUTE_STOP_ACTION,
  COMPUTE_SUSPEND_ACTION,
  IPNETWORK_MIXIN,
  IPNETWORKINTERFACE_MIXIN,
  infrastructure,
  NETWORK_DOWN_ACTION,
  NETWORK_KIND,
  NETWORKINTERFACE_KIND,
  OS_TPL,
  SSH_KEY_MIXIN,
  STORAGE_KIND,
  STORAGELINK_KIND,
  USER_DATA_MIXIN,
} from '@occi/infrastructure';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingEngine } from '../../../test/engines.js';
import { type DockerOptions, docker, IMAGE_SCHEME, LOCATION_LABEL, OWNER_LABEL } from '../src/index.js';
import { podmanMissing, startTestEngine, TEST_IMAGE, type TestEngine } from './support/engine.js';

const alice: Caller = { user: 'alice' };
const bob: Caller = { user: 'bob' };
const BUSYBOX = `${IMAGE_SCHEME}occi-test_busybox`;

const missing = missingEngine('podman', podmanMissing());
let engine: TestEngine;
let store: MemoryStore;
let provider: ReferenceProvider;

/**
 * The reference provider over the Docker backend, started, asking the
 * engine at every read; computes, storages and networks are brought into
 * service when created, as most of these tests expect.
 */
async function dockerProvider(options: DockerOptions & { store: Store }): Promise<ReferenceProvider> {
  const { store: into, ...backend } = options;
  const p = createReferenceProvider({
    model: Model.create([infrastructure, docker({ startOnCreate: true, ...backend })]),
    store: into,
    observeIntervalMs: 0,
  });
  await p.start();
  return p;
}

interface Inspect {
  Id: string;
  State: { Status: string; Running: boolean; Paused: boolean };
  Config: { Hostname: string; Labels: Record<string, string> };
  HostConfig: { NanoCpus: number; Memory: number; CpuShares: number };
  Mounts: { Name?: string; Destination: string; Type: string }[];
  NetworkSettings: { Networks: Record<string, { MacAddress: string; IPAddress: string }> };
}

const containerOf = async (location: string) =>
  engine.client.find<Inspect>(`/containers/occi${location.replaceAll('/', '-')}/json`, 'inspect');
// Podman reports a container it has just stopped as `stopped` until its cleanup makes it `exited`.
const stateOf = async (location: string) => (await containerOf(location))?.State.Status;
const act = (location: string, action: string, attributes: Record<string, string> = {}) =>
  provider.invoke(alice, { location }, { action, attributes });
const exec = (location: string, command: string) =>
  engine.podman(['exec', `occi${location.replaceAll('/', '-')}`, 'sh', '-c', command]);

async function failure(promise: Promise<unknown>): Promise<OcciError> {
  try {
    await promise;
  } catch (error) {
    if (isOcciError(error)) return error;
    throw error;
  }
  throw new Error('expected an OcciError');
}

beforeAll(async () => {
  if (missing) return;
  engine = await startTestEngine();
  store = new MemoryStore();
  provider = await dockerProvider({
    store,
    engine: engine.address,
    defaultImage: TEST_IMAGE,
    stopTimeoutSeconds: 5,
  });
}, 120_000);

afterAll(async () => {
  await provider?.close();
  await engine?.stop();
}, 60_000);

describe.skipIf(missing)('OS templates from the engine images', () => {
  it('lists each local image as an os_tpl mixin', async () => {
    const m = await provider.model(alice);
    const mixin = m.mixin(BUSYBOX);
    expect(mixin).toBeDefined();
    expect(mixin?.depends).toEqual([OS_TPL]);
    expect(mixin?.applies).toEqual([COMPUTE_KIND]);
    expect(mixin?.title).toBe('docker.io/occi-test/busybox:latest');
    expect(mixin?.location).toBe('/os_tpl/docker/occi-test_busybox/');
  });

  it('refuses an os_tpl that is no image of the engine', async () => {
    const error = await failure(
      provider.create(alice, { kind: COMPUTE_KIND, mixins: [`${IMAGE_SCHEME}no-such-image`] }),
    );
    expect(error.kind).toBe('bad-request');
    expect(error.message).toContain('no-such-image');
  });

  it('refuses a default image the engine lacks, naming it', async () => {
    const error = await failure(
      dockerProvider({
        store: new MemoryStore(),
        engine: engine.address,
        defaultImage: 'nope:1',
      }),
    );
    expect(error.kind).toBe('bad-request');
    expect(error.message).toContain('nope:1');
  });
});

describe.skipIf(missing)('compute as a container', () => {
  let vm: Entity;

  it('creates and starts a container with the limits, hostname and labels of the compute', async () => {
    vm = await provider.create(alice, {
      kind: COMPUTE_KIND,
      mixins: [BUSYBOX],
      attributes: {
        'occi.compute.cores': 1,
        'occi.compute.memory': 0.25,
        'occi.compute.share': 512,
        'occi.compute.hostname': 'vm1',
      },
    });
    expect(vm.attributes['occi.compute.state']).toBe('active');
    const c = await containerOf(vm.location!);
    expect(c?.State.Running).toBe(true);
    expect(c?.HostConfig.NanoCpus).toBe(1e9);
    expect(c?.HostConfig.Memory).toBe(256 * 1024 * 1024);
    expect(c?.HostConfig.CpuShares).toBe(512);
    expect(c?.Config.Hostname).toBe('vm1');
    expect(c?.Config.Labels[LOCATION_LABEL]).toBe(vm.location);
    expect(c?.Config.Labels[OWNER_LABEL]).toBe('alice');
    expect(vm.attributes['org.occi-ts.docker.image']).toBe('docker.io/occi-test/busybox:latest');
  });

  it('confines every container: no privilege escalation, few capabilities, a process limit, a default memory limit', async () => {
    const plain = await provider.create(alice, { kind: COMPUTE_KIND });
    // The memory the container got, reported on the compute that asked for none.
    expect(plain.attributes['occi.compute.memory']).toBe(0.5);
    const c = (await containerOf(plain.location!)) as unknown as {
      HostConfig: { SecurityOpt: string[]; PidsLimit: number; Memory: number };
    };
    expect(c.HostConfig.SecurityOpt).toContain('no-new-privileges');
    expect(c.HostConfig.PidsLimit).toBe(1024);
    expect(c.HostConfig.Memory).toBe(512 * 1024 * 1024);
    // CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, SETGID, SETUID and NET_BIND_SERVICE (bits 0, 1, 3–7, 10): nothing else.
    expect(exec(plain.location!, 'grep CapEff /proc/1/status')).toBe('CapEff:\t00000000000004fb\n');
    expect(exec(plain.location!, 'grep NoNewPrivs /proc/1/status')).toBe('NoNewPrivs:\t1\n');
    await provider.delete(alice, plain.location!);
  });

  it('stops (poweroff), starts, suspends, resumes and restarts the container', async () => {
    const loc = vm.location!;
    let result = await act(loc, COMPUTE_STOP_ACTION);
    expect(result.entities[0]?.attributes['occi.compute.state']).toBe('inactive');
    expect(['exited', 'stopped']).toContain(await stateOf(loc));

    result = await act(loc, COMPUTE_START_ACTION);
    expect(result.entities[0]?.attributes['occi.compute.state']).toBe('active');
    expect(await stateOf(loc)).toBe('running');

    result = await act(loc, COMPUTE_SUSPEND_ACTION);
    expect(result.entities[0]?.attributes['occi.compute.state']).toBe('suspended');
    expect(await stateOf(loc)).toBe('paused');
    // Infrastructure figure 1: stop is not applicable to a suspended compute.
    expect((await failure(act(loc, COMPUTE_STOP_ACTION))).kind).toBe('conflict');

    result = await act(loc, COMPUTE_START_ACTION);
    expect(result.entities[0]?.attributes['occi.compute.state']).toBe('active');
    expect(await stateOf(loc)).toBe('running');

    const before = (await containerOf(loc))?.State;
    result = await act(loc, COMPUTE_RESTART_ACTION, { method: 'cold' });
    expect(result.entities[0]?.attributes['occi.compute.state']).toBe('active');
    expect(before?.Running).toBe(true);
    expect(await stateOf(loc)).toBe('running');
  });

  it('stops gracefully and by SIGTERM (acpioff)', async () => {
    const loc = vm.location!;
    await act(loc, COMPUTE_STOP_ACTION, { method: 'graceful' });
    expect(['exited', 'stopped']).toContain(await stateOf(loc));
    await act(loc, COMPUTE_START_ACTION);
    const result = await act(loc, COMPUTE_STOP_ACTION, { method: 'acpioff' });
    expect(result.entities[0]?.attributes['occi.compute.state']).toBe('inactive');
    expect(['exited', 'stopped']).toContain(await stateOf(loc));
    await act(loc, COMPUTE_START_ACTION);
  });

  it('saves the container as a new image, registered and returned as an os_tpl mixin', async () => {
    const result = await act(vm.location!, COMPUTE_SAVE_ACTION, { name: 'Golden Image' });
    const saved = result.categories[0];
    expect(saved?.class).toBe('mixin');
    expect(saved && typeIdentifier(saved)).toBe(`${IMAGE_SCHEME}golden-image`);
    expect(saved?.class === 'mixin' && saved.depends).toEqual([OS_TPL]);
    const images = await engine.client.request<{ RepoTags: string[] }[]>('GET', '/images/json', {
      doing: 'list',
    });
    expect(images.flatMap((i) => i.RepoTags ?? []).some((t) => t.endsWith('/golden-image:latest'))).toBe(
      true,
    );
    expect((await provider.model(alice)).mixin(`${IMAGE_SCHEME}golden-image`)).toBeDefined();
    expect(result.entities[0]?.attributes['occi.compute.state']).toBe('active');
    expect(await stateOf(vm.location!)).toBe('running');

    const clone = await provider.create(alice, {
      kind: COMPUTE_KIND,
      mixins: [`${IMAGE_SCHEME}golden-image`],
    });
    expect(clone.attributes['occi.compute.state']).toBe('active');
    expect(await stateOf(clone.location!)).toBe('running');
    await provider.delete(alice, clone.location!);
  });

  it('takes the engine state on read: a container stopped or removed outside OCCI', async () => {
    const loc = vm.location!;
    await engine.client.request('POST', `/containers/occi${loc.replaceAll('/', '-')}/kill`, {
      doing: 'kill',
    });
    expect((await provider.get(alice, loc)).attributes['occi.compute.state']).toBe('inactive');
    await engine.client.request('POST', `/containers/occi${loc.replaceAll('/', '-')}/start`, {
      doing: 'start',
    });
    const listed = await provider.list(alice, { collection: { kind: COMPUTE_KIND } });
    expect(listed.find((e) => e.location === loc)?.attributes['occi.compute.state']).toBe('active');
  });

  it('finds its containers again after a restart of the server', async () => {
    const again = await dockerProvider({
      store,
      engine: engine.address,
      defaultImage: TEST_IMAGE,
    });
    try {
      await engine.client.request('POST', `/containers/occi${vm.location!.replaceAll('/', '-')}/pause`, {
        doing: 'pause',
      });
      expect((await again.get(alice, vm.location!)).attributes['occi.compute.state']).toBe('suspended');
      await again.invoke(alice, { location: vm.location! }, { action: COMPUTE_START_ACTION, attributes: {} });
      expect(await stateOf(vm.location!)).toBe('running');
    } finally {
      await again.close();
    }
  });

  it('removes at start what a crash left, and puts back a container whose re-making was interrupted', async () => {
    const loc = vm.location!;
    const name = `occi${loc.replaceAll('/', '-')}`;
    // A crash between the two renames of a re-making: the compute's container is only under <name>-old.
    await engine.client.request('POST', `/containers/${name}/rename`, {
      query: { name: `${name}-old` },
      doing: 'rename',
    });
    // A crash between the engine's create and the commit: a labelled container no entity owns.
    await engine.client.request('POST', '/containers/create', {
      query: { name: 'occi-compute-orphan' },
      json: { Image: TEST_IMAGE, Cmd: ['sleep', '1'], Labels: { [LOCATION_LABEL]: '/compute/orphan' } },
      doing: 'create',
    });
    const again = await dockerProvider({ store, engine: engine.address, defaultImage: TEST_IMAGE });
    try {
      expect(await engine.client.find('/containers/occi-compute-orphan/json', 'inspect')).toBeUndefined();
      expect((await containerOf(loc))?.Config.Labels[LOCATION_LABEL]).toBe(loc);
      expect((await again.get(alice, loc)).location).toBe(loc);
    } finally {
      await again.close();
    }
  });

  it('refuses a limit change the engine cannot make, and keeps the old values', async () => {
    const error = await failure(
      provider.update(alice, vm.location!, { attributes: { 'occi.compute.cores': 2 } }),
    );
    expect(error.kind).toBe('conflict');
    expect(error.message).toContain('limits');
    expect((await provider.get(alice, vm.location!)).attributes['occi.compute.cores']).toBe(1);
    const hostname = await failure(
      provider.update(alice, vm.location!, { attributes: { 'occi.compute.hostname': 'other' } }),
    );
    expect(hostname.kind).toBe('conflict');
    expect((await provider.get(alice, vm.location!)).attributes['occi.compute.hostname']).toBe('vm1');
  });

  it('refuses more cores than the host has, before creating anything', async () => {
    const error = await failure(
      provider.create(alice, { kind: COMPUTE_KIND, attributes: { 'occi.compute.cores': 4096 } }),
    );
    expect(error.kind).toBe('bad-request');
    expect(error.message).toContain('occi.compute.cores 4096');
    expect((await provider.list(alice, { collection: { kind: COMPUTE_KIND } })).length).toBe(1);
  });

  it('deletes the container with the compute; one removed outside OCCI is gone', async () => {
    const other = await provider.create(alice, { kind: COMPUTE_KIND });
    expect(other.mixins).toContain(BUSYBOX); // the default image
    await provider.delete(alice, vm.location!);
    expect(await containerOf(vm.location!)).toBeUndefined();
    expect((await failure(provider.get(alice, vm.location!))).kind).toBe('not-found');

    await engine.client.request('DELETE', `/containers/occi${other.location!.replaceAll('/', '-')}`, {
      query: { force: true },
      doing: 'remove',
    });
    const gone = await failure(provider.get(alice, other.location!));
    expect(gone.kind).toBe('not-found');
    expect(gone.message).toContain('outside OCCI');
  });

  it('reports a name conflict with a foreign container as 409', async () => {
    await engine.client.request('POST', '/containers/create', {
      query: { name: 'occi-compute-taken' },
      json: { Image: TEST_IMAGE, Cmd: ['sleep', '1'] },
      doing: 'create',
    });
    const error = await failure(provider.put(alice, '/compute/taken', { kind: COMPUTE_KIND }));
    expect(error.kind).toBe('conflict');
    expect(error.message).toContain('occi-compute-taken');
    expect(await store.get('/compute/taken')).toBeUndefined();
  });

  it('hides the computes of other users', async () => {
    const mine = await provider.create(alice, { kind: COMPUTE_KIND });
    expect((await failure(provider.get(bob, mine.location!))).kind).toBe('not-found');
    expect(await provider.deleteAll(alice, { kind: COMPUTE_KIND })).toBe(1);
    expect(await containerOf(mine.location!)).toBeUndefined();
  });
});

describe.skipIf(missing)('credentials and contextualisation', () => {
  it('installs the SSH key for root and runs user_data once, on the first start', async () => {
    const script = '#!/bin/sh\necho ran >> /root/user-data-runs\n';
    const vm = await provider.create(alice, {
      kind: COMPUTE_KIND,
      mixins: [SSH_KEY_MIXIN, USER_DATA_MIXIN],
      attributes: {
        'occi.credentials.ssh.publickey': 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOcci alice@example',
        'occi.compute.userdata': Buffer.from(script).toString('base64'),
      },
    });
    expect(exec(vm.location!, 'cat /root/.ssh/authorized_keys')).toBe(
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOcci alice@example\n',
    );
    expect(exec(vm.location!, 'stat -c %a /root/.ssh/authorized_keys').trim()).toBe('600');
    expect(exec(vm.location!, 'cat /root/user-data-runs')).toBe('ran\n');
    await act(vm.location!, COMPUTE_RESTART_ACTION, { method: 'graceful' });
    expect(exec(vm.location!, 'cat /root/user-data-runs')).toBe('ran\n');
    await provider.delete(alice, vm.location!);
  });
});

describe.skipIf(missing)('storage as volumes, storage links as mounts', () => {
  it('mounts inline storage links at their mountpoint and enforces what engines cannot do', async () => {
    const disk = await provider.create(alice, { kind: STORAGE_KIND, attributes: { 'occi.storage.size': 1 } });
    expect(disk.attributes['occi.storage.state']).toBe('online');
    const volume = await engine.client.find<{ Labels: Record<string, string> }>(
      `/volumes/occi${disk.location!.replaceAll('/', '-')}`,
      'inspect',
    );
    expect(volume?.Labels[LOCATION_LABEL]).toBe(disk.location);

    const vm = await provider.create(alice, {
      kind: COMPUTE_KIND,
      links: [
        {
          kind: STORAGELINK_KIND,
          target: { location: disk.location!, kind: STORAGE_KIND },
          attributes: { 'occi.storagelink.mountpoint': '/data' },
        },
      ],
    });
    const c = await containerOf(vm.location!);
    expect(c?.Mounts.find((m) => m.Destination === '/data')?.Name).toBe(
      `occi${disk.location!.replaceAll('/', '-')}`,
    );
    exec(vm.location!, 'echo kept > /data/file');

    // Engines mount volumes only when they create a container: a running compute refuses a new mount.
    const late = await failure(
      provider.create(alice, {
        kind: STORAGELINK_KIND,
        source: { location: vm.location! },
        target: { location: disk.location! },
        attributes: { 'occi.storagelink.mountpoint': '/more' },
      }),
    );
    expect(late.kind).toBe('conflict');
    expect(late.message).toContain(`stop ${vm.location} first`);
    const inUse = await failure(provider.delete(alice, disk.location!));
    expect(inUse.kind).toBe('conflict');
    expect(inUse.message).toContain(vm.location!);
    const link = vm.links?.find((l) => l.kind === STORAGELINK_KIND);
    expect((await failure(provider.delete(alice, link!.location!))).kind).toBe('conflict');

    // A stopped compute gets its container made again with the mount, its files kept.
    exec(vm.location!, 'echo mine > /root/notes');
    await act(vm.location!, COMPUTE_STOP_ACTION);
    const added = await provider.create(alice, {
      kind: STORAGELINK_KIND,
      source: { location: vm.location! },
      target: { location: disk.location! },
      attributes: { 'occi.storagelink.mountpoint': '/more' },
    });
    expect((await containerOf(vm.location!))?.Mounts.map((m) => m.Destination).sort()).toEqual([
      '/data',
      '/more',
    ]);
    await act(vm.location!, COMPUTE_START_ACTION);
    expect(exec(vm.location!, 'cat /root/notes /more/file')).toBe('mine\nkept\n');
    // And without it again once the link is deleted.
    await act(vm.location!, COMPUTE_STOP_ACTION);
    await provider.delete(alice, added.location!);
    expect((await containerOf(vm.location!))?.Mounts.map((m) => m.Destination)).toEqual(['/data']);

    await provider.delete(alice, vm.location!);
    await provider.delete(alice, disk.location!);
    expect(
      await engine.client.find(`/volumes/occi${disk.location!.replaceAll('/', '-')}`, 'inspect'),
    ).toBeUndefined();
  });
});

describe.skipIf(missing)('networks and network interfaces', () => {
  it('creates an internal network with the given IPAM and connects computes with the engine MAC and IP', async () => {
    const net = await provider.create(alice, {
      kind: NETWORK_KIND,
      mixins: [IPNETWORK_MIXIN],
      attributes: { 'occi.network.address': '10.77.3.0/24', 'occi.network.gateway': '10.77.3.1' },
    });
    expect(net.attributes['occi.network.state']).toBe('active');
    const engineNet = await engine.client.find<{
      Internal: boolean;
      IPAM: { Config: { Subnet: string; Gateway: string }[] };
    }>(`/networks/occi${net.location!.replaceAll('/', '-')}`, 'inspect');
    expect(engineNet?.Internal).toBe(true);
    expect(engineNet?.IPAM.Config[0]).toMatchObject({ Subnet: '10.77.3.0/24', Gateway: '10.77.3.1' });

    const vm = await provider.create(alice, {
      kind: COMPUTE_KIND,
      links: [{ kind: NETWORKINTERFACE_KIND, target: { location: net.location!, kind: NETWORK_KIND } }],
    });
    const nic = vm.links?.find((l) => l.kind === NETWORKINTERFACE_KIND);
    const endpoint = (await containerOf(vm.location!))?.NetworkSettings.Networks[
      `occi${net.location!.replaceAll('/', '-')}`
    ];
    expect(endpoint?.IPAddress).toMatch(/^10\.77\.3\.\d+$/);
    expect(nic?.attributes['occi.networkinterface.mac']).toBe(endpoint?.MacAddress);
    expect(nic?.attributes['occi.networkinterface.address']).toBe(`${endpoint?.IPAddress}/24`);
    expect(nic?.mixins).toContain(IPNETWORKINTERFACE_MIXIN);
    expect(nic?.attributes['occi.networkinterface.state']).toBe('active');
    expect(Object.keys((await containerOf(vm.location!))?.NetworkSettings.Networks ?? {})).toEqual([
      `occi${net.location!.replaceAll('/', '-')}`,
    ]);

    // A second network, connected to the running compute, then disconnected.
    const other = await provider.create(alice, { kind: NETWORK_KIND });
    // The engine chose the subnet; the network reports it.
    const subnet = String(other.attributes['occi.network.address']);
    expect(other.mixins).toContain(IPNETWORK_MIXIN);
    expect(subnet).toMatch(/^\d+\.\d+\.\d+\.0\/24$/);
    const staticAddress = subnet.replace(/\.0\/24$/, '.7');
    const nic2 = await provider.create(alice, {
      kind: NETWORKINTERFACE_KIND,
      source: { location: vm.location! },
      target: { location: other.location! },
      mixins: [IPNETWORKINTERFACE_MIXIN],
      attributes: {
        'occi.networkinterface.address': staticAddress,
        'occi.networkinterface.allocation': 'static',
      },
    });
    expect(nic2.attributes['occi.networkinterface.address']).toBe(`${staticAddress}/24`);
    const name2 = `occi${other.location!.replaceAll('/', '-')}`;
    expect((await containerOf(vm.location!))?.NetworkSettings.Networks[name2]).toBeDefined();
    await provider.delete(alice, nic2.location!);
    expect((await containerOf(vm.location!))?.NetworkSettings.Networks[name2]).toBeUndefined();

    // up and down change the state only (an engine network cannot be taken down): interfaces still connect.
    await provider.invoke(
      alice,
      { location: other.location! },
      { action: NETWORK_DOWN_ACTION, attributes: {} },
    );
    const onDown = await provider.create(alice, {
      kind: NETWORKINTERFACE_KIND,
      source: { location: vm.location! },
      target: { location: other.location! },
    });
    expect((await containerOf(vm.location!))?.NetworkSettings.Networks[name2]).toBeDefined();
    await provider.delete(alice, onDown.location!);

    // Deleting a network disconnects its computes and removes its interfaces.
    await provider.delete(alice, net.location!);
    expect(
      await engine.client.find(`/networks/occi${net.location!.replaceAll('/', '-')}`, 'inspect'),
    ).toBeUndefined();
    expect(
      (await provider.get(alice, vm.location!)).links?.some((l) => l.kind === NETWORKINTERFACE_KIND),
    ).toBe(false);
    await provider.delete(alice, vm.location!);
    await provider.delete(alice, other.location!);
  });
});

describe('an unreachable engine', () => {
  it('is a 503 naming the address', async () => {
    const error = await failure(
      dockerProvider({
        store: new MemoryStore(),
        engine: 'unix:///nonexistent/occi-test/missing.sock',
        defaultImage: TEST_IMAGE,
      }),
    );
    expect(error).toBeInstanceOf(OcciError);
    expect(error.kind).toBe('unavailable');
    expect(error.message).toContain('unix:///nonexistent/occi-test/missing.sock');
  });
});
