/**
 * How entities and engine objects are tied: every container, volume and
 * network this provider makes is named after the entity's location and
 * labelled with it and its owner, so a restarted server finds them again.
 */

/** The entity location an engine object belongs to. */
export const LOCATION_LABEL = 'org.occi-ts.location';
/** The user owning the entity. */
export const OWNER_LABEL = 'org.occi-ts.owner';
/** The entity id (`occi.core.id`). */
export const ID_LABEL = 'org.occi-ts.id';
/** On an image made by `save`: the compute it was saved from. */
export const SAVED_FROM_LABEL = 'org.occi-ts.saved.from';

/**
 * The engine name of the object of the entity at `location`: the prefix and
 * the path with every run of characters outside `[A-Za-z0-9_.-]` made one
 * `-` (`/compute/4f…` → `occi-compute-4f…`). Engines accept such names for
 * containers, volumes and networks alike.
 */
export function engineName(prefix: string, location: string): string {
  return `${prefix}${location.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/-+$/, '')}`;
}

export function entityLabels(location: string, owner: string, id: string): Record<string, string> {
  return { [LOCATION_LABEL]: location, [OWNER_LABEL]: owner, [ID_LABEL]: id };
}
