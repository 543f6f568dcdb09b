/**
 * StorageLink (Infrastructure §3.4.2) as a volume mount of the compute's
 * container at `occi.storagelink.mountpoint` (default `/mnt/<device>`).
 * Engines mount volumes only when they create a container: a link given
 * inline is mounted when the compute's container is made; a link added to,
 * changed on or removed from a stopped compute makes its container again
 * (its files kept); on a running compute it is refused (409).
 */
import type { BackendContext, Behaviour, Entity } from '@occi/core';
import { STORAGELINK_KIND } from '@occi/infrastructure';
import { changed } from '../changes.js';
import { containerOf, recreate } from '../containers.js';
import type { DockerEngine } from '../engine.js';
import { mountpointOf } from '../storage-link.js';

/** The compute as it is to be: its storage links, without those being deleted. */
async function computeOf(link: Entity, context: BackendContext): Promise<Entity | undefined> {
  const compute = await context.lookup(link.source!.location);
  if (!compute) return undefined;
  return { ...compute, links: (compute.links ?? []).filter((l) => !context.deleting.has(l.location ?? '')) };
}

export function storageLinkDriver(d: DockerEngine): Behaviour {
  const remount = async (link: Entity, context: BackendContext, why: string) => {
    const compute = await computeOf(link, context);
    if (compute) await recreate(d, compute, why);
  };
  return {
    category: STORAGELINK_KIND,
    async create(link, context) {
      const target = mountpointOf(link);
      link.attributes['occi.storagelink.mountpoint'] = target;
      const container = await containerOf(d, link.source!.location);
      const mounted = container?.Mounts?.some((m) => m.Destination === target);
      // A link given inline was mounted when the container was made.
      if (container && !mounted)
        await remount(link, context, `${link.location}: a volume is mounted when a container is created`);
    },
    async update(link, previous, context) {
      if (
        !changed(link, previous, 'occi.storagelink.mountpoint', 'occi.storagelink.deviceid') &&
        link.target?.location === previous.target?.location
      )
        return;
      await remount(link, context, `${link.location}: a mount is fixed when the container is created`);
    },
    async delete(link, context) {
      // A compute deleted with its storage links takes its mounts with its container.
      if (context.deleting.has(link.source!.location)) return;
      await remount(
        link,
        context,
        `${link.location}: a volume is unmounted only by making the container again`,
      );
    },
  };
}
