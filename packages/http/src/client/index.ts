export type { EntityInput } from '@occi/core';
export { OcciClientError } from './client-error.js';
export { conventionalLocation } from './locations.js';
export { OcciClient } from './occi-client.js';
export type {
  CreateResult,
  EntityReference,
  InvokeResult,
  ListOptions,
  ListResult,
  MixinDefinitionRequest,
  PutResult,
  WriteOptions,
} from './operations.js';
export {
  type Credentials,
  type Learnt,
  type OcciClientOptions,
  WIRE_MEDIA_TYPES,
  type WireFormat,
} from './options.js';
