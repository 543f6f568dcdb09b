import type { Problem } from '../errors.js';
import type { EntityRule } from './context.js';

/**
 * Core §5.3.4: a mixin may be associated only with entities of the kinds in
 * Mixin.applies (any kind when empty); an attempt otherwise is a bad request.
 */
export const MixinAppliesRule: EntityRule = ({ model, entity }) => {
  const problems: Problem[] = [];
  if (!model.kind(entity.kind)) return problems;
  for (const id of entity.mixins) {
    const mixin = model.mixin(id);
    if (mixin && !model.applies(mixin, entity.kind)) {
      problems.push({
        code: 'mixin-not-applicable',
        message: `mixin ${id} applies to ${mixin.applies.join(', ')}, not to ${entity.kind}`,
        category: id,
      });
    }
  }
  return problems;
};
