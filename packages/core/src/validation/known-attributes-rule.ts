import type { Problem } from '../errors.js';
import { suggestions } from '../suggest.js';
import type { EntityRule } from './context.js';

/**
 * Core §5.3.2 / §5.3.3: an entity exposes the attributes its Kind and Mixins
 * define; a client value for any other name is refused, naming it (spec
 * README erratum 5: e.g. occi.compute.speed, removed in 1.2, whose
 * refusal says so: `ExtensionDocument.removedAttributes`).
 */
export const KnownAttributesRule: EntityRule = ({ model, draft, entity }) => {
  const problems: Problem[] = [];
  const didYouMean = suggestions();
  if (!model.kind(entity.kind)) return problems;
  const defined = model.attributes(entity.kind, entity.mixins);
  for (const name of Object.keys(draft.attributes ?? {})) {
    if (defined.has(name)) continue;
    // An attribute an earlier version of a document defined: say why it is gone, not what is close.
    const removed = model.removedAttribute(name);
    problems.push({
      code: 'unknown-attribute',
      message: `unknown attribute ${name}: neither ${entity.kind} nor the entity's mixins define it${removed !== undefined ? `; ${removed}` : didYouMean(name, defined.keys())}`,
      attribute: name,
    });
  }
  return problems;
};
