/**
 * Names the client resolves in the discovered model: collection locations
 * of kinds and mixins (HTTP §4), and the errors that name what the model
 * does not have.
 */
import type { Model, TypeIdentifier } from '@occi/core';
import { OcciError } from '@occi/core';
import { conventionalLocation, requestPath } from './locations.js';
import type { EntityReference } from './operations.js';

/** True for `scheme#term`, false for a path or an absolute URL. */
export function isTypeIdentifier(target: string): boolean {
  return !target.startsWith('/') && !/^[a-z][a-z0-9+.-]*:\/\/[^#]*$/i.test(target) && target.includes('#');
}

/** The error for a category the model does not have, or has in another class than `expected`. */
export function unknownCategory(model: Model, id: TypeIdentifier, expected: string | undefined): OcciError {
  const known = model.get(id);
  if (known && expected)
    return new OcciError('bad-request', {
      code: 'wrong-category-class',
      message: `${id} is ${known.class === 'action' ? 'an' : 'a'} ${known.class}, not ${expected}`,
      category: id,
    });
  return new OcciError('not-found', {
    code: 'unknown-category',
    message: `the server's model has no category ${id}${expected ? ` (expected ${expected})` : ''}`,
    category: id,
  });
}

/** The collection location of a kind or mixin (HTTP §4). */
export function locationOf(model: Model, typeId: TypeIdentifier): string {
  const category = model.get(typeId);
  if (!category) throw unknownCategory(model, typeId, undefined);
  if (category.class === 'action')
    throw new OcciError('bad-request', {
      code: 'wrong-category-class',
      message: `${typeId} is an action; only kinds and mixins have collections`,
      category: typeId,
    });
  if (category.location === undefined)
    throw new OcciError('not-found', {
      code: 'invalid-location',
      message: `${typeId} is not bound to a location on this server (HTTP §4: it cannot be instantiated)`,
      category: typeId,
    });
  return category.location;
}

/** The path of a collection named by a kind or mixin type identifier, or by a location under `endpoint`. */
export function collectionPath(model: Model, target: TypeIdentifier | string, endpoint: string): string {
  if (typeof target !== 'string')
    throw new OcciError('bad-request', {
      code: 'other',
      message: 'a collection is named by a kind or mixin type identifier, or a location',
    });
  return isTypeIdentifier(target) ? locationOf(model, target) : requestPath(target, endpoint);
}

/** The location of an entity reference: given, or by the convention of `conventionalLocation`. */
export function referenceLocation(model: Model, reference: EntityReference): string {
  if (typeof reference === 'string') return reference;
  const location =
    reference?.location ?? (reference?.id ? conventionalLocation(reference, model) : undefined);
  if (location === undefined)
    throw new OcciError('bad-request', {
      code: 'invalid-location',
      message: `entity ${reference?.id ?? '(without id)'} has no location to refer to it by`,
    });
  return location;
}
