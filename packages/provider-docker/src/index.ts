export {
  type ComputeState,
  type ContainerState,
  computeState,
  imageCommand,
  userDataScript,
} from './container.js';
export { docker } from './docker.js';
export { DockerEngine, type DockerOptions } from './engine.js';
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
export { type TarEntry, tarArchive } from './tar.js';
