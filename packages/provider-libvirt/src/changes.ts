import type { Entity } from '@occi/core';

/** Whether any of the attributes `names` differs between two versions of an entity. */
export const changed = (entity: Entity, previous: Entity, ...names: string[]): boolean =>
  names.some((name) => JSON.stringify(entity.attributes[name]) !== JSON.stringify(previous.attributes[name]));
