/**
 * Platform §4.1 Database Mixin: a Component that is a database, and
 * §4.1.1 Database Link: the ComponentLink to such a component.
 */
import type { Behaviour, Entity, LifecycleContext, MixinDefinition, Problem } from '@occi/core';
import { URI_PATTERN } from '@occi/core';
import {
  COMPONENT_KIND,
  COMPONENTLINK_KIND,
  DATABASE_MIXIN,
  DATABASELINK_MIXIN,
  PLATFORM_LOCATIONS,
  PLATFORM_SCHEME,
} from './identifiers.js';

/** Platform §4.1: the Database mixin applies to Component (table 5). */
export const databaseMixin: MixinDefinition = {
  scheme: PLATFORM_SCHEME,
  term: 'database',
  title: 'Database',
  applies: [COMPONENT_KIND],
  location: PLATFORM_LOCATIONS.database,
  attributes: {
    'occi.database.version': {
      type: 'string',
      mutable: false,
      required: true,
      pattern: { type: 'string', minLength: 1 },
      description: 'Version of the database.',
    },
  },
};

/**
 * Platform §4.1.1: the DatabaseLink mixin applies to ComponentLink
 * (table 6). The table types username and token as "URI", a copy of the
 * uri row: they are strings here and only `occi.database.uri` must be a URI.
 */
export const databaseLinkMixin: MixinDefinition = {
  scheme: PLATFORM_SCHEME,
  term: 'databaselink',
  title: 'DatabaseLink',
  applies: [COMPONENTLINK_KIND],
  location: PLATFORM_LOCATIONS.databaselink,
  attributes: {
    'occi.database.uri': {
      type: 'string',
      mutable: false,
      required: true,
      pattern: { type: 'string', pattern: URI_PATTERN },
      description: 'Connection URI for the database instance.',
    },
    'occi.database.username': {
      type: 'string',
      mutable: false,
      required: false,
      description: 'Username.',
    },
    'occi.database.token': {
      type: 'string',
      mutable: false,
      required: false,
      description: 'Token.',
    },
  },
};

/**
 * A provider's database flavour (e.g. PostgreSQL 16): a mixin that depends
 * on `platform#database` and gives `occi.database.version` its value.
 */
export function databaseFlavour(flavour: {
  scheme: string;
  term: string;
  title?: string;
  version: string;
  location: string;
}): MixinDefinition {
  return {
    scheme: flavour.scheme,
    term: flavour.term,
    ...(flavour.title !== undefined ? { title: flavour.title } : {}),
    depends: [DATABASE_MIXIN],
    applies: [COMPONENT_KIND],
    location: flavour.location,
    attributes: {
      'occi.database.version': { type: 'string', mutable: false, required: true, default: flavour.version },
    },
  };
}

function missing(attribute: string, category: string, message: string): Problem {
  return { code: 'missing-required-attribute', message, attribute, category };
}

export const databaseBehaviour: Behaviour = {
  category: DATABASE_MIXIN,
  validate(entity) {
    // Platform §4.1: occi.database.version has multiplicity 1.
    const version = entity.attributes['occi.database.version'];
    if (typeof version === 'string' && version !== '') return [];
    return [
      missing(
        'occi.database.version',
        DATABASE_MIXIN,
        'occi.database.version is required for a database component: give it on creation or use a provider database mixin that depends on platform#database and sets it',
      ),
    ];
  },
};

async function validateDatabaseLink(entity: Entity, context: LifecycleContext): Promise<Problem[]> {
  const problems: Problem[] = [];
  const uri = entity.attributes['occi.database.uri'];
  // Platform §4.1.1: occi.database.uri has multiplicity 1.
  if (typeof uri !== 'string' || uri === '')
    problems.push(
      missing(
        'occi.database.uri',
        DATABASELINK_MIXIN,
        'occi.database.uri is required for a databaselink: give the connection URI of the database',
      ),
    );
  const target = entity.target?.location;
  if (target !== undefined) {
    const component = await context.lookup(target);
    // Platform §4.1.1: the DatabaseLink is for links to a component with the Database mixin.
    if (component !== undefined && !component.mixins.some((m) => context.model.dependsOn(m, DATABASE_MIXIN)))
      problems.push({
        code: 'invalid-link',
        message: `databaselink target ${target} does not have the ${DATABASE_MIXIN} mixin`,
        category: DATABASELINK_MIXIN,
        location: target,
      });
  }
  return problems;
}

export const databaseLinkBehaviour: Behaviour = {
  category: DATABASELINK_MIXIN,
  validate: (entity, _previous, context) => validateDatabaseLink(entity, context),
};
