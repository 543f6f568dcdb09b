/**
 * Storage (Infrastructure §3.3) as a qcow2 volume of the pool, of
 * `occi.storage.size` GiB: made with the storage, grown when the size
 * grows (through the domain using it while that runs, which QEMU holds
 * open), deleted with it (its storage links go first, which detaches it).
 * online and offline change the state only: a volume is always there to
 * attach.
 */
import type { Behaviour, Problem } from '@occi/core';
import { conflict } from '@occi/core';
import { STORAGE_KIND } from '@occi/infrastructure';
import { diskXml } from '../domain-xml.js';
import type { LibvirtHost } from '../host.js';
import { Flags } from '../rpc/remote.js';
import { describeVolume, GIB, volumeXml } from '../storage-xml.js';

const bytesOf = (size: unknown) => Math.round(Number(size) * GIB);

export function storageDriver(h: LibvirtHost): Behaviour {
  const volumeName = (location: string) => `${h.name(location)}.qcow2`;

  const pathOf = async (location: string) => {
    const volume = await h.volume(volumeName(location));
    return volume && { volume, path: describeVolume(await h.libvirt.volumeXml(volume)).path };
  };

  /** Grows the volume, or the disk of each running domain that has it attached (QEMU holds its file). */
  const grow = async (location: string, bytes: number) => {
    const found = await pathOf(location);
    if (!found) return;
    let live = false;
    for (const domain of await h.ownDomains()) {
      const disk = domain.description.disks.find((d) => d.path === found.path);
      if (!domain.running || !disk) continue;
      await h.libvirt.blockResize(domain.ref, disk.target, bytes);
      live = true;
    }
    if (!live) await h.libvirt.resizeVolume(found.volume, bytes);
  };

  /**
   * Detaches the volume from every domain still having it (attached
   * outside OCCI, or by a link whose commit a crash prevented): a domain
   * must not be left with a disk whose file is gone, which it could not
   * start with.
   */
  const detachEverywhere = async (location: string) => {
    const found = await pathOf(location);
    if (!found) return;
    for (const domain of await h.ownDomains())
      for (const disk of domain.description.disks.filter((d) => d.path === found.path)) {
        const flags = Flags.AFFECT_CONFIG | (domain.running ? Flags.AFFECT_LIVE : 0);
        await h.libvirt.detachDevice(domain.ref, diskXml(disk), flags, `disk ${disk.target}`);
      }
  };

  return {
    category: STORAGE_KIND,
    validate(entity) {
      const size = entity.attributes['occi.storage.size'];
      const problems: Problem[] = [];
      if (typeof size === 'number' && !(size > 0 && bytesOf(size) >= 1024 * 1024))
        problems.push({
          code: 'attribute-pattern',
          message: `occi.storage.size ${size}: a volume has at least 1 MiB (0.001 GiB)`,
          attribute: 'occi.storage.size',
        });
      return problems;
    },
    async create(entity) {
      const name = volumeName(entity.location!);
      if (await h.volume(name))
        throw conflict(
          'duplicate',
          `pool ${h.pool.name} already has a volume ${name} that OCCI does not know: remove it or use another location`,
          { location: entity.location! },
        );
      const capacity = bytesOf(entity.attributes['occi.storage.size'] ?? 1);
      await h.libvirt.createVolume(h.pool, volumeXml({ name, capacity, format: 'qcow2' }), name);
      if (h.options.startOnCreate) entity.attributes['occi.storage.state'] = 'online';
    },
    async update(entity, previous) {
      const before = bytesOf(previous.attributes['occi.storage.size'] ?? 1);
      const after = bytesOf(entity.attributes['occi.storage.size'] ?? 1);
      if (after === before) return;
      if (after < before)
        throw conflict(
          'other',
          `${entity.location}: a qcow2 volume cannot shrink (it would lose the data at its end); create a smaller storage and copy what you keep`,
          { location: entity.location! },
        );
      await grow(entity.location!, after);
    },
    async delete(entity) {
      await detachEverywhere(entity.location!);
      await h.removeVolume(volumeName(entity.location!));
    },
    async observe(entity) {
      const volume = await h.volume(volumeName(entity.location!));
      if (!volume) return { gone: 'its volume was removed outside OCCI' };
      const capacity = describeVolume(await h.libvirt.volumeXml(volume)).capacity;
      // Capacities round up to whole sectors: report the size only when it differs by more than that.
      if (Math.abs(capacity - bytesOf(entity.attributes['occi.storage.size'] ?? 0)) > 1024 * 1024)
        return { attributes: { 'occi.storage.size': Math.round((capacity / GIB) * 1000) / 1000 } };
      return undefined;
    },
  };
}
