export {
  AGREED_AT,
  agreementKind,
  agreementStateMachine,
  EFFECTIVE_FROM,
  EFFECTIVE_UNTIL,
} from './agreement.js';
export { agreementLinkKind, validateAgreementLink } from './agreement-link.js';
export { agreementTplMixin } from './agreement-template.js';
export {
  type AgreementTermProperties,
  type AgreementTermState,
  agreementTermAttributes,
  agreementTermMixin,
  agreementTerms,
  assessTerm,
  isViolated,
  termAttributeNames,
  termTransitionAllowed,
} from './agreement-term.js';
export { absoluteDateTimeProblem } from './datetime.js';
export * from './identifiers.js';
export { createSla, type SlaOptions, sla } from './sla.js';
export {
  type AgreementTermDefinition,
  AVAILABILITY_TERM,
  COMPUTE_SERVICE_TERM,
  GOLD_TEMPLATE,
  SILVER_TEMPLATE,
  SLA_TEMPLATE_SCHEME,
  SLA_TERM_SCHEME,
  type SlaCatalogueDefinition,
  type SlaTemplateDefinition,
  slaTemplateCatalogue,
  slaTemplateCatalogueExample,
  slaTemplates,
} from './sla-template-catalogue.js';
