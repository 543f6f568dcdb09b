/**
 * The domain XML of a compute (libvirt's formatdomain): what OCCI says of
 * the compute (cores, memory, share, architecture), its disks (the overlay
 * on its image, the NoCloud seed, CRTP's ephemeral disk, one per storage
 * link) and its NICs (one per network interface); and back, what a
 * domain's XML says of them.
 */
import { type EntityTie, metadataNode, readMetadata } from './names.js';
import { child, children, el, parseXml, writeXml, type XmlNode } from './xml.js';

export interface DiskSpec {
  /** The file of the volume. */
  path: string;
  /** `qcow2` or `raw`. */
  format: string;
  /** The target device, `vdb`: what the guest sees for a virtio disk in slot order. */
  target: string;
}

export interface NicSpec {
  network: string;
  mac: string;
}

export interface DomainSpec {
  name: string;
  uuid?: string;
  /** `kvm` where the host has it, `qemu` (TCG) otherwise. */
  type: 'kvm' | 'qemu';
  /** `x86_64` or `i686`. */
  arch: string;
  vcpus: number;
  memoryKiB: number;
  /** CPU shares (cgroup weight); none for the default. */
  shares?: number;
  title: string;
  tie: EntityTie;
  /** The system disk (vda, booted first). */
  system: { path: string; format: string };
  /** The NoCloud seed, a read-only CD-ROM. */
  seed?: string;
  disks: DiskSpec[];
  nics: NicSpec[];
  /** Where the serial console is logged on the libvirt host. */
  consoleLog?: string;
}

export function diskNode(disk: DiskSpec): XmlNode {
  return el(
    'disk',
    { type: 'file', device: 'disk' },
    el('driver', { name: 'qemu', type: disk.format, discard: 'unmap' }),
    el('source', { file: disk.path }),
    el('target', { dev: disk.target, bus: 'virtio' }),
  );
}

export function nicNode(nic: NicSpec): XmlNode {
  return el(
    'interface',
    { type: 'network' },
    el('mac', { address: nic.mac }),
    el('source', { network: nic.network }),
    el('model', { type: 'virtio' }),
  );
}

export const diskXml = (disk: DiskSpec) => writeXml(diskNode(disk));
export const nicXml = (nic: NicSpec) => writeXml(nicNode(nic));

export function domainXml(spec: DomainSpec): string {
  return writeXml(
    el(
      'domain',
      { type: spec.type },
      el('name', {}, spec.name),
      spec.uuid !== undefined && el('uuid', {}, spec.uuid),
      el('title', {}, spec.title),
      el('description', {}, `OCCI compute ${spec.tie.location} of ${spec.tie.owner}`),
      metadataNode(spec.tie),
      el('memory', { unit: 'KiB' }, String(spec.memoryKiB)),
      el('vcpu', { placement: 'static' }, String(spec.vcpus)),
      spec.shares !== undefined && el('cputune', {}, el('shares', {}, String(spec.shares))),
      el('os', {}, el('type', { arch: spec.arch, machine: 'pc' }, 'hvm')),
      el('features', {}, el('acpi'), el('apic')),
      el('clock', { offset: 'utc' }),
      el('on_poweroff', {}, 'destroy'),
      el('on_reboot', {}, 'restart'),
      el('on_crash', {}, 'destroy'),
      el(
        'devices',
        {},
        el(
          'disk',
          { type: 'file', device: 'disk' },
          el('driver', { name: 'qemu', type: spec.system.format, discard: 'unmap' }),
          el('source', { file: spec.system.path }),
          el('target', { dev: 'vda', bus: 'virtio' }),
          el('boot', { order: 1 }),
        ),
        spec.seed !== undefined &&
          el(
            'disk',
            { type: 'file', device: 'cdrom' },
            el('driver', { name: 'qemu', type: 'raw' }),
            el('source', { file: spec.seed }),
            el('target', { dev: 'hdc', bus: 'ide' }),
            el('readonly'),
          ),
        ...spec.disks.map(diskNode),
        ...spec.nics.map(nicNode),
        el('controller', { type: 'usb', model: 'none' }),
        el(
          'serial',
          { type: 'pty' },
          spec.consoleLog !== undefined && el('log', { file: spec.consoleLog, append: 'on' }),
        ),
        el('console', { type: 'pty' }, el('target', { type: 'serial', port: 0 })),
        el('rng', { model: 'virtio' }, el('backend', { model: 'random' }, '/dev/urandom')),
        el('memballoon', { model: 'none' }),
      ),
    ),
  );
}

/** What a domain's XML says, as this backend reads it. */
export interface DomainDescription {
  uuid: string;
  type: string;
  arch: string;
  vcpus: number;
  memoryKiB: number;
  tie: EntityTie | undefined;
  /** Every disk but the system disk and the seed. */
  disks: DiskSpec[];
  nics: NicSpec[];
}

export function describeDomain(xml: string): DomainDescription {
  const root = parseXml(xml);
  const devices = child(root, 'devices');
  const disks: DiskSpec[] = [];
  for (const disk of children(devices, 'disk')) {
    const target = child(disk, 'target')?.attributes.dev ?? '';
    if (disk.attributes.device !== 'disk' || target === 'vda') continue;
    disks.push({
      target,
      path: child(disk, 'source')?.attributes.file ?? '',
      format: child(disk, 'driver')?.attributes.type ?? 'raw',
    });
  }
  const nics: NicSpec[] = children(devices, 'interface').map((nic) => ({
    mac: (child(nic, 'mac')?.attributes.address ?? '').toLowerCase(),
    network: child(nic, 'source')?.attributes.network ?? '',
  }));
  return {
    uuid: child(root, 'uuid')?.text ?? '',
    type: root.attributes.type ?? '',
    arch: child(root, 'os/type')?.attributes.arch ?? '',
    vcpus: Number(child(root, 'vcpu')?.text ?? 0),
    memoryKiB: memoryKiB(child(root, 'memory')),
    tie: readMetadata(root),
    disks,
    nics,
  };
}

const UNITS: Record<string, number> = {
  b: 1 / 1024,
  bytes: 1 / 1024,
  k: 1,
  kib: 1,
  m: 1024,
  mib: 1024,
  g: 1024 ** 2,
  gib: 1024 ** 2,
};

function memoryKiB(element: { text: string; attributes: Record<string, string> } | undefined): number {
  if (!element) return 0;
  return Number(element.text) * (UNITS[(element.attributes.unit ?? 'KiB').toLowerCase()] ?? 1);
}
