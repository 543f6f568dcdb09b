/**
 * OCCI Service Level Agreements (GFD-R-P.228) as an extension of the Core model.
 */
import type { Extension } from '@occi/core';
import { agreementActions, agreementBehaviour, agreementKind } from './agreement.js';
import { agreementLinkBehaviour, agreementLinkKind } from './agreement-link.js';
import { agreementTemplateFamily, agreementTplMixin } from './agreement-template.js';
import { agreementTermMixin } from './agreement-term.js';

export interface SlaOptions {
  /** The clock `accept` reads to set `occi.agreement.agreedAt`. */
  now?: () => Date;
}

/** The SLA extension with a clock of your own. */
export function createSla(options: SlaOptions = {}): Extension {
  return {
    name: 'sla',
    version: '1.2',
    specification: 'GFD-R-P.228',
    kinds: [agreementKind, agreementLinkKind],
    mixins: [agreementTplMixin, agreementTermMixin],
    actions: agreementActions,
    templates: [agreementTemplateFamily],
    behaviours: [agreementBehaviour(options.now), agreementLinkBehaviour],
  };
}

/** The SLA extension. */
export const sla: Extension = createSla();
