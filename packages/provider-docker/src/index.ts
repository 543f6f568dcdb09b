export {
  type ComputeState,
  type ContainerState,
  computeState,
  imageCommand,
  userDataScript,
} from './container.js';
export { docker } from './docker.js';
export { DockerEngine, type DockerOptions, type PlatformSettings } from './engine.js';
export {
  ENGINE_API_VERSION,
  EngineClient,
  EngineError,
  isEngineError,
  parseEngineAddress,
} from './engine-client.js';
export { ID_LABEL, LOCATION_LABEL, OWNER_LABEL, SAVED_FROM_LABEL } from './labels.js';
export {
  IMAGE_ATTRIBUTE,
  IMAGE_LOCATION_BASE,
  IMAGE_SCHEME,
  type ImageTemplate,
  imageTemplates,
  imageTerm,
  SAVED_FROM_ATTRIBUTE,
} from './os-templates.js';
export {
  APP_URL_LABEL,
  CONTEXT_PATH,
  CONTEXT_URL,
  HOST_LABEL,
  HOST_PORT_LABEL,
} from './platform-containers.js';
export { applicationUrl, checkUrlTemplate, type PlatformOptions } from './platform-settings.js';
export {
  APP_ENV_PREFIX,
  APP_LABELS,
  APP_PORT_ATTRIBUTE,
  APP_TEMPLATE_SCHEME,
  type AppTemplateDefinition,
  DATABASE_LABELS,
  DATABASE_SCHEME,
  type DatabaseTemplateDefinition,
  type PlatformCatalogueDefinition,
  parsePlatformCatalogue,
  platformTemplates,
} from './platform-templates.js';
export { type TarEntry, tarArchive } from './tar.js';
