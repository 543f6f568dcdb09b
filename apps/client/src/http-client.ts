/**
 * The OCCI HTTP client of @occi/http. @occi/http does not export its client
 * from its entry point yet: until it does, it is imported from its sources.
 */
export {
  type CreateResult,
  type Credentials,
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
  type WireFormat,
  type WriteOptions,
} from '../../../packages/http/src/client/index.js';
