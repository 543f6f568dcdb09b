/**
 * Network (Infrastructure §3.2) as an engine network: made with the network
 * (its IPNetwork address and gateway, §3.2.1, as the IPAM configuration, or
 * the engine's choice reported back), removed with it (its interfaces go
 * first, which disconnects their containers). up and down change the state
 * only: an engine network cannot be taken down.
 */
import type { Behaviour } from '@occi/core';
import { conflict } from '@occi/core';
import { IPNETWORK_MIXIN, NETWORK_KIND } from '@occi/infrastructure';
import { changed } from '../changes.js';
import type { DockerEngine } from '../engine.js';
import { entityLabels } from '../labels.js';
import { type EngineNetwork, networkCreateBody } from '../network.js';

const enc = encodeURIComponent;

export function networkDriver(d: DockerEngine): Behaviour {
  const network = (location: string) =>
    d.client.find<EngineNetwork>(`/networks/${enc(d.name(location))}`, `inspect network ${d.name(location)}`);
  return {
    category: NETWORK_KIND,
    async create(entity, context) {
      const name = d.name(entity.location!);
      if (await network(entity.location!))
        throw conflict(
          'duplicate',
          `the engine already has a network named ${name} that OCCI does not know: remove it or use another location`,
          {
            location: entity.location!,
          },
        );
      await d.client.request('POST', '/networks/create', {
        json: networkCreateBody(
          name,
          entity,
          entityLabels(entity.location!, context.user, entity.id),
          d.options.internal,
        ),
        doing: `create network ${name}`,
      });
      const ipam = (await network(entity.location!))?.IPAM?.Config?.[0];
      if (ipam?.Subnet && entity.attributes['occi.network.address'] === undefined) {
        if (!entity.mixins.includes(IPNETWORK_MIXIN)) entity.mixins.push(IPNETWORK_MIXIN);
        entity.attributes['occi.network.address'] = ipam.Subnet;
        if (ipam.Gateway) entity.attributes['occi.network.gateway'] = ipam.Gateway;
        entity.attributes['occi.network.allocation'] ??= 'dynamic';
      }
      if (d.options.startOnCreate) entity.attributes['occi.network.state'] = 'active';
    },
    update(entity, previous) {
      if (changed(entity, previous, 'occi.network.address', 'occi.network.gateway'))
        throw conflict(
          'other',
          `${entity.location}: the address and gateway of an engine network are fixed when it is created`,
          {
            location: entity.location!,
          },
        );
    },
    async delete(entity) {
      const name = d.name(entity.location!);
      await d.remove(`/networks/${enc(name)}`, `remove network ${name}`, entity.location!);
    },
    async observe(entity) {
      const found = await network(entity.location!);
      if (!found) return { gone: 'its network was removed outside OCCI' };
      return undefined;
    },
  };
}
