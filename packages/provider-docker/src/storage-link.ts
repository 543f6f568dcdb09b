/**
 * StorageLink (Infrastructure §3.4.2) as a volume mount. Engines cannot add
 * or remove a mount of an existing container, so a storage link is given
 * inline when its compute is created and lives and dies with it.
 */
import type { Entity } from '@occi/core';
import { badRequest, conflict } from '@occi/core';

/** Where a link's storage is mounted: `occi.storagelink.mountpoint`, or `/mnt/<device>` (`/dev/vdb` → `/mnt/vdb`). */
export function mountpointOf(link: Entity): string {
  const mountpoint = link.attributes['occi.storagelink.mountpoint'];
  if (typeof mountpoint === 'string') {
    if (!mountpoint.startsWith('/') || mountpoint === '/')
      throw badRequest(
        'attribute-pattern',
        `occi.storagelink.mountpoint ${JSON.stringify(mountpoint)} must be an absolute path other than /`,
        {
          attribute: 'occi.storagelink.mountpoint',
        },
      );
    return mountpoint;
  }
  const device = String(link.attributes['occi.storagelink.deviceid'] ?? 'storage');
  return `/mnt/${device.split('/').pop() || 'storage'}`;
}

/** The refusal of a storage link on an existing compute (create) or of its removal (delete). */
export function storageLinkFixed(what: 'create' | 'delete' | 'change', location: string): Error {
  const reason = {
    create: `cannot link storage to the existing compute ${location}: the container engine cannot add a mount to an existing container. Give the storagelink inline (in "links") when creating the compute`,
    delete: `cannot remove the storage link ${location}: the container engine cannot remove a mount from an existing container. Delete its compute instead`,
    change: `cannot change the storage link ${location}: its mount is fixed when the compute's container is created`,
  }[what];
  return conflict('other', reason, { location });
}
