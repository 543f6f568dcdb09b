/**
 * The XML of pools and volumes (libvirt's formatstorage), and what the
 * host's capabilities say (formatcaps): its architecture and which guest
 * architectures it runs with which accelerator.
 */
import { child, children, el, parseXml, writeXml } from './xml.js';

export const GIB = 1024 ** 3;

export interface VolumeSpec {
  name: string;
  /** Bytes. */
  capacity: number;
  format: 'qcow2' | 'raw';
  /** A copy-on-write overlay on this image. */
  backing?: { path: string; format: string };
}

export function volumeXml(spec: VolumeSpec): string {
  return writeXml(
    el(
      'volume',
      {},
      el('name', {}, spec.name),
      el('capacity', { unit: 'bytes' }, String(spec.capacity)),
      el('allocation', { unit: 'bytes' }, '0'),
      el('target', {}, el('format', { type: spec.format })),
      spec.backing &&
        el(
          'backingStore',
          {},
          el('path', {}, spec.backing.path),
          el('format', { type: spec.backing.format }),
        ),
    ),
  );
}

export interface VolumeDescription {
  name: string;
  path: string;
  /** `qcow2`, `raw`, `iso`…; empty when libvirt cannot tell. */
  format: string;
  /** Bytes. */
  capacity: number;
  backing: string | undefined;
}

export function describeVolume(xml: string): VolumeDescription {
  const root = parseXml(xml);
  const capacity = child(root, 'capacity');
  const unit = (capacity?.attributes.unit ?? 'bytes').toLowerCase();
  const factor =
    unit === 'bytes' || unit === 'b'
      ? 1
      : unit.startsWith('k')
        ? 1024
        : unit.startsWith('m')
          ? 1024 ** 2
          : GIB;
  return {
    name: child(root, 'name')?.text ?? '',
    path: child(root, 'target/path')?.text ?? child(root, 'key')?.text ?? '',
    format: child(root, 'target/format')?.attributes.type ?? '',
    capacity: Number(capacity?.text ?? 0) * factor,
    backing: child(root, 'backingStore/path')?.text,
  };
}

/** A directory pool: volumes are files in `path`. */
export const dirPoolXml = (name: string, path: string) =>
  writeXml(el('pool', { type: 'dir' }, el('name', {}, name), el('target', {}, el('path', {}, path))));

export const poolPath = (xml: string) => child(parseXml(xml), 'target/path')?.text ?? '';

export interface HostCapabilities {
  /** The host's architecture, e.g. `x86_64`. */
  arch: string;
  /** For each guest architecture, the domain types it runs: `qemu` (TCG), `kvm`. */
  guests: Map<string, Set<string>>;
}

export function describeCapabilities(xml: string): HostCapabilities {
  const root = parseXml(xml);
  const guests = new Map<string, Set<string>>();
  for (const guest of children(root, 'guest')) {
    if (child(guest, 'os_type')?.text !== 'hvm') continue;
    const arch = child(guest, 'arch');
    const name = arch?.attributes.name;
    if (!name) continue;
    const types = guests.get(name) ?? new Set<string>();
    for (const domain of children(arch, 'domain'))
      if (domain.attributes.type) types.add(domain.attributes.type);
    guests.set(name, types);
  }
  return { arch: child(root, 'host/cpu/arch')?.text ?? 'x86_64', guests };
}
