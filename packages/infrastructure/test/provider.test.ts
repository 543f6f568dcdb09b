/** End to end through @occi/core's reference provider. */
import {
  createReferenceProvider,
  MemoryStore,
  Model,
  mixinFromDefinition,
  type OcciError,
  typeIdentifier,
} from '@occi/core';
import { describe, expect, it } from 'vitest';
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
  NETWORK_UP_ACTION,
  NETWORKINTERFACE_KIND,
  OS_TPL,
  osTemplates,
  RESOURCE_TPL,
  SAVED_FROM_ATTRIBUTE,
  SSH_KEY_MIXIN,
  STORAGE_KIND,
  STORAGE_OFFLINE_ACTION,
  STORAGE_ONLINE_ACTION,
  STORAGELINK_KIND,
  USER_DATA_MIXIN,
} from '../src/index.js';

const alice = { user: 'alice' };
const bob = { user: 'bob' };
const DEBIAN = 'http://occi.example/os_tpl#debian-12';
const UBUNTU = 'http://occi.example/os_tpl#ubuntu-24.04';

function setup() {
  const model = Model.create([infrastructure, osTemplates]);
  return createReferenceProvider({ model, store: new MemoryStore() });
}

async function rejection(promise: Promise<unknown>): Promise<OcciError> {
  try {
    await promise;
  } catch (error) {
    return error as OcciError;
  }
  throw new Error('expected a rejection');
}

const act = (p: ReturnType<typeof setup>, location: string, action: string, attributes = {}) =>
  p.invoke(alice, { location }, { action, attributes });

describe('Compute lifecycle', () => {
  it('create → start → suspend → start → stop, listing the applicable actions', async () => {
    const p = setup();
    const vm = await p.create(alice, { kind: COMPUTE_KIND, attributes: { 'occi.compute.cores': 2 } });
    expect(vm.location).toMatch(/^\/compute\/[0-9a-f-]{36}$/);
    expect(vm.attributes).toEqual({ 'occi.compute.cores': 2, 'occi.compute.state': 'inactive' });
    expect(vm.actions).toEqual([COMPUTE_START_ACTION]);
    const at = vm.location!;
    const started = (await act(p, at, COMPUTE_START_ACTION)).entities[0]!;
    expect(started.attributes['occi.compute.state']).toBe('active');
    expect(started.actions).toEqual([
      COMPUTE_STOP_ACTION,
      COMPUTE_RESTART_ACTION,
      COMPUTE_SUSPEND_ACTION,
      COMPUTE_SAVE_ACTION,
    ]);
    const suspended = (await act(p, at, COMPUTE_SUSPEND_ACTION, { method: 'hibernate' })).entities[0]!;
    expect(suspended.attributes['occi.compute.state']).toBe('suspended');
    expect(suspended.actions).toEqual([COMPUTE_START_ACTION]);
    expect((await act(p, at, COMPUTE_START_ACTION)).entities[0]!.attributes['occi.compute.state']).toBe(
      'active',
    );
    expect(
      (await act(p, at, COMPUTE_RESTART_ACTION, { method: 'warm' })).entities[0]!.attributes[
        'occi.compute.state'
      ],
    ).toBe('active');
    const stopped = (await act(p, at, COMPUTE_STOP_ACTION, { method: 'acpioff' })).entities[0]!;
    expect(stopped.attributes['occi.compute.state']).toBe('inactive');
    expect((await p.get(alice, at)).attributes['occi.compute.state']).toBe('inactive');
  });

  it('refuses actions the state does not allow with a conflict, leaving the compute unchanged', async () => {
    const p = setup();
    const vm = await p.create(alice, { kind: COMPUTE_KIND });
    const at = vm.location!;
    for (const action of [
      COMPUTE_STOP_ACTION,
      COMPUTE_SUSPEND_ACTION,
      COMPUTE_RESTART_ACTION,
      COMPUTE_SAVE_ACTION,
    ]) {
      const error = await rejection(act(p, at, action));
      expect(error).toMatchObject({ kind: 'conflict', code: 'action-not-applicable' });
      expect(error.message).toContain('in state inactive');
    }
    await act(p, at, COMPUTE_START_ACTION);
    expect(await rejection(act(p, at, COMPUTE_START_ACTION))).toMatchObject({ kind: 'conflict' });
    const after = await p.get(alice, at);
    expect(after.attributes['occi.compute.state']).toBe('active');
    expect(after.version).toBe('2');
  });

  it('refuses method values outside the table', async () => {
    const p = setup();
    const vm = await p.create(alice, { kind: COMPUTE_KIND });
    await act(p, vm.location!, COMPUTE_START_ACTION);
    for (const [action, method] of [
      [COMPUTE_STOP_ACTION, 'warm'],
      [COMPUTE_RESTART_ACTION, 'poweroff'],
      [COMPUTE_SUSPEND_ACTION, 'graceful'],
      [COMPUTE_SAVE_ACTION, 'cold'],
    ] as const) {
      const error = await rejection(act(p, vm.location!, action, { method }));
      expect(error).toMatchObject({ kind: 'bad-request', code: 'attribute-type' });
      expect(error.message).toContain(`"${method}" is not one of`);
    }
  });

  it('refuses a client-set state and attributes the document does not define (erratum 5)', async () => {
    const p = setup();
    expect(
      await rejection(
        p.create(alice, { kind: COMPUTE_KIND, attributes: { 'occi.compute.state': 'active' } }),
      ),
    ).toMatchObject({ kind: 'bad-request', code: 'immutable-attribute' });
    const error = await rejection(
      p.create(alice, { kind: COMPUTE_KIND, attributes: { 'occi.compute.speed': 2 } }),
    );
    expect(error).toMatchObject({ kind: 'bad-request', code: 'unknown-attribute' });
    expect(error.message).toContain('occi.compute.speed');
  });
});

describe('Compute save', () => {
  it('returns the new OS template, which the caller can then use', async () => {
    const p = setup();
    const vm = await p.create(alice, { kind: COMPUTE_KIND, mixins: [DEBIAN] });
    await act(p, vm.location!, COMPUTE_START_ACTION);
    const result = await act(p, vm.location!, COMPUTE_SAVE_ACTION, { name: 'golden', method: 'hot' });
    expect(result.entities[0]!.attributes['occi.compute.state']).toBe('active');
    expect(result.categories).toHaveLength(1);
    const saved = result.categories[0]!;
    expect(saved).toMatchObject({
      class: 'mixin',
      scheme: 'http://occi.example/os_tpl#',
      term: 'golden',
      depends: [OS_TPL],
      applies: [COMPUTE_KIND],
      location: '/os_tpl/golden/',
      owner: 'alice',
    });
    const model = await p.model(alice);
    expect(
      model.mixin('http://occi.example/os_tpl#golden')?.attributes.get(SAVED_FROM_ATTRIBUTE)?.default,
    ).toBe(vm.location);
    // The template is the caller's: bob does not see it.
    expect((await p.model(bob)).mixin('http://occi.example/os_tpl#golden')).toBeUndefined();
    const clone = await p.create(alice, {
      kind: COMPUTE_KIND,
      mixins: ['http://occi.example/os_tpl#golden'],
    });
    expect(clone.attributes[SAVED_FROM_ATTRIBUTE]).toBe(vm.location);
    // Saving again under the same name gives another term.
    const again = await act(p, vm.location!, COMPUTE_SAVE_ACTION, { name: 'golden' });
    expect(again.categories[0]?.term).toBe('golden-2');
  });

  it('gives bob his own term when alice holds the name', async () => {
    const p = setup();
    for (const caller of [alice, bob]) {
      const vm = await p.create(caller, { kind: COMPUTE_KIND });
      await p.invoke(caller, { location: vm.location! }, { action: COMPUTE_START_ACTION, attributes: {} });
      const r = await p.invoke(
        caller,
        { location: vm.location! },
        { action: COMPUTE_SAVE_ACTION, attributes: { name: 'base' } },
      );
      if (caller === alice) expect(r.categories[0]?.term).toBe('base');
      else expect(r.categories[0]?.term).toMatch(/^base-[0-9a-f]{8}$/);
    }
  });
});

describe('templates (§3.5)', () => {
  it('replaces the OS template on association of another one', async () => {
    const p = setup();
    const vm = await p.create(alice, { kind: COMPUTE_KIND, mixins: [DEBIAN] });
    expect(vm.attributes['occi.compute.architecture']).toBe('x64');
    const updated = await p.update(alice, vm.location!, { mixins: [UBUNTU] });
    expect(updated.mixins).toEqual([UBUNTU]);
    await p.associate(alice, DEBIAN, [vm.location!]);
    expect((await p.get(alice, vm.location!)).mixins).toEqual([DEBIAN]);
  });

  it('refuses two OS templates at creation', async () => {
    const p = setup();
    expect(await rejection(p.create(alice, { kind: COMPUTE_KIND, mixins: [DEBIAN, UBUNTU] }))).toMatchObject({
      kind: 'bad-request',
      code: 'duplicate',
    });
  });

  it('keeps the client’s values over OS template defaults (not overriding)', async () => {
    const p = setup();
    const vm = await p.create(alice, {
      kind: COMPUTE_KIND,
      mixins: [DEBIAN],
      attributes: { 'occi.compute.architecture': 'x86' },
    });
    expect(vm.attributes['occi.compute.architecture']).toBe('x86');
  });

  it('lets a provider resource template override the instance’s size attributes', async () => {
    const big = {
      name: 'flavours',
      mixins: [
        {
          scheme: 'http://occi.example/flavour#',
          term: 'big',
          depends: [RESOURCE_TPL],
          applies: [COMPUTE_KIND],
          location: '/flavour/big/',
          attributes: { 'occi.compute.cores': { type: 'number' as const, default: 16 } },
        },
      ],
    };
    const p = createReferenceProvider({
      model: Model.create([infrastructure, big]),
      store: new MemoryStore(),
    });
    const vm = await p.create(alice, {
      kind: COMPUTE_KIND,
      mixins: ['http://occi.example/flavour#big'],
      attributes: { 'occi.compute.cores': 2 },
    });
    expect(vm.attributes['occi.compute.cores']).toBe(16);
  });
});

describe('Storage and Network', () => {
  it('takes storage offline → online → offline and refuses the rest', async () => {
    const p = setup();
    const disk = await p.create(alice, { kind: STORAGE_KIND, attributes: { 'occi.storage.size': 10.5 } });
    expect(disk.location).toMatch(/^\/storage\//);
    expect(disk.attributes['occi.storage.state']).toBe('offline');
    expect(disk.actions).toEqual([STORAGE_ONLINE_ACTION]);
    expect(await rejection(act(p, disk.location!, STORAGE_OFFLINE_ACTION))).toMatchObject({
      kind: 'conflict',
    });
    expect(
      (await act(p, disk.location!, STORAGE_ONLINE_ACTION)).entities[0]!.attributes['occi.storage.state'],
    ).toBe('online');
    expect(
      (await act(p, disk.location!, STORAGE_OFFLINE_ACTION)).entities[0]!.attributes['occi.storage.state'],
    ).toBe('offline');
    // Resizing is an update (1.2 removed the resize action).
    const resized = await p.update(alice, disk.location!, { attributes: { 'occi.storage.size': 20 } });
    expect(resized.attributes['occi.storage.size']).toBe(20);
  });

  it('requires occi.storage.size (multiplicity 1)', async () => {
    const error = await rejection(setup().create(alice, { kind: STORAGE_KIND }));
    expect(error).toMatchObject({ kind: 'bad-request', code: 'missing-required-attribute' });
    expect(error.message).toContain('occi.storage.size');
  });

  it('brings a network up and down, with the IPNetwork mixin and table examples', async () => {
    const p = setup();
    const net = await p.create(alice, {
      kind: NETWORK_KIND,
      mixins: [IPNETWORK_MIXIN],
      attributes: {
        'occi.network.vlan': 343,
        'occi.network.label': 'external-dmz',
        'occi.network.address': '192.168.0.1/24',
        'occi.network.gateway': '192.168.0.1',
        'occi.network.allocation': 'static',
      },
    });
    expect(net.attributes['occi.network.state']).toBe('inactive');
    expect(await rejection(act(p, net.location!, NETWORK_DOWN_ACTION))).toMatchObject({ kind: 'conflict' });
    expect(
      (await act(p, net.location!, NETWORK_UP_ACTION)).entities[0]!.attributes['occi.network.state'],
    ).toBe('active');
    expect(
      (await act(p, net.location!, NETWORK_DOWN_ACTION)).entities[0]!.attributes['occi.network.state'],
    ).toBe('inactive');
  });

  it('refuses a VLAN out of range, a gateway outside the network and the mixin on a compute', async () => {
    const p = setup();
    expect(
      await rejection(p.create(alice, { kind: NETWORK_KIND, attributes: { 'occi.network.vlan': 4096 } })),
    ).toMatchObject({
      kind: 'bad-request',
    });
    const outside = await rejection(
      p.create(alice, {
        kind: NETWORK_KIND,
        mixins: [IPNETWORK_MIXIN],
        attributes: { 'occi.network.address': '10.0.0.0/8', 'occi.network.gateway': '192.168.0.1' },
      }),
    );
    expect(outside).toMatchObject({ kind: 'bad-request', code: 'attribute-pattern' });
    expect(outside.message).toContain('not inside the network address range 10.0.0.0/8');
    expect(await rejection(p.create(alice, { kind: COMPUTE_KIND, mixins: [IPNETWORK_MIXIN] }))).toMatchObject(
      {
        kind: 'bad-request',
      },
    );
  });
});

describe('links', () => {
  async function machineAndNetwork(p: ReturnType<typeof setup>) {
    const vm = await p.create(alice, { kind: COMPUTE_KIND });
    const net = await p.create(alice, {
      kind: NETWORK_KIND,
      mixins: [IPNETWORK_MIXIN],
      attributes: { 'occi.network.address': '192.168.0.0/24' },
    });
    return { vm: vm.location!, net: net.location! };
  }

  it('names interfaces eth0, eth1…, gives MACs and starts them active', async () => {
    const p = setup();
    const { vm, net } = await machineAndNetwork(p);
    const first = await p.create(alice, {
      kind: NETWORKINTERFACE_KIND,
      source: { location: vm },
      target: { location: net },
    });
    const second = await p.create(alice, {
      kind: NETWORKINTERFACE_KIND,
      mixins: [IPNETWORKINTERFACE_MIXIN],
      source: { location: vm },
      target: { location: net },
      attributes: {
        'occi.networkinterface.mac': '00:80:41:ae:fd:7e',
        'occi.networkinterface.address': '192.168.0.100',
        'occi.networkinterface.gateway': '192.168.0.1',
        'occi.networkinterface.allocation': 'dynamic',
      },
    });
    expect(first.location).toMatch(/^\/networkinterface\//);
    expect(first.attributes['occi.networkinterface.interface']).toBe('eth0');
    expect(first.attributes['occi.networkinterface.mac']).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
    expect(first.attributes['occi.networkinterface.state']).toBe('active');
    expect(first.actions).toEqual([]);
    expect(second.attributes['occi.networkinterface.interface']).toBe('eth1');
    expect(second.attributes['occi.networkinterface.mac']).toBe('00:80:41:ae:fd:7e');
    expect(second.target).toEqual({ location: net, kind: NETWORK_KIND });
  });

  it('names the interface itself: a client value other than the server’s is refused (Core §5.2)', async () => {
    const p = setup();
    const { vm, net } = await machineAndNetwork(p);
    const link = { kind: NETWORKINTERFACE_KIND, source: { location: vm }, target: { location: net } };
    const error = await rejection(
      p.create(alice, { ...link, attributes: { 'occi.networkinterface.interface': 'eth5' } }),
    );
    expect(error).toMatchObject({ kind: 'bad-request', code: 'immutable-attribute' });
    expect(error.message).toContain('occi.networkinterface.interface');
    const echoed = await p.create(alice, {
      ...link,
      attributes: { 'occi.networkinterface.interface': 'eth0' },
    });
    expect(echoed.attributes['occi.networkinterface.interface']).toBe('eth0');
  });

  it('names inline links of a new compute in order', async () => {
    const p = setup();
    const { net } = await machineAndNetwork(p);
    const vm = await p.create(alice, {
      kind: COMPUTE_KIND,
      links: [
        {
          id: 'urn:uuid:nic-a',
          kind: NETWORKINTERFACE_KIND,
          mixins: [],
          attributes: {},
          target: { location: net },
        },
        {
          id: 'urn:uuid:nic-b',
          kind: NETWORKINTERFACE_KIND,
          mixins: [],
          attributes: {},
          target: { location: net },
        },
      ],
    });
    expect(vm.links?.map((l) => l.attributes['occi.networkinterface.interface']).sort()).toEqual([
      'eth0',
      'eth1',
    ]);
  });

  it('refuses an interface address outside the target network, and missing IP attributes', async () => {
    const p = setup();
    const { vm, net } = await machineAndNetwork(p);
    const base = {
      kind: NETWORKINTERFACE_KIND,
      mixins: [IPNETWORKINTERFACE_MIXIN],
      source: { location: vm },
      target: { location: net },
    };
    const outside = await rejection(
      p.create(alice, {
        ...base,
        attributes: {
          'occi.networkinterface.address': '10.1.1.1',
          'occi.networkinterface.allocation': 'static',
        },
      }),
    );
    expect(outside).toMatchObject({ kind: 'bad-request', code: 'attribute-pattern' });
    const missing = await rejection(
      p.create(alice, { ...base, attributes: { 'occi.networkinterface.address': '192.168.0.7' } }),
    );
    expect(missing).toMatchObject({ code: 'missing-required-attribute' });
    expect(missing.message).toContain('occi.networkinterface.allocation');
  });

  it('attaches storage with a provider device id, or the client’s', async () => {
    const p = setup();
    const vm = await p.create(alice, { kind: COMPUTE_KIND });
    const disk = await p.create(alice, { kind: STORAGE_KIND, attributes: { 'occi.storage.size': 1 } });
    const link = await p.create(alice, {
      kind: STORAGELINK_KIND,
      source: { location: vm.location! },
      target: { location: disk.location! },
      attributes: { 'occi.storagelink.mountpoint': '/data' },
    });
    expect(link.location).toMatch(/^\/storagelink\//);
    expect(link.attributes).toEqual({
      'occi.storagelink.deviceid': '/dev/vdb',
      'occi.storagelink.mountpoint': '/data',
      'occi.storagelink.state': 'active',
    });
    const second = await p.create(alice, {
      kind: STORAGELINK_KIND,
      source: { location: vm.location! },
      target: { location: disk.location! },
      attributes: { 'occi.storagelink.deviceid': 'cdmi:42' },
    });
    expect(second.attributes['occi.storagelink.deviceid']).toBe('cdmi:42');
  });
});

describe('link endpoint kinds (Infrastructure §3.4)', () => {
  async function resources(p: ReturnType<typeof setup>) {
    const vm = (await p.create(alice, { kind: COMPUTE_KIND })).location!;
    const net = (await p.create(alice, { kind: NETWORK_KIND })).location!;
    const disk = (await p.create(alice, { kind: STORAGE_KIND, attributes: { 'occi.storage.size': 1 } }))
      .location!;
    return { vm, net, disk };
  }

  it('§3.4.2: a StorageLink targets a Storage', async () => {
    const p = setup();
    const { vm, net, disk } = await resources(p);
    const error = await rejection(
      p.create(alice, { kind: STORAGELINK_KIND, source: { location: vm }, target: { location: net } }),
    );
    expect(error).toMatchObject({ kind: 'bad-request', code: 'invalid-link' });
    expect(error.problems).toEqual([
      {
        code: 'invalid-link',
        message: `link target ${net} is a ${NETWORK_KIND}; a ${STORAGELINK_KIND} link's target must be a ${STORAGE_KIND} (Infrastructure §3.4.2)`,
        attribute: 'occi.core.target',
        category: STORAGELINK_KIND,
        location: net,
      },
    ]);
    expect(await p.list(alice, { collection: { kind: STORAGELINK_KIND } })).toEqual([]);
    // "from a Resource": the source may be any resource.
    const fromNetwork = await p.create(alice, {
      kind: STORAGELINK_KIND,
      source: { location: net },
      target: { location: disk },
    });
    expect(fromNetwork.target).toEqual({ location: disk, kind: STORAGE_KIND });
  });

  it('§3.4.1: a NetworkInterface joins a Compute to a Network', async () => {
    const p = setup();
    const { vm, net, disk } = await resources(p);
    const toStorage = await rejection(
      p.create(alice, { kind: NETWORKINTERFACE_KIND, source: { location: vm }, target: { location: disk } }),
    );
    expect(toStorage).toMatchObject({ kind: 'bad-request', code: 'invalid-link' });
    expect(toStorage.message).toBe(
      `link target ${disk} is a ${STORAGE_KIND}; a ${NETWORKINTERFACE_KIND} link's target must be a ${NETWORK_KIND} (Infrastructure §3.4.1)`,
    );
    const fromStorage = await rejection(
      p.create(alice, { kind: NETWORKINTERFACE_KIND, source: { location: disk }, target: { location: net } }),
    );
    expect(fromStorage).toMatchObject({ kind: 'bad-request', code: 'invalid-link' });
    expect(fromStorage.message).toBe(
      `link source ${disk} is a ${STORAGE_KIND}; a ${NETWORKINTERFACE_KIND} link's source must be a ${COMPUTE_KIND} (Infrastructure §3.4.1)`,
    );
    const inline = await rejection(
      p.create(alice, {
        kind: STORAGE_KIND,
        attributes: { 'occi.storage.size': 1 },
        links: [
          {
            id: 'urn:uuid:nic-x',
            kind: NETWORKINTERFACE_KIND,
            mixins: [],
            attributes: {},
            target: { location: net },
          },
        ],
      }),
    );
    expect(inline).toMatchObject({ kind: 'bad-request', code: 'invalid-link' });
    expect(await p.list(alice, { collection: { kind: NETWORKINTERFACE_KIND } })).toEqual([]);
    const ok = await p.create(alice, {
      kind: NETWORKINTERFACE_KIND,
      source: { location: vm },
      target: { location: net },
    });
    expect(ok.source).toEqual({ location: vm, kind: COMPUTE_KIND });
  });

  it('lets a target outside the provider through unless the client names a wrong kind', async () => {
    const p = setup();
    const { vm } = await resources(p);
    const cdmi = 'http://cdmi.example.org/container/1';
    const external = await p.create(alice, {
      kind: STORAGELINK_KIND,
      source: { location: vm },
      target: { location: cdmi },
    });
    expect(external.target?.location).toBe(cdmi);
    const named = await rejection(
      p.create(alice, {
        kind: STORAGELINK_KIND,
        source: { location: vm },
        target: { location: cdmi, kind: NETWORK_KIND },
      }),
    );
    expect(named).toMatchObject({ kind: 'bad-request', code: 'invalid-link' });
  });
});

describe('credentials and contextualization', () => {
  it('requires the public key with ssh_key', async () => {
    const p = setup();
    expect(await rejection(p.create(alice, { kind: COMPUTE_KIND, mixins: [SSH_KEY_MIXIN] }))).toMatchObject({
      code: 'missing-required-attribute',
    });
    const vm = await p.create(alice, {
      kind: COMPUTE_KIND,
      mixins: [SSH_KEY_MIXIN],
      attributes: { 'occi.credentials.ssh.publickey': 'ssh-ed25519 AAAAC3Nza alice@example.org' },
    });
    expect(vm.mixins).toEqual([SSH_KEY_MIXIN]);
  });

  it('takes user data once and refuses to change it', async () => {
    const p = setup();
    const vm = await p.create(alice, {
      kind: COMPUTE_KIND,
      mixins: [USER_DATA_MIXIN],
      attributes: { 'occi.compute.userdata': '#!/bin/sh\necho hi' },
    });
    const error = await rejection(
      p.update(alice, vm.location!, { attributes: { 'occi.compute.userdata': 'echo bye' } }),
    );
    expect(error).toMatchObject({ kind: 'bad-request', code: 'immutable-attribute' });
    // Sending the same value back (a full representation) is not a change.
    const same = await p.update(alice, vm.location!, {
      attributes: { 'occi.compute.userdata': '#!/bin/sh\necho hi', 'occi.compute.hostname': 'vm1' },
    });
    expect(same.attributes['occi.compute.hostname']).toBe('vm1');
    expect(same.attributes['occi.compute.userdata']).toBe('#!/bin/sh\necho hi');
  });
});

describe('user mixins over the Infrastructure kinds (Core §5.3.2, §5.3.4, §5.5.1)', () => {
  const X = 'http://example.com/alice#';
  const user = (term: string, more: Record<string, unknown> = {}) =>
    mixinFromDefinition({ scheme: X, term, location: `/${term}/`, ...more }, 'alice');

  it('a mixin depending on ssh_key goes on computes only: ssh_key applies to compute', async () => {
    const p = setup();
    await p.defineMixins(alice, [user('keyed', { depends: [SSH_KEY_MIXIN] })]);
    const key = { 'occi.credentials.ssh.publickey': 'ssh-ed25519 AAAAC3Nza alice@example.org' };
    const error = await rejection(
      p.create(alice, { kind: NETWORK_KIND, mixins: [`${X}keyed`], attributes: key }),
    );
    expect(error.problems).toEqual([
      {
        code: 'mixin-not-applicable',
        message: `mixin ${X}keyed depends on mixin ${SSH_KEY_MIXIN}, which applies to ${COMPUTE_KIND}, not to ${NETWORK_KIND} (Core §5.3.4)`,
        category: `${X}keyed`,
      },
    ]);
    const network = await p.create(alice, { kind: NETWORK_KIND });
    expect(await rejection(p.associate(alice, `${X}keyed`, [network.location!]))).toMatchObject({
      kind: 'bad-request',
      code: 'mixin-not-applicable',
      message: `mixin ${X}keyed depends on mixin ${SSH_KEY_MIXIN}, which applies to ${COMPUTE_KIND}, not to ${NETWORK_KIND} (Core §5.3.4) (${network.location})`,
    });
    expect((await p.get(alice, network.location!)).mixins).toEqual([]);
    const vm = await p.create(alice, { kind: COMPUTE_KIND, mixins: [`${X}keyed`], attributes: key });
    expect(vm.mixins).toEqual([`${X}keyed`]);
  });

  it('refuses a mixin applying to networks that depends on ssh_key, naming both', async () => {
    const p = setup();
    const error = await rejection(
      p.defineMixins(alice, [user('mixed', { depends: [SSH_KEY_MIXIN], applies: [NETWORK_KIND] })]),
    );
    expect(error.problems.map((x) => x.message)).toEqual([
      `mixin ${X}mixed can go on no entity: it applies to ${NETWORK_KIND}, but depends on ${SSH_KEY_MIXIN}, which applies to ${COMPUTE_KIND}; no kind satisfies both (Core §5.3.4)`,
    ]);
  });

  it('a user template may refine occi.compute.cores, not change its mutability or type', async () => {
    const p = setup();
    const cores = (spec: Record<string, unknown>) =>
      user('big', { attributes: { 'occi.compute.cores': spec } });
    const immutable = await rejection(p.defineMixins(alice, [cores({ type: 'number', default: 3 })]));
    expect(immutable.problems.map((x) => x.message)).toEqual([
      `mixin ${X}big: attribute occi.compute.cores is immutable, but ${COMPUTE_KIND} defines it mutable; a mixin may refine only the default, pattern and description of an attribute it inherits (Core §5.3.2)`,
    ]);
    const text = await rejection(
      p.defineMixins(alice, [cores({ type: 'string', mutable: true, default: 'many' })]),
    );
    expect(text.problems.map((x) => x.message)).toEqual([
      `mixin ${X}big: attribute occi.compute.cores is of type string, but ${COMPUTE_KIND} defines it of type number; a mixin may refine only the default, pattern and description of an attribute it inherits (Core §5.3.2)`,
    ]);
    const required = await rejection(
      p.defineMixins(alice, [
        user('host', {
          attributes: { 'occi.compute.hostname': { type: 'string', mutable: true, required: true } },
        }),
      ]),
    );
    expect(required.problems.map((x) => x.attribute)).toEqual(['occi.compute.hostname']);
    expect(required.problems[0]!.message).toContain('is required, but');
    await p.defineMixins(alice, [cores({ type: 'number', mutable: true, default: 8 })]);
    const vm = await p.create(alice, { kind: COMPUTE_KIND, mixins: [`${X}big`] });
    expect(vm.attributes['occi.compute.cores']).toBe(8);
    // Mutable, as discovery says.
    const updated = await p.update(alice, vm.location!, { attributes: { 'occi.compute.cores': 2 } });
    expect(updated.attributes['occi.compute.cores']).toBe(2);
  });

  it('Core §5.5.1: refuses attribute names without a prefix, and occi. names the kinds do not define', async () => {
    const p = setup();
    const bare = await rejection(
      p.defineMixins(alice, [user('np', { attributes: { size: { type: 'number', mutable: true } } })]),
    );
    expect(bare.problems.map((x) => x.message)).toEqual([
      `mixin ${X}np: attribute size has no name prefix; Core §5.5.1 requires one, e.g. "com.example.size"`,
    ]);
    const foreign = await rejection(
      p.defineMixins(alice, [
        user('ss', {
          applies: [COMPUTE_KIND],
          attributes: { 'occi.storage.size': { type: 'number', mutable: true } },
        }),
      ]),
    );
    expect(foreign.problems.map((x) => x.message)).toEqual([
      `mixin ${X}ss: attribute occi.storage.size uses the reserved "occi." prefix but refines no attribute of the kinds it applies to (${COMPUTE_KIND}); use a reverse-domain prefix such as "com.example."`,
    ]);
    // The same name on a mixin applying to storage refines Storage's size.
    await p.defineMixins(alice, [
      user('big_disk', {
        applies: [STORAGE_KIND],
        attributes: { 'occi.storage.size': { type: 'number', mutable: true, required: true, default: 100 } },
      }),
    ]);
  });
});

describe('every mixin of the Infrastructure extensions (Core §5.3.2)', () => {
  it('renders in discovery the type, mutability and required-ness the server enforces', () => {
    const model = Model.create([infrastructure, osTemplates]);
    let checked = 0;
    for (const m of model.mixins())
      for (const k of model.kinds()) {
        if (!model.isInstantiable(typeIdentifier(k)) || !model.applies(m, typeIdentifier(k))) continue;
        const enforced = model.attributes(typeIdentifier(k), [typeIdentifier(m)]);
        for (const [name, rendered] of m.attributes) {
          const e = enforced.get(name)!;
          expect([name, rendered.type, rendered.mutable, rendered.required]).toEqual([
            name,
            e.type,
            e.mutable,
            e.required,
          ]);
          checked++;
        }
      }
    expect(checked).toBeGreaterThan(10);
  });
});
