/**
 * NetworkInterface (Infrastructure §3.4.1, table 9): the Link from a
 * Resource to a Network, and its state machine (figure 5). No actions are
 * defined: the provider moves the link between states itself.
 */
import type { Behaviour, Entity, KindDefinition, LifecycleContext, Problem, StateMachine } from '@occi/core';
import { LINK_KIND, MAC_ADDRESS_PATTERN } from '@occi/core';
import { INFRASTRUCTURE_SCHEME, NETWORKINTERFACE_KIND } from './identifiers.js';
import { validateLinkEndpoints } from './link-endpoints.js';
import { randomMacAddress } from './mac-address.js';

/** The values of the link states (tables 9 and 11). */
export const LINK_STATES = ['active', 'inactive', 'error'] as const;

export const networkInterfaceKind: KindDefinition = {
  scheme: INFRASTRUCTURE_SCHEME,
  term: 'networkinterface',
  title: 'NetworkInterface Link',
  parent: LINK_KIND,
  location: '/networkinterface/',
  attributes: {
    // Multiplicity 1, always present, but never required of the client (Core §5.3.2): the provider names
    // the device (immutable, Core §5.2), picks a MAC when none is given and sets the state (initialise).
    'occi.networkinterface.interface': {
      type: 'string',
      mutable: false,
      required: false,
      description: 'Identifier that relates the link to the link’s device interface.',
    },
    'occi.networkinterface.mac': {
      type: 'string',
      mutable: true,
      required: false,
      pattern: { type: 'string', pattern: MAC_ADDRESS_PATTERN },
      description: 'MAC address associated with the link’s device interface.',
    },
    'occi.networkinterface.state': {
      type: 'string',
      mutable: false,
      required: false,
      pattern: { type: 'string', enum: [...LINK_STATES] },
      default: 'inactive',
      description: 'Current status of the instance.',
    },
    'occi.networkinterface.state.message': {
      type: 'string',
      mutable: false,
      required: false,
      description: 'Human-readable explanation of the current instance state.',
    },
  },
};

/** Figure 5: states only; no action moves a NetworkInterface. */
export const networkInterfaceStateMachine: StateMachine = {
  attribute: 'occi.networkinterface.state',
  messageAttribute: 'occi.networkinterface.state.message',
  initial: 'inactive',
  errorState: 'error',
  transitions: [],
};

/** The prefix of the interface names the provider assigns: `eth0`, `eth1`, … */
export const INTERFACE_PREFIX = 'eth';

/** The interface names used by the other network interfaces of the link's source resource. */
async function usedInterfaceNames(link: Entity, context: LifecycleContext): Promise<Set<string>> {
  const used = new Set<string>();
  const source = link.source ? await context.lookup(link.source.location) : undefined;
  for (const other of source?.links ?? []) {
    if (other.id === link.id) continue;
    const name = other.attributes['occi.networkinterface.interface'];
    if (typeof name === 'string') used.add(name);
  }
  return used;
}

/** The first `ethN` not yet used by another network interface of the same source resource. */
export async function nextInterfaceName(link: Entity, context: LifecycleContext): Promise<string> {
  const used = await usedInterfaceNames(link, context);
  let n = 0;
  while (used.has(`${INTERFACE_PREFIX}${n}`)) n++;
  return `${INTERFACE_PREFIX}${n}`;
}

/**
 * Fills the server-managed attributes of a new NetworkInterface: the device
 * name, a MAC address when the client gave none, and the state. Creating
 * the link attaches the device, so the link starts `active`.
 */
export async function initialiseNetworkInterface(link: Entity, context: LifecycleContext): Promise<void> {
  if (typeof link.attributes['occi.networkinterface.interface'] !== 'string')
    link.attributes['occi.networkinterface.interface'] = await nextInterfaceName(link, context);
  if (link.attributes['occi.networkinterface.mac'] === undefined)
    link.attributes['occi.networkinterface.mac'] = randomMacAddress();
  link.attributes['occi.networkinterface.state'] = 'active';
}

/**
 * The interface name relates the link to one device of its source
 * (table 9): two network interfaces of the same resource cannot share it.
 */
export async function validateNetworkInterface(link: Entity, context: LifecycleContext): Promise<Problem[]> {
  const name = link.attributes['occi.networkinterface.interface'];
  if (typeof name !== 'string' || !(await usedInterfaceNames(link, context)).has(name)) return [];
  return [
    {
      code: 'duplicate',
      message: `occi.networkinterface.interface ${name} is already used by another network interface of ${link.source?.location}`,
      attribute: 'occi.networkinterface.interface',
      category: NETWORKINTERFACE_KIND,
    },
  ];
}

export const networkInterfaceBehaviour: Behaviour = {
  category: NETWORKINTERFACE_KIND,
  stateMachine: networkInterfaceStateMachine,
  initialise: initialiseNetworkInterface,
  validate: async (link, _previous, context) => [
    ...(await validateLinkEndpoints(link, context)),
    ...(await validateNetworkInterface(link, context)),
  ],
};
