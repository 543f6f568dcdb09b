import { typeIdentifier } from '../category.js';
import type { Problem } from '../errors.js';
import { suggestions } from '../suggest.js';
import type { EntityRule } from './context.js';

/** Core §5.3.6: mixin references name existing Mixin instances by scheme and term. */
export const KnownMixinsRule: EntityRule = ({ model, entity }) => {
  const problems: Problem[] = [];
  const didYouMean = suggestions();
  let candidates: string[] | undefined;
  for (const id of entity.mixins) {
    const category = model.get(id);
    if (!category) {
      candidates ??= model.mixins().map((m) => typeIdentifier(m));
      problems.push({
        code: 'unknown-mixin',
        message: `unknown mixin ${id}${didYouMean(id, candidates)}`,
        category: id,
      });
    } else if (category.class !== 'mixin') {
      problems.push({
        code: 'wrong-category-class',
        message: `${id} is a ${category.class}, not a mixin`,
        category: id,
      });
    }
  }
  return problems;
};
