/**
 * Removes what a crash between a libvirt call and the commit left behind:
 * domains and networks whose metadata names a location the store does not
 * hold (made, then never committed), and volumes whose name does (volumes
 * carry no metadata: their name is made from the location). Objects
 * without the backend's prefix or metadata are someone else's and stay.
 */
import type { StartContext } from '@occi/core';
import { describeDomain } from './domain-xml.js';
import { removeDomain } from './domains.js';
import type { LibvirtHost } from './host.js';
import { locationOf } from './names.js';
import { describeNetwork } from './network-xml.js';
import { isLibvirtError } from './rpc/client.js';
import { Flags } from './rpc/remote.js';

export async function removeLeftovers(h: LibvirtHost, context: StartContext): Promise<void> {
  const prefix = h.options.namePrefix;
  const orphan = async (name: string, tie: { location: string } | undefined) => {
    const location = locationOf(prefix, name);
    return location !== undefined && tie?.location === location && !(await context.exists(location))
      ? location
      : undefined;
  };
  const { libvirt } = h;
  for (const dom of await libvirt.domains()) {
    if (locationOf(prefix, dom.name) === undefined) continue;
    const location = await orphan(
      dom.name,
      describeDomain(await libvirt.domainXml(dom, Flags.XML_INACTIVE)).tie,
    );
    if (location) await removeDomain(h, location);
  }
  for (const network of await libvirt.networks()) {
    if (locationOf(prefix, network.name) === undefined) continue;
    if (!(await orphan(network.name, describeNetwork(await libvirt.networkXml(network)).tie))) continue;
    if (await libvirt.networkActive(network)) await libvirt.stopNetwork(network);
    await libvirt.undefineNetwork(network);
  }
  for (const volume of await libvirt.volumes(h.pool)) {
    const location = locationOf(prefix, volume.name);
    if (location === undefined || (await context.exists(location))) continue;
    await libvirt.deleteVolume(volume).catch((error: unknown) => {
      if (!isLibvirtError(error)) throw error;
    });
  }
}
