/**
 * SLA §3.1.1 AgreementTemplate Mixin: the mixin provider SLA templates
 * (gold, silver, …) depend on.
 */
import type { MixinDefinition, TemplateFamily } from '@occi/core';
import { AGREEMENT_TPL_MIXIN, SLA_LOCATIONS, SLA_SCHEME } from './identifiers.js';

/** SLA §3.1.1: `sla#agreement_tpl`; it defines no attributes of its own. */
export const agreementTplMixin: MixinDefinition = {
  scheme: SLA_SCHEME,
  term: 'agreement_tpl',
  title: 'Mixin defining a SLA template collection',
  location: SLA_LOCATIONS.agreement_tpl,
};

/**
 * An agreement follows one SLA template (gold or silver, not both), and
 * the values the consumer fills in win over the template's defaults
 * (SLA §3.3: the consumer "completes the REQUIRED values").
 */
export const agreementTemplateFamily: TemplateFamily = {
  mixin: AGREEMENT_TPL_MIXIN,
  exclusive: true,
  overrides: false,
};
