/**
 * Schemas made from the caller's model: per Kind, its entity as the JSON
 * rendering writes it (JSON §3.1.1 resource, §3.1.2 link) with the
 * attributes its kind defines, typed; as a client sends it to create or
 * replace one (required attributes required, server-managed ones
 * read-only) and to update one; its collection (JSON §3.3); per Action, its
 * invocation (JSON §3.1.1.1) with the action's parameters.
 */
import type { Action, Attribute, Kind, Model, TypeIdentifier } from '@occi/core';
import { typeIdentifier } from '@occi/core';
import { attributesSchema, requiredAttributes, type Schema } from './json-schema.js';
import { occiRef, ref } from './rendering-schemas.js';

const string = { type: 'string' } as const;
const strings = { type: 'array', items: string } as const;

/** The schema names of one kind. */
export interface KindSchemas {
  entity: string;
  input: string;
  update: string;
  collection: string;
  attributes: string;
}

export const kindSchemaNames = (stem: string): KindSchemas => ({
  entity: stem,
  input: `${stem}Input`,
  update: `${stem}Update`,
  collection: `${stem}Collection`,
  attributes: `${stem}Attributes`,
});

const oneOrEnum = (values: readonly string[]) =>
  values.length === 1 ? { type: 'string', const: values[0] } : { type: 'string', enum: values };

function entityProperties(model: Model, kind: Kind, names: KindSchemas, link: boolean): Schema {
  const id = typeIdentifier(kind);
  // Core §5.3.8: a kind's collection holds its sub-kinds' entities too.
  const kinds = model.descendants(id).filter((k) => model.isInstantiable(k));
  const properties: Schema = {
    kind: { ...oneOrEnum(kinds.length > 0 ? kinds : [id]), description: 'The Kind (type identifier).' },
    mixins: {
      ...strings,
      description: 'Type identifiers of the mixins the entity is associated with.',
    },
    attributes: ref(names.attributes),
    id: {
      type: 'string',
      description: 'occi.core.id, unique within the kind; chosen by the server if absent.',
    },
    title: { type: 'string', description: 'occi.core.title' },
  };
  if (link) {
    properties.source = { ...occiRef('kinded_uri'), description: 'occi.core.source (and its kind)' };
    properties.target = { ...occiRef('kinded_uri'), description: 'occi.core.target (and its kind)' };
    properties.rel = string;
  } else {
    properties.summary = { type: 'string', description: 'occi.core.summary' };
    properties.links = { type: 'array', items: occiRef('link'), description: 'Links from this resource.' };
  }
  return properties;
}

/**
 * The attributes mixins that apply to the kind add (an entity has them
 * while associated with the mixin, Core §5.3.4), noted as such: the
 * caller's own mixins' too.
 */
function mixinAttributes(model: Model, kind: TypeIdentifier, known: Set<string>): Attribute[] {
  const added: Attribute[] = [];
  for (const mixin of model.mixins()) {
    if (mixin.applies.length > 0 && !mixin.applies.some((k) => model.isKindOf(kind, k))) continue;
    for (const attribute of mixin.attributes.values()) {
      if (known.has(attribute.name)) continue;
      known.add(attribute.name);
      const note = `With the mixin ${typeIdentifier(mixin)}.`;
      added.push({
        ...attribute,
        description: attribute.description ? `${attribute.description} ${note}` : note,
      });
    }
  }
  return added;
}

/** The schemas of one kind: entity, input, update, collection and attributes. */
export function kindSchemas(model: Model, kind: Kind, names: KindSchemas): Schema {
  const id = typeIdentifier(kind);
  const link = model.isLinkKind(id);
  const own = [...model.attributes(id).values()];
  const required = requiredAttributes(own);
  const attributes = [...own, ...mixinAttributes(model, id, new Set(own.map((a) => a.name)))];
  const title = kind.title ? `${kind.title} (${id})` : id;
  const properties = entityProperties(model, kind, names, link);
  const actions = model.actionsOf(id);
  const inputAttributes =
    required.length > 0 ? { allOf: [ref(names.attributes), { required }] } : ref(names.attributes);
  const members = link ? 'links' : 'resources';
  return {
    [names.attributes]: attributesSchema(attributes, `The attributes of ${id} entities.`),
    [names.entity]: {
      type: 'object',
      description: `${title}, as the server renders it (JSON §3.1.${link ? 2 : 1}).`,
      required: ['kind', 'id', ...(link ? ['source', 'target'] : [])],
      additionalProperties: false,
      properties: {
        ...properties,
        actions: {
          type: 'array',
          items: actions.length > 0 ? { type: 'string', enum: actions } : string,
          description: 'The actions applicable now (HTTP §8.4).',
        },
      },
    },
    [names.input]: {
      type: 'object',
      description: `A new ${id} entity, or its full replacement (HTTP §8.2, §9.3.1). Read-only attributes are the server's.`,
      required: ['kind', ...(link ? ['source', 'target'] : [])],
      additionalProperties: false,
      properties: { ...properties, attributes: inputAttributes },
    },
    [names.update]: {
      type: 'object',
      description: `A partial update of a ${id} entity (HTTP §8.3.1): the attributes and mixins given are set or added.`,
      additionalProperties: false,
      properties,
    },
    [names.collection]: {
      type: 'object',
      description: `A collection of ${id} entities (JSON §3.3).`,
      required: [members],
      additionalProperties: false,
      properties: { [members]: { type: 'array', items: ref(names.entity) } },
    },
  };
}

/** An action's invocation (JSON §3.1.1.1): the action's type identifier and its parameters. */
export function invocationSchema(action: Action): Schema {
  const id: TypeIdentifier = typeIdentifier(action);
  const parameters = [...action.attributes.values()];
  const required = requiredAttributes(parameters);
  const attributes: Schema = attributesSchema(parameters, `The parameters of ${action.term}.`);
  // An action's parameters are the client's to give: none is read-only.
  for (const p of Object.values(attributes.properties as Schema)) delete (p as Schema).readOnly;
  if (required.length > 0) attributes.required = required;
  return {
    type: 'object',
    description: `Invokes ${action.title ? `${action.title} (${id})` : id}.`,
    required: ['action'],
    additionalProperties: false,
    properties: {
      action: { type: 'string', const: id, default: id },
      attributes,
    },
  };
}
