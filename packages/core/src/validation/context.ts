import type { Entity, EntityDraft } from '../entity.js';
import type { Problem } from '../errors.js';
import type { Model } from '../model.js';

/** What an entity validation rule looks at. */
export interface EntityValidationContext {
  model: Model;
  /** What the client sent. */
  draft: EntityDraft;
  /** The entity as it would be stored: defaults, server-managed values and previous values applied. */
  entity: Entity;
  /** The stored entity before this request (replace, update); absent on create. */
  previous?: Entity;
}

/** One rule of the model; returns one problem per violation. */
export type EntityRule = (context: EntityValidationContext) => Problem[];
