/**
 * Network (Infrastructure §3.2): the Kind, its attributes (table 4), its
 * actions (table 5) and its state machine (figure 2).
 */
import type { ActionDefinition, Behaviour, KindDefinition, StateMachine } from '@occi/core';
import { RESOURCE_KIND } from '@occi/core';
import {
  INFRASTRUCTURE_SCHEME,
  NETWORK_ACTION_SCHEME,
  NETWORK_DOWN_ACTION,
  NETWORK_KIND,
  NETWORK_UP_ACTION,
} from './identifiers.js';

/** The values of `occi.network.state` (table 4). */
export const NETWORK_STATES = ['active', 'inactive', 'error'] as const;

export const networkKind: KindDefinition = {
  scheme: INFRASTRUCTURE_SCHEME,
  term: 'network',
  title: 'Network Resource',
  parent: RESOURCE_KIND,
  location: '/network/',
  actions: [NETWORK_UP_ACTION, NETWORK_DOWN_ACTION],
  attributes: {
    'occi.network.vlan': {
      type: 'number',
      mutable: true,
      required: false,
      pattern: { type: 'integer', minimum: 0, maximum: 4095 },
      description: '802.1q VLAN Identifier (e.g., 343).',
    },
    'occi.network.label': {
      type: 'string',
      mutable: true,
      required: false,
      // "Token": the document gives no pattern; the hostname's, with the same draft-04 semantics
      // (unanchored, JSON §3.5.1): some character that is not white space.
      pattern: { type: 'string', pattern: '\\S+' },
      description: 'Tag based VLANs (e.g., external-dmz).',
    },
    // Multiplicity 1 and immutable: server-managed (Core §5.2), not required of the client (Core §5.3.2).
    'occi.network.state': {
      type: 'string',
      mutable: false,
      required: false,
      pattern: { type: 'string', enum: [...NETWORK_STATES] },
      default: 'inactive',
      description: 'Current state of the instance.',
    },
    'occi.network.state.message': {
      type: 'string',
      mutable: false,
      required: false,
      description: 'Human-readable explanation of the current instance state.',
    },
  },
};

/** Table 5: the Network actions (no parameters). */
export const networkActions: ActionDefinition[] = [
  { scheme: NETWORK_ACTION_SCHEME, term: 'up', title: 'Bring Network up' },
  { scheme: NETWORK_ACTION_SCHEME, term: 'down', title: 'Bring Network down' },
];

/** Figure 2: the Network state machine. */
export const networkStateMachine: StateMachine = {
  attribute: 'occi.network.state',
  messageAttribute: 'occi.network.state.message',
  initial: 'inactive',
  errorState: 'error',
  transitions: [
    { action: NETWORK_UP_ACTION, from: ['inactive'], to: 'active' },
    { action: NETWORK_DOWN_ACTION, from: ['active'], to: 'inactive' },
  ],
};

export const networkBehaviour: Behaviour = { category: NETWORK_KIND, stateMachine: networkStateMachine };
