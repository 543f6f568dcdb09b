import { CORE_ATTRIBUTES } from '../entity.js';
import type { Problem } from '../errors.js';
import type { EntityRule } from './context.js';

/**
 * Core §5.4.2–5.4.3: a Link has a source and a target, a Resource has
 * neither; only resources carry a summary and links.
 */
export const EntityShapeRule: EntityRule = ({ model, entity }) => {
  const problems: Problem[] = [];
  if (!model.kind(entity.kind)) return problems;
  if (model.isLinkKind(entity.kind)) {
    if (!entity.source?.location)
      problems.push({
        code: 'invalid-link',
        message: `a link needs a source (${CORE_ATTRIBUTES.source})`,
        attribute: CORE_ATTRIBUTES.source,
      });
    if (!entity.target?.location)
      problems.push({
        code: 'invalid-link',
        message: `a link needs a target (${CORE_ATTRIBUTES.target})`,
        attribute: CORE_ATTRIBUTES.target,
      });
    if (entity.summary !== undefined)
      problems.push({
        code: 'unknown-attribute',
        message: `a link has no ${CORE_ATTRIBUTES.summary}`,
        attribute: CORE_ATTRIBUTES.summary,
      });
  } else if (entity.source !== undefined || entity.target !== undefined) {
    problems.push({
      code: 'invalid-link',
      message: `${entity.kind} is not a link kind: it has no source or target`,
      attribute: CORE_ATTRIBUTES.source,
    });
  }
  return problems;
};
