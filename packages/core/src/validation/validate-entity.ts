/**
 * Validation of entity instances against the model: every rule runs and
 * each violation is one problem (see the rule files beside this one).
 */
import type { Problem } from '../errors.js';
import { AttributeValuesRule } from './attribute-values-rule.js';
import type { EntityRule, EntityValidationContext } from './context.js';
import { EntityShapeRule } from './entity-shape-rule.js';
import { ImmutableAttributesRule } from './immutable-attributes-rule.js';
import { KnownAttributesRule } from './known-attributes-rule.js';
import { KnownKindRule } from './known-kind-rule.js';
import { KnownMixinsRule } from './known-mixins-rule.js';
import { MixinAppliesRule } from './mixin-applies-rule.js';
import { RequiredAttributesRule } from './required-attributes-rule.js';

export const entityRules: readonly EntityRule[] = [
  KnownKindRule,
  KnownMixinsRule,
  MixinAppliesRule,
  EntityShapeRule,
  KnownAttributesRule,
  AttributeValuesRule,
  ImmutableAttributesRule,
  RequiredAttributesRule,
];

export function validateEntity(context: EntityValidationContext): Problem[] {
  return entityRules.flatMap((rule) => rule(context));
}
