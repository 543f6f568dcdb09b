/**
 * IPNetwork mixin (Infrastructure §3.2.1, table 6): L3 addressing of a
 * Network. Beyond the address syntax, the gateway must lie inside the network's
 * address range.
 */
import type { Behaviour, Entity, MixinDefinition, Problem } from '@occi/core';
import { CIDR_PATTERN, IP_ADDRESS_PATTERN } from '@occi/core';
import { IPNETWORK_MIXIN, NETWORK_KIND, NETWORK_SCHEME } from './identifiers.js';
import { parseRange, rangeContains } from './ip-address.js';

export const ipNetworkMixin: MixinDefinition = {
  scheme: NETWORK_SCHEME,
  term: 'ipnetwork',
  title: 'IP Network Mixin',
  // Infrastructure §3.2.1: the IPNetwork mixin MUST apply to the Network kind.
  applies: [NETWORK_KIND],
  location: '/mixin/ipnetwork/',
  attributes: {
    'occi.network.address': {
      type: 'string',
      mutable: true,
      required: false,
      pattern: { type: 'string', pattern: CIDR_PATTERN },
      description: 'Internet Protocol (IP) network address (e.g., 192.168.0.1/24, fc00::/7)',
    },
    'occi.network.gateway': {
      type: 'string',
      mutable: true,
      required: false,
      pattern: { type: 'string', pattern: IP_ADDRESS_PATTERN },
      description: 'Internet Protocol (IP) network address (e.g., 192.168.0.1, fc00::)',
    },
    'occi.network.allocation': {
      type: 'string',
      mutable: true,
      required: false,
      pattern: { type: 'string', enum: ['dynamic', 'static'] },
      description:
        'Address allocation mechanism: dynamic e.g., uses the dynamic host configuration protocol, static e.g., uses user supplied static network configurations.',
    },
  },
};

/** The gateway, when both are given, lies inside the network address range. */
export function validateIpNetwork(entity: Entity): Problem[] {
  const address = entity.attributes['occi.network.address'];
  const gateway = entity.attributes['occi.network.gateway'];
  if (typeof address !== 'string' || typeof gateway !== 'string') return [];
  const range = parseRange(address);
  if (!range || rangeContains(range, gateway)) return [];
  return [
    {
      code: 'attribute-pattern',
      message: `occi.network.gateway ${gateway} is not inside the network address range ${address}`,
      attribute: 'occi.network.gateway',
      category: IPNETWORK_MIXIN,
    },
  ];
}

export const ipNetworkBehaviour: Behaviour = { category: IPNETWORK_MIXIN, validate: validateIpNetwork };
