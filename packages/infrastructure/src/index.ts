export {
  COMPUTE_STATES,
  computeActions,
  computeKind,
  computeStateMachine,
} from './compute.js';
export { userDataMixin, validateUserData } from './contextualization.js';
export { sshKeyMixin } from './credentials.js';
export * from './identifiers.js';
export {
  createInfrastructure,
  type InfrastructureOptions,
  infrastructure,
  PROVIDER_OS_TEMPLATE_LOCATION,
  PROVIDER_OS_TEMPLATE_SCHEME,
  REMOVED_ATTRIBUTES,
} from './infrastructure.js';
export { ipNetworkMixin, validateIpNetwork } from './ip-network.js';
export { ipNetworkInterfaceMixin, validateIpNetworkInterface } from './ip-network-interface.js';
export { LINK_ENDPOINTS, type LinkEndpoints, validateLinkEndpoints } from './link-endpoints.js';
export {
  type ListedOsTemplate,
  ListedOsTemplates,
  type OsTemplateListing,
} from './listed-os-templates.js';
export { randomMacAddress } from './mac-address.js';
export { NETWORK_STATES, networkActions, networkKind, networkStateMachine } from './network.js';
export {
  initialiseNetworkInterface,
  LINK_STATES,
  networkInterfaceKind,
  networkInterfaceStateMachine,
  validateNetworkInterface,
} from './network-interface.js';
export {
  DEFAULT_OS_TEMPLATES,
  type OsTemplateCatalogueOptions,
  type OsTemplateDefinition,
  osTemplateCatalogue,
  osTemplates,
} from './os-template-catalogue.js';
export { SAVED_FROM_ATTRIBUTE, type SaveOptions, saveAction } from './save-action.js';
export { STORAGE_STATES, storageActions, storageKind, storageStateMachine } from './storage.js';
export { initialiseStorageLink, storageLinkKind, storageLinkStateMachine } from './storage-link.js';
export { osTemplateMixin, resourceTemplateMixin, templateFamilies } from './templates.js';
