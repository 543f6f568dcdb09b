/**
 * The domain of a compute: its volumes (a copy-on-write overlay on its
 * image, the NoCloud seed, CRTP's ephemeral disk), its definition from the
 * compute and the links made with it, its definition again when a stopped
 * compute changes, and its removal with its volumes.
 */
import type { Entity, Problem } from '@occi/core';
import { badRequest, conflict } from '@occi/core';
import { NETWORKINTERFACE_KIND, STORAGELINK_KIND } from '@occi/infrastructure';
import {
  type DiskSpec,
  type DomainDescription,
  type DomainSpec,
  domainXml,
  type NicSpec,
} from './domain-xml.js';
import type { LibvirtHost } from './host.js';
import type { EntityTie } from './names.js';
import { isLibvirtError } from './rpc/client.js';
import { ErrorCode } from './rpc/protocol.js';
import { Flags } from './rpc/remote.js';
import { seedImage } from './seed.js';
import { hasProcess } from './state.js';
import { describeVolume, GIB, volumeXml } from './storage-xml.js';

const KIB_PER_GIB = 1024 * 1024;
/** The most vCPUs of QEMU's `pc` machine. */
export const MAX_VCPUS = 255;
/** Less memory than this boots nothing. */
export const MIN_MEMORY_GIB = 1 / 16;

export const volumeNames = (name: string) => ({
  disk: `${name}.qcow2`,
  seed: `${name}.seed.iso`,
  ephemeral: `${name}.ephemeral.qcow2`,
});

/** `/dev/vdb` or `vdb` → `vdb`: a virtio disk other than the system disk; undefined for anything else. */
export function targetDevice(deviceid: unknown): string | undefined {
  if (typeof deviceid !== 'string') return undefined;
  const match = /^(?:\/dev\/)?(vd[a-z]{1,2})$/.exec(deviceid);
  return match && match[1] !== 'vda' ? match[1] : undefined;
}

/** The libvirt architecture of `occi.compute.architecture` (x64 → x86_64, x86 → i686); the host's when none. */
export function guestArch(h: LibvirtHost, entity: Entity): string {
  const arch = entity.attributes['occi.compute.architecture'];
  return arch === 'x86' ? 'i686' : arch === 'x64' ? 'x86_64' : h.capabilities.arch;
}

/** What the host cannot give, as problems of the request (400), before anything is made. */
export function limitProblems(h: LibvirtHost, entity: Entity): Problem[] {
  const problems: Problem[] = [];
  const a = entity.attributes;
  const cores = a['occi.compute.cores'];
  if (typeof cores === 'number' && (!Number.isInteger(cores) || cores < 1 || cores > MAX_VCPUS))
    problems.push({
      code: 'attribute-pattern',
      message: `occi.compute.cores ${cores}: a domain has 1 to ${MAX_VCPUS} vCPUs`,
      attribute: 'occi.compute.cores',
    });
  const memory = a['occi.compute.memory'];
  const hostGiB = h.node.memoryKiB / KIB_PER_GIB;
  if (typeof memory === 'number' && (memory < MIN_MEMORY_GIB || (hostGiB > 0 && memory > hostGiB)))
    problems.push({
      code: 'attribute-pattern',
      message: `occi.compute.memory ${memory}: the host gives a domain ${MIN_MEMORY_GIB} to ${hostGiB.toFixed(2)} GiB`,
      attribute: 'occi.compute.memory',
    });
  const share = a['occi.compute.share'];
  if (typeof share === 'number' && share !== 0 && (share < 2 || share > 262_144))
    problems.push({
      code: 'attribute-pattern',
      message: `occi.compute.share ${share}: libvirt takes CPU shares from 2 to 262144 (0 for the default)`,
      attribute: 'occi.compute.share',
    });
  const arch = guestArch(h, entity);
  if (!h.runs(arch))
    problems.push({
      code: 'attribute-pattern',
      message: `occi.compute.architecture: libvirt at ${h.options.uri} runs no ${arch} guests`,
      attribute: 'occi.compute.architecture',
    });
  return problems;
}

/** Writes the values the backend chose into a new compute (they are the domain's). */
export function fillChosen(h: LibvirtHost, entity: Entity): void {
  const a = entity.attributes;
  a['occi.compute.cores'] ??= 1;
  a['occi.compute.memory'] ??= h.options.defaultMemoryGiB;
  const arch = guestArch(h, entity);
  if (a['occi.compute.architecture'] === undefined && (arch === 'x86_64' || arch === 'i686'))
    a['occi.compute.architecture'] = arch === 'x86_64' ? 'x64' : 'x86';
}

async function pathOf(h: LibvirtHost, name: string): Promise<string> {
  const volume = await h.volume(name);
  if (!volume) throw new Error(`volume ${name} vanished from pool ${h.pool.name}`);
  return describeVolume(await h.libvirt.volumeXml(volume)).path;
}

/** The disk of a storage link: the storage's volume at the link's device. */
export async function linkDisk(h: LibvirtHost, link: Entity): Promise<DiskSpec> {
  const target = targetDevice(link.attributes['occi.storagelink.deviceid']);
  if (!target)
    throw badRequest(
      'attribute-pattern',
      `${link.location}: occi.storagelink.deviceid must name a virtio disk of the guest, /dev/vdb to /dev/vdzz (vda is the system disk)`,
      { attribute: 'occi.storagelink.deviceid' },
    );
  const storage = link.target?.location ?? '';
  const volume = await h.volume(`${h.name(storage)}.qcow2`);
  if (!volume)
    throw conflict('other', `${link.location}: the storage ${storage} has no volume in pool ${h.pool.name}`, {
      location: link.location ?? '',
    });
  return { path: describeVolume(await h.libvirt.volumeXml(volume)).path, format: 'qcow2', target };
}

/** The MAC of a network interface as libvirt writes it: lower case, colons. */
export const macOf = (link: Entity) =>
  String(link.attributes['occi.networkinterface.mac'] ?? '')
    .toLowerCase()
    .replaceAll('-', ':');

/** The NIC of a network interface: the network's libvirt network, the link's MAC. */
export async function linkNic(h: LibvirtHost, link: Entity): Promise<NicSpec> {
  const network = h.name(link.target?.location ?? '');
  if (!(await h.libvirt.network(network)))
    throw conflict('other', `${link.location}: the network ${link.target?.location} has no libvirt network`, {
      location: link.location ?? '',
    });
  return { network, mac: macOf(link) };
}

function spec(
  h: LibvirtHost,
  compute: Entity,
  tie: EntityTie,
  paths: { disk: string; seed: string },
): DomainSpec {
  const a = compute.attributes;
  const name = h.name(compute.location!);
  const arch = guestArch(h, compute);
  const shares = a['occi.compute.share'];
  return {
    name,
    type: h.virtType(arch),
    arch,
    vcpus: Number(a['occi.compute.cores'] ?? 1),
    memoryKiB: Math.round(Number(a['occi.compute.memory'] ?? h.options.defaultMemoryGiB) * KIB_PER_GIB),
    ...(typeof shares === 'number' && shares > 0 ? { shares } : {}),
    title: typeof a['occi.compute.hostname'] === 'string' ? a['occi.compute.hostname'] : compute.location!,
    tie,
    system: { path: paths.disk, format: 'qcow2' },
    seed: paths.seed,
    disks: [],
    nics: [],
    consoleLog: `${h.options.consoleLogDir}/${name}.console.log`,
  };
}

/** Writes the compute's NoCloud seed volume (again). */
export async function writeSeed(h: LibvirtHost, compute: Entity): Promise<string> {
  const name = volumeNames(h.name(compute.location!)).seed;
  const image = seedImage(compute);
  await h.removeVolume(name);
  const volume = await h.libvirt.createVolume(
    h.pool,
    volumeXml({ name, capacity: image.length, format: 'raw' }),
    name,
  );
  await h.libvirt.uploadVolume(volume, image);
  return describeVolume(await h.libvirt.volumeXml(volume)).path;
}

/** Makes the volumes and defines the domain of a new compute, with the links created with it. */
export async function createDomain(h: LibvirtHost, compute: Entity, tie: EntityTie): Promise<void> {
  const name = h.name(compute.location!);
  const names = volumeNames(name);
  const taken = (what: string) =>
    conflict(
      'duplicate',
      `libvirt already has ${what} that OCCI does not know: remove it or use another location`,
      { location: compute.location! },
    );
  if (await h.libvirt.domain(name)) throw taken(`a domain named ${name}`);
  for (const volume of Object.values(names))
    if (await h.volume(volume)) throw taken(`a volume ${volume} in pool ${h.pool.name}`);
  const template = h.images.templateOf(compute);
  if (!template)
    throw badRequest('unknown-mixin', `${compute.location} names no OS template of pool ${h.imagePool.name}`);
  await h.libvirt.createVolume(
    h.pool,
    volumeXml({
      name: names.disk,
      capacity: template.description.capacity,
      format: 'qcow2',
      backing: { path: template.description.path, format: template.description.format },
    }),
    names.disk,
  );
  const domain = spec(h, compute, tie, {
    disk: await pathOf(h, names.disk),
    seed: await writeSeed(h, compute),
  });
  const ephemeral = Number(compute.attributes['occi.compute.ephemeral_storage.size'] ?? 0);
  if (ephemeral > 0) {
    const device = compute.attributes['occi.compute.ephemeral_storage.deviceid'] ?? '/dev/vdb';
    const target = targetDevice(device);
    if (!target)
      throw badRequest(
        'attribute-pattern',
        `occi.compute.ephemeral_storage.deviceid ${device} is no virtio disk`,
      );
    const capacity = Math.round(ephemeral * GIB);
    await h.libvirt.createVolume(
      h.pool,
      volumeXml({ name: names.ephemeral, capacity, format: 'qcow2' }),
      names.ephemeral,
    );
    domain.disks.push({ path: await pathOf(h, names.ephemeral), format: 'qcow2', target });
  }
  for (const link of compute.links ?? []) {
    if (link.kind === STORAGELINK_KIND) domain.disks.push(await linkDisk(h, link));
    if (link.kind === NETWORKINTERFACE_KIND) domain.nics.push(await linkNic(h, link));
  }
  const used = new Set<string>();
  for (const disk of domain.disks) {
    if (used.has(disk.target))
      throw badRequest('invalid-link', `two disks of ${compute.location} are at /dev/${disk.target}`, {
        attribute: 'occi.storagelink.deviceid',
      });
    used.add(disk.target);
  }
  await h.libvirt.defineDomain(domainXml(domain), name);
}

/** Defines a stopped compute's domain again from the compute (its disks and NICs kept). */
export async function redefineDomain(
  h: LibvirtHost,
  compute: Entity,
  current: DomainDescription,
): Promise<void> {
  const names = volumeNames(h.name(compute.location!));
  const domain = spec(h, compute, current.tie!, {
    disk: await pathOf(h, names.disk),
    seed: await pathOf(h, names.seed),
  });
  domain.uuid = current.uuid;
  domain.disks = current.disks;
  domain.nics = current.nics;
  await h.libvirt.defineDomain(domainXml(domain), domain.name);
}

/**
 * Powers off a compute's domain, deletes its volumes, then undefines it;
 * what is gone already is no error. The volumes go before the domain: a
 * crash in between leaves the domain, which reads keep reporting and the
 * next delete removes; the other way round, the entity would go (its
 * domain gone) with its volumes left behind.
 */
export async function removeDomain(h: LibvirtHost, location: string): Promise<void> {
  const found = await h.domainOf(location, true);
  const ignoreGone = (error: unknown) => {
    if (!isLibvirtError(error, ErrorCode.NO_DOMAIN, ErrorCode.OPERATION_INVALID)) throw error;
  };
  if (found && hasProcess(await h.libvirt.domainState(found.ref)))
    await h.libvirt.destroyDomain(found.ref).catch(ignoreGone);
  for (const volume of Object.values(volumeNames(h.name(location)))) await h.removeVolume(volume);
  if (found)
    await h.libvirt
      .undefineDomain(
        found.ref,
        Flags.UNDEFINE_MANAGED_SAVE | Flags.UNDEFINE_SNAPSHOTS_METADATA | Flags.UNDEFINE_NVRAM,
      )
      .catch(ignoreGone);
}
