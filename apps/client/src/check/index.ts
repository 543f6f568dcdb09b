/** Every check, in the order of the report: by document, then section. */
import { coreEntityChecks } from './checks/core-entities.js';
import { coreModelChecks } from './checks/core-model.js';
import type { Check } from './types.js';
import { DOCUMENT_KEYS } from './types.js';

export function allChecks(): Check[] {
  const all = [...coreModelChecks, ...coreEntityChecks];
  return DOCUMENT_KEYS.flatMap((d) => all.filter((c) => c.doc === d));
}
