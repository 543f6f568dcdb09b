import type { Problem } from '../errors.js';
import type { EntityRule } from './context.js';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Core §5.2: immutable attributes are managed by the server exclusively and
 * MUST NOT be modifiable by clients. A client may echo the current value
 * (a full representation sent back with PUT), but not change it: on replace
 * and update the value compared is the stored one (`previous`), on create
 * the one the server computed (`entity`, built without the client's values
 * for attributes the server fills).
 */
export const ImmutableAttributesRule: EntityRule = ({ model, draft, entity, previous }) => {
  const problems: Problem[] = [];
  if (!model.kind(entity.kind)) return problems;
  const defined = model.attributes(entity.kind, entity.mixins);
  for (const [name, value] of Object.entries(draft.attributes ?? {})) {
    const attribute = defined.get(name);
    if (!attribute || attribute.mutable) continue;
    const current = previous ? previous.attributes[name] : entity.attributes[name];
    if (!same(value, current)) {
      problems.push({
        code: 'immutable-attribute',
        message: `attribute ${name} is immutable: the server manages it (Core §5.2)`,
        attribute: name,
      });
    }
  }
  return problems;
};
