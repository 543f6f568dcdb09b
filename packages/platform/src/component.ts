/**
 * Platform §3.2 Component Kind Definition: a configured instance of code
 * that runs or hosts (part of) an application, with its start/stop lifecycle.
 */
import type { ActionDefinition, Behaviour, KindDefinition } from '@occi/core';
import { RESOURCE_KIND } from '@occi/core';
import {
  COMPONENT_ACTION_SCHEME,
  COMPONENT_KIND,
  COMPONENT_START,
  COMPONENT_STOP,
  PLATFORM_LOCATIONS,
  PLATFORM_SCHEME,
  PLATFORM_STATES,
} from './identifiers.js';
import { type PlatformBackend, platformActionHandler, platformStateMachine } from './lifecycle.js';

/** Platform §3.2, table "Actions applicable to instances of the Component type". */
export const componentActions: ActionDefinition[] = [
  { scheme: COMPONENT_ACTION_SCHEME, term: 'start', title: 'Start the component' },
  { scheme: COMPONENT_ACTION_SCHEME, term: 'stop', title: 'Stop the component' },
];

/** Platform §3.2: the Component Kind, related to core#resource, with table 3's attributes. */
export const componentKind: KindDefinition = {
  scheme: PLATFORM_SCHEME,
  term: 'component',
  title: 'Component',
  parent: RESOURCE_KIND,
  location: PLATFORM_LOCATIONS.component,
  actions: [COMPONENT_START, COMPONENT_STOP],
  attributes: {
    'occi.component.state': {
      type: 'string',
      mutable: false,
      required: false,
      pattern: { type: 'string', enum: [...PLATFORM_STATES] },
      default: 'active',
      description: 'State of the component.',
    },
    'occi.component.state.message': {
      type: 'string',
      mutable: false,
      required: false,
      description: 'Human-readable explanation of the current instance state.',
    },
  },
};

export function componentBehaviour(backend?: PlatformBackend): Behaviour {
  return {
    category: COMPONENT_KIND,
    stateMachine: platformStateMachine('occi.component', { start: COMPONENT_START, stop: COMPONENT_STOP }),
    initialise(entity) {
      // STATE-MACHINES.md: a Component starts in active (spec README erratum 10).
      // The state is the server's (immutable): a client cannot create a component in another state.
      entity.attributes['occi.component.state'] = 'active';
    },
    actions: {
      [COMPONENT_START]: platformActionHandler('component', 'start', 'occi.component.state.message', backend),
      [COMPONENT_STOP]: platformActionHandler('component', 'stop', 'occi.component.state.message', backend),
    },
  };
}
