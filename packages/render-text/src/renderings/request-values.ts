/**
 * Values of the requests a client writes (GFD.229 §4), checked first: a
 * client's input has not been through a provider, so a type identifier
 * that is none, or a number no rendering can carry, is refused here.
 */
import type { AttributeValue, CategoryClass, Model, TypeIdentifier } from '@occi/core';
import { OcciError, splitTypeIdentifier } from '@occi/core';
import { renderValue } from '../abnf/attribute.js';
import { categoryReference } from '../abnf/category.js';

/** `term; scheme="..."; class="..."` (§4.1) for a type identifier; anything else is refused. */
export function requestCategoryReference(id: TypeIdentifier, cls: CategoryClass): string {
  if (typeof id !== 'string' || !splitTypeIdentifier(id))
    throw new OcciError('bad-request', {
      code: 'parse-error',
      message: `"${id}" is not a type identifier (scheme#term)`,
      category: String(id),
    });
  return categoryReference(id, cls);
}

/** An attribute value (§4.3): strings quoted, numbers and booleans bare, arrays and objects as quoted JSON. */
export function requestValue(value: AttributeValue, inHeader: boolean): string {
  if (typeof value === 'number' && !Number.isFinite(value))
    throw new OcciError('bad-request', {
      code: 'attribute-type',
      message: `${value} is not a number an OCCI rendering can carry`,
    });
  return renderValue(value, inHeader);
}

/** The class of a category a request names (a filter, a mixin reference), from the model. */
export function classOf(model: Model, id: TypeIdentifier, expected: readonly CategoryClass[]): CategoryClass {
  const category = model.get(id);
  if (category === undefined || !expected.includes(category.class))
    throw new OcciError(category === undefined ? 'not-found' : 'bad-request', {
      code: category === undefined ? 'unknown-category' : 'wrong-category-class',
      message:
        category === undefined
          ? `the model has no category ${id}`
          : `${id} is ${category.class === 'action' ? 'an' : 'a'} ${category.class}, not ${expected.join(' or ')}`,
      category: id,
    });
  return category.class;
}
