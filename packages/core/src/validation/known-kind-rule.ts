import { didYouMean } from '../suggest.js';
import type { EntityRule } from './context.js';

/**
 * Core §5.3.6: a client MUST supply the Kind of the entity to create, and
 * Core §5.3.3: an entity stays associated with its Kind for its lifetime.
 * Core §5.4.1: Entity itself cannot be instantiated.
 */
export const KnownKindRule: EntityRule = ({ model, entity, previous }) => {
  const id = entity.kind;
  const category = model.get(id);
  if (!category) {
    const candidates = model.kinds().map((k) => k.scheme + k.term);
    return [
      { code: 'unknown-kind', message: `unknown kind ${id}${didYouMean(id, candidates)}`, category: id },
    ];
  }
  if (category.class !== 'kind') {
    return [
      { code: 'wrong-category-class', message: `${id} is a ${category.class}, not a kind`, category: id },
    ];
  }
  if (!model.isInstantiable(id)) {
    return [
      { code: 'not-instantiable', message: `${id} cannot be instantiated (Core §5.4.1)`, category: id },
    ];
  }
  if (previous && previous.kind !== id) {
    return [
      {
        code: 'kind-changed',
        message: `the kind of an entity cannot change (Core §5.3.3): it is ${previous.kind}, not ${id}`,
        category: id,
      },
    ];
  }
  return [];
};
