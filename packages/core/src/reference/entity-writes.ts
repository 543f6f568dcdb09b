/**
 * Writes of entities (HTTP §8.2, §8.3, §8.5, §9.2, §9.4): create, create
 * or replace at a location, partial update, delete of one entity or a
 * collection.
 */
import type { Entity, EntityDraft } from '../entity.js';
import { forbidden, type Problem } from '../errors.js';
import type { Model } from '../model.js';
import {
  type Caller,
  type CollectionSelector,
  checkConditions,
  type EntityFilter,
  type WriteConditions,
} from '../provider.js';
import type { EntityRecord } from '../store.js';
import {
  applyAddedTemplates,
  checkExclusiveTemplates,
  replacedValues,
  replaceTemplates,
} from '../templates.js';
import { type Change, carryOut, linksFirst } from './backend.js';
import { addedLinks, build, invalid, validate } from './building.js';
import { lifecycleContext, modelOf, type Reference, requireRecord, visible } from './context.js';
import { changedIdProblem, checkPutLocation, isUuidUrn } from './identifiers.js';
import { checkEndpoints } from './link-endpoints.js';
import { collectionQuery, currentTag, toEntity } from './reading.js';
import { commit, commitCreating, deletedWith, deletions, nextRecord, retrying } from './writes.js';

/** Builds and commits a new entity and its inline links. */
async function created(
  r: Reference,
  model: Model,
  caller: Caller,
  draft: EntityDraft,
  location: string | undefined,
): Promise<Entity> {
  const records = await build(r, model, caller, draft, location, new Map());
  await carryOut(
    r,
    model,
    caller,
    records.map((record) => ({ op: 'create', record })),
    () =>
      commitCreating(
        r,
        caller,
        records.map((record) => ({ op: 'put', record, expect: 'absent' as const })),
      ),
  );
  const [resource, ...links] = records;
  return toEntity(r, model, resource!, caller, true, links);
}

export async function create(r: Reference, caller: Caller, draft: EntityDraft): Promise<Entity> {
  return created(r, await modelOf(r, caller), caller, draft, undefined);
}

/**
 * The problem with the id a write to `stored` gives, if any (Core §5.4.1:
 * immutable). A `urn:uuid:` that no entity holds is the id a client made up
 * in case the request created the entity (JSON's writer gives every
 * complete entity one, and a client cannot always know whether a PUT
 * creates or replaces, HTTP §8.2): it is no change, and is ignored.
 */
async function givenIdProblem(r: Reference, given: string | undefined, stored: EntityRecord) {
  const problem = changedIdProblem(given, stored.id);
  if (problem === undefined || !isUuidUrn(given)) return problem;
  return (await r.store.getById(given)) === undefined ? undefined : problem;
}

/** Commits the next version of `stored` with the links the request added to it, all or nothing. */
async function commitVersion(
  r: Reference,
  model: Model,
  caller: Caller,
  stored: EntityRecord,
  entity: Entity,
  draft: EntityDraft,
  pending: Map<string, EntityRecord>,
): Promise<EntityRecord> {
  const record = nextRecord(stored, entity);
  const links = await addedLinks(r, model, caller, draft.links, record, pending, draft.id);
  const changes: Change[] = [
    { op: 'update', record, previous: stored },
    ...links.map((link): Change => ({ op: 'create', record: link })),
  ];
  await carryOut(r, model, caller, changes, () =>
    commitCreating(r, caller, [
      { op: 'put', record, expect: stored.version },
      ...links.map((link) => ({ op: 'put' as const, record: link, expect: 'absent' as const })),
    ]),
  );
  return record;
}

export async function put(
  r: Reference,
  caller: Caller,
  location: string,
  draft: EntityDraft,
  conditions?: WriteConditions,
): Promise<{ entity: Entity; created: boolean }> {
  const model = await modelOf(r, caller);
  checkPutLocation(location);
  return retrying(
    r,
    conditions,
    async () => {
      const stored = await r.store.get(location);
      if (stored && !visible(stored, caller))
        throw forbidden(`${location} belongs to another user`, { location });
      checkConditions(conditions, location, stored && (await tagFor(r, caller, stored, conditions)));
      if (!stored) return { entity: await created(r, model, caller, draft, location), created: true };
      // HTTP §8.2.2: replace with the full representation; links stay intact, links given are added.
      const previous: Entity = { ...stored.entity, location };
      const kind = draft.kind ?? stored.kind;
      const mixins = [...new Set(draft.mixins ?? [])];
      const problems = checkExclusiveTemplates(model, mixins);
      const changedId = await givenIdProblem(r, draft.id, stored);
      if (changedId) problems.push(changedId);
      const entity: Entity = { id: stored.id, kind, mixins, attributes: {} };
      if (draft.title !== undefined) entity.title = draft.title;
      if (draft.summary !== undefined) entity.summary = draft.summary;
      entity.source = draft.source ? { ...draft.source } : stored.entity.source;
      entity.target = draft.target ? { ...draft.target } : stored.entity.target;
      if (entity.source === undefined) delete entity.source;
      if (entity.target === undefined) delete entity.target;
      if (model.kind(kind))
        entity.attributes = replacedValues(
          model,
          kind,
          mixins,
          draft.attributes ?? {},
          stored.entity.attributes,
        );
      const pending = new Map<string, EntityRecord>();
      problems.push(...(await checkEndpoints(r, model, caller, entity, pending)));
      const lifecycle = lifecycleContext(r, model, caller, pending);
      if (problems.length === 0)
        problems.push(...(await validate(model, draft, entity, previous, lifecycle)));
      if (problems.length > 0) throw invalid(problems);
      const record = await commitVersion(r, model, caller, stored, entity, draft, pending);
      return { entity: await toEntity(r, model, record, caller, true), created: false };
    },
    location,
  );
}

export async function update(
  r: Reference,
  caller: Caller,
  location: string,
  draft: EntityDraft,
  conditions?: WriteConditions,
): Promise<Entity> {
  const model = await modelOf(r, caller);
  return retrying(
    r,
    conditions,
    async () => {
      const stored = await requireRecord(r, caller, location);
      checkConditions(conditions, location, await tagFor(r, caller, stored, conditions));
      const previous: Entity = { ...stored.entity, location: stored.location };
      const problems: Problem[] = [];
      if (draft.kind !== undefined && draft.kind !== stored.kind)
        problems.push({
          code: 'kind-changed',
          message: `the kind of an entity cannot change (Core §5.3.3): it is ${stored.kind}`,
          category: draft.kind,
        });
      const changedId = await givenIdProblem(r, draft.id, stored);
      if (changedId) problems.push(changedId);
      // HTTP §8.3.1: a partial update adds the given mixins and changes the given values.
      const added = (draft.mixins ?? []).filter((m) => !stored.mixins.includes(m));
      problems.push(...checkExclusiveTemplates(model, added));
      const mixins = replaceTemplates(model, stored.mixins, added);
      const entity: Entity = structuredClone(stored.entity);
      entity.mixins = mixins;
      entity.attributes = applyAddedTemplates(model, stored.kind, added, {
        ...entity.attributes,
        ...(draft.attributes ?? {}),
      });
      if (draft.title !== undefined) entity.title = draft.title;
      if (draft.summary !== undefined) entity.summary = draft.summary;
      if (draft.source !== undefined) entity.source = { ...draft.source };
      if (draft.target !== undefined) entity.target = { ...draft.target };
      const pending = new Map<string, EntityRecord>();
      if (draft.source !== undefined || draft.target !== undefined)
        problems.push(...(await checkEndpoints(r, model, caller, entity, pending)));
      const lifecycle = lifecycleContext(r, model, caller, pending);
      if (problems.length === 0)
        problems.push(
          ...(await validate(model, { ...draft, kind: stored.kind }, entity, previous, lifecycle)),
        );
      if (problems.length > 0) throw invalid(problems);
      const record = await commitVersion(r, model, caller, stored, entity, draft, pending);
      return toEntity(r, model, record, caller, true);
    },
    location,
  );
}

/** Releases the records in the backend, links first, then commits their deletion. */
function removeRecords(
  r: Reference,
  model: Model,
  caller: Caller,
  records: readonly EntityRecord[],
): Promise<void> {
  const ordered = linksFirst(records);
  return carryOut(
    r,
    model,
    caller,
    ordered.map((record): Change => ({ op: 'delete', record })),
    () => commit(r, deletions(ordered)),
  );
}

export async function remove(
  r: Reference,
  caller: Caller,
  location: string,
  conditions?: WriteConditions,
): Promise<void> {
  await retrying(
    r,
    conditions,
    async () => {
      const record = await requireRecord(r, caller, location);
      checkConditions(conditions, location, await tagFor(r, caller, record, conditions));
      await removeRecords(r, await modelOf(r, caller), caller, await deletedWith(r, record, new Set()));
    },
    location,
  );
}

export async function removeAll(
  r: Reference,
  caller: Caller,
  collection: CollectionSelector,
  filter?: EntityFilter,
): Promise<number> {
  const model = await modelOf(r, caller);
  return retrying(r, undefined, async () => {
    const records = await r.store.query(collectionQuery(model, caller, collection, filter));
    const done = new Set<string>();
    const removed: EntityRecord[] = [];
    for (const record of records) removed.push(...(await deletedWith(r, record, done)));
    await removeRecords(r, model, caller, removed);
    return records.length;
  });
}

/** The tag preconditions compare with: the one a GET answers (links read only when a condition names tags). */
async function tagFor(
  r: Reference,
  caller: Caller,
  record: EntityRecord,
  conditions: WriteConditions | undefined,
): Promise<string> {
  const tags = Array.isArray(conditions?.ifMatch) || Array.isArray(conditions?.ifNoneMatch);
  return tags ? currentTag(r, caller, record) : String(record.version);
}
