/**
 * NetworkInterface (Infrastructure §3.4.1) as a virtio NIC of the
 * compute's domain on the network's libvirt network, with the link's MAC:
 * defined with the domain for interfaces given inline, attached (and
 * hot-plugged while the domain runs) for later ones, detached when the
 * link is deleted. The address the network's DHCP server leased to the
 * MAC is reported with the IPNetworkInterface mixin (§3.4.1.1); a static
 * address given with that mixin becomes a DHCP reservation of the MAC.
 */
import type { Behaviour, Entity, Observation } from '@occi/core';
import { conflict } from '@occi/core';
import { IPNETWORKINTERFACE_MIXIN, NETWORKINTERFACE_KIND } from '@occi/infrastructure';
import { changed } from '../changes.js';
import { nicXml } from '../domain-xml.js';
import { linkNic, macOf } from '../domains.js';
import type { LibvirtHost } from '../host.js';
import { describeNetwork, dhcpHostXml, isIpv4 } from '../network-xml.js';
import { isLibvirtError } from '../rpc/client.js';
import { ErrorCode, type NamedRef } from '../rpc/protocol.js';
import { Flags } from '../rpc/remote.js';
import { hasProcess } from '../state.js';

/** A hibernated domain's devices are fixed in its saved state. */
const hibernated = (link: Entity) =>
  conflict(
    'other',
    `${link.location}: ${link.source?.location} is suspended to disk, where its devices are fixed; start it first`,
    { location: link.location ?? '' },
  );

export function networkInterfaceDriver(h: LibvirtHost): Behaviour {
  /** The static address of the link, when it asks for one (a DHCP reservation of its MAC). */
  const reserved = (link: Entity) => {
    const address = String(link.attributes['occi.networkinterface.address'] ?? '').split('/')[0] ?? '';
    return link.mixins.includes(IPNETWORKINTERFACE_MIXIN) &&
      link.attributes['occi.networkinterface.allocation'] === 'static' &&
      isIpv4(address)
      ? address
      : undefined;
  };

  const reservation = async (network: NamedRef, link: Entity, command: number) => {
    const ip = reserved(link);
    if (!ip) return;
    const flags = Flags.AFFECT_CONFIG | ((await h.libvirt.networkActive(network)) ? Flags.AFFECT_LIVE : 0);
    await h.libvirt
      .updateNetwork(
        network,
        command,
        Flags.NETWORK_SECTION_IP_DHCP_HOST,
        dhcpHostXml(macOf(link), ip),
        flags,
      )
      .catch((error: unknown) => {
        // Deleting a reservation that is gone, or on a network without DHCP, is no error.
        if (command !== Flags.NETWORK_UPDATE_DELETE || !isLibvirtError(error)) throw error;
      });
  };

  return {
    category: NETWORKINTERFACE_KIND,
    async create(link) {
      const network = await h.libvirt.network(h.name(link.target?.location ?? ''));
      if (network) await reservation(network, link, Flags.NETWORK_UPDATE_ADD_LAST);
      const found = await h.domainOf(link.source?.location ?? '', true);
      if (!found || found.description.nics.some((n) => n.mac === macOf(link))) return; // inline: defined with the domain
      const state = await h.libvirt.domainState(found.ref);
      const running = hasProcess(state);
      if (!running && (await h.libvirt.hasManagedSave(found.ref))) throw hibernated(link);
      const nic = await linkNic(h, link);
      if (running && network && !(await h.libvirt.networkActive(network)))
        throw conflict(
          'other',
          `${link.location}: the network ${link.target?.location} is inactive, and a running domain can only be connected to an active one; bring it up first (action up)`,
          { location: link.location ?? '' },
        );
      const flags = Flags.AFFECT_CONFIG | (running ? Flags.AFFECT_LIVE : 0);
      await h.libvirt.attachDevice(found.ref, nicXml(nic), flags, `the NIC ${nic.mac}`);
    },
    update(link, previous) {
      if (changed(link, previous, 'occi.networkinterface.mac', 'occi.networkinterface.address'))
        throw conflict(
          'other',
          `${link.location}: the MAC and address of a NIC are fixed when it is attached; delete the link and create another to change them`,
          { location: link.location! },
        );
    },
    async delete(link, context) {
      const network = await h.libvirt.network(h.name(link.target?.location ?? ''));
      if (network && !context.deleting.has(link.target?.location ?? ''))
        await reservation(network, link, Flags.NETWORK_UPDATE_DELETE);
      // A compute deleted with its interfaces takes its NICs with its domain.
      if (context.deleting.has(link.source?.location ?? '')) return;
      const found = await h.domainOf(link.source?.location ?? '', true);
      const nic = found?.description.nics.find((n) => n.mac === macOf(link));
      if (!found || !nic) return;
      const running = hasProcess(await h.libvirt.domainState(found.ref));
      if (!running && (await h.libvirt.hasManagedSave(found.ref))) throw hibernated(link);
      const flags = Flags.AFFECT_CONFIG | (running ? Flags.AFFECT_LIVE : 0);
      await h.libvirt
        .detachDevice(found.ref, nicXml(nic), flags, `the NIC ${nic.mac}`)
        .catch((error: unknown) => {
          if (!isLibvirtError(error, ErrorCode.NO_DOMAIN)) throw error;
        });
    },
    async observe(link): Promise<Observation | undefined> {
      const found = await h.domainOf(link.source?.location ?? '');
      if (!found) return undefined;
      const nic = found.description.nics.find((n) => n.mac === macOf(link));
      if (!nic)
        return {
          attributes: {
            'occi.networkinterface.state': 'inactive',
            'occi.networkinterface.state.message':
              'the domain has no NIC with this MAC (detached outside OCCI)',
          },
        };
      const observation: Observation = {
        attributes: { 'occi.networkinterface.state': 'active', 'occi.networkinterface.mac': nic.mac },
        cleared: ['occi.networkinterface.state.message'],
      };
      const network = await h.libvirt.network(nic.network);
      const lease = network && (await h.libvirt.dhcpLeases(network, nic.mac))[0];
      if (network && lease) {
        const attributes = observation.attributes!;
        attributes['occi.networkinterface.address'] = `${lease.ipaddr}/${lease.prefix}`;
        const gateway = describeNetwork(await h.libvirt.networkXml(network)).ip?.address;
        if (gateway) attributes['occi.networkinterface.gateway'] = gateway;
        if (!link.mixins.includes(IPNETWORKINTERFACE_MIXIN)) {
          observation.mixins = [IPNETWORKINTERFACE_MIXIN];
          attributes['occi.networkinterface.allocation'] = 'dynamic';
        }
      }
      return observation;
    },
  };
}
