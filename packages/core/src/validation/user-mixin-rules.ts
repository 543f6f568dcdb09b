/**
 * Checks of a mixin defined at run time (HTTP §7.3 user-defined mixins,
 * Core §5.5.3; or a provider mixin an action creates, e.g. a saved OS
 * template).
 */
import { ATTRIBUTE_TYPES } from '../attribute.js';
import { checkAttributeValue, patternProblem } from '../attribute-value.js';
import {
  ATTRIBUTE_NAME_PATTERN,
  isSpecScheme,
  type Mixin,
  TERM_PATTERN,
  typeIdentifier,
} from '../category.js';
import type { Problem } from '../errors.js';
import type { Model } from '../model.js';
import { didYouMean } from '../suggest.js';
import { isCollectionLocation } from './extension-rules.js';

export function validateUserMixin(model: Model, mixin: Mixin): Problem[] {
  const id = typeIdentifier(mixin);
  const problems: Problem[] = [];
  const at = { category: id };
  if (!TERM_PATTERN.test(mixin.term))
    problems.push({ code: 'parse-error', message: `mixin term "${mixin.term}" is not a valid term`, ...at });
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S*#$/.test(mixin.scheme))
    problems.push({
      code: 'parse-error',
      message: `mixin scheme "${mixin.scheme}" must be a URI ending in "#"`,
      ...at,
    });
  // Core §5.3.1: the OCCI base URL is reserved for the specification.
  if (isSpecScheme(mixin.scheme))
    problems.push({
      code: 'reserved-scheme',
      message: `mixin ${id} uses the reserved scheme base http://schemas.ogf.org/occi/; choose a scheme of your own`,
      ...at,
    });
  if (mixin.location === undefined || !isCollectionLocation(mixin.location))
    problems.push({
      code: 'invalid-location',
      message: `mixin ${id} needs a location that is an absolute path ending in "/", e.g. /my_stuff/`,
      ...at,
    });
  for (const d of mixin.depends) {
    if (!model.mixin(d))
      problems.push({
        code: 'unknown-mixin',
        message: `mixin ${id} depends on unknown mixin ${d}${didYouMean(d, model.mixins().map(typeIdentifier))}`,
        ...at,
      });
  }
  for (const a of mixin.applies) {
    if (!model.kind(a))
      problems.push({
        code: 'unknown-kind',
        message: `mixin ${id} applies to unknown kind ${a}${didYouMean(a, model.kinds().map(typeIdentifier))}`,
        ...at,
      });
  }
  if (mixin.actions.length > 0)
    problems.push({
      code: 'other',
      message: `mixin ${id} defines actions; user-defined mixins cannot define actions`,
      ...at,
    });
  const known = new Set(
    model
      .kinds()
      .flatMap((k) => [...k.attributes.keys()])
      .concat(model.mixins().flatMap((m) => [...m.attributes.keys()])),
  );
  for (const [name, attribute] of mixin.attributes) {
    const wrong =
      (ATTRIBUTE_TYPES.includes(attribute.type)
        ? undefined
        : `type must be one of ${ATTRIBUTE_TYPES.join(', ')}`) ??
      (attribute.pattern === undefined ? undefined : patternProblem(attribute.pattern)) ??
      (attribute.default === undefined ? undefined : checkAttributeValue(attribute, attribute.default));
    if (wrong)
      problems.push({
        code: 'parse-error',
        message: `mixin ${id}: attribute ${name}: ${wrong}`,
        attribute: name,
        ...at,
      });
    if (!ATTRIBUTE_NAME_PATTERN.test(name))
      problems.push({
        code: 'parse-error',
        message: `mixin ${id}: attribute name "${name}" is not valid`,
        attribute: name,
        ...at,
      });
    // Core §5.3.2: the occi. prefix is reserved for the specification.
    if (name.startsWith('occi.') && !known.has(name))
      problems.push({
        code: 'reserved-namespace',
        message: `mixin ${id}: attribute ${name} uses the reserved "occi." prefix; use a reverse-domain prefix such as "com.example."`,
        attribute: name,
        ...at,
      });
  }
  return problems;
}
