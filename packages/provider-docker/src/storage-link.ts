/** StorageLink (Infrastructure §3.4.2) as a volume mount: where it mounts. */
import type { Entity } from '@occi/core';
import { badRequest } from '@occi/core';

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
