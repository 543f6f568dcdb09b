/** The OCCI HTTP client of @occi/http, in one place for the commands and the SDK. */
export {
  type CreateResult,
  type Credentials,
  type EntityInput,
  type EntityReference,
  type InvokeResult,
  type Learnt,
  type ListOptions,
  type ListResult,
  type MixinDefinitionRequest,
  OcciClient,
  OcciClientError,
  type OcciClientOptions,
  type PutResult,
  type WireFormat,
  type WriteOptions,
} from '@occi/http/client';
