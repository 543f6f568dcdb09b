/**
 * The backend's part of a write: the `create`, `update` and `delete` hooks
 * of the entities' behaviours run after validation and before the commit;
 * what they did is undone when a later hook or the commit fails (see the
 * core README, "Backends", for what a backend may assume).
 */
import type { BackendContext, Behaviour } from '../behaviour.js';
import type { Entity } from '../entity.js';
import type { Model } from '../model.js';
import type { Caller } from '../provider.js';
import type { EntityRecord, StoreWrite } from '../store.js';
import { lifecycleContext, type Reference } from './context.js';
import { commit } from './writes.js';

/** A change a backend carries out before the commit. */
export type Change =
  | { op: 'create'; record: EntityRecord }
  | { op: 'update'; record: EntityRecord; previous: EntityRecord }
  | { op: 'delete'; record: EntityRecord };

function hooked(model: Model, change: Change): Behaviour[] {
  return model
    .behavioursOf(change.record.kind, change.record.mixins)
    .filter((b) => b[change.op] !== undefined);
}

/** The entity a hook sees: the record's, sharing its attributes and mixins, with `links` for a new resource. */
function entityOf(record: EntityRecord, links?: readonly EntityRecord[]): Entity {
  const entity: Entity = { ...record.entity, location: record.location };
  if (links) entity.links = links.map((l) => ({ ...l.entity, location: l.location }));
  return entity;
}

/** Keeps what a hook filled in (values the backend chose, mixins they come with) in the record to commit. */
function keep(record: EntityRecord, entity: Entity): void {
  record.entity.attributes = entity.attributes;
  record.entity.mixins = entity.mixins;
  record.mixins = entity.mixins;
}

/** Deletes in the order the backend releases: links before the resources they belong to. */
export function linksFirst(records: readonly EntityRecord[]): EntityRecord[] {
  return [...records.filter((r) => r.source !== undefined), ...records.filter((r) => r.source === undefined)];
}

async function run(model: Model, change: Change, context: BackendContext, created: readonly EntityRecord[]) {
  for (const behaviour of hooked(model, change)) {
    if (change.op === 'create') {
      const links =
        change.record.source === undefined
          ? created.filter((c) => c.source === change.record.location)
          : undefined;
      const entity = entityOf(change.record, links);
      await behaviour.create!(entity, context);
      keep(change.record, entity);
    } else if (change.op === 'update') {
      const entity = entityOf(change.record);
      await behaviour.update!(entity, entityOf(change.previous), context);
      keep(change.record, entity);
    } else {
      await behaviour.delete!(entityOf(change.record), context);
    }
  }
}

/** Undoes what the hooks did for `change`, as well as it can: a failure here leaves the first error to report. */
async function undo(model: Model, change: Change, context: BackendContext): Promise<void> {
  try {
    if (change.op === 'create')
      for (const b of model.behavioursOf(change.record.kind, change.record.mixins))
        await b.delete?.(entityOf(change.record), context);
    else if (change.op === 'update')
      for (const b of model.behavioursOf(change.previous.kind, change.previous.mixins))
        await b.update?.(entityOf(change.previous), entityOf(change.record), context);
    // A released object is not made again: the entity's next read finds it gone.
  } catch {
    // The error that made us undo is the one to report.
  }
}

/**
 * Carries out `changes` in the backend in their order, then `commit`s.
 * When a hook or the commit fails, the hooks that ran are undone in the
 * reverse order and the error is thrown.
 */
export async function carryOut(
  r: Reference,
  model: Model,
  caller: Caller,
  changes: readonly Change[],
  commit: () => Promise<void>,
): Promise<void> {
  if (!changes.some((c) => hooked(model, c).length > 0)) return commit();
  const pending = new Map<string, EntityRecord>();
  for (const c of changes) if (c.op !== 'delete') pending.set(c.record.location, c.record);
  const context: BackendContext = {
    ...lifecycleContext(r, model, caller, pending),
    deleting: new Set(changes.filter((c) => c.op === 'delete').map((c) => c.record.location)),
  };
  const created = changes.filter((c) => c.op === 'create').map((c) => c.record);
  const done: Change[] = [];
  try {
    for (const change of changes) {
      done.push(change);
      await run(model, change, context, created);
    }
    await commit();
    // What a create or update hook left is what the backend holds now: an observation of its own,
    // so that an action right after (create, then start) does not ask the backend again.
    for (const change of changes)
      if (change.op !== 'delete' && hooked(model, change).length > 0)
        r.observations.saw(change.record.location);
  } catch (error) {
    for (const change of done.reverse()) await undo(model, change, context);
    throw error;
  }
}

/** Carries out updates of existing records, then commits them (with `extra` writes), each at the version read. */
export function commitUpdates(
  r: Reference,
  model: Model,
  caller: Caller,
  updates: readonly { record: EntityRecord; previous: EntityRecord }[],
  extra: readonly StoreWrite[] = [],
): Promise<void> {
  return carryOut(
    r,
    model,
    caller,
    updates.map((u): Change => ({ op: 'update', ...u })),
    () =>
      commit(r, [
        ...updates.map((u): StoreWrite => ({ op: 'put', record: u.record, expect: u.previous.version })),
        ...extra,
      ]),
  );
}
