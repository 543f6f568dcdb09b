export type { Attributes, AttributeValue, Entity, Model as OcciModel, TypeIdentifier } from '@occi/core';
export { type CodegenOptions, generateTypes } from './codegen.js';
export type { ConfigFile, Credentials, OutputFormat, Profile, WireFormat } from './config.js';
export { CliError, EXIT, type ExitCode } from './exit-codes.js';
export type {
  CreateResult,
  EntityInput,
  InvokeResult,
  ListOptions,
  ListResult,
  OcciClient,
} from './http-client.js';
export { type ResolveOptions, resolveCategory, resolveId } from './resolve.js';
export {
  type AnyModel,
  type ConnectOptions,
  type CreateInput,
  connect,
  createClient,
  findById,
  type ModelTypes,
  type Occi,
  type UpdateInput,
} from './sdk.js';
export { type WaitOptions, WaitTimeoutError, waitForState } from './wait.js';
