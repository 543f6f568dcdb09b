/**
 * A compute is a real QEMU virtual machine: the guest (built from Debian
 * packages by support/guest.ts) boots under TCG, reads its seed, sees its
 * hot-plugged disk, answers ACPI, and is paused, hibernated, restored,
 * saved, rebooted, stopped and deleted; every state OCCI reports is checked
 * through virsh and the guest's serial console.
 */
import type { Entity } from '@occi/core';
import {
  COMPUTE_KIND,
  COMPUTE_RESTART_ACTION,
  COMPUTE_SAVE_ACTION,
  COMPUTE_START_ACTION,
  COMPUTE_STOP_ACTION,
  COMPUTE_SUSPEND_ACTION,
  OS_TPL,
  SSH_KEY_MIXIN,
  STORAGE_KIND,
  STORAGELINK_KIND,
  USER_DATA_MIXIN,
} from '@occi/infrastructure';
import { describe, expect, it } from 'vitest';
import { alice, count, failure, IMAGE, POOL, useLibvirt } from './support/setup.js';

const t = useLibvirt();

describe.skipIf(t.missing)('OS templates from the pool', () => {
  it('offers each disk image of the pool as an os_tpl mixin', async () => {
    const mixin = (await t.provider.model(alice)).mixin(IMAGE);
    expect(mixin?.depends).toEqual([OS_TPL]);
    expect(mixin?.applies).toEqual([COMPUTE_KIND]);
    expect(mixin?.location).toBe('/os_tpl/libvirt/guest/');
    expect(t.virsh('pool-dumpxml', POOL)).toContain(`<path>${t.daemon.poolPath}</path>`);
  });

  it('refuses an os_tpl that is no image of the pool', async () => {
    const error = await failure(
      t.provider.create(alice, { kind: COMPUTE_KIND, mixins: ['http://occi.example/libvirt/image#nope'] }),
    );
    expect(error.kind).toBe('bad-request');
    expect(error.message).toContain('nope');
  });
});

describe.skipIf(t.missing)('a compute is a QEMU virtual machine', { timeout: 240_000 }, () => {
  let vm: Entity;
  let location: string;

  it('defines a domain with the cores, memory and architecture of the compute, on a copy-on-write overlay', async () => {
    vm = await t.provider.create(alice, {
      kind: COMPUTE_KIND,
      mixins: [IMAGE, SSH_KEY_MIXIN, USER_DATA_MIXIN],
      attributes: {
        'occi.compute.cores': 1,
        'occi.compute.memory': 0.25,
        'occi.compute.hostname': 'vm1',
        'occi.compute.architecture': 'x64',
        'occi.credentials.ssh.publickey': 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOcci alice@example',
        'occi.compute.userdata': Buffer.from('#!/bin/sh\necho "user-data ran as $(id -u)"\n').toString(
          'base64',
        ),
      },
    });
    location = vm.location!;
    // Infrastructure's initial state: the domain is defined, not running.
    expect(vm.attributes['occi.compute.state']).toBe('inactive');
    expect(t.virsh('domstate', t.domainName(location)).trim()).toBe('shut off');
    const xml = t.virsh('dumpxml', t.domainName(location));
    expect(xml).toContain("<domain type='qemu'");
    expect(xml).toContain("<vcpu placement='static'>1</vcpu>");
    expect(xml).toContain("<memory unit='KiB'>262144</memory>");
    expect(xml).toContain("arch='x86_64'");
    expect(xml).toContain(`location="${location}"`);
    expect(xml).toContain('owner="alice"');
    const overlay = t.virsh('vol-dumpxml', '--pool', POOL, `${t.domainName(location)}.qcow2`);
    expect(overlay).toContain(`<path>${t.daemon.poolPath}/guest.img</path>`);
    expect(t.virsh('vol-list', POOL)).toContain(`${t.domainName(location)}.seed.iso`);
  });

  it('boots the guest on start: active, and the guest reads its NoCloud seed (hostname, SSH key, user data)', async () => {
    const started = Date.now();
    const result = await t.act(location, COMPUTE_START_ACTION);
    expect(result.entities[0]?.attributes['occi.compute.state']).toBe('active');
    expect(t.virsh('domstate', t.domainName(location)).trim()).toBe('running');
    await t.guestSays(location, 'occi-guest: ready');
    process.stdout.write(`start → guest ready: ${Date.now() - started} ms\n`);
    const out = t.consoleOf(location);
    expect(out).toContain('occi-guest: hostname vm1');
    expect(out).toContain('occi-guest: ssh-key ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOcci alice@example');
    expect(out).toContain('user-data ran as 0');
    // The guest lists its disks just after "ready" (test/support/guest.ts): wait for that line too.
    await t.guestSays(location, 'occi-guest: disks vda');
  });

  it('hot-plugs a storage link at the device the guest sees, and unplugs it', async () => {
    const disk = await t.provider.create(alice, {
      kind: STORAGE_KIND,
      attributes: { 'occi.storage.size': 0.5 },
    });
    expect(disk.attributes['occi.storage.state']).toBe('offline');
    expect(t.virsh('vol-info', '--pool', POOL, `${t.domainName(disk.location!)}.qcow2`)).toMatch(
      /Capacity:\s+512\.00 MiB/,
    );
    const link = await t.provider.create(alice, {
      kind: STORAGELINK_KIND,
      source: { location },
      target: { location: disk.location! },
      attributes: { 'occi.storagelink.deviceid': '/dev/vdb' },
    });
    expect(link.attributes['occi.storagelink.state']).toBe('active');
    expect(t.virsh('domblklist', t.domainName(location))).toMatch(
      new RegExp(`vdb\\s+${t.daemon.poolPath}/${t.domainName(disk.location!)}\\.qcow2`),
    );
    await t.guestSays(location, 'occi-guest: disks vda vdb');
    // Growing the storage of a running domain goes through QEMU.
    await t.provider.update(alice, disk.location!, { attributes: { 'occi.storage.size': 1 } });
    expect(t.virsh('vol-info', '--pool', POOL, `${t.domainName(disk.location!)}.qcow2`)).toMatch(
      /Capacity:\s+1\.00 GiB/,
    );
    const shrink = await failure(
      t.provider.update(alice, disk.location!, { attributes: { 'occi.storage.size': 0.25 } }),
    );
    expect(shrink.kind).toBe('conflict');
    await t.provider.delete(alice, link.location!);
    expect(t.virsh('domblklist', '--inactive', t.domainName(location))).not.toContain('vdb');
    await t.provider.delete(alice, disk.location!);
    expect(t.virsh('vol-list', POOL)).not.toContain(t.domainName(disk.location!));
  });

  it('pauses and resumes (suspend), saves the memory to disk and restores it (hibernate)', async () => {
    let result = await t.act(location, COMPUTE_SUSPEND_ACTION, { method: 'suspend' });
    expect(result.entities[0]?.attributes['occi.compute.state']).toBe('suspended');
    expect(t.virsh('domstate', t.domainName(location)).trim()).toBe('paused');
    result = await t.act(location, COMPUTE_START_ACTION);
    expect(result.entities[0]?.attributes['occi.compute.state']).toBe('active');
    expect(t.virsh('domstate', t.domainName(location)).trim()).toBe('running');

    result = await t.act(location, COMPUTE_SUSPEND_ACTION, { method: 'hibernate' });
    expect(result.entities[0]?.attributes['occi.compute.state']).toBe('suspended');
    expect(t.virsh('domstate', t.domainName(location)).trim()).toBe('shut off');
    expect(t.virsh('dominfo', t.domainName(location))).toMatch(/Managed save:\s+yes/);
    expect((await t.provider.get(alice, location)).attributes['occi.compute.state.message']).toContain(
      'saved to disk',
    );
    result = await t.act(location, COMPUTE_START_ACTION);
    expect(result.entities[0]?.attributes['occi.compute.state']).toBe('active');
    expect(t.virsh('domstate', t.domainName(location)).trim()).toBe('running');
    // Restored, not booted again.
    expect(count(t.consoleOf(location), 'occi-guest: booted')).toBe(1);
  });

  it('saves a copy of its disk as a new os_tpl, and goes on running', async () => {
    const result = await t.act(location, COMPUTE_SAVE_ACTION, { name: 'Golden Image' });
    const saved = result.categories[0];
    expect(saved?.class === 'mixin' && saved.depends).toEqual([OS_TPL]);
    expect(saved && `${saved.scheme}${saved.term}`).toBe('http://occi.example/libvirt/image#golden-image');
    expect(result.entities[0]?.attributes['occi.compute.state']).toBe('active');
    expect(t.virsh('domstate', t.domainName(location)).trim()).toBe('running');
    // An independent copy: no backing file.
    expect(t.virsh('vol-dumpxml', '--pool', POOL, 'golden-image.qcow2')).not.toContain('<backingStore>');
    expect(
      (await t.provider.model(alice)).mixin('http://occi.example/libvirt/image#golden-image'),
    ).toBeDefined();
    const clone = await t.provider.create(alice, {
      kind: COMPUTE_KIND,
      mixins: ['http://occi.example/libvirt/image#golden-image'],
    });
    expect(t.virsh('vol-dumpxml', '--pool', POOL, `${t.domainName(clone.location!)}.qcow2`)).toContain(
      `${t.daemon.poolPath}/golden-image.qcow2`,
    );
    await t.provider.delete(alice, clone.location!);
  });

  it('reboots on a graceful restart (the guest answers ACPI), resets on a warm one', async () => {
    let result = await t.act(location, COMPUTE_RESTART_ACTION, { method: 'graceful' });
    expect(result.entities[0]?.attributes['occi.compute.state']).toBe('active');
    await t.guestSays(location, 'occi-guest: power button');
    await t.guestSays(location, 'occi-guest: ready', 2);
    expect(t.virsh('domstate', t.domainName(location)).trim()).toBe('running');
    result = await t.act(location, COMPUTE_RESTART_ACTION, { method: 'warm' });
    expect(result.entities[0]?.attributes['occi.compute.state']).toBe('active');
    await t.guestSays(location, 'occi-guest: booted', 3);
  });

  it('stops on an ACPI shutdown the guest answers', async () => {
    await t.guestSays(location, 'occi-guest: ready', 3);
    const result = await t.act(location, COMPUTE_STOP_ACTION, { method: 'acpioff' });
    expect(result.entities[0]?.attributes['occi.compute.state']).toBe('inactive');
    expect(t.consoleOf(location)).toContain('occi-guest: power button');
    expect(t.virsh('domstate', '--reason', t.domainName(location)).trim()).toBe('shut off (shutdown)');
  });

  it('shows state changes made outside OCCI (virsh) on the next read', async () => {
    t.virsh('start', t.domainName(location));
    expect(await t.stateOf(location)).toBe('active');
    t.virsh('suspend', t.domainName(location));
    expect(await t.stateOf(location)).toBe('suspended');
    t.virsh('destroy', t.domainName(location));
    expect(await t.stateOf(location)).toBe('inactive');
    expect((await failure(t.act(location, COMPUTE_STOP_ACTION))).kind).toBe('conflict');
  });

  it('finds its domains again after a restart of the server', async () => {
    const again = t.another(t.store);
    await again.provider.start();
    try {
      t.virsh('start', t.domainName(location));
      expect((await again.provider.get(alice, location)).attributes['occi.compute.state']).toBe('active');
      const stopped = await again.provider.invoke(
        alice,
        { location },
        { action: COMPUTE_STOP_ACTION, attributes: { method: 'poweroff' } },
      );
      expect(stopped.entities[0]?.attributes['occi.compute.state']).toBe('inactive');
      expect(t.virsh('domstate', t.domainName(location)).trim()).toBe('shut off');
    } finally {
      await again.provider.close();
    }
  });

  it('deletes the domain and its volumes with the compute; a domain removed outside OCCI is gone', async () => {
    const other = await t.provider.create(alice, { kind: COMPUTE_KIND });
    expect(other.mixins).toContain(IMAGE); // the default image
    await t.provider.delete(alice, location);
    expect(t.virsh('list', '--all', '--name')).not.toContain(t.domainName(location));
    expect(t.virsh('vol-list', POOL)).not.toContain(t.domainName(location));
    t.virsh('undefine', t.domainName(other.location!));
    const gone = await failure(t.provider.get(alice, other.location!));
    expect(gone.kind).toBe('not-found');
    expect(gone.message).toContain('outside OCCI');
  });
});
