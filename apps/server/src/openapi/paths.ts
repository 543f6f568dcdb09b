/**
 * The path items of the OCCI namespace (HTTP §4), with the methods the
 * HTTP protocol allows on each (packages/http: collections.ts,
 * entity-instances.ts): Kind collections (GET, POST create or action,
 * DELETE), entity instances below them (GET, PUT, POST update or action,
 * DELETE), Mixin collections (GET, POST associate or action, PUT, DELETE).
 *
 * OCCI selects an action by the `action` query parameter (HTTP §8.4,
 * §9.4) on the path that also takes updates and creations; an OpenAPI
 * operation is one path and method. Each action is therefore its own path
 * item, `<path>?action=<term>`, so that it has an operation of its own, a
 * readable operationId (`computeStart`) and its parameters as its body.
 */
import type { Action, Kind, Mixin, Model, TypeIdentifier } from '@occi/core';
import { typeIdentifier } from '@occi/core';
import { anyEntities, jsonContent, ok, param, ref, response } from './components.js';
import type { KindSchemas } from './entity-schemas.js';
import { camel, pascal } from './names.js';

type Schema = Record<string, unknown>;

/** What the path builders need besides the model. */
export interface PathContext {
  model: Model;
  authenticated: boolean;
  /** The operationIds handed out so far. */
  operationId(base: string): string;
  /** The invocation schema's name of an action (made once per action). */
  invocation(action: Action): string;
  /** A `$ref` to the response component `name`, made of `description` and `schema` the first time. */
  response(name: string, description: string, schema: Schema): Schema;
  /** A `$ref` to the request body component `name`, made the first time. */
  requestBody(name: string, description: string, schema: Schema, required?: boolean): Schema;
}

/** The error responses an operation may give, by component name. */
function errors(c: PathContext, ...names: string[]): Schema {
  const codes: Record<string, string> = {
    BadRequest: '400',
    Unauthorized: '401',
    Forbidden: '403',
    NotFound: '404',
    Conflict: '409',
    PreconditionFailed: '412',
    PayloadTooLarge: '413',
  };
  const out: Schema = {};
  for (const name of ['BadRequest', ...(c.authenticated ? ['Unauthorized'] : []), ...names])
    out[codes[name]!] = response(name);
  return out;
}

const location = { Location: { description: 'The new entity’s location.', schema: { type: 'string' } } };
const etag = { ETag: { description: 'The entity’s version.', schema: { type: 'string' } } };

/** POST `?action=<term>` on one entity (HTTP §8.4) or a whole collection (HTTP §9.4). */
function actionItem(
  c: PathContext,
  action: Action,
  stem: string,
  on: 'entity' | 'collection',
  result: Schema,
  tag: string,
): Schema {
  const id = typeIdentifier(action);
  const entity = on === 'entity';
  const invocation = c.invocation(action);
  return {
    post: {
      operationId: c.operationId(`${camel(stem)}${pascal(action.term)}${entity ? '' : 'All'}`),
      summary: `${action.title ?? action.term}${entity ? '' : ' (every entity of the collection)'}`,
      description: `Triggers ${id} (HTTP §${entity ? '8.4' : '9.4'}).`,
      tags: [tag],
      ...(entity ? { parameters: [param('id')] } : {}),
      'x-occi-action': id,
      requestBody: c.requestBody(
        invocation,
        'The invocation, with the action’s parameters.',
        ref(invocation),
      ),
      responses: {
        '200': result,
        ...errors(c, 'Forbidden', 'NotFound', 'Conflict'),
      },
    },
  };
}

/** The actions entities of `kind` may have: its own and its ancestors', and those of mixins that apply to it. */
function entityActions(model: Model, kind: Kind): Action[] {
  const id = typeIdentifier(kind);
  const ids = new Set<TypeIdentifier>(model.actionsOf(id));
  for (const m of model.mixins())
    if (m.applies.some((k) => model.isKindOf(id, k))) for (const a of m.actions) ids.add(a);
  return [...ids].flatMap((a) => {
    const action = model.action(a);
    return action ? [action] : [];
  });
}

/** The Kind collection, its entities, and its actions on either. */
export function kindPaths(c: PathContext, kind: Kind, stem: string, names: KindSchemas, tag: string): Schema {
  const { model } = c;
  const at = kind.location!;
  const id = typeIdentifier(kind);
  const collection = c.response(
    names.collection,
    `A collection of ${kind.term} entities.`,
    ref(names.collection),
  );
  const filter = [param('category'), param('attributeFilter')];
  const paths: Schema = {};
  const items: Schema = {
    get: {
      operationId: c.operationId(`list${stem}`),
      summary: `List ${kind.term} entities`,
      description: `The ${id} collection (HTTP §9.1), a page at a time (HTTP §5), optionally filtered (HTTP §6).`,
      tags: [tag],
      parameters: [param('page'), param('number'), ...filter],
      responses: { '200': collection, ...errors(c, 'PayloadTooLarge') },
    },
    delete: {
      operationId: c.operationId(`deleteAll${stem}`),
      summary: `Delete ${kind.term} entities`,
      description:
        'Deletes the entities the body names, or those the filter matches, or, with neither, every entity of the collection the caller may delete (HTTP §9.5.1).',
      tags: [tag],
      parameters: filter,
      requestBody: c.requestBody(
        'SomeEntityReferences',
        'The entities, by id; none: all of them.',
        ref('EntityReferences'),
        false,
      ),
      responses: { '200': collection, ...errors(c, 'Forbidden') },
    },
  };
  if (model.isInstantiable(id))
    items.post = {
      operationId: c.operationId(`create${stem}`),
      summary: `Create ${kind.term} entities`,
      description: `Creates one ${id} entity, or several in a collection (HTTP §9.3.1); 201 with the Location of the new entity.`,
      tags: [tag],
      requestBody: {
        required: true,
        description: 'The entity to create (JSON §3.1), or a collection of them (JSON §3.3).',
        content: jsonContent({
          oneOf: [ref(names.input), { ...anyEntities(), description: 'Several entities at once.' }],
        }),
      },
      responses: {
        '201': ok('The created entities.', ref(names.collection), location),
        ...errors(c, 'Conflict', 'PayloadTooLarge'),
      },
    };
  paths[at] = items;
  const entity = c.response(names.entity, `A ${kind.term} entity.`, ref(names.entity));
  const input = c.requestBody(names.input, 'The whole entity.', ref(names.input));
  const conditions = [param('ifMatch'), param('ifNoneMatch')];
  paths[`${at}{id}`] = {
    parameters: [param('id')],
    get: {
      operationId: c.operationId(`get${stem}`),
      summary: `Read a ${kind.term} entity`,
      description: 'The entity with its links and the actions applicable now (HTTP §8.1).',
      tags: [tag],
      parameters: [param('ifNoneMatch')],
      responses: {
        '200': ok('The entity.', ref(names.entity), etag),
        '304': response('NotModified'),
        ...errors(c, 'Forbidden', 'NotFound'),
      },
    },
    put: {
      operationId: c.operationId(`put${stem}`),
      summary: `Create or replace a ${kind.term} entity`,
      description:
        'Creates the entity at this location (201), or replaces it keeping its links (200) (HTTP §8.2).',
      tags: [tag],
      parameters: conditions,
      requestBody: input,
      responses: {
        '200': entity,
        '201': ok('The created entity.', ref(names.entity), location),
        ...errors(c, 'Forbidden', 'Conflict', 'PreconditionFailed'),
      },
    },
    post: {
      operationId: c.operationId(`update${stem}`),
      summary: `Update a ${kind.term} entity`,
      description: 'Sets the attributes and adds the mixins given (HTTP §8.3.1).',
      tags: [tag],
      parameters: conditions,
      requestBody: c.requestBody(names.update, 'What changes.', ref(names.update)),
      responses: {
        '200': entity,
        ...errors(c, 'Forbidden', 'NotFound', 'PreconditionFailed'),
      },
    },
    delete: {
      operationId: c.operationId(`delete${stem}`),
      summary: `Delete a ${kind.term} entity`,
      description: 'Deletes the entity, and the links from it (HTTP §8.5).',
      tags: [tag],
      parameters: conditions,
      responses: {
        '200': collection,
        ...errors(c, 'Forbidden', 'NotFound', 'PreconditionFailed'),
      },
    },
  };
  for (const action of entityActions(model, kind)) {
    paths[`${at}{id}?action=${action.term}`] = actionItem(c, action, stem, 'entity', entity, tag);
    paths[`${at}?action=${action.term}`] = actionItem(c, action, stem, 'collection', collection, tag);
  }
  return paths;
}

/** A Mixin collection (HTTP §9): list, associate, set and dissociate entities; its actions. */
export function mixinPaths(c: PathContext, mixin: Mixin, stem: string, tag: string): Schema {
  const at = mixin.location!;
  const id = typeIdentifier(mixin);
  const members = c.response('EntityCollection', 'Entities.', anyEntities());
  const references = c.requestBody('EntityReferences', 'Entities, by id and kind.', ref('EntityReferences'));
  const paths: Schema = {
    [at]: {
      get: {
        operationId: c.operationId(`list${stem}`),
        summary: `List entities with ${mixin.term}`,
        description: `The entities associated with ${id} (HTTP §9.1), a page at a time (HTTP §5).`,
        tags: [tag],
        parameters: [param('page'), param('number'), param('category'), param('attributeFilter')],
        responses: { '200': members, ...errors(c, 'PayloadTooLarge') },
      },
      post: {
        operationId: c.operationId(`addTo${stem}`),
        summary: `Associate entities with ${mixin.term}`,
        description: `Associates the entities named with ${id} (HTTP §9.3.2), setting attributes given with them.`,
        tags: [tag],
        requestBody: references,
        responses: { '200': members, ...errors(c, 'Forbidden', 'NotFound') },
      },
      put: {
        operationId: c.operationId(`set${stem}Members`),
        summary: `Set the entities with ${mixin.term}`,
        description: `The collection becomes exactly the entities named (HTTP §9.2).`,
        tags: [tag],
        requestBody: references,
        responses: { '200': members, ...errors(c, 'Forbidden', 'NotFound') },
      },
      delete: {
        operationId: c.operationId(`removeFrom${stem}`),
        summary: `Dissociate entities from ${mixin.term}`,
        description: 'Dissociates the entities named, or all without a body (HTTP §9.5.2).',
        tags: [tag],
        requestBody: c.requestBody(
          'SomeEntityReferences',
          'The entities, by id; none: all of them.',
          ref('EntityReferences'),
          false,
        ),
        responses: { '200': members, ...errors(c, 'Forbidden', 'NotFound') },
      },
    },
  };
  for (const a of mixin.actions) {
    const action = c.model.action(a);
    if (action)
      paths[`${at}?action=${action.term}`] = actionItem(c, action, stem, 'collection', members, tag);
  }
  return paths;
}

/** `/`: every collection below it (HTTP §4.1, an unbound path). */
export function rootPath(c: PathContext): Schema {
  return {
    '/': {
      get: {
        operationId: c.operationId('listAll'),
        summary: 'List every entity',
        description: 'The union of every collection the caller sees (HTTP §4.1), a page at a time (HTTP §5).',
        tags: ['namespace'],
        parameters: [param('page'), param('number'), param('category'), param('attributeFilter')],
        responses: {
          '200': c.response('EntityCollection', 'Entities.', anyEntities()),
          ...errors(c, 'PayloadTooLarge'),
        },
      },
    },
  };
}
