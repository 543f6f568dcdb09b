/**
 * StorageLink (Infrastructure §3.4.2) as a virtio disk of the compute's
 * domain: `occi.storagelink.deviceid` is the target device (`/dev/vdb`),
 * which a Linux guest names the disk when links are added in order. A
 * link given inline is defined with the domain; one added later is
 * attached to the domain's definition and, while it runs, hot-plugged; one
 * deleted is detached the same way (the guest releases it).
 */
import type { BackendContext, Behaviour, Entity, LifecycleContext, Observation, Problem } from '@occi/core';
import { conflict } from '@occi/core';
import { COMPUTE_KIND, STORAGELINK_KIND } from '@occi/infrastructure';
import { changed } from '../changes.js';
import { diskXml } from '../domain-xml.js';
import { linkDisk, targetDevice } from '../domains.js';
import type { LibvirtHost } from '../host.js';
import { Flags } from '../rpc/remote.js';
import { hasProcess } from '../state.js';

const isComputeLink = async (link: Entity, context: LifecycleContext) => {
  const source = link.source && (await context.lookup(link.source.location));
  return source !== undefined && context.model.isKindOf(source.kind, COMPUTE_KIND);
};

export function storageLinkDriver(h: LibvirtHost): Behaviour {
  /** The domain of the link's compute, and the flags that change both its definition and, if it runs, QEMU. */
  const domainFor = async (link: Entity) => {
    const found = await h.domainOf(link.source?.location ?? '', true);
    if (!found) return undefined;
    const state = await h.libvirt.domainState(found.ref);
    if (!hasProcess(state) && (await h.libvirt.hasManagedSave(found.ref)))
      throw conflict(
        'other',
        `${link.location}: ${link.source?.location} is suspended to disk, where its devices are fixed; start it first`,
        { location: link.location ?? '' },
      );
    return { ...found, flags: Flags.AFFECT_CONFIG | (hasProcess(state) ? Flags.AFFECT_LIVE : 0) };
  };

  const attach = async (link: Entity) => {
    const found = await domainFor(link);
    if (!found) return;
    const disk = await linkDisk(h, link);
    const there = found.description.disks.find((d) => d.target === disk.target);
    if (there?.path === disk.path) return; // given inline: defined with the domain
    if (there)
      throw conflict(
        'other',
        `${link.location}: /dev/${disk.target} of ${link.source?.location} holds another disk`,
        {
          location: link.location ?? '',
        },
      );
    await h.libvirt.attachDevice(found.ref, diskXml(disk), found.flags, `disk ${disk.target}`);
  };

  const detach = async (link: Entity) => {
    const found = await domainFor(link);
    const target = targetDevice(link.attributes['occi.storagelink.deviceid']);
    const disk = found?.description.disks.find((d) => d.target === target);
    if (!found || !disk) return;
    await h.libvirt.detachDevice(found.ref, diskXml(disk), found.flags, `disk ${disk.target}`);
  };

  return {
    category: STORAGELINK_KIND,
    async validate(link, _previous, context) {
      const problems: Problem[] = [];
      if ((await isComputeLink(link, context)) && !targetDevice(link.attributes['occi.storagelink.deviceid']))
        problems.push({
          code: 'attribute-pattern',
          message: `occi.storagelink.deviceid ${JSON.stringify(link.attributes['occi.storagelink.deviceid'])}: a disk of a libvirt domain is a virtio device, /dev/vdb to /dev/vdzz (vda is the system disk)`,
          attribute: 'occi.storagelink.deviceid',
        });
      return problems;
    },
    async create(link, context) {
      if (await isComputeLink(link, context)) await attach(link);
    },
    async update(link, previous, context) {
      if (!(await isComputeLink(link, context))) return;
      if (
        !changed(link, previous, 'occi.storagelink.deviceid') &&
        link.target?.location === previous.target?.location
      )
        return;
      await detach(previous);
      await attach(link);
    },
    async delete(link, context: BackendContext) {
      // A compute deleted with its storage links takes its disks with its domain.
      if (context.deleting.has(link.source?.location ?? '')) return;
      await detach(link);
    },
    async observe(link): Promise<Observation | undefined> {
      const found = await h.domainOf(link.source?.location ?? '');
      if (!found) return undefined;
      const target = targetDevice(link.attributes['occi.storagelink.deviceid']);
      if (found.description.disks.some((d) => d.target === target))
        return {
          attributes: { 'occi.storagelink.state': 'active' },
          cleared: ['occi.storagelink.state.message'],
        };
      return {
        attributes: {
          'occi.storagelink.state': 'inactive',
          'occi.storagelink.state.message': `the domain has no disk at /dev/${target} (detached outside OCCI)`,
        },
      };
    },
  };
}
