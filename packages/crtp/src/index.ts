export { conformanceClaim } from './conformance-claim.js';
export { type CrtpOptions, createCrtp, crtp } from './crtp.js';
export {
  CRTP_BASE_TOKEN,
  CRTP_EXTENDED_TOKEN,
  CRTP_NAMESPACE,
  CRTP_SCHEME,
  CRTP_VERSION,
} from './profile.js';
export {
  DEFAULT_EPHEMERAL_DEVICEID,
  EPHEMERAL_STORAGE_DEVICEID,
  EPHEMERAL_STORAGE_SIZE,
  TEMPLATE_PROFILES,
  type TemplateProfile,
} from './profile-type-definitions.js';
export {
  ALL_TEMPLATES,
  BASE_TEMPLATES,
  CRTP_LOCATION_BASE,
  LARGE_TEMPLATE,
  MEDIUM_TEMPLATE,
  MEM_LARGE_TEMPLATE,
  MEM_MEDIUM_TEMPLATE,
  MEM_SMALL_TEMPLATE,
  resourceTemplates,
  SMALL_TEMPLATE,
} from './resource-templates.js';
