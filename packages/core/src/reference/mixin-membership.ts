/**
 * Mixin membership (Core §5.3.8, HTTP §9.2.2, §9.3.2, §9.4.2): adding
 * entities to a mixin's collection, removing them, and replacing it.
 */
import type { Mixin, TypeIdentifier } from '../category.js';
import { typeIdentifier } from '../category.js';
import type { Entity } from '../entity.js';
import { badRequest, notFound, OcciError, type Problem } from '../errors.js';
import type { Model } from '../model.js';
import type { Caller } from '../provider.js';
import type { EntityRecord } from '../store.js';
import { didYouMean } from '../suggest.js';
import { applyAddedTemplates, replaceTemplates } from '../templates.js';
import { inapplicableMessage } from '../validation/mixin-applies-rule.js';
import { commitUpdates } from './backend.js';
import { invalid, validate } from './building.js';
import { lifecycleContext, modelOf, type Reference } from './context.js';
import { list, requireAll } from './reading.js';
import { nextRecord, retrying } from './writes.js';

export function requireMixin(model: Model, id: TypeIdentifier): Mixin {
  const mixin = model.mixin(id);
  if (!mixin)
    throw notFound(`unknown mixin ${id}${didYouMean(id, model.mixins().map(typeIdentifier))}`, {
      category: id,
    });
  return mixin;
}

/** The next record of `record` holding `entity`, after the extensions' checks (which may also recompute values). */
async function revalidated(
  r: Reference,
  model: Model,
  caller: Caller,
  record: EntityRecord,
  entity: Entity,
): Promise<EntityRecord> {
  const previous: Entity = { ...record.entity, location: record.location };
  const lifecycle = lifecycleContext(r, model, caller, new Map());
  const problems = await validate(model, { kind: record.kind }, entity, previous, lifecycle);
  if (problems.length > 0)
    throw invalid(
      problems.map((p) => ({
        ...p,
        location: record.location,
        message: `${record.location}: ${p.message}`,
      })),
    );
  return nextRecord(record, entity);
}

async function withMixin(
  r: Reference,
  model: Model,
  caller: Caller,
  record: EntityRecord,
  mixin: Mixin,
): Promise<EntityRecord | undefined> {
  const id = typeIdentifier(mixin);
  if (record.mixins.includes(id)) return undefined;
  // Core §5.3.4: associating a mixin that does not apply (itself or through its depends) is a bad request.
  const failing = model.inapplicable(mixin, record.kind)[0];
  if (failing)
    throw badRequest(
      'mixin-not-applicable',
      `${inapplicableMessage(id, typeIdentifier(failing), failing.applies, record.kind)} (${record.location})`,
      { category: id, location: record.location },
    );
  const entity: Entity = structuredClone(record.entity);
  entity.mixins = replaceTemplates(model, record.mixins, [id]);
  entity.attributes = applyAddedTemplates(model, record.kind, [id], entity.attributes);
  return revalidated(r, model, caller, record, entity);
}

/** The record without the mixin, and without the values of attributes only that mixin defined. */
export async function withoutMixin(
  r: Reference,
  model: Model,
  caller: Caller,
  record: EntityRecord,
  id: TypeIdentifier,
): Promise<EntityRecord | undefined> {
  if (!record.mixins.includes(id)) return undefined;
  const entity: Entity = structuredClone(record.entity);
  entity.mixins = record.mixins.filter((m) => m !== id);
  const defined = model.attributes(record.kind, entity.mixins);
  for (const name of Object.keys(entity.attributes)) if (!defined.has(name)) delete entity.attributes[name];
  return revalidated(r, model, caller, record, entity);
}

/**
 * Core §5.3.8: an entity is in a mixin's collection while it has the mixin
 * or one depending on it; removing it from the collection removes the
 * mixin. When another mixin of the entity brings this one through
 * `depends`, the entity would stay: a conflict naming that mixin, so the
 * client knows what to remove.
 */
function checkNotKeptByDepends(
  model: Model,
  records: readonly EntityRecord[],
  mixinId: TypeIdentifier,
): void {
  const problems: Problem[] = [];
  for (const record of records) {
    const bringers = record.mixins.filter((m) => m !== mixinId && model.dependsOn(m, mixinId));
    if (bringers.length === 0) continue;
    problems.push({
      code: 'other',
      message: `${record.location} is in the collection of ${mixinId} through ${bringers.join(', ')}, which depend${bringers.length === 1 ? 's' : ''} on it: remove ${bringers.length === 1 ? 'that mixin' : 'those mixins'} from the entity instead`,
      location: record.location,
      category: bringers[0]!,
    });
  }
  if (problems.length > 0) throw new OcciError('conflict', problems);
}

/** The caller's entities in the collection of a mixin (having it, or a mixin depending on it). */
function collectionMembers(
  r: Reference,
  model: Model,
  caller: Caller,
  mixinId: TypeIdentifier,
): Promise<EntityRecord[]> {
  return r.store.query({
    in: { mixins: model.descendants(mixinId) },
    ...(caller.admin ? {} : { owner: caller.user }),
  });
}

const members = (r: Reference, caller: Caller, id: TypeIdentifier): Promise<Entity[]> =>
  list(r, caller, { collection: { mixin: id } });

export async function associate(
  r: Reference,
  caller: Caller,
  mixinId: TypeIdentifier,
  references: string[],
): Promise<Entity[]> {
  const model = await modelOf(r, caller);
  const mixin = requireMixin(model, mixinId);
  await retrying(r, undefined, async () => {
    const updates: { record: EntityRecord; previous: EntityRecord }[] = [];
    for (const record of await requireAll(r, caller, references)) {
      const next = await withMixin(r, model, caller, record, mixin);
      if (next) updates.push({ record: next, previous: record });
    }
    await commitUpdates(r, model, caller, updates);
  });
  return members(r, caller, mixinId);
}

export async function dissociate(
  r: Reference,
  caller: Caller,
  mixinId: TypeIdentifier,
  references?: string[],
): Promise<void> {
  const model = await modelOf(r, caller);
  requireMixin(model, mixinId);
  await retrying(r, undefined, async () => {
    const records = references
      ? await requireAll(r, caller, references)
      : await collectionMembers(r, model, caller, mixinId);
    checkNotKeptByDepends(model, records, mixinId);
    const updates: { record: EntityRecord; previous: EntityRecord }[] = [];
    for (const record of records) {
      const next = await withoutMixin(r, model, caller, record, mixinId);
      if (next) updates.push({ record: next, previous: record });
    }
    await commitUpdates(r, model, caller, updates);
  });
}

export async function setMembership(
  r: Reference,
  caller: Caller,
  mixinId: TypeIdentifier,
  references: string[],
): Promise<Entity[]> {
  const model = await modelOf(r, caller);
  const mixin = requireMixin(model, mixinId);
  await retrying(r, undefined, async () => {
    const wanted = await requireAll(r, caller, references);
    const keep = new Set(wanted.map((w) => w.location));
    const leaving = (await collectionMembers(r, model, caller, mixinId)).filter((m) => !keep.has(m.location));
    checkNotKeptByDepends(model, leaving, mixinId);
    const updates: { record: EntityRecord; previous: EntityRecord }[] = [];
    for (const record of leaving) {
      const next = await withoutMixin(r, model, caller, record, mixinId);
      if (next) updates.push({ record: next, previous: record });
    }
    for (const record of wanted) {
      const next = await withMixin(r, model, caller, record, mixin);
      if (next) updates.push({ record: next, previous: record });
    }
    await commitUpdates(r, model, caller, updates);
  });
  return members(r, caller, mixinId);
}
