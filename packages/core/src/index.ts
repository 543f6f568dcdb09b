export * from './attribute.js';
export { checkAttributeValue, checkPattern, patternProblem } from './attribute-value.js';
export * from './behaviour.js';
export * from './category.js';
export * from './core-kinds.js';
export * from './entity.js';
export * from './errors.js';
export * from './extension.js';
export type * from './extension-document.js';
export * from './formats.js';
export { MemoryStore } from './memory-store.js';
export {
  actionFromDefinition,
  categoryDefinition,
  kindFromDefinition,
  Model,
  mixinFromDefinition,
} from './model.js';
export type * from './provider.js';
export { checkConditions } from './provider.js';
export {
  createReferenceProvider,
  ReferenceProvider,
  type ReferenceProviderOptions,
} from './reference/reference-provider.js';
export type * from './rendering.js';
export type { EntityQuery, EntityRecord, MixinRecord, Store, StoreWrite } from './store.js';
export { recordMatches, recordValue, valueMatches } from './store.js';
export { closest, didYouMean } from './suggest.js';
export {
  applyAddedTemplates,
  checkExclusiveTemplates,
  replaceTemplates,
  resolveDefaults,
} from './templates.js';
export type { EntityRule, EntityValidationContext } from './validation/context.js';
export { isCollectionLocation, validateExtensions } from './validation/extension-rules.js';
export { validateUserMixin } from './validation/user-mixin-rules.js';
export { entityRules, validateEntity } from './validation/validate-entity.js';
