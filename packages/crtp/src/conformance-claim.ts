/**
 * Conformance claim (CRTP §3.2, §5.1): the Profile version field the HTTP
 * layer adds to the `Server` header of every response (R0401), as
 * `token/version` (R0402, R0405).
 */
import type { Model } from '@occi/core';
import { CRTP_BASE_TOKEN, CRTP_EXTENDED_TOKEN, CRTP_VERSION } from './profile.js';
import { ALL_TEMPLATES, BASE_TEMPLATES } from './resource-templates.js';

/**
 * `OCCI-CRTP-EP/1.1` when the model offers all six templates (extended
 * conformance, R0404), `OCCI-CRTP/1.1` when it offers small, medium and
 * large (base conformance, R0403), and no claim otherwise (§3.2: claims
 * can be made only when the requirements are met).
 */
export function conformanceClaim(model: Model): string[] {
  const offers = (ids: readonly string[]) => ids.every((id) => model.mixin(id) !== undefined);
  if (offers(ALL_TEMPLATES)) return [`${CRTP_EXTENDED_TOKEN}/${CRTP_VERSION}`];
  if (offers(BASE_TEMPLATES)) return [`${CRTP_BASE_TOKEN}/${CRTP_VERSION}`];
  return [];
}
