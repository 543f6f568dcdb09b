export {
  type CreateResult,
  type Credentials,
  conventionalLocation,
  type EntityInput,
  type EntityReference,
  type InvokeResult,
  type ListOptions,
  type ListResult,
  type MixinDefinitionRequest,
  OcciClient,
  OcciClientError,
  type OcciClientOptions,
  type PutResult,
  WIRE_MEDIA_TYPES,
  type WireFormat,
  type WriteOptions,
} from './client/index.js';
export { type MediaRange, mediaTypeOf, negotiate, type Offer, offersOf, parseAccept } from './negotiation.js';
export type { OcciPluginOptions } from './server/options.js';
export { ALLOWED_METHODS, occiPlugin } from './server/plugin.js';
export { errorKindOf, STATUS } from './status.js';
export { announcedVersion, isHigherVersion, OCCI_VERSION } from './versioning.js';
