/**
 * What every concern of the reference provider works with: the store, the
 * caches, the options; and the caller's view of the store.
 */
import type { LifecycleContext } from '../behaviour.js';
import type { Entity } from '../entity.js';
import { notFound } from '../errors.js';
import type { KeyedLock } from '../keyed-lock.js';
import type { Model } from '../model.js';
import type { Caller } from '../provider.js';
import type { EntityRecord, Store } from '../store.js';
import type { Caches, Observations } from './caches.js';
import { isAbsolutePath } from './identifiers.js';

export interface Reference {
  readonly store: Store;
  readonly caches: Caches;
  /** Requests on one entity queue in this process (see `retrying`). */
  readonly locks: KeyedLock;
  /** New entity keys; `urn:uuid:` + key is the id (Core §5.4: URN syntax RECOMMENDED). */
  readonly newKey: () => string;
  /** The scheme prefix a user's own mixins must start with (Core §5.5.3), if the provider is configured so. */
  readonly userScheme: ((user: string) => string) | undefined;
  /** When the backend last reported each entity (its behaviours' `observe`). */
  readonly observations: Observations;
}

/** The record, if the caller may see it: an administrator sees all, a user their own. */
export function visible(record: EntityRecord | undefined, caller: Caller): EntityRecord | undefined {
  return record && (caller.admin || record.owner === caller.user) ? record : undefined;
}

/** The caller's model now: the extensions' categories with the caller's mixins. */
export function modelOf(r: Reference, caller: Caller): Promise<Model> {
  return r.caches.modelAt(caller, r.store.revision?.());
}

/** A location, or an entity id, to the caller's record. */
export async function resolve(
  r: Reference,
  caller: Caller,
  reference: string,
): Promise<EntityRecord | undefined> {
  const record = isAbsolutePath(reference) ? await r.store.get(reference) : await r.store.getById(reference);
  return visible(record, caller);
}

/** The caller's record, or 404. */
export async function requireRecord(r: Reference, caller: Caller, reference: string): Promise<EntityRecord> {
  const record = await resolve(r, caller, reference);
  if (!record) throw notFound(`no entity at ${reference}`, { location: reference });
  return record;
}

/** What behaviours see of the store: other entities the caller may see, with this request's records. */
export function lifecycleContext(
  r: Reference,
  model: Model,
  caller: Caller,
  pending: Map<string, EntityRecord>,
): LifecycleContext {
  return {
    model,
    user: caller.user,
    lookup: async (location) => {
      const record = pending.get(location) ?? (await resolve(r, caller, location));
      if (!record) return undefined;
      const entity: Entity = { ...record.entity, location: record.location };
      if (!model.isLinkKind(record.kind)) {
        const stored = await r.store.query({ source: record.location });
        const links = new Map(stored.map((l) => [l.location, l]));
        for (const p of pending.values()) if (p.source === record.location) links.set(p.location, p);
        entity.links = [...links.values()].map((l) => ({ ...l.entity, location: l.location }));
      }
      return entity;
    },
  };
}
