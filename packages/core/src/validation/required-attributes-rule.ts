import type { Problem } from '../errors.js';
import type { EntityRule } from './context.js';

/**
 * Core §5.3.2: a required attribute MUST be supplied by the client at
 * creation (or come from a default). Immutable required attributes are the
 * server's to fill and are not asked of the client.
 */
export const RequiredAttributesRule: EntityRule = ({ model, entity }) => {
  const problems: Problem[] = [];
  if (!model.kind(entity.kind)) return problems;
  for (const attribute of model.attributes(entity.kind, entity.mixins).values()) {
    if (!attribute.required || !attribute.mutable || attribute.name.startsWith('occi.core.')) continue;
    if (entity.attributes[attribute.name] === undefined) {
      problems.push({
        code: 'missing-required-attribute',
        message: `attribute ${attribute.name} is required${attribute.description ? ` (${attribute.description})` : ''}`,
        attribute: attribute.name,
      });
    }
  }
  return problems;
};
