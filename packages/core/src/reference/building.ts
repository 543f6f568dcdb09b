/**
 * Building entities from a client's draft (Core §5.3.6, §5.4): the kind,
 * the location and id, template defaults, server-managed and initial
 * values, inline links, and validation by the model's rules and the
 * extensions' behaviours.
 */
import type { Attributes } from '../attribute.js';
import type { LifecycleContext } from '../behaviour.js';
import type { Entity, EntityDraft } from '../entity.js';
import { badRequest, isOcciError, OcciError, type Problem } from '../errors.js';
import type { Model } from '../model.js';
import type { Caller } from '../provider.js';
import type { EntityRecord } from '../store.js';
import { checkExclusiveTemplates, resolveDefaults } from '../templates.js';
import { validateEntity } from '../validation/validate-entity.js';
import { lifecycleContext, type Reference } from './context.js';
import { idProblem, isDirectlyBelow, newLocation, pathSegmentOf, sameId, UUID } from './identifiers.js';
import { checkEndpoints } from './link-endpoints.js';
import { stateAttributes } from './state-machines.js';

export const invalid = (problems: Problem[]) => new OcciError('bad-request', problems);

/** Initial states and server-managed attributes of a new entity. */
async function initialise(model: Model, entity: Entity, lifecycle: LifecycleContext): Promise<void> {
  for (const behaviour of model.behavioursOf(entity.kind, entity.mixins)) {
    const machine = behaviour.stateMachine;
    if (machine && entity.attributes[machine.attribute] === undefined)
      entity.attributes[machine.attribute] = machine.initial;
    await behaviour.initialise?.(entity, lifecycle);
  }
}

/** The model's rules (validation/), then the behaviours' checks of the entity's kind and mixins. */
export async function validate(
  model: Model,
  draft: EntityDraft,
  entity: Entity,
  previous: Entity | undefined,
  lifecycle: LifecycleContext,
): Promise<Problem[]> {
  const problems = validateEntity({ model, draft, entity, ...(previous ? { previous } : {}) });
  if (problems.length > 0) return problems;
  for (const behaviour of model.behavioursOf(entity.kind, entity.mixins)) {
    if (behaviour.validate) problems.push(...(await behaviour.validate(entity, previous, lifecycle)));
  }
  return problems;
}

/** Builds a new entity record (and its inline links) from a client draft; `location` when put at one. */
export async function build(
  r: Reference,
  model: Model,
  caller: Caller,
  draft: EntityDraft,
  location: string | undefined,
  pending: Map<string, EntityRecord>,
): Promise<EntityRecord[]> {
  if (!draft.kind) {
    // Core §5.3.6: a client MUST supply the Kind of the entity to create.
    throw badRequest(
      'missing-kind',
      'the request names no kind: say what to create (e.g. a Category with class="kind")',
    );
  }
  const kind = draft.kind;
  const problems: Problem[] = [];
  const home = model.kind(kind)?.location;
  if (location !== undefined && home && !isDirectlyBelow(location, home))
    problems.push({
      code: 'invalid-location',
      message: `${kind} entities live directly below ${home}: put this one at ${home}<id>, not at ${location}`,
      location,
    });
  // The location's last segment: the one put at, the client's id when it can be one, or a new key.
  const key =
    location !== undefined
      ? location.slice(location.lastIndexOf('/') + 1)
      : (pathSegmentOf(draft.id) ?? r.newKey());
  const mixins = [...new Set(draft.mixins ?? [])];
  // Without a client id: the key's uuid, unless the entity is put at a path that is no uuid.
  const uuid = location === undefined || UUID.test(key) ? key : r.newKey();
  const entity: Entity = {
    id: draft.id ?? `urn:uuid:${uuid}`,
    kind,
    mixins,
    attributes: {},
  };
  const wrongId = idProblem(draft.id);
  if (wrongId) problems.push(wrongId);
  const at = location ?? (model.kind(kind) ? newLocation(model, kind, key) : `/${key}`);
  if (draft.title !== undefined) entity.title = draft.title;
  if (draft.summary !== undefined) entity.summary = draft.summary;
  if (draft.source !== undefined) entity.source = { ...draft.source };
  if (draft.target !== undefined) entity.target = { ...draft.target };
  problems.push(...checkExclusiveTemplates(model, mixins));
  // Core §5.2: the server fills immutable attributes; the client's values for them are set aside.
  const defined = model.kind(kind) ? model.attributes(kind, mixins) : new Map<string, never>();
  const clientValues: Attributes = {};
  const givenOnce: Attributes = {};
  for (const [name, value] of Object.entries(draft.attributes ?? {})) {
    if (defined.get(name)?.mutable === false) givenOnce[name] = value;
    else clientValues[name] = value;
  }
  if (model.kind(kind)) entity.attributes = resolveDefaults(model, kind, mixins, clientValues);
  else entity.attributes = { ...(draft.attributes ?? {}) };
  const record: EntityRecord = {
    location: at,
    id: entity.id,
    kind,
    mixins,
    owner: caller.user,
    version: 1,
    entity,
  };
  pending.set(at, record);
  problems.push(...(await checkEndpoints(r, model, caller, entity, pending)));
  const lifecycle = lifecycleContext(r, model, caller, pending);
  if (problems.length === 0 && model.kind(kind)) await initialise(model, entity, lifecycle);
  // Core §5.3.2: a required value is the client's to give at creation; an immutable attribute the
  // server left empty (no default, template, state or initial value) takes the client's value
  // once, e.g. Platform's occi.database.uri. The rule then refuses values differing from the server's.
  const states = stateAttributes(model, kind, mixins);
  for (const [name, value] of Object.entries(givenOnce))
    if (entity.attributes[name] === undefined && !states.has(name)) entity.attributes[name] = value;
  if (problems.length === 0) problems.push(...(await validate(model, draft, entity, undefined, lifecycle)));
  if (problems.length > 0) throw invalid(problems);
  if (entity.source) record.source = entity.source.location;
  if (entity.target) record.target = entity.target.location;

  return [record, ...(await buildLinks(r, model, caller, draft.links ?? [], record, pending))];
}

/**
 * Whether an inline link's source names the resource it comes with: its
 * location, its id, or the id the request gave it (`given`: a JSON client
 * writes the new resource's id there, not knowing its location yet).
 */
function namesResource(source: string, resource: EntityRecord, given: string | undefined): boolean {
  return (
    source === resource.location ||
    sameId(source, resource.id) ||
    (given !== undefined && sameId(source, given))
  );
}

/**
 * Builds the links given inline with a resource, whose source it is
 * (Core §5.4.2), at its creation, partial update or replacement; each is
 * checked as a link created on its own would be. Core §5.2 and table 7
 * make Resource.links mutable; HTTP §8.2.2 keeps the links the resource
 * has: a draft naming one of them (`existing`) by id or location is left
 * as it is.
 */
async function buildLinks(
  r: Reference,
  model: Model,
  caller: Caller,
  drafts: readonly EntityDraft[],
  source: EntityRecord,
  pending: Map<string, EntityRecord>,
  existing: readonly EntityRecord[] = [],
  given: string | undefined = source.id,
): Promise<EntityRecord[]> {
  const known = new Set(existing.flatMap((l) => [l.id, l.location]));
  const records: EntityRecord[] = [];
  for (const [i, linkDraft] of drafts.entries()) {
    if (model.isLinkKind(source.kind))
      throw badRequest('invalid-link', 'a link cannot carry links of its own');
    if (
      (linkDraft.id !== undefined && known.has(linkDraft.id)) ||
      (linkDraft.location !== undefined && known.has(linkDraft.location))
    )
      continue;
    if (linkDraft.kind && !model.isLinkKind(linkDraft.kind)) {
      throw badRequest('invalid-link', `inline link ${i + 1}: ${linkDraft.kind} is not a link kind`, {
        category: linkDraft.kind,
      });
    }
    // Core §5.4.2: the links of a resource are those whose source it is; an inline link naming
    // another source contradicts where it is given.
    const named = linkDraft.source?.location;
    if (named !== undefined && !namesResource(named, source, given))
      throw badRequest(
        'invalid-link',
        `inline link ${i + 1}: its source ${named} is not the resource it comes with (${source.location}); give that resource's location or id, or no source`,
        { attribute: 'occi.core.source', location: named },
      );
    const link: EntityDraft = { ...linkDraft, source: { location: source.location, kind: source.kind } };
    try {
      records.push(...(await build(r, model, caller, link, undefined, pending)));
    } catch (error) {
      if (isOcciError(error)) {
        throw new OcciError(
          error.kind,
          error.problems.map((p) => ({ ...p, message: `inline link ${i + 1}: ${p.message}` })),
        );
      }
      throw error;
    }
  }
  return records;
}

/** The links given with a partial update or a replacement of `record`, to create with it. */
export async function addedLinks(
  r: Reference,
  model: Model,
  caller: Caller,
  drafts: readonly EntityDraft[] | undefined,
  record: EntityRecord,
  pending: Map<string, EntityRecord>,
  given?: string,
): Promise<EntityRecord[]> {
  if (drafts === undefined || drafts.length === 0) return [];
  pending.set(record.location, record);
  const existing = await r.store.query({ source: record.location });
  return buildLinks(r, model, caller, drafts, record, pending, existing, given);
}
