/**
 * Observation: the backend's word on an entity when it is read (its
 * behaviours' `observe`), at most once per interval for each entity, so
 * that a change made outside OCCI shows up without a backend call per read.
 * What the backend reports is written to the store; an entity whose backend
 * object is gone is removed with its links.
 */
import { mergeObservations, type Observation } from '../behaviour.js';
import type { Entity } from '../entity.js';
import { isOcciError, notFound } from '../errors.js';
import type { Model } from '../model.js';
import type { Caller } from '../provider.js';
import type { EntityRecord } from '../store.js';
import { lifecycleContext, type Reference } from './context.js';
import { deletedWith, deletions, nextRecord } from './writes.js';

/** Whether the backend is due to be asked again about the entity or one of its links. */
export function stale(r: Reference, model: Model, entity: Entity): boolean {
  const locations: string[] = [];
  for (const e of [entity, ...(entity.links ?? [])])
    if (e.location !== undefined && model.behavioursOf(e.kind, e.mixins).some((b) => b.observe))
      locations.push(e.location);
  return locations.length > 0 && r.observations.due(locations);
}

/** The entity with what the backend reported, or undefined when nothing differs. */
function applied(record: EntityRecord, observation: Observation): Entity | undefined {
  const entity = structuredClone(record.entity);
  for (const [name, value] of Object.entries(observation.attributes ?? {})) entity.attributes[name] = value;
  for (const name of observation.cleared ?? []) delete entity.attributes[name];
  for (const mixin of observation.mixins ?? []) if (!entity.mixins.includes(mixin)) entity.mixins.push(mixin);
  const same =
    JSON.stringify([entity.attributes, entity.mixins]) ===
    JSON.stringify([record.entity.attributes, record.entity.mixins]);
  return same ? undefined : entity;
}

/** Commits writes the backend's word implies; a concurrent write wins (the next observation sees it). */
async function commitObserved(
  r: Reference,
  writes: Parameters<Reference['store']['commit']>[0],
): Promise<boolean> {
  try {
    await r.store.commit(writes);
    return true;
  } catch (error) {
    if (isOcciError(error) && error.code === 'version-mismatch') return false;
    throw error;
  }
}

/**
 * The record as the backend reports it now, or why it is gone. Records
 * whose behaviours do not observe, or observed within the interval, are
 * answered as they are.
 */
export async function observed(
  r: Reference,
  model: Model,
  caller: Caller,
  record: EntityRecord,
): Promise<EntityRecord | string> {
  const observers = model.behavioursOf(record.kind, record.mixins).filter((b) => b.observe);
  if (observers.length === 0 || !r.observations.due([record.location])) return record;
  return r.observations.once(record.location, async () => {
    const context = lifecycleContext(r, model, caller, new Map());
    const entity: Entity = { ...structuredClone(record.entity), location: record.location };
    const observation = mergeObservations(
      await Promise.all(observers.map((b) => b.observe!(entity, context))),
    );
    if (!observation) return record;
    if (observation.gone !== undefined) {
      // Core §5.4.2: the links of a resource go with it.
      await commitObserved(r, deletions(await deletedWith(r, record, new Set())));
      return observation.gone;
    }
    const changed = applied(record, observation);
    if (!changed) return record;
    const next = nextRecord(record, changed);
    return (await commitObserved(r, [{ op: 'put', record: next, expect: record.version }]))
      ? next
      : ((await r.store.get(record.location)) ?? record);
  });
}

/** The records as the backend reports them, without those that are gone. */
export async function observedAll(
  r: Reference,
  model: Model,
  caller: Caller,
  records: readonly EntityRecord[],
): Promise<EntityRecord[]> {
  const now = await Promise.all(records.map((record) => observed(r, model, caller, record)));
  return now.filter((n): n is EntityRecord => typeof n !== 'string');
}

/** The record as the backend reports it, or 404 saying it is gone. */
export async function observedOrGone(
  r: Reference,
  model: Model,
  caller: Caller,
  record: EntityRecord,
): Promise<EntityRecord> {
  const now = await observed(r, model, caller, record);
  if (typeof now === 'string')
    throw notFound(`${record.location} is gone: ${now}`, { location: record.location });
  return now;
}
