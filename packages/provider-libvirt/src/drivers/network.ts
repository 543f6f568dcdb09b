/**
 * Network (Infrastructure §3.2) as a persistent libvirt network: a bridge,
 * isolated unless the backend forwards (`network.forward: 'nat'`), with
 * the IPNetwork mixin's address and gateway (§3.2.1) as the bridge's
 * address and a DHCP range when allocation is dynamic. up starts it, down
 * stops it (its NICs lose their link); deleted with its interfaces first.
 */
import type { ActionContext, Behaviour, Entity, Problem } from '@occi/core';
import { conflict } from '@occi/core';
import { IPNETWORK_MIXIN, NETWORK_DOWN_ACTION, NETWORK_KIND, NETWORK_UP_ACTION } from '@occi/infrastructure';
import { changed } from '../changes.js';
import { nicXml } from '../domain-xml.js';
import type { LibvirtHost } from '../host.js';
import { describeNetwork, type IpSpec, ipSpec, networkAddress, networkXml } from '../network-xml.js';
import { isLibvirtError } from '../rpc/client.js';
import { ErrorCode, type NamedRef } from '../rpc/protocol.js';
import { Flags } from '../rpc/remote.js';

const IP_ATTRIBUTES = ['occi.network.address', 'occi.network.gateway', 'occi.network.allocation'];

/** The IP configuration an entity asks for; throws the reason when it is not one libvirt can make. */
function ipOf(entity: Entity): IpSpec | undefined {
  const a = entity.attributes;
  if (typeof a['occi.network.address'] !== 'string') return undefined;
  const gateway = typeof a['occi.network.gateway'] === 'string' ? a['occi.network.gateway'] : undefined;
  const allocation =
    typeof a['occi.network.allocation'] === 'string' ? a['occi.network.allocation'] : undefined;
  return ipSpec(a['occi.network.address'], gateway, allocation);
}

export function networkDriver(h: LibvirtHost): Behaviour {
  const networkOf = async (location: string): Promise<NamedRef | undefined> => {
    const network = await h.libvirt.network(h.name(location));
    if (!network) return undefined;
    return describeNetwork(await h.libvirt.networkXml(network)).tie?.location === location
      ? network
      : undefined;
  };

  /** Starts a network; one the host cannot give its address (in use) is a refusal naming why. */
  const start = async (network: NamedRef, location: string) => {
    try {
      await h.libvirt.startNetwork(network);
    } catch (error) {
      if (isLibvirtError(error) && /in use|already|exists/i.test(error.libvirtMessage))
        throw conflict('other', `${location} cannot start: ${error.libvirtMessage}`, { location });
      throw error;
    }
  };

  const define = (entity: Entity, owner: string, uuid?: string) =>
    h.libvirt.defineNetwork(
      networkXml({
        name: h.name(entity.location!),
        ...(uuid ? { uuid } : {}),
        tie: { location: entity.location!, owner, id: entity.id },
        ...(h.options.forward === 'nat' ? { forward: 'nat' as const } : {}),
        ...(ipOf(entity) ? { ip: ipOf(entity)! } : {}),
      }),
      h.name(entity.location!),
    );

  const upOrDown = (up: boolean) => async (context: ActionContext) => {
    const location = context.entity.location!;
    const network = await networkOf(location);
    if (!network) throw new Error(`its libvirt network ${h.name(location)} is gone`);
    const active = await h.libvirt.networkActive(network);
    if (up && !active) await start(network, location);
    if (!up && active)
      await h.libvirt.stopNetwork(network).catch((error: unknown) => {
        if (!isLibvirtError(error, ErrorCode.OPERATION_INVALID)) throw error;
      });
    return undefined;
  };

  return {
    category: NETWORK_KIND,
    actions: { [NETWORK_UP_ACTION]: upOrDown(true), [NETWORK_DOWN_ACTION]: upOrDown(false) },
    validate(entity) {
      const problems: Problem[] = [];
      try {
        ipOf(entity);
      } catch (error) {
        problems.push({
          code: 'attribute-pattern',
          message: (error as Error).message,
          attribute: 'occi.network.address',
        });
      }
      return problems;
    },
    async create(entity, context) {
      const name = h.name(entity.location!);
      if (await h.libvirt.network(name))
        throw conflict(
          'duplicate',
          `libvirt already has a network named ${name} that OCCI does not know: remove it or use another location`,
          { location: entity.location! },
        );
      const ip = ipOf(entity);
      if (ip) {
        if (!entity.mixins.includes(IPNETWORK_MIXIN)) entity.mixins.push(IPNETWORK_MIXIN);
        entity.attributes['occi.network.gateway'] ??= ip.address;
        entity.attributes['occi.network.allocation'] ??= ip.dhcp ? 'dynamic' : 'static';
      }
      const network = await define(entity, context.user);
      if (!h.options.startOnCreate) return;
      await start(network, entity.location!);
      entity.attributes['occi.network.state'] = 'active';
    },
    async update(entity, previous, context) {
      if (!changed(entity, previous, ...IP_ATTRIBUTES)) return;
      const network = await networkOf(entity.location!);
      if (!network) return;
      if (await h.libvirt.networkActive(network))
        throw conflict(
          'other',
          `${entity.location}: the address of a running libvirt network is fixed; bring it down first (action down)`,
          { location: entity.location! },
        );
      const current = describeNetwork(await h.libvirt.networkXml(network));
      await define(entity, current.tie?.owner ?? context.user, current.uuid);
    },
    async delete(entity) {
      const network = await networkOf(entity.location!);
      if (!network) return;
      // NICs still on it (attached outside OCCI, or by a link whose commit a crash prevented) go first:
      // a domain with a NIC on a network that is gone cannot start.
      for (const domain of await h.ownDomains())
        for (const nic of domain.description.nics.filter((n) => n.network === network.name)) {
          const flags = Flags.AFFECT_CONFIG | (domain.running ? Flags.AFFECT_LIVE : 0);
          await h.libvirt.detachDevice(domain.ref, nicXml(nic), flags, `the NIC ${nic.mac}`);
        }
      if (await h.libvirt.networkActive(network)) await h.libvirt.stopNetwork(network);
      await h.libvirt.undefineNetwork(network).catch((error: unknown) => {
        if (!isLibvirtError(error, ErrorCode.NO_NETWORK)) throw error;
      });
    },
    async observe(entity) {
      const network = await networkOf(entity.location!);
      if (!network) return { gone: 'its libvirt network was removed outside OCCI' };
      const state = (await h.libvirt.networkActive(network)) ? 'active' : 'inactive';
      const ip = describeNetwork(await h.libvirt.networkXml(network)).ip;
      const attributes: Record<string, string> = { 'occi.network.state': state };
      if (ip && entity.attributes['occi.network.address'] === undefined)
        attributes['occi.network.address'] = networkAddress(ip);
      return { attributes, cleared: ['occi.network.state.message'] };
    },
  };
}
