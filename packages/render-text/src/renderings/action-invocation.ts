/**
 * Action invocation rendering (GFD.229 §5.1.1.1): exactly one Category of
 * class action, then the parameters as X-OCCI-Attribute.
 */
import type { ActionInvocation, Attributes, ParseContext } from '@occi/core';
import type { Fields, FieldWriter } from '../fields.js';
import { parseError, report } from '../position.js';
import { AttributeTypes, addAttribute } from './attributes.js';
import { readClass } from './category-class.js';
import { onlyFields } from './message-fields.js';
import { requestCategoryReference, requestValue } from './request-values.js';

/** Writes an invocation (§5.1.1.1): the action's Category, then its parameters. */
export function writeActionInvocation(invocation: ActionInvocation, w: FieldWriter): void {
  w.add('category', requestCategoryReference(invocation.action, 'action'));
  for (const [name, value] of Object.entries(invocation.attributes ?? {}))
    w.add('x-occi-attribute', `${name}=${requestValue(value, w.inHeader)}`);
}

export function readActionInvocation(fields: Fields, context: ParseContext): ActionInvocation {
  onlyFields(fields, ['category', 'x-occi-attribute'], 'an action invocation (§5.1.1.1)');
  const [category, second] = fields.categories;
  if (category === undefined) {
    throw parseError(
      fields.missing('category'),
      'an action invocation needs one Category of class "action" (§5.1.1.1)',
    );
  }
  if (second !== undefined)
    throw parseError(second.at, 'an action invocation carries exactly one Category (§5.1.1.1)');
  const action = category.scheme + category.term;
  const cls = readClass(category, context, fields.notes);
  if (cls !== 'action') {
    throw parseError(
      category.at,
      `Category ${action} is a ${cls}; an action invocation needs class "action"`,
    );
  }
  const definitions = context.model.action(action)?.attributes ?? new Map();
  const types = AttributeTypes.of(definitions, context.model);
  const attributes: Attributes = {};
  for (const repr of fields.attributes) addAttribute(attributes, repr, types.value(repr));
  report(fields.notes, context);
  return { action, attributes };
}
