/**
 * The libvirt backend: OCCI Infrastructure over libvirt, computes as QEMU
 * (KVM or TCG) virtual machines. It is an extension of per-kind drivers
 * (drivers/): the reference provider of @occi/core keeps every rule of the
 * documents and calls the drivers' hooks around its commits; the drivers
 * only make libvirt follow, and report what it does. libvirt is spoken to
 * through its own RPC protocol on its socket (rpc/).
 */
import type { Extension } from '@occi/core';
import { computeDriver } from './drivers/compute.js';
import { networkDriver } from './drivers/network.js';
import { networkInterfaceDriver } from './drivers/network-interface.js';
import { storageDriver } from './drivers/storage.js';
import { storageLinkDriver } from './drivers/storage-link.js';
import { LibvirtHost, type LibvirtOptions } from './host.js';
import { removeLeftovers } from './leftovers.js';

/** The libvirt backend as an extension: load it after @occi/infrastructure. */
export function libvirt(options: LibvirtOptions = {}): Extension & { host: LibvirtHost } {
  const host = new LibvirtHost(options);
  return {
    name: 'libvirt',
    behaviours: [
      computeDriver(host),
      storageDriver(host),
      networkDriver(host),
      networkInterfaceDriver(host),
      storageLinkDriver(host),
    ],
    catalogue: host.images,
    start: async (context) => {
      await host.connect();
      await removeLeftovers(host, context);
    },
    close: () => host.close(),
    host,
  };
}
