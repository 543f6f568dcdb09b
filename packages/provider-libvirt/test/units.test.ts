/**
 * The mapping between OCCI and libvirt's XML, without a daemon: names,
 * domain and network XML, capabilities, states, the NoCloud seed and its
 * ISO 9660 image.
 */
import type { Entity } from '@occi/core';
import { describe, expect, it } from 'vitest';
import { describeDomain, domainXml } from '../src/domain-xml.js';
import { targetDevice } from '../src/domains.js';
import { imageTerm } from '../src/drivers/os-templates.js';
import { LibvirtHost } from '../src/host.js';
import { isoImage, isoLevel1Name } from '../src/iso9660.js';
import { locationOf, METADATA_NAMESPACE, objectName } from '../src/names.js';
import { describeNetwork, ipSpec, networkAddress, networkXml } from '../src/network-xml.js';
import { DomainStates } from '../src/rpc/remote.js';
import { metaData, seedImage, userData } from '../src/seed.js';
import { computeState } from '../src/state.js';
import { describeCapabilities, describeVolume, volumeXml } from '../src/storage-xml.js';
import { parseXml, writeXml } from '../src/xml.js';

const tie = { location: '/compute/1', owner: 'alice', id: 'urn:uuid:1' };

describe('names', () => {
  it('are made from the location and read back from it, whatever its characters', () => {
    expect(objectName('occi', '/compute/4f3c-1')).toBe('occi_compute_4f3c-1');
    for (const location of ['/compute/4f3c-1', '/my vms/é.1', '/a_b/~x/'])
      expect(locationOf('occi', objectName('occi', location))).toBe(location);
    expect(locationOf('occi', 'occi_compute_1.seed.iso')).toBe('/compute/1');
    expect(locationOf('occi', 'debian-12.qcow2')).toBeUndefined();
    expect(locationOf('occi', 'occi_bad~zz')).toBeUndefined();
  });

  it('turn disk images into OS template terms', () => {
    expect(imageTerm('debian-12-genericcloud-amd64.qcow2')).toBe('debian-12-genericcloud-amd64');
    expect(imageTerm('Win 11.img')).toBe('Win_11');
    expect(targetDevice('/dev/vdb')).toBe('vdb');
    expect(targetDevice('vdaa')).toBe('vdaa');
    expect(targetDevice('/dev/vda')).toBeUndefined();
    expect(targetDevice('/dev/sdb')).toBeUndefined();
  });
});

describe('XML', () => {
  it('parses elements, attributes, entities and text; writes them escaped', () => {
    const root = parseXml(`<?xml version="1.0"?><!-- c --><a x='1 &amp; 2'><b>t&lt;x&#65;</b><c/></a>`);
    expect(root.attributes.x).toBe('1 & 2');
    expect(root.children.map((c) => [c.name, c.text])).toEqual([
      ['b', 't<xA'],
      ['c', ''],
    ]);
    const written = writeXml({ name: 'a', attributes: { x: '"<&>', y: undefined }, children: ['<t>'] });
    expect(written).toBe('<a x="&quot;&lt;&amp;&gt;">&lt;t&gt;</a>');
    expect(parseXml(written).attributes.x).toBe('"<&>');
    expect(() => parseXml('<a><b></a>')).toThrow('closes');
  });

  it('describes a domain as it was defined: metadata, vCPUs, memory, disks and NICs', () => {
    const xml = domainXml({
      name: 'occi_compute_1',
      type: 'kvm',
      arch: 'x86_64',
      vcpus: 2,
      memoryKiB: 524288,
      shares: 512,
      title: 'vm1',
      tie,
      system: { path: '/p/occi_compute_1.qcow2', format: 'qcow2' },
      seed: '/p/occi_compute_1.seed.iso',
      disks: [{ path: '/p/occi_storage_2.qcow2', format: 'qcow2', target: 'vdb' }],
      nics: [{ network: 'occi_network_3', mac: '52:54:00:aa:bb:cc' }],
      consoleLog: '/var/log/libvirt/qemu/occi_compute_1.console.log',
    });
    expect(xml).toContain(`xmlns:occi="${METADATA_NAMESPACE}"`);
    expect(xml).toContain('<shares>512</shares>');
    expect(xml).toContain('<boot order="1"/>');
    const d = describeDomain(xml);
    expect(d).toMatchObject({ type: 'kvm', arch: 'x86_64', vcpus: 2, memoryKiB: 524288, tie });
    expect(d.disks).toEqual([{ path: '/p/occi_storage_2.qcow2', format: 'qcow2', target: 'vdb' }]);
    expect(d.nics).toEqual([{ network: 'occi_network_3', mac: '52:54:00:aa:bb:cc' }]);
    // A domain without the backend's metadata is not the backend's.
    expect(
      describeDomain("<domain type='qemu'><name>x</name><memory unit='MiB'>64</memory></domain>").tie,
    ).toBeUndefined();
  });

  it('makes volumes, overlays on their image', () => {
    const xml = volumeXml({
      name: 'occi_compute_1.qcow2',
      capacity: 1024,
      format: 'qcow2',
      backing: { path: '/p/debian.raw', format: 'raw' },
    });
    expect(xml).toContain('<backingStore>');
    const described = describeVolume(
      "<volume><name>v</name><key>/p/v</key><capacity unit='bytes'>2048</capacity><target><path>/p/v</path><format type='qcow2'/></target></volume>",
    );
    expect(described).toEqual({
      name: 'v',
      path: '/p/v',
      format: 'qcow2',
      capacity: 2048,
      backing: undefined,
    });
  });
});

describe('networks', () => {
  it('serve DHCP on the larger side of the gateway, none for static allocation', () => {
    expect(ipSpec('10.1.2.0/24', '10.1.2.1', undefined)).toEqual({
      family: 'ipv4',
      address: '10.1.2.1',
      prefix: 24,
      dhcp: { start: '10.1.2.2', end: '10.1.2.254' },
    });
    expect(ipSpec('10.1.2.0/24', '10.1.2.254', 'dynamic').dhcp).toEqual({
      start: '10.1.2.1',
      end: '10.1.2.253',
    });
    expect(ipSpec('10.1.2.7/24', undefined, 'static')).toEqual({
      family: 'ipv4',
      address: '10.1.2.1',
      prefix: 24,
    });
    expect(networkAddress(ipSpec('10.1.2.7/24', undefined, 'static'))).toBe('10.1.2.0/24');
    expect(ipSpec('fd00:1::/64', undefined, undefined)).toEqual({
      family: 'ipv6',
      address: 'fd00:1::1',
      prefix: 64,
    });
    expect(() => ipSpec('10.1.2.0/24', '10.9.9.9', undefined)).toThrow('no host address of 10.1.2.0/24');
    expect(() => ipSpec('10.1.2.0/31', undefined, undefined)).toThrow('/8 to /30');
  });

  it('are isolated unless forwarding, and read back', () => {
    const ip = ipSpec('10.1.2.0/24', undefined, undefined);
    const isolated = networkXml({ name: 'occi_network_1', tie, ip });
    expect(isolated).not.toContain('<forward');
    expect(networkXml({ name: 'n', tie, forward: 'nat' })).toContain('<forward mode="nat"/>');
    expect(describeNetwork(isolated)).toMatchObject({ tie, forward: undefined, ip });
  });
});

describe('the host', () => {
  const capabilities = (kvm: boolean) =>
    describeCapabilities(
      `<capabilities><host><cpu><arch>x86_64</arch></cpu></host><guest><os_type>hvm</os_type><arch name='x86_64'><domain type='qemu'/>${kvm ? "<domain type='kvm'/>" : ''}</arch></guest></capabilities>`,
    );

  it('runs guests with KVM where it has it, with QEMU (TCG) otherwise or when told', () => {
    const host = new LibvirtHost({});
    host.capabilities = capabilities(true);
    expect(host.virtType('x86_64')).toBe('kvm');
    host.capabilities = capabilities(false);
    expect(host.virtType('x86_64')).toBe('qemu');
    expect(host.runs('x86_64')).toBe(true);
    expect(host.runs('aarch64')).toBe(false);
    const tcg = new LibvirtHost({ virtualization: 'qemu' });
    tcg.capabilities = capabilities(true);
    expect(tcg.virtType('x86_64')).toBe('qemu');
  });
});

describe('compute states', () => {
  it.each([
    [DomainStates.RUNNING, 1, false, 'active', undefined],
    [DomainStates.PAUSED, 1, false, 'suspended', undefined],
    [DomainStates.PAUSED, 5, false, 'error', 'I/O error'],
    [DomainStates.SHUTOFF, 1, false, 'inactive', undefined],
    [DomainStates.SHUTOFF, 5, true, 'suspended', 'saved to disk'],
    [DomainStates.SHUTOFF, 3, false, 'inactive', 'crashed'],
    [DomainStates.CRASHED, 0, false, 'error', 'crashed'],
    [DomainStates.PMSUSPENDED, 0, false, 'suspended', 'guest'],
  ])('domain state %i (reason %i, managed save %s) is %s', (state, reason, saved, expected, message) => {
    const observed = computeState({ state, reason }, saved);
    expect(observed.state).toBe(expected);
    if (message) expect(observed.message).toContain(message);
    else expect(observed.message).toBeUndefined();
  });
});

describe('the NoCloud seed', () => {
  const compute = (attributes: Record<string, string>): Entity =>
    ({ id: 'urn:uuid:4f3c2b1a', kind: 'k', mixins: [], attributes }) as Entity;

  it('says the instance id, hostname and SSH keys in meta-data; decodes base64 user data', () => {
    expect(metaData(compute({ 'occi.credentials.ssh.publickey': 'ssh-ed25519 A a\nssh-rsa B b' }))).toBe(
      'instance-id: "urn:uuid:4f3c2b1a"\nlocal-hostname: "occi-4f3c2b1a"\npublic-keys:\n  - "ssh-ed25519 A a"\n  - "ssh-rsa B b"\n',
    );
    expect(userData(Buffer.from('#!/bin/sh\necho hi\n').toString('base64'))).toBe('#!/bin/sh\necho hi\n');
    expect(userData('#cloud-config\n{}')).toBe('#cloud-config\n{}');
    expect(userData('aGVsbG8=')).toBe('aGVsbG8='); // base64 of neither a script nor cloud-config
  });

  it('is an ISO 9660 image labelled cidata, with Joliet names', () => {
    const image = seedImage(compute({ 'occi.compute.hostname': 'vm1' }), new Date('2026-01-02T03:04:05Z'));
    const sector = (n: number) => image.subarray(n * 2048, (n + 1) * 2048);
    expect(sector(16).subarray(1, 6).toString()).toBe('CD001');
    expect(sector(16).subarray(40, 46).toString()).toBe('cidata');
    expect(sector(17)[0]).toBe(2);
    expect(sector(17).subarray(88, 91).toString()).toBe('%/E');
    expect(sector(18)[0]).toBe(255);
    // The Joliet root directory names the files; each record points to its content.
    const root = sector(17).readUInt32LE(156 + 2);
    const records: { name: string; content: string }[] = [];
    for (let at = 0, dir = sector(root); dir[at]! > 0; at += dir[at]!) {
      const length = dir[at + 32]!;
      if (length === 1) continue;
      const name = Buffer.from(dir.subarray(at + 33, at + 33 + length))
        .swap16()
        .toString('utf16le');
      const extent = dir.readUInt32LE(at + 2);
      const size = dir.readUInt32LE(at + 10);
      records.push({ name, content: image.subarray(extent * 2048, extent * 2048 + size).toString() });
    }
    expect(records.map((r) => r.name)).toEqual(['meta-data', 'user-data']);
    expect(records[0]!.content).toContain('local-hostname: "vm1"');
    expect(isoLevel1Name('meta-data')).toBe('META_DAT.;1');
    expect(isoImage('x', []).length).toBe(25 * 2048);
  });
});
