import { checkAttributeValue } from '../attribute-value.js';
import type { Problem } from '../errors.js';
import type { EntityRule } from './context.js';

/** Core §5.3.2: values a client supplies match the attribute's type and pattern. */
export const AttributeValuesRule: EntityRule = ({ model, draft, entity }) => {
  const problems: Problem[] = [];
  if (!model.kind(entity.kind)) return problems;
  const defined = model.attributes(entity.kind, entity.mixins);
  for (const [name, value] of Object.entries(draft.attributes ?? {})) {
    const attribute = defined.get(name);
    if (!attribute) continue;
    const wrong = checkAttributeValue(attribute, value);
    if (wrong) {
      problems.push({
        code: attribute.pattern && !wrong.startsWith('expected ') ? 'attribute-pattern' : 'attribute-type',
        message: `attribute ${name}: ${wrong}`,
        attribute: name,
      });
    }
  }
  return problems;
};
