/**
 * The endpoints of a link (Core §5.4.3): its source is a resource here,
 * its target a resource here or a URI outside; the kinds a client names
 * for them are kinds, and agree with the resources'.
 */
import type { Entity } from '../entity.js';
import type { Problem } from '../errors.js';
import type { Model } from '../model.js';
import type { Caller } from '../provider.js';
import type { EntityRecord } from '../store.js';
import { type Reference, resolve } from './context.js';
import { ABSOLUTE_URI, isAbsolutePath } from './identifiers.js';

/** Fills source/target kinds and checks the endpoints of a link; `pending` are records of this request. */
export async function checkEndpoints(
  r: Reference,
  model: Model,
  caller: Caller,
  entity: Entity,
  pending: Map<string, EntityRecord>,
): Promise<Problem[]> {
  const problems: Problem[] = [];
  if (entity.source?.location) {
    const source = pending.get(entity.source.location) ?? (await resolve(r, caller, entity.source.location));
    if (!source) {
      problems.push({
        code: 'invalid-link',
        message: `link source ${entity.source.location} does not exist`,
        attribute: 'occi.core.source',
        location: entity.source.location,
      });
    } else if (source.source !== undefined) {
      // Core §5.4.3: the source of a link is a Resource instance.
      problems.push({
        code: 'invalid-link',
        message: `link source ${entity.source.location} is a link, not a resource`,
        attribute: 'occi.core.source',
      });
    } else {
      entity.source = { location: source.location, kind: source.kind };
    }
  }
  const targetKind = entity.target?.kind;
  const category = targetKind !== undefined ? model.get(targetKind) : undefined;
  if (category && category.class !== 'kind') {
    // Core §5.4.3: Link.target.kind is the Kind of the target resource, not a mixin or an action.
    problems.push({
      code: 'invalid-link',
      message: `link target kind ${targetKind} is ${category.class === 'action' ? 'an action' : 'a mixin'}, not a kind`,
      attribute: 'occi.core.target.kind',
      category: targetKind!,
    });
  }
  const reference = entity.target?.location;
  if (reference && !isAbsolutePath(reference) && !ABSOLUTE_URI.test(reference)) {
    // Core §5.4.3: the target is a URI: an absolute path in this namespace, or an absolute URI.
    problems.push({
      code: 'invalid-link',
      message: `link target ${reference} is neither an absolute path (e.g. /${reference}) nor an absolute URI`,
      attribute: 'occi.core.target',
      location: reference,
    });
  } else if (reference) {
    // An absolute path must name an entity here; an absolute URI is the id of a local entity, or outside.
    const target = isAbsolutePath(reference)
      ? (pending.get(reference) ?? (await resolve(r, caller, reference)))
      : ([...pending.values()].find((p) => p.id === reference) ?? (await resolve(r, caller, reference)));
    if (!target) {
      if (isAbsolutePath(reference))
        problems.push({
          code: 'invalid-link',
          message: `link target ${reference} does not exist`,
          attribute: 'occi.core.target',
          location: reference,
        });
    } else if (model.isLinkKind(target.kind) || target.source !== undefined) {
      // Core §5.4.3: the target of a link MUST point to a resource instance.
      problems.push({
        code: 'invalid-link',
        message: `link target ${reference} is a link, not a resource`,
        attribute: 'occi.core.target',
        location: reference,
      });
    } else if (targetKind !== undefined && !model.isKindOf(target.kind, targetKind)) {
      // The kind a client names for the target may be the target's or an ancestor of it (e.g. core#resource).
      if (!category || category.class === 'kind')
        problems.push({
          code: 'invalid-link',
          message: `link target ${reference} is a ${target.kind}, not a ${targetKind}`,
          attribute: 'occi.core.target.kind',
        });
    } else {
      // A target given by id is kept as its location, so that deleting the target removes the link.
      entity.target = { location: target.location, kind: target.kind };
    }
  }
  return problems;
}
