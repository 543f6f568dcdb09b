/**
 * StorageLink (Infrastructure §3.4.2, table 11): the Link from a Resource to
 * a Storage, and its state machine (figure 7). No actions are defined: the
 * provider moves the link between states itself.
 */
import type { Behaviour, Entity, KindDefinition, LifecycleContext, StateMachine } from '@occi/core';
import { LINK_KIND } from '@occi/core';
import { INFRASTRUCTURE_SCHEME, STORAGELINK_KIND } from './identifiers.js';
import { validateLinkEndpoints } from './link-endpoints.js';
import { LINK_STATES } from './network-interface.js';

export const storageLinkKind: KindDefinition = {
  scheme: INFRASTRUCTURE_SCHEME,
  term: 'storagelink',
  title: 'StorageLink Link',
  parent: LINK_KIND,
  location: '/storagelink/',
  // Multiplicity 1, always present, but never required of the client (Core §5.3.2): the provider picks a
  // device id when none is given and sets the state (immutable, Core §5.2) (initialise).
  attributes: {
    'occi.storagelink.deviceid': {
      type: 'string',
      mutable: true,
      required: false,
      description: 'Device identifier as defined by the OCCI service provider.',
    },
    'occi.storagelink.mountpoint': {
      type: 'string',
      mutable: true,
      required: false,
      description: 'Point to where the storage is mounted in the guest OS.',
    },
    'occi.storagelink.state': {
      type: 'string',
      mutable: false,
      required: false,
      pattern: { type: 'string', enum: [...LINK_STATES] },
      default: 'inactive',
      description: 'Current status of the instance.',
    },
    'occi.storagelink.state.message': {
      type: 'string',
      mutable: false,
      required: false,
      description: 'Human-readable explanation of the current instance state.',
    },
  },
};

/** Figure 7: states only; no action moves a StorageLink. */
export const storageLinkStateMachine: StateMachine = {
  attribute: 'occi.storagelink.state',
  messageAttribute: 'occi.storagelink.state.message',
  initial: 'inactive',
  errorState: 'error',
  transitions: [],
};

/**
 * `/dev/vdb`, `/dev/vdc`, …: the first device not used by another storage
 * link of the source (vda holds the OS), nor by its ephemeral storage
 * (`occi.compute.ephemeral_storage.deviceid` of the compute resource templates profile).
 */
export async function nextDeviceId(link: Entity, context: LifecycleContext): Promise<string> {
  const used = new Set<string>();
  const source = link.source ? await context.lookup(link.source.location) : undefined;
  const ephemeral = source?.attributes['occi.compute.ephemeral_storage.deviceid'];
  if (typeof ephemeral === 'string') used.add(ephemeral);
  for (const other of source?.links ?? []) {
    if (other.id === link.id) continue;
    const device = other.attributes['occi.storagelink.deviceid'];
    if (typeof device === 'string') used.add(device);
  }
  for (let code = 'b'.charCodeAt(0); code <= 'z'.charCodeAt(0); code++) {
    const device = `/dev/vd${String.fromCharCode(code)}`;
    if (!used.has(device)) return device;
  }
  let n = 26;
  while (used.has(`/dev/vd${n}`)) n++;
  return `/dev/vd${n}`;
}

/**
 * Fills the server-managed attributes of a new StorageLink: a device id
 * when the client gave none (a CDMI container id, Infrastructure §3.4.3,
 * is the client's to give), and the state. Creating the link attaches the
 * storage, so the link starts `active`.
 */
export async function initialiseStorageLink(link: Entity, context: LifecycleContext): Promise<void> {
  if (link.attributes['occi.storagelink.deviceid'] === undefined)
    link.attributes['occi.storagelink.deviceid'] = await nextDeviceId(link, context);
  link.attributes['occi.storagelink.state'] = 'active';
}

export const storageLinkBehaviour: Behaviour = {
  category: STORAGELINK_KIND,
  stateMachine: storageLinkStateMachine,
  initialise: initialiseStorageLink,
  validate: (link, _previous, context) => validateLinkEndpoints(link, context),
};
