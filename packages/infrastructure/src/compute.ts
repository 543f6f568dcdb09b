/**
 * Compute (Infrastructure §3.1): the Kind, its attributes (table 2), its
 * actions (table 3) and its state machine (figure 1, STATE-MACHINES.md).
 */
import type { ActionDefinition, Behaviour, KindDefinition, StateMachine } from '@occi/core';
import { RESOURCE_KIND } from '@occi/core';
import {
  COMPUTE_ACTION_SCHEME,
  COMPUTE_KIND,
  COMPUTE_RESTART_ACTION,
  COMPUTE_SAVE_ACTION,
  COMPUTE_START_ACTION,
  COMPUTE_STOP_ACTION,
  COMPUTE_SUSPEND_ACTION,
  INFRASTRUCTURE_SCHEME,
} from './identifiers.js';
import { type SaveOptions, saveAction } from './save-action.js';

/** The values of `occi.compute.state` (table 2). */
export const COMPUTE_STATES = ['active', 'inactive', 'suspended', 'error'] as const;

export const computeKind: KindDefinition = {
  scheme: INFRASTRUCTURE_SCHEME,
  term: 'compute',
  title: 'Compute Resource',
  parent: RESOURCE_KIND,
  location: '/compute/',
  actions: [
    COMPUTE_START_ACTION,
    COMPUTE_STOP_ACTION,
    COMPUTE_RESTART_ACTION,
    COMPUTE_SUSPEND_ACTION,
    COMPUTE_SAVE_ACTION,
  ],
  attributes: {
    'occi.compute.architecture': {
      type: 'string',
      mutable: true,
      required: false,
      pattern: { type: 'string', enum: ['x86', 'x64'] },
      description: 'CPU Architecture of the instance.',
    },
    'occi.compute.cores': {
      type: 'number',
      mutable: true,
      required: false,
      pattern: { type: 'integer', minimum: 1 },
      description: 'Number of virtual CPU cores assigned to the instance.',
    },
    'occi.compute.hostname': {
      type: 'string',
      mutable: true,
      required: false,
      // The JSON rendering's Kind example, as printed: a draft-04 pattern, which matches anywhere in the
      // value (JSON §3.5.1), so it asks for one character that is not white space, not for a single word.
      pattern: { $schema: 'http://json-schema.org/draft-04/schema#', type: 'string', pattern: '\\S+' },
      description: 'Fully Qualified DNS hostname for the instance.',
    },
    'occi.compute.share': {
      type: 'number',
      mutable: true,
      required: false,
      pattern: { type: 'integer', minimum: 0 },
      description: 'Relative number of CPU shares for the instance.',
    },
    'occi.compute.memory': {
      type: 'number',
      mutable: true,
      required: false,
      pattern: { type: 'number', minimum: 0 },
      description: 'Maximum RAM in gigabytes allocated to the instance.',
    },
    // Multiplicity 1 and immutable: server-managed (Core §5.2), always present, so not required of the
    // client (Core §5.3.2: required = the client MUST give it at creation), as the JSON Kind example shows.
    'occi.compute.state': {
      type: 'string',
      mutable: false,
      required: false,
      pattern: { type: 'string', enum: [...COMPUTE_STATES] },
      default: 'inactive',
      description: 'Current state of the instance.',
    },
    'occi.compute.state.message': {
      type: 'string',
      mutable: false,
      required: false,
      description: 'Human-readable explanation of the current instance state.',
    },
  },
};

const method = (values: string[], description: string) => ({
  type: 'string' as const,
  mutable: true,
  required: false,
  pattern: { type: 'string' as const, enum: values },
  description,
});

/** Table 3: the Compute actions and their parameters. */
export const computeActions: ActionDefinition[] = [
  { scheme: COMPUTE_ACTION_SCHEME, term: 'start', title: 'Start Compute instance' },
  {
    scheme: COMPUTE_ACTION_SCHEME,
    term: 'stop',
    title: 'Stop Compute instance',
    attributes: {
      // The JSON rendering's Action example gives poweroff as the default.
      method: {
        ...method(['graceful', 'acpioff', 'poweroff'], 'How to stop the instance.'),
        default: 'poweroff',
      },
    },
  },
  {
    scheme: COMPUTE_ACTION_SCHEME,
    term: 'restart',
    title: 'Restart Compute instance',
    attributes: { method: method(['graceful', 'warm', 'cold'], 'How to restart the instance.') },
  },
  {
    scheme: COMPUTE_ACTION_SCHEME,
    term: 'suspend',
    title: 'Suspend Compute instance',
    attributes: { method: method(['hibernate', 'suspend'], 'How to suspend the instance.') },
  },
  {
    scheme: COMPUTE_ACTION_SCHEME,
    term: 'save',
    title: 'Save Compute instance as an OS template',
    attributes: {
      method: method(
        ['hot', 'deferred'],
        'Save the running instance now (hot) or when it next stops (deferred).',
      ),
      name: {
        type: 'string',
        mutable: true,
        required: false,
        description: 'Name of the OS template to create; the provider may choose another.',
      },
    },
  },
];

/** Figure 1: the Compute state machine. */
export const computeStateMachine: StateMachine = {
  attribute: 'occi.compute.state',
  messageAttribute: 'occi.compute.state.message',
  initial: 'inactive',
  errorState: 'error',
  transitions: [
    { action: COMPUTE_START_ACTION, from: ['inactive', 'suspended'], to: 'active' },
    { action: COMPUTE_STOP_ACTION, from: ['active'], to: 'inactive' },
    { action: COMPUTE_SUSPEND_ACTION, from: ['active'], to: 'suspended' },
    // "active (via stop and start chain)": the chain ends where it began.
    { action: COMPUTE_RESTART_ACTION, from: ['active'], to: 'active' },
    { action: COMPUTE_SAVE_ACTION, from: ['active'], to: 'active' },
  ],
};

/** The behaviour of Compute instances: the state machine and the `save` handler. */
export function computeBehaviour(options: SaveOptions): Behaviour {
  return {
    category: COMPUTE_KIND,
    stateMachine: computeStateMachine,
    actions: { [COMPUTE_SAVE_ACTION]: saveAction(options) },
  };
}
