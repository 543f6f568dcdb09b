export * from './attribute.js';
export { checkAttributeValue, patternProblem } from './attribute-value.js';
export type * from './behaviour.js';
export * from './category.js';
export {
  actionFromDefinition,
  categoryDefinition,
  kindFromDefinition,
  mixinFromDefinition,
} from './category-definitions.js';
export * from './core-kinds.js';
export * from './entity.js';
export * from './errors.js';
export * from './extension.js';
export type * from './extension-document.js';
export * from './formats.js';
export { MemoryStore } from './memory-store.js';
export { Model } from './model.js';
export type * from './provider.js';
export { checkConditions } from './provider.js';
export {
  createReferenceProvider,
  ReferenceProvider,
  type ReferenceProviderOptions,
} from './reference/reference-provider.js';
export type * from './rendering.js';
export type { EntityQuery, EntityRecord, MixinRecord, Store, StoreWrite } from './store.js';
export { recordMatches, recordValue, scanRecords, valueMatches } from './store.js';
export { didYouMean } from './suggest.js';
export { isCollectionLocation, validateExtensions } from './validation/extension-rules.js';
export { validateEntity } from './validation/validate-entity.js';
