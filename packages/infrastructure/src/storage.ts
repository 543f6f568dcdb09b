/**
 * Storage (Infrastructure §3.3): the Kind, its attributes (table 7), its
 * actions (table 8) and its state machine (figure 4). Resizing is an update
 * of `occi.storage.size`: 1.2 removed the resize action.
 */
import type { ActionDefinition, Behaviour, KindDefinition, StateMachine } from '@occi/core';
import { RESOURCE_KIND } from '@occi/core';
import {
  INFRASTRUCTURE_SCHEME,
  STORAGE_ACTION_SCHEME,
  STORAGE_KIND,
  STORAGE_OFFLINE_ACTION,
  STORAGE_ONLINE_ACTION,
} from './identifiers.js';

/** The values of `occi.storage.state` (table 7). */
export const STORAGE_STATES = ['online', 'offline', 'error'] as const;

export const storageKind: KindDefinition = {
  scheme: INFRASTRUCTURE_SCHEME,
  term: 'storage',
  title: 'Storage Resource',
  parent: RESOURCE_KIND,
  location: '/storage/',
  actions: [STORAGE_ONLINE_ACTION, STORAGE_OFFLINE_ACTION],
  attributes: {
    'occi.storage.size': {
      type: 'number',
      mutable: true,
      required: true,
      pattern: { type: 'number', minimum: 0 },
      description: 'Storage size of the instance in gigabytes.',
    },
    // Multiplicity 1 and immutable: server-managed (Core §5.2), not required of the client (Core §5.3.2).
    'occi.storage.state': {
      type: 'string',
      mutable: false,
      required: false,
      pattern: { type: 'string', enum: [...STORAGE_STATES] },
      default: 'offline',
      description: 'Current status of the instance.',
    },
    'occi.storage.state.message': {
      type: 'string',
      mutable: false,
      required: false,
      description: 'Human-readable explanation of the current instance state.',
    },
  },
};

/** Table 8: the Storage actions (no parameters). */
export const storageActions: ActionDefinition[] = [
  { scheme: STORAGE_ACTION_SCHEME, term: 'online', title: 'Bring Storage online' },
  { scheme: STORAGE_ACTION_SCHEME, term: 'offline', title: 'Bring Storage offline' },
];

/** Figure 4: the Storage state machine. */
export const storageStateMachine: StateMachine = {
  attribute: 'occi.storage.state',
  messageAttribute: 'occi.storage.state.message',
  initial: 'offline',
  errorState: 'error',
  transitions: [
    { action: STORAGE_ONLINE_ACTION, from: ['offline'], to: 'online' },
    { action: STORAGE_OFFLINE_ACTION, from: ['online'], to: 'offline' },
  ],
};

export const storageBehaviour: Behaviour = { category: STORAGE_KIND, stateMachine: storageStateMachine };
