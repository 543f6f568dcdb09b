import type { Entity, StateMachine } from '@occi/core';
import { conflict, Model } from '@occi/core';
import { describe, expect, it } from 'vitest';
import {
  COMPUTE_KIND,
  COMPUTE_SAVE_ACTION,
  computeStateMachine,
  IPNETWORK_MIXIN,
  IPNETWORKINTERFACE_MIXIN,
  infrastructure,
  initialiseNetworkInterface,
  initialiseStorageLink,
  NETWORK_KIND,
  NETWORKINTERFACE_KIND,
  networkInterfaceStateMachine,
  networkStateMachine,
  OS_TPL,
  osTemplates,
  randomMacAddress,
  SAVED_FROM_ATTRIBUTE,
  STORAGE_KIND,
  STORAGELINK_KIND,
  storageLinkStateMachine,
  storageStateMachine,
  USER_DATA_MIXIN,
  validateIpNetwork,
  validateIpNetworkInterface,
  validateNetworkInterface,
  validateUserData,
} from '../src/index.js';
import { actionContext, lifecycleContext } from './fixtures/contexts.js';
import { MACHINES, TRANSITIONS } from './fixtures/infrastructure-tables.js';

const model = Model.create([infrastructure, osTemplates]);

function machineOf(kind: string): StateMachine {
  const machine = model.behaviour(kind)?.stateMachine;
  if (!machine) throw new Error(`no state machine for ${kind}`);
  return machine;
}

/** What the machine does with `action` in `state`: the next state, or undefined when refused. */
function step(machine: StateMachine, state: string, term: string): string | undefined {
  return machine.transitions.find((t) => t.action.endsWith(`#${term}`) && t.from.includes(state))?.to;
}

describe('state machines (STATE-MACHINES.md)', () => {
  it('attaches each machine to its kind, with the initial state and error state', () => {
    for (const m of MACHINES) {
      const machine = machineOf(m.kind);
      expect(machine.attribute).toBe(m.attribute);
      expect(machine.messageAttribute).toBe(`${m.attribute}.message`);
      expect(machine.initial).toBe(m.initial);
      expect(machine.errorState).toBe('error');
      const enumValues = model.get(m.kind)?.attributes.get(m.attribute)?.pattern?.enum;
      expect(enumValues).toEqual(m.states);
    }
  });

  it.each(TRANSITIONS)('%s: %s --%s--> %s', (kind, from, term, to) => {
    expect(step(machineOf(kind), from, term)).toBe(to);
  });

  it('lists no transition beyond the tables', () => {
    const count = (m: StateMachine) => m.transitions.reduce((n, t) => n + t.from.length, 0);
    expect(count(computeStateMachine)).toBe(6);
    expect(count(storageStateMachine)).toBe(2);
    expect(count(networkStateMachine)).toBe(2);
    expect(networkInterfaceStateMachine.transitions).toEqual([]);
    expect(storageLinkStateMachine.transitions).toEqual([]);
  });

  it('refuses the transitions the tables do not list', () => {
    const compute = machineOf(COMPUTE_KIND);
    expect(step(compute, 'inactive', 'stop')).toBeUndefined();
    expect(step(compute, 'inactive', 'suspend')).toBeUndefined();
    expect(step(compute, 'inactive', 'restart')).toBeUndefined();
    expect(step(compute, 'inactive', 'save')).toBeUndefined();
    expect(step(compute, 'suspended', 'stop')).toBeUndefined();
    expect(step(compute, 'suspended', 'suspend')).toBeUndefined();
    expect(step(compute, 'active', 'start')).toBeUndefined();
    expect(step(compute, 'error', 'start')).toBeUndefined();
    expect(step(machineOf(STORAGE_KIND), 'online', 'online')).toBeUndefined();
    expect(step(machineOf(STORAGE_KIND), 'offline', 'offline')).toBeUndefined();
    expect(step(machineOf(NETWORK_KIND), 'active', 'up')).toBeUndefined();
    expect(step(machineOf(NETWORK_KIND), 'inactive', 'down')).toBeUndefined();
  });
});

const compute = (location: string, links: Entity[] = [], attributes: Entity['attributes'] = {}): Entity => ({
  id: `urn:uuid:${location}`,
  kind: COMPUTE_KIND,
  mixins: [],
  attributes: { 'occi.compute.state': 'active', ...attributes },
  location,
  links,
});

const nic = (id: string, source: string, attributes: Entity['attributes'] = {}): Entity => ({
  id,
  kind: NETWORKINTERFACE_KIND,
  mixins: [],
  attributes,
  source: { location: source },
  target: { location: '/network/n1' },
});

describe('NetworkInterface initialise', () => {
  it('names the first interface eth0, gives a MAC and makes the link active', async () => {
    const link = nic('urn:uuid:l1', '/compute/c1');
    await initialiseNetworkInterface(link, lifecycleContext(model, [compute('/compute/c1')]));
    expect(link.attributes['occi.networkinterface.interface']).toBe('eth0');
    expect(link.attributes['occi.networkinterface.mac']).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
    expect(link.attributes['occi.networkinterface.state']).toBe('active');
  });

  it('takes the first free ethN among the source resource’s interfaces', async () => {
    const others = [
      nic('urn:uuid:a', '/compute/c1', { 'occi.networkinterface.interface': 'eth0' }),
      nic('urn:uuid:b', '/compute/c1', { 'occi.networkinterface.interface': 'eth2' }),
    ];
    const link = nic('urn:uuid:l1', '/compute/c1');
    await initialiseNetworkInterface(link, lifecycleContext(model, [compute('/compute/c1', others)]));
    expect(link.attributes['occi.networkinterface.interface']).toBe('eth1');
  });

  it('keeps the MAC and interface name the client gave', async () => {
    const link = nic('urn:uuid:l1', '/compute/c1', {
      'occi.networkinterface.mac': '00:80:41:ae:fd:7e',
      'occi.networkinterface.interface': 'eth7',
    });
    await initialiseNetworkInterface(link, lifecycleContext(model, [compute('/compute/c1')]));
    expect(link.attributes['occi.networkinterface.mac']).toBe('00:80:41:ae:fd:7e');
    expect(link.attributes['occi.networkinterface.interface']).toBe('eth7');
  });

  it('refuses an interface name another interface of the source uses', async () => {
    const others = [nic('urn:uuid:a', '/compute/c1', { 'occi.networkinterface.interface': 'eth0' })];
    const context = lifecycleContext(model, [compute('/compute/c1', others)]);
    const link = nic('urn:uuid:l1', '/compute/c1', { 'occi.networkinterface.interface': 'eth0' });
    expect(await validateNetworkInterface(link, context)).toEqual([
      expect.objectContaining({ code: 'duplicate', attribute: 'occi.networkinterface.interface' }),
    ]);
    link.attributes['occi.networkinterface.interface'] = 'eth1';
    expect(await validateNetworkInterface(link, context)).toEqual([]);
  });
});

describe('randomMacAddress', () => {
  it('is unicast and locally administered', () => {
    for (let i = 0; i < 50; i++) {
      const first = Number.parseInt(randomMacAddress().slice(0, 2), 16);
      expect(first & 0x01).toBe(0);
      expect(first & 0x02).toBe(2);
    }
    expect(randomMacAddress(() => new Uint8Array([0xff, 1, 2, 3, 4, 0xab]))).toBe('fe:01:02:03:04:ab');
    expect(randomMacAddress(() => new Uint8Array([0x00, 0, 0, 0, 0, 0]))).toBe('02:00:00:00:00:00');
  });

  it('differs from call to call', () => {
    expect(new Set(Array.from({ length: 20 }, () => randomMacAddress())).size).toBe(20);
  });
});

describe('StorageLink initialise', () => {
  const link = (id: string, attributes: Entity['attributes'] = {}): Entity => ({
    id,
    kind: STORAGELINK_KIND,
    mixins: [],
    attributes,
    source: { location: '/compute/c1' },
    target: { location: '/storage/s1' },
  });

  it('gives the first free /dev/vdX and makes the link active', async () => {
    const l = link('urn:uuid:l1');
    await initialiseStorageLink(l, lifecycleContext(model, [compute('/compute/c1')]));
    expect(l.attributes).toEqual({
      'occi.storagelink.deviceid': '/dev/vdb',
      'occi.storagelink.state': 'active',
    });
    const others = [link('urn:uuid:a', { 'occi.storagelink.deviceid': '/dev/vdb' })];
    const ephemeral = { 'occi.compute.ephemeral_storage.deviceid': '/dev/vdc' };
    const l2 = link('urn:uuid:l2');
    await initialiseStorageLink(l2, lifecycleContext(model, [compute('/compute/c1', others, ephemeral)]));
    expect(l2.attributes['occi.storagelink.deviceid']).toBe('/dev/vdd');
  });

  it('keeps a device id the client gave (e.g. a CDMI container id, §3.4.3)', async () => {
    const l = link('urn:uuid:l1', { 'occi.storagelink.deviceid': 'cdmi:0000123' });
    await initialiseStorageLink(l, lifecycleContext(model, [compute('/compute/c1')]));
    expect(l.attributes['occi.storagelink.deviceid']).toBe('cdmi:0000123');
  });
});

describe('IPNetwork validate', () => {
  const network = (attributes: Entity['attributes']): Entity => ({
    id: 'urn:uuid:n1',
    kind: NETWORK_KIND,
    mixins: [IPNETWORK_MIXIN],
    attributes,
  });

  it('accepts a gateway inside the range, of either family', () => {
    expect(
      validateIpNetwork(
        network({ 'occi.network.address': '192.168.0.1/24', 'occi.network.gateway': '192.168.0.254' }),
      ),
    ).toEqual([]);
    expect(
      validateIpNetwork(network({ 'occi.network.address': 'fc00::/7', 'occi.network.gateway': 'fc00::' })),
    ).toEqual([]);
    expect(validateIpNetwork(network({ 'occi.network.gateway': '10.0.0.1' }))).toEqual([]);
  });

  it('refuses a gateway outside the range, or of the other family', () => {
    expect(
      validateIpNetwork(
        network({ 'occi.network.address': '192.168.0.0/24', 'occi.network.gateway': '192.168.1.1' }),
      ),
    ).toEqual([
      {
        code: 'attribute-pattern',
        message: 'occi.network.gateway 192.168.1.1 is not inside the network address range 192.168.0.0/24',
        attribute: 'occi.network.gateway',
        category: IPNETWORK_MIXIN,
      },
    ]);
    expect(
      validateIpNetwork(
        network({ 'occi.network.address': 'fc00::/7', 'occi.network.gateway': '192.168.0.1' }),
      ),
    ).toHaveLength(1);
  });
});

describe('IPNetworkInterface validate', () => {
  const net: Entity = {
    id: 'urn:uuid:n1',
    kind: NETWORK_KIND,
    mixins: [IPNETWORK_MIXIN],
    attributes: { 'occi.network.address': '192.168.0.0/24' },
    location: '/network/n1',
  };
  const link = (attributes: Entity['attributes']): Entity => ({
    ...nic('urn:uuid:l1', '/compute/c1', attributes),
    mixins: [IPNETWORKINTERFACE_MIXIN],
  });
  const context = lifecycleContext(model, [net]);

  it('accepts the JSON rendering example values (table names, erratum 6)', async () => {
    const l = link({
      'occi.networkinterface.address': '192.168.0.100',
      'occi.networkinterface.gateway': '192.168.0.1',
      'occi.networkinterface.allocation': 'dynamic',
    });
    expect(await validateIpNetworkInterface(l, context)).toEqual([]);
  });

  it('refuses an address outside the target network and a gateway outside the own prefix', async () => {
    const l = link({
      'occi.networkinterface.address': '10.0.0.5/8',
      'occi.networkinterface.gateway': '11.0.0.1',
    });
    const problems = await validateIpNetworkInterface(l, context);
    expect(problems.map((p) => p.attribute)).toEqual([
      'occi.networkinterface.address',
      'occi.networkinterface.gateway',
    ]);
    expect(problems[0]?.message).toBe(
      'occi.networkinterface.address 10.0.0.5/8 is not inside the address range 192.168.0.0/24 of network /network/n1',
    );
  });

  it('does not judge targets outside the provider or without an address range', async () => {
    const l = link({ 'occi.networkinterface.address': '10.0.0.5' });
    expect(await validateIpNetworkInterface(l, lifecycleContext(model, []))).toEqual([]);
  });
});

describe('user_data validate (§3.5.2.2: once and only once)', () => {
  const vm = (userdata?: string): Entity => ({
    id: 'urn:uuid:c1',
    kind: COMPUTE_KIND,
    mixins: [USER_DATA_MIXIN],
    attributes: userdata === undefined ? {} : { 'occi.compute.userdata': userdata },
  });

  it('accepts the value at creation and the same value again', () => {
    expect(validateUserData(vm('#!/bin/sh'), undefined)).toEqual([]);
    expect(validateUserData(vm('#!/bin/sh'), vm('#!/bin/sh'))).toEqual([]);
    expect(validateUserData(vm('#!/bin/sh'), vm())).toEqual([]);
  });

  it('refuses a changed value with immutable-attribute', () => {
    expect(validateUserData(vm('echo new'), vm('echo old'))).toEqual([
      expect.objectContaining({ code: 'immutable-attribute', attribute: 'occi.compute.userdata' }),
    ]);
  });
});

describe('save (§3.1)', () => {
  const save = model.behaviour(COMPUTE_KIND)!.actions![COMPUTE_SAVE_ACTION]!;
  const vm = compute('/compute/c1');

  it('defines an OS template named after the client, depending on os_tpl, and returns it', async () => {
    const context = actionContext(model, vm, { name: 'my image', method: 'hot' });
    const outcome = await save(context);
    expect(context.defined).toEqual([
      {
        scheme: 'http://occi.example/os_tpl#',
        term: 'my-image',
        title: 'my image',
        depends: [OS_TPL],
        applies: [COMPUTE_KIND],
        location: '/os_tpl/my-image/',
        attributes: {
          [SAVED_FROM_ATTRIBUTE]: {
            type: 'string',
            mutable: false,
            required: false,
            default: '/compute/c1',
            description: 'The Compute instance this OS template was saved from (hot).',
          },
        },
      },
    ]);
    expect(outcome?.categories?.map((c) => `${c.scheme}${c.term}`)).toEqual([
      'http://occi.example/os_tpl#my-image',
    ]);
  });

  it('generates a term without a name, and avoids terms in use', async () => {
    const a = actionContext(model, vm);
    await save(a);
    expect(a.defined[0]?.term).toMatch(/^saved-[0-9a-f]{8}$/);
    expect(a.defined[0]?.title).toBe('Saved from /compute/c1');
    const b = actionContext(model, vm, { name: 'debian-12' });
    await save(b);
    expect(b.defined[0]?.term).toBe('debian-12-2');
  });

  it('falls back to a generated term when another user holds the name', async () => {
    let calls = 0;
    const context = actionContext(model, vm, { name: 'shared' }, async (d) => {
      calls++;
      if (calls === 1) throw conflict('duplicate', `the category ${d.scheme}${d.term} exists already`);
      return (await import('@occi/core')).mixinFromDefinition(d, 'alice');
    });
    const outcome = await save(context);
    expect(context.defined.map((d) => d.term)).toEqual([
      'shared',
      expect.stringMatching(/^shared-[0-9a-f]{8}$/),
    ]);
    expect(outcome?.categories).toHaveLength(1);
  });

  it('passes other failures through', async () => {
    const context = actionContext(model, vm, { name: 'x' }, async () => {
      throw new Error('disk full');
    });
    await expect(save(context)).rejects.toThrow('disk full');
  });
});
