/**
 * NetworkInterface (Infrastructure §3.4.1) as a connection of the compute's
 * container to the network: made with the link (or with the container, for
 * interfaces given inline), removed with it; the engine's MAC and, while the
 * container runs, its address and gateway are reported on the link with the
 * IPNetworkInterface mixin (§3.4.1.1).
 */
import type { Behaviour, Entity, Observation } from '@occi/core';
import { conflict } from '@occi/core';
import { IPNETWORKINTERFACE_MIXIN, NETWORKINTERFACE_KIND } from '@occi/infrastructure';
import { changed } from '../changes.js';
import { connect, containerOf } from '../containers.js';
import type { DockerEngine } from '../engine.js';
import { isEngineError } from '../engine-client.js';
import { endpointAttributes } from '../network-interface.js';

const enc = encodeURIComponent;

export function networkInterfaceDriver(d: DockerEngine): Behaviour {
  /** What the container's endpoint on the link's network reports, or that it is not connected. */
  const report = async (link: Entity): Promise<Observation | undefined> => {
    const container = await containerOf(d, link.source!.location);
    if (!container) return undefined;
    const endpoint = container.NetworkSettings?.Networks?.[d.name(link.target!.location)];
    if (!endpoint)
      return {
        attributes: {
          'occi.networkinterface.state': 'inactive',
          'occi.networkinterface.state.message':
            'the container is not connected to this network (disconnected outside OCCI)',
        },
      };
    const reported = endpointAttributes(endpoint);
    const observation: Observation = {
      attributes: { 'occi.networkinterface.state': 'active' },
      cleared: ['occi.networkinterface.state.message'],
    };
    const withAddress =
      link.mixins.includes(IPNETWORKINTERFACE_MIXIN) || reported['occi.networkinterface.address'];
    if (withAddress && !link.mixins.includes(IPNETWORKINTERFACE_MIXIN)) {
      observation.mixins = [IPNETWORKINTERFACE_MIXIN];
      if (link.attributes['occi.networkinterface.allocation'] === undefined)
        observation.attributes!['occi.networkinterface.allocation'] = 'dynamic';
    }
    for (const [name, value] of Object.entries(reported))
      if (name === 'occi.networkinterface.mac' || withAddress) observation.attributes![name] = value;
    return observation;
  };
  /** Writes a report into the link being made. */
  const keep = (link: Entity, observation: Observation | undefined) => {
    Object.assign(link.attributes, observation?.attributes);
    for (const name of observation?.cleared ?? []) delete link.attributes[name];
    for (const mixin of observation?.mixins ?? []) if (!link.mixins.includes(mixin)) link.mixins.push(mixin);
  };
  return {
    category: NETWORKINTERFACE_KIND,
    async create(link) {
      const container = await containerOf(d, link.source!.location);
      // Interfaces given inline were connected when the container was made.
      if (container && !container.NetworkSettings?.Networks?.[d.name(link.target!.location)])
        await connect(d, d.name(link.source!.location), link);
      keep(link, await report(link));
    },
    update(link, previous) {
      if (changed(link, previous, 'occi.networkinterface.mac', 'occi.networkinterface.address'))
        throw conflict(
          'other',
          `${link.location}: the MAC and address of a network interface are the engine's; delete the link and create another to change them`,
          { location: link.location! },
        );
    },
    async delete(link, context) {
      // A compute deleted with its interfaces takes its connections with its container.
      if (context.deleting.has(link.source!.location)) return;
      const container = await containerOf(d, link.source!.location);
      const network = d.name(link.target!.location);
      if (!container?.NetworkSettings?.Networks?.[network]) return;
      try {
        await d.client.request('POST', `/networks/${enc(network)}/disconnect`, {
          json: { Container: d.name(link.source!.location), Force: true },
          doing: `disconnect container ${d.name(link.source!.location)} from network ${network}`,
        });
      } catch (error) {
        if (!isEngineError(error, 404)) throw error;
      }
    },
    observe: report,
  };
}
