export type { ActionInvocationRendering } from './action-invocation-rendering.js';
export type { AttributeDescription } from './attribute-description-rendering.js';
export type { CategoryCollectionRendering } from './category-collection-rendering.js';
export type { ActionRendering, KindRendering, MixinRendering } from './category-rendering.js';
export { DEFAULT_LIMITS, type ParseLimits } from './document.js';
export type { EntityCollectionRendering } from './entity-collection-rendering.js';
export type { ErrorRendering } from './error-rendering.js';
export {
  createJsonRendering,
  JSON_MEDIA_TYPES,
  type JsonRendering,
  type JsonRenderingOptions,
  jsonRendering,
} from './json-rendering.js';
export type { KindedUri, LinkRendering } from './link-rendering.js';
export type { ResourceRendering } from './resource-rendering.js';
export { occiJsonSchema } from './schema.js';
