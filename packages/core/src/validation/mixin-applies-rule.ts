import { typeIdentifier } from '../category.js';
import type { Problem } from '../errors.js';
import type { EntityRule } from './context.js';

/**
 * Core §5.3.4: a mixin may be associated only with entities of the kinds in
 * Mixin.applies (any kind when empty); an attempt otherwise is a bad request.
 * The restriction of every mixin it depends on holds too: the entity
 * receives their capabilities (`Model.inapplicable`).
 */
export const MixinAppliesRule: EntityRule = ({ model, entity }) => {
  const problems: Problem[] = [];
  if (!model.kind(entity.kind)) return problems;
  for (const id of entity.mixins) {
    const mixin = model.mixin(id);
    if (!mixin) continue;
    for (const failing of model.inapplicable(mixin, entity.kind))
      problems.push({
        code: 'mixin-not-applicable',
        message: inapplicableMessage(id, typeIdentifier(failing), failing.applies, entity.kind),
        category: id,
      });
  }
  return problems;
};

/** The message of a mixin `id` that cannot go on an entity of `kind` because `failing` (itself or a dependency) applies only to `applies`. */
export function inapplicableMessage(
  id: string,
  failing: string,
  applies: readonly string[],
  kind: string,
): string {
  return failing === id
    ? `mixin ${id} applies to ${applies.join(', ')}, not to ${kind}`
    : `mixin ${id} depends on mixin ${failing}, which applies to ${applies.join(', ')}, not to ${kind} (Core §5.3.4)`;
}
