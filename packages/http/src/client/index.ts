export { OcciClientError } from './client-error.js';
export { conventionalLocation } from './locations.js';
export {
  type CreateResult,
  type EntityReference,
  type InvokeResult,
  type ListOptions,
  type ListResult,
  OcciClient,
  type PutResult,
  WIRE_MEDIA_TYPES,
  type WriteOptions,
} from './occi-client.js';
export type { Credentials, OcciClientOptions, WireFormat } from './options.js';
export type { EntityInput, MixinDefinitionRequest } from './request-messages.js';
