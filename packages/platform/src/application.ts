/**
 * Platform §3.1 Application Kind Definition: the user-defined part of the
 * overall service, with its start/stop lifecycle.
 */
import type { ActionDefinition, Behaviour, Entity, KindDefinition } from '@occi/core';
import { RESOURCE_KIND, URI_PATTERN } from '@occi/core';
import {
  APPLICATION_ACTION_SCHEME,
  APPLICATION_KIND,
  APPLICATION_START,
  APPLICATION_STOP,
  PLATFORM_LOCATIONS,
  PLATFORM_SCHEME,
  PLATFORM_STATES,
} from './identifiers.js';
import { type PlatformBackend, platformActionHandler, platformStateMachine } from './lifecycle.js';

/** Platform §3.1, table "Actions applicable to instances of the Application type". */
export const applicationActions: ActionDefinition[] = [
  { scheme: APPLICATION_ACTION_SCHEME, term: 'start', title: 'Start the application' },
  { scheme: APPLICATION_ACTION_SCHEME, term: 'stop', title: 'Stop the application' },
];

/** Platform §3.1: the Application Kind, related to core#resource, with table 1's attributes. */
export const applicationKind: KindDefinition = {
  scheme: PLATFORM_SCHEME,
  term: 'application',
  title: 'Application',
  parent: RESOURCE_KIND,
  location: PLATFORM_LOCATIONS.application,
  actions: [APPLICATION_START, APPLICATION_STOP],
  attributes: {
    'occi.app.name': {
      type: 'string',
      mutable: true,
      required: true,
      pattern: { type: 'string', minLength: 1 },
      description: 'Name of the application.',
    },
    'occi.app.context': {
      type: 'string',
      mutable: false,
      required: true,
      pattern: { type: 'string', pattern: URI_PATTERN },
      description: 'URL for contextualizing the app.',
    },
    'occi.app.url': {
      type: 'string',
      mutable: false,
      required: true,
      pattern: { type: 'string', pattern: URI_PATTERN },
      description: 'DNS entry.',
    },
    'occi.app.state': {
      type: 'string',
      mutable: false,
      required: false,
      pattern: { type: 'string', enum: [...PLATFORM_STATES] },
      default: 'active',
      description: 'State of the application.',
    },
    'occi.app.state.message': {
      type: 'string',
      mutable: false,
      required: false,
      description: 'Human-readable explanation of the current instance state.',
    },
  },
};

/** How the server-managed URLs of an application are made from its name and id. */
export interface ApplicationAddressing {
  /** `occi.app.url`, the application's DNS entry. */
  url(application: { name: string; id: string }): string;
  /** `occi.app.context`, where the application is contextualised. */
  context(application: { name: string; id: string; url: string }): string;
}

/** The DNS label of a name: lower case letters, digits and inner hyphens, at most 54 characters. */
export function dnsLabel(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 54)
    .replace(/-+$/g, '');
}

/** Eight hex digits identifying the instance, from its `urn:uuid:` id (or any id). */
function shortId(id: string): string {
  const hex = id
    .toLowerCase()
    .replace(/^urn:uuid:/, '')
    .replace(/[^0-9a-f]/g, '');
  if (hex.length >= 8) return hex.slice(0, 8);
  let hash = 0x811c9dc5;
  for (const c of id) hash = Math.imul(hash ^ c.codePointAt(0)!, 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

/**
 * The default addressing: `https://<name-label>-<8 hex of the id>.<domain>/`
 * (the id part keeps two applications of the same name apart) and the
 * context `<url>context/`.
 */
export function defaultAddressing(domain = 'apps.example'): ApplicationAddressing {
  return {
    url: ({ name, id }) => {
      const label = dnsLabel(name);
      return `https://${label === '' ? 'app' : label}-${shortId(id)}.${domain}/`;
    },
    context: ({ url }) => `${url}context/`,
  };
}

function stringAttribute(entity: Entity, name: string): string {
  const value = entity.attributes[name];
  return typeof value === 'string' ? value : '';
}

export function applicationBehaviour(
  addressing: ApplicationAddressing,
  backend?: PlatformBackend,
): Behaviour {
  return {
    category: APPLICATION_KIND,
    stateMachine: platformStateMachine('occi.app', { start: APPLICATION_START, stop: APPLICATION_STOP }),
    initialise(entity) {
      // Platform §3.1: occi.app.url and occi.app.context are immutable to the
      // client; the provider assigns them when the application is created.
      const name = stringAttribute(entity, 'occi.app.name');
      const url = addressing.url({ name, id: entity.id });
      entity.attributes['occi.app.url'] = url;
      entity.attributes['occi.app.context'] = addressing.context({ name, id: entity.id, url });
      // STATE-MACHINES.md: a new application is active; the state is the server's (immutable).
      entity.attributes['occi.app.state'] = 'active';
    },
    actions: {
      [APPLICATION_START]: platformActionHandler('application', 'start', 'occi.app.state.message', backend),
      [APPLICATION_STOP]: platformActionHandler('application', 'stop', 'occi.app.state.message', backend),
    },
  };
}
