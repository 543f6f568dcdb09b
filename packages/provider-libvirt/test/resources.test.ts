/**
 * Storage, networks and network interfaces against a real libvirt; the
 * refusals of what libvirt imposes (4xx naming why); what a crash leaves,
 * removed at start; and an unreachable daemon.
 */
import { createReferenceProvider, MemoryStore, Model } from '@occi/core';
import { CRTP_SCHEME, crtp } from '@occi/crtp';
import {
  COMPUTE_KIND,
  COMPUTE_START_ACTION,
  COMPUTE_STOP_ACTION,
  IPNETWORK_MIXIN,
  IPNETWORKINTERFACE_MIXIN,
  infrastructure,
  NETWORK_DOWN_ACTION,
  NETWORK_KIND,
  NETWORK_UP_ACTION,
  NETWORKINTERFACE_KIND,
  STORAGE_KIND,
  STORAGELINK_KIND,
} from '@occi/infrastructure';
import { describe, expect, it } from 'vitest';
import { libvirt } from '../src/index.js';
import { alice, failure, POOL, useLibvirt } from './support/setup.js';

const t = useLibvirt();

describe.skipIf(t.missing)('networks and network interfaces', { timeout: 120_000 }, () => {
  const subnet = `10.${100 + (process.pid % 100)}.${process.pid % 200}`;

  it('makes an isolated libvirt network with the given address and gateway, started by up', async () => {
    const net = await t.provider.create(alice, {
      kind: NETWORK_KIND,
      mixins: [IPNETWORK_MIXIN],
      attributes: { 'occi.network.address': `${subnet}.0/24`, 'occi.network.gateway': `${subnet}.1` },
    });
    expect(net.attributes['occi.network.state']).toBe('inactive');
    expect(net.attributes['occi.network.allocation']).toBe('dynamic');
    const xml = t.virsh('net-dumpxml', t.domainName(net.location!));
    expect(xml).not.toContain('<forward');
    expect(xml).toContain(`<ip family='ipv4' address='${subnet}.1' prefix='24'>`);
    expect(xml).toContain(`<range start='${subnet}.2' end='${subnet}.254'/>`);
    expect(t.virsh('net-info', t.domainName(net.location!))).toMatch(/Active:\s+no/);

    const vm = await t.provider.create(alice, {
      kind: COMPUTE_KIND,
      links: [{ kind: NETWORKINTERFACE_KIND, target: { location: net.location!, kind: NETWORK_KIND } }],
    });
    const nic = vm.links?.find((l) => l.kind === NETWORKINTERFACE_KIND);
    const mac = String(nic?.attributes['occi.networkinterface.mac']);
    expect(t.virsh('domiflist', t.domainName(vm.location!))).toMatch(
      new RegExp(`network\\s+${t.domainName(net.location!)}\\s+virtio\\s+${mac}`),
    );
    // A running domain needs its networks running: start is refused, naming the network.
    const refused = await failure(t.act(vm.location!, COMPUTE_START_ACTION));
    expect(refused.kind).toBe('conflict');
    expect(refused.message).toContain('inactive');

    const up = await t.provider.invoke(
      alice,
      { location: net.location! },
      { action: NETWORK_UP_ACTION, attributes: {} },
    );
    expect(up.entities[0]?.attributes['occi.network.state']).toBe('active');
    expect(t.virsh('net-info', t.domainName(net.location!))).toMatch(/Active:\s+yes/);
    await t.act(vm.location!, COMPUTE_START_ACTION);
    // A second NIC, hot-plugged into the running domain with the MAC of its link.
    const second = await t.provider.create(alice, {
      kind: NETWORKINTERFACE_KIND,
      source: { location: vm.location! },
      target: { location: net.location! },
    });
    const secondMac = String(second.attributes['occi.networkinterface.mac']);
    expect(t.virsh('domiflist', t.domainName(vm.location!))).toContain(secondMac);
    expect((await t.provider.get(alice, second.location!)).attributes['occi.networkinterface.state']).toBe(
      'active',
    );
    // A static address of a NIC is a DHCP reservation of its MAC on the network.
    const fixed = await t.provider.create(alice, {
      kind: NETWORKINTERFACE_KIND,
      mixins: [IPNETWORKINTERFACE_MIXIN],
      source: { location: vm.location! },
      target: { location: net.location! },
      attributes: {
        'occi.networkinterface.address': `${subnet}.50`,
        'occi.networkinterface.allocation': 'static',
      },
    });
    const fixedMac = String(fixed.attributes['occi.networkinterface.mac']);
    expect(t.virsh('net-dumpxml', t.domainName(net.location!))).toContain(
      `<host mac='${fixedMac}' ip='${subnet}.50'/>`,
    );
    // Unplugged from a stopped domain (a guest still booting would not release a NIC before libvirt's 5 s wait).
    await t.act(vm.location!, COMPUTE_STOP_ACTION, { method: 'poweroff' });
    await t.provider.delete(alice, second.location!);
    await t.provider.delete(alice, fixed.location!);
    expect(t.virsh('net-dumpxml', t.domainName(net.location!))).not.toContain(fixedMac);
    expect(t.virsh('domiflist', t.domainName(vm.location!))).not.toContain(secondMac);

    await t.provider.delete(alice, vm.location!);
    const down = await t.provider.invoke(
      alice,
      { location: net.location! },
      { action: NETWORK_DOWN_ACTION, attributes: {} },
    );
    expect(down.entities[0]?.attributes['occi.network.state']).toBe('inactive');
    await t.provider.delete(alice, net.location!);
    expect(t.virsh('net-list', '--all', '--name')).not.toContain(t.domainName(net.location!));
  });
});

describe.skipIf(t.missing)(
  'what libvirt imposes is refused with 4xx naming why',
  { timeout: 120_000 },
  () => {
    it('refuses limits the host cannot give, before anything is made', async () => {
      const before = t.virsh('list', '--all', '--name');
      const cores = await failure(
        t.provider.create(alice, { kind: COMPUTE_KIND, attributes: { 'occi.compute.cores': 4096 } }),
      );
      expect(cores.kind).toBe('bad-request');
      expect(cores.message).toContain('occi.compute.cores 4096');
      const memory = await failure(
        t.provider.create(alice, { kind: COMPUTE_KIND, attributes: { 'occi.compute.memory': 100_000 } }),
      );
      expect(memory.kind).toBe('bad-request');
      expect(memory.message).toContain('occi.compute.memory');
      expect(t.virsh('list', '--all', '--name')).toBe(before);
    });

    it('refuses a disk at a device that is no virtio disk, and changes of a running compute', async () => {
      const vm = await t.provider.create(alice, {
        kind: COMPUTE_KIND,
        attributes: { 'occi.compute.memory': 0.25 },
      });
      const disk = await t.provider.create(alice, {
        kind: STORAGE_KIND,
        attributes: { 'occi.storage.size': 0.1 },
      });
      const link = await failure(
        t.provider.create(alice, {
          kind: STORAGELINK_KIND,
          source: { location: vm.location! },
          target: { location: disk.location! },
          attributes: { 'occi.storagelink.deviceid': '/dev/sda' },
        }),
      );
      expect(link.kind).toBe('bad-request');
      expect(link.message).toContain('virtio');
      await t.act(vm.location!, COMPUTE_START_ACTION);
      const cores = await failure(
        t.provider.update(alice, vm.location!, { attributes: { 'occi.compute.cores': 2 } }),
      );
      expect(cores.kind).toBe('conflict');
      expect(cores.message).toContain('stop the compute first');
      await t.act(vm.location!, COMPUTE_STOP_ACTION, { method: 'poweroff' });
      // Stopped, the same change redefines the domain.
      await t.provider.update(alice, vm.location!, { attributes: { 'occi.compute.cores': 2 } });
      expect(t.virsh('dumpxml', t.domainName(vm.location!))).toContain("<vcpu placement='static'>2</vcpu>");
      await t.provider.delete(alice, vm.location!);
      await t.provider.delete(alice, disk.location!);
    });

    it('refuses a location whose libvirt name a foreign domain holds', async () => {
      t.virsh('define', t.xmlFile('domain', t.domainName('/compute/taken')));
      const error = await failure(t.provider.put(alice, '/compute/taken', { kind: COMPUTE_KIND }));
      expect(error.kind).toBe('conflict');
      expect(error.message).toContain(t.domainName('/compute/taken'));
      expect(await t.store.get('/compute/taken')).toBeUndefined();
      t.virsh('undefine', t.domainName('/compute/taken'));
    });
  },
);

describe.skipIf(t.missing)('compute resource templates (CRTP)', () => {
  it('size the domain and give it its ephemeral disk', async () => {
    const extension = libvirt({
      uri: t.daemon.uri,
      pool: POOL,
      defaultImage: 'guest.img',
      virtualization: 'qemu',
    });
    const provider = createReferenceProvider({
      model: Model.create([infrastructure, crtp, extension]),
      store: new MemoryStore(),
    });
    await provider.start();
    try {
      const vm = await provider.create(alice, { kind: COMPUTE_KIND, mixins: [`${CRTP_SCHEME}medium`] });
      const xml = t.virsh('dumpxml', t.domainName(vm.location!));
      expect(xml).toContain("<vcpu placement='static'>2</vcpu>");
      expect(xml).toContain("<memory unit='KiB'>2097152</memory>");
      expect(t.virsh('domblklist', t.domainName(vm.location!))).toMatch(/vdb\s+\S+\.ephemeral\.qcow2/);
      expect(t.virsh('vol-info', '--pool', POOL, `${t.domainName(vm.location!)}.ephemeral.qcow2`)).toMatch(
        /Capacity:\s+20\.00 GiB/,
      );
      await provider.delete(alice, vm.location!);
      expect(t.virsh('vol-list', POOL)).not.toContain(t.domainName(vm.location!));
    } finally {
      await provider.close();
    }
  });
});

describe.skipIf(t.missing)('crash leftovers', () => {
  it('detaches a storage from domains still having it (a link whose commit a crash prevented) before deleting it', async () => {
    const vm = await t.provider.create(alice, {
      kind: COMPUTE_KIND,
      attributes: { 'occi.compute.memory': 0.25 },
    });
    const disk = await t.provider.create(alice, {
      kind: STORAGE_KIND,
      attributes: { 'occi.storage.size': 0.1 },
    });
    const path = `${t.daemon.poolPath}/${t.domainName(disk.location!)}.qcow2`;
    t.virsh('attach-disk', t.domainName(vm.location!), path, 'vdc', '--config', '--subdriver', 'qcow2');
    await t.provider.delete(alice, disk.location!);
    expect(t.virsh('domblklist', '--inactive', t.domainName(vm.location!))).not.toContain('vdc');
    // The domain starts: no disk of it points to a file that is gone.
    t.virsh('start', t.domainName(vm.location!));
    await t.provider.delete(alice, vm.location!);
  });

  it('removes at start the domains, volumes and networks made for entities the store does not hold', async () => {
    // What a crash between libvirt's answer and the commit leaves: objects named and tied to /compute/orphan….
    const tie =
      '<metadata><occi:entity xmlns:occi="https://occi-ts.github.io/ns/libvirt/1" location="/compute/orphan" owner="alice" id="x"/></metadata>';
    t.virsh('define', t.xmlFile('domain', t.domainName('/compute/orphan'), tie));
    t.virsh('vol-create-as', POOL, `${t.domainName('/storage/orphan')}.qcow2`, '1M', '--format', 'qcow2');
    t.virsh(
      'net-define',
      t.xmlFile(
        'network',
        t.domainName('/network/orphan'),
        tie.replaceAll('/compute/orphan', '/network/orphan'),
      ),
    );
    // … and objects that are not the backend's: no prefix, or no metadata.
    t.virsh('define', t.xmlFile('domain', 'someone-else'));
    t.virsh('define', t.xmlFile('domain', t.domainName('/compute/untied')));
    t.virsh('vol-create-as', POOL, 'someone-else.qcow2', '1M', '--format', 'qcow2');
    const again = t.another(t.store);
    await again.provider.start();
    await again.provider.close();
    expect(t.virsh('list', '--all', '--name')).not.toContain(t.domainName('/compute/orphan'));
    expect(t.virsh('vol-list', POOL)).not.toContain(t.domainName('/storage/orphan'));
    expect(t.virsh('net-list', '--all', '--name')).not.toContain(t.domainName('/network/orphan'));
    expect(t.virsh('list', '--all', '--name')).toContain('someone-else');
    expect(t.virsh('list', '--all', '--name')).toContain(t.domainName('/compute/untied'));
    t.virsh('undefine', t.domainName('/compute/untied'));
    expect(t.virsh('vol-list', POOL)).toContain('someone-else.qcow2');
    t.virsh('undefine', 'someone-else');
    t.virsh('vol-delete', '--pool', POOL, 'someone-else.qcow2');
  });
});

describe('an unreachable libvirt', () => {
  it('is a 503 naming the URI', async () => {
    const uri = 'qemu:///system?socket=/nonexistent/occi-test/libvirt-sock';
    const p = createReferenceProvider({
      model: Model.create([infrastructure, libvirt({ uri })]),
      store: new MemoryStore(),
    });
    const error = await failure(p.start());
    expect(error.kind).toBe('unavailable');
    expect(error.message).toContain(uri);
  });
});
