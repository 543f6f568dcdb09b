/**
 * An entity as a server answers it (GFD.229 §5.1): the entity rendering
 * read as a request is, complete (an id and a kind), with the actions its
 * ActionLinks (§4.2) say are applicable.
 */
import type { Entity, ParseContext, TypeIdentifier } from '@occi/core';
import type { Fields } from '../fields.js';
import { parseError } from '../position.js';
import { actionOfLink, readEntity } from './entity.js';

export function readEntityResponse(fields: Fields, context: ParseContext): Entity {
  const draft = readEntity(fields, context);
  // §5.5.1: occi.core.id travels as an attribute; §5.1: the kind as a Category.
  if (draft.id === undefined)
    throw parseError(fields.missing('x-occi-attribute'), 'the entity rendering has no occi.core.id');
  if (draft.kind === undefined)
    throw parseError(fields.missing('category'), 'the entity rendering has no Category of class "kind"');
  const actions: TypeIdentifier[] = [];
  // readEntity noted an action link without "?action=" already.
  const reader = { context, notes: [] };
  for (const link of fields.links) {
    const action = actionOfLink(link, reader);
    if (action !== undefined) actions.push(action);
  }
  const { links, ...rest } = draft;
  const entity: Entity = {
    ...rest,
    id: draft.id,
    kind: draft.kind,
    mixins: draft.mixins ?? [],
    attributes: draft.attributes ?? {},
    actions,
  };
  // Inline links as the rendering carries them (§5.1.1): drafts, typed as core types Resource.links.
  if (links !== undefined) entity.links = links as Entity[];
  return entity;
}
