/**
 * Schemes and type identifiers of OCCI Service Level Agreements (GFD-R-P.228).
 */

/** SLA §3, table 1: the scheme of every SLA kind, mixin and action (spec README erratum 9). */
export const SLA_SCHEME = 'http://schemas.ogf.org/occi/sla#';

export const AGREEMENT_KIND = `${SLA_SCHEME}agreement`;
export const AGREEMENT_LINK_KIND = `${SLA_SCHEME}agreement_link`;
export const AGREEMENT_TPL_MIXIN = `${SLA_SCHEME}agreement_tpl`;
export const AGREEMENT_TERM_MIXIN = `${SLA_SCHEME}agreement_term`;

/** SLA §3.1, table 3: the Agreement actions, in the `sla#` scheme itself (erratum 9). */
export const AGREEMENT_ACCEPT = `${SLA_SCHEME}accept`;
export const AGREEMENT_REJECT = `${SLA_SCHEME}reject`;
export const AGREEMENT_SUSPEND = `${SLA_SCHEME}suspend`;
export const AGREEMENT_RESUME = `${SLA_SCHEME}resume`;
export const AGREEMENT_TERMINATE = `${SLA_SCHEME}terminate`;

/** SLA §3.1, table 2: the states of an Agreement, capitalised as the document writes them (erratum 9). */
export const AGREEMENT_STATES = ['Pending', 'Accepted', 'Rejected', 'Suspended', 'Terminated'] as const;
export type AgreementState = (typeof AGREEMENT_STATES)[number];
/** The final states of the agreement state diagram: no action applies any more. */
export const FINAL_AGREEMENT_STATES: readonly AgreementState[] = ['Rejected', 'Terminated'];

/** SLA §3.1.2, table 4: the types of an agreement term. */
export const TERM_TYPES = ['SERVICE-TERM', 'SLO-TERM', 'n/a'] as const;
export type TermType = (typeof TERM_TYPES)[number];
/** SLA §3.1.2: the states of an agreement term, Undefined until assessed. */
export const TERM_STATES = ['Undefined', 'Fulfilled', 'Violated'] as const;
export type TermState = (typeof TERM_STATES)[number];

/** Where the SLA collections are bound (HTTP §4); see the README. */
export const SLA_LOCATIONS = {
  agreement: '/agreement/',
  agreement_link: '/agreement_link/',
  agreement_tpl: '/mixin/sla/agreement_tpl/',
  agreement_term: '/mixin/sla/agreement_term/',
} as const;
