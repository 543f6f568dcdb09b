/**
 * IPNetworkInterface mixin (Infrastructure §3.4.1.1, table 10): L3
 * addressing of a NetworkInterface. Attribute names follow the normative
 * table, `occi.networkinterface.*` (spec README erratum 6).
 */
import type { Behaviour, Entity, LifecycleContext, MixinDefinition, Problem } from '@occi/core';
import { IP_OR_CIDR_PATTERN } from '@occi/core';
import { IPNETWORKINTERFACE_MIXIN, NETWORKINTERFACE_KIND, NETWORKINTERFACE_SCHEME } from './identifiers.js';
import { addressPart, parseRange, rangeContains } from './ip-address.js';

export const ipNetworkInterfaceMixin: MixinDefinition = {
  scheme: NETWORKINTERFACE_SCHEME,
  term: 'ipnetworkinterface',
  title: 'IP Network Interface Mixin',
  // Infrastructure §3.4.1.1: the mixin MUST apply to the NetworkInterface kind.
  applies: [NETWORKINTERFACE_KIND],
  location: '/mixin/ipnetworkinterface/',
  attributes: {
    // The table says "Address" but its examples carry a prefix (192.168.0.1/24): both are accepted.
    'occi.networkinterface.address': {
      type: 'string',
      mutable: true,
      required: true,
      pattern: { type: 'string', pattern: IP_OR_CIDR_PATTERN },
      description: 'Internet Protocol(IP) network address (e.g., 192.168.0.1/24, fc00::/7) of the link',
    },
    'occi.networkinterface.gateway': {
      type: 'string',
      mutable: true,
      required: false,
      pattern: { type: 'string', pattern: IP_OR_CIDR_PATTERN },
      description: 'Internet Protocol(IP) network address (e.g.. 192.168.0.1/24, fc00::/7)',
    },
    'occi.networkinterface.allocation': {
      type: 'string',
      mutable: true,
      required: true,
      pattern: { type: 'string', enum: ['dynamic', 'static'] },
      description:
        'Address mechanism: dynamic e.g., uses the dynamic host configuration protocol, static e.g., uses user supplied static network configurations.',
    },
  },
};

const problem = (attribute: string, message: string): Problem => ({
  code: 'attribute-pattern',
  message,
  attribute,
  category: IPNETWORKINTERFACE_MIXIN,
});

/**
 * The address lies inside the target network's range (when the target
 * carries `occi.network.address`), and the gateway inside the interface's
 * own prefix (when the address carries one).
 */
export async function validateIpNetworkInterface(
  link: Entity,
  context: LifecycleContext,
): Promise<Problem[]> {
  const problems: Problem[] = [];
  const address = link.attributes['occi.networkinterface.address'];
  const gateway = link.attributes['occi.networkinterface.gateway'];
  if (typeof address === 'string' && link.target) {
    const network = await context.lookup(link.target.location);
    const networkAddress = network?.attributes['occi.network.address'];
    const range = typeof networkAddress === 'string' ? parseRange(networkAddress) : undefined;
    if (range && !rangeContains(range, address))
      problems.push(
        problem(
          'occi.networkinterface.address',
          `occi.networkinterface.address ${address} is not inside the address range ${networkAddress} of network ${link.target.location}`,
        ),
      );
  }
  if (typeof address === 'string' && typeof gateway === 'string') {
    const own = parseRange(address);
    if (own && !rangeContains(own, addressPart(gateway)))
      problems.push(
        problem(
          'occi.networkinterface.gateway',
          `occi.networkinterface.gateway ${gateway} is not inside ${address}`,
        ),
      );
  }
  return problems;
}

export const ipNetworkInterfaceBehaviour: Behaviour = {
  category: IPNETWORKINTERFACE_MIXIN,
  validate: (link, _previous, context) => validateIpNetworkInterface(link, context),
};
