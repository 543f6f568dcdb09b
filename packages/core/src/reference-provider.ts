/**
 * The reference provider: the Core semantics as a Provider over a Store.
 * Validation, template defaults, server-managed attributes, composite links,
 * mixin membership, user mixins and action dispatch are enforced here once,
 * for every transport.
 */
import { randomUUID } from 'node:crypto';
import type { Attributes } from './attribute.js';
import { checkAttributeValue } from './attribute-value.js';
import type { Category, Mixin, TypeIdentifier } from './category.js';
import { typeIdentifier } from './category.js';
import type { Entity, EntityDraft } from './entity.js';
import { badRequest, conflict, forbidden, isOcciError, notFound, OcciError, type Problem } from './errors.js';
import type { ActionOutcome, LifecycleContext, MixinDefinition, StateMachine } from './extension.js';
import { KeyedLock } from './keyed-lock.js';
import { categoryDefinition, type Model, mixinFromDefinition } from './model.js';
import {
  type ActionResult,
  type Caller,
  type CollectionSelector,
  checkConditions,
  type EntityFilter,
  type ListRequest,
  type Provider,
  type WriteConditions,
} from './provider.js';
import type { ActionInvocation } from './rendering.js';
import type { EntityQuery, EntityRecord, MixinRecord, Store, StoreWrite } from './store.js';
import { didYouMean } from './suggest.js';
import {
  applyAddedTemplates,
  checkExclusiveTemplates,
  replacedValues,
  replaceTemplates,
  resolveDefaults,
} from './templates.js';
import { inapplicableMessage } from './validation/mixin-applies-rule.js';
import { validateUserMixin } from './validation/user-mixin-rules.js';
import { validateEntity } from './validation/validate-entity.js';

export interface ReferenceProviderOptions {
  model: Model;
  store: Store;
  /** New entity keys; `urn:uuid:` + key is the id (Core §5.4: URN syntax RECOMMENDED). */
  newKey?: () => string;
  /**
   * The scheme prefix a user's own mixins must start with (Core §5.5.3
   * recommends a separate scheme per user), e.g.
   * `(user) => \`http://example.com/occi/users/${user}/\``. Without it any
   * scheme outside the reserved base is accepted; ids stay unique server-wide.
   */
  userScheme?: (user: string) => string;
}

/** How many times a write is retried when another request changed the entity meanwhile. */
/** How long a caller's model is reused when the store cannot report mixin changes of other processes. */
const MODEL_TTL_MS = 1000;
/** An id longer than this could not be addressed (it becomes part of the location). */
const MAX_ID_LENGTH = 1024;
/** Bounds on user mixins (HTTP §7.3): per definition request, and per user. */
const MIXINS_PER_REQUEST = 100;
const MIXINS_PER_USER = 1000;
/** How many entities `get` keeps for the current store revision. */
const READS_KEPT = 10_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A client's id as the last segment of the entity's location, when it can
 * be one (`urn:uuid:<uuid>` gives the uuid, a plain token itself), so that
 * the entity is found where its id says (e.g. `/compute/<uuid>` for
 * `urn:uuid:<uuid>`, as rOCCI and the JSON rendering's examples expect).
 */
function pathSegmentOf(id: string | undefined): string | undefined {
  if (id === undefined) return undefined;
  const uuid = /^urn:uuid:(.+)$/i.exec(id)?.[1];
  if (uuid !== undefined) return UUID.test(uuid) ? uuid.toLowerCase() : undefined;
  return /^[A-Za-z0-9][A-Za-z0-9._~-]*$/.test(id) ? id : undefined;
}

/** The same id: equal, or `urn:uuid:<uuid>` and the bare uuid (MartServer renders ids bare, rOCCI sends them so). */
function sameId(a: string, b: string): boolean {
  if (a === b) return true;
  const bare = (id: string) => (/^urn:uuid:/i.test(id) ? id.slice('urn:uuid:'.length) : id).toLowerCase();
  return UUID.test(bare(a)) && bare(a) === bare(b);
}

/** `location` names an entity directly below the collection location `home` (e.g. `/compute/x` below `/compute/`). */
const isDirectlyBelow = (location: string, home: string) =>
  location.startsWith(home) && location.length > home.length && !location.slice(home.length).includes('/');

/** Whose view of the store a caller has: an administrator's, or one user's. */
const callerKey = (caller: Caller) => (caller.admin ? '\u0000admin' : caller.user);

const RETRIES = 16;

/** A short random pause before a retry, growing with the attempt (other processes may share the Store). */
function backoff(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(50, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const invalid = (problems: Problem[]) => new OcciError('bad-request', problems);

/** An absolute URI (RFC 3986 §4.3): a scheme, then anything. */
const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;

function isAbsolutePath(s: string): boolean {
  return s.startsWith('/') && !s.startsWith('//');
}

/** The transitions of `action` in the entity's state machines: the first machine that mentions it decides. */
function stateTransition(
  model: Model,
  entity: Entity,
  action: TypeIdentifier,
): { machine: StateMachine; to: string } | { refused: string } | undefined {
  for (const behaviour of model.behavioursOf(entity.kind, entity.mixins)) {
    const machine = behaviour.stateMachine;
    if (!machine) continue;
    const rows = machine.transitions.filter((t) => t.action === action);
    if (rows.length === 0) continue;
    const state = String(entity.attributes[machine.attribute] ?? machine.initial);
    const row = rows.find((t) => t.from.includes(state));
    if (row) return { machine, to: row.to };
    return { refused: state };
  }
  return undefined;
}

export class ReferenceProvider implements Provider {
  readonly #base: Model;
  readonly #store: Store;
  readonly #newKey: () => string;
  readonly #userScheme: ((user: string) => string) | undefined;
  readonly #models = new Map<string, Model>();
  readonly #callerModels = new Map<string, { model: Model; at: number; revision: number | undefined }>();
  /** Entities as last read, per caller and location, while the store's revision stays the same. */
  readonly #reads = new Map<string, { model: Model; entity: Entity }>();
  #readsRevision: number | undefined;
  readonly #watched: boolean;
  #generation = 0;
  readonly #locks = new KeyedLock();

  constructor(options: ReferenceProviderOptions) {
    this.#base = options.model;
    this.#store = options.store;
    this.#newKey = options.newKey ?? randomUUID;
    this.#userScheme = options.userScheme;
    this.#watched = typeof this.#store.watchMixins === 'function';
    this.#store.watchMixins?.(() => this.#mixinsChanged());
  }

  /** The store behind this provider. */
  get store(): Store {
    return this.#store;
  }

  /**
   * The caller's model is kept between requests: while the store's revision
   * stays the same, or, for a store without one, until this provider writes
   * mixins or the store reports a change (`watchMixins`); a store that can
   * do neither gets its models re-read after `MODEL_TTL_MS`.
   */
  model(caller: Caller): Promise<Model> {
    return this.#modelAt(caller, this.#store.revision?.());
  }

  async #modelAt(caller: Caller, revision: number | undefined): Promise<Model> {
    const key = callerKey(caller);
    const hit = this.#callerModels.get(key);
    if (
      hit &&
      (revision !== undefined
        ? hit.revision === revision
        : this.#watched || performance.now() - hit.at < MODEL_TTL_MS)
    )
      return hit.model;
    const generation = this.#generation;
    const model = this.#modelWith(await this.#store.mixins(caller.admin ? undefined : caller.user));
    if (generation === this.#generation) {
      if (this.#callerModels.size > 10_000) this.#callerModels.clear();
      this.#callerModels.set(key, { model, at: performance.now(), revision });
    }
    return model;
  }

  /** Forgets every caller's model (mixins changed). */
  #mixinsChanged(): void {
    this.#generation++;
    this.#callerModels.clear();
  }

  /** Commits, forgetting callers' models when the writes change mixins. */
  async #commit(writes: readonly StoreWrite[]): Promise<void> {
    const mixins = writes.some((w) => w.op === 'put-mixin' || w.op === 'delete-mixin');
    try {
      await this.#store.commit(writes);
    } finally {
      if (mixins) this.#mixinsChanged();
    }
  }

  #modelWith(records: MixinRecord[]): Model {
    if (records.length === 0) return this.#base;
    // The definitions are part of the key: a mixin removed and defined again may differ.
    const key = JSON.stringify(records.map((r) => [r.id, r.owner, r.definition]));
    let model = this.#models.get(key);
    if (!model) {
      model = this.#base.withMixins(records.map((r) => mixinFromDefinition(r.definition, r.owner)));
      if (this.#models.size > 1000) this.#models.clear();
      this.#models.set(key, model);
    }
    return model;
  }

  // ---------------------------------------------------------------- reading

  #visible(record: EntityRecord | undefined, caller: Caller): EntityRecord | undefined {
    return record && (caller.admin || record.owner === caller.user) ? record : undefined;
  }

  /** A location, or an entity id, to the caller's record. */
  async #resolve(caller: Caller, reference: string): Promise<EntityRecord | undefined> {
    const record = isAbsolutePath(reference)
      ? await this.#store.get(reference)
      : await this.#store.getById(reference);
    return this.#visible(record, caller);
  }

  async #require(caller: Caller, reference: string): Promise<EntityRecord> {
    const record = await this.#resolve(caller, reference);
    if (!record) throw notFound(`no entity at ${reference}`, { location: reference });
    return record;
  }

  /** Actions applicable now: defined for the entity and allowed by its state (STATE-MACHINES.md). */
  #applicable(model: Model, entity: Entity): TypeIdentifier[] {
    return model.actionsOf(entity.kind, entity.mixins).filter((a) => {
      const t = stateTransition(model, entity, a);
      return t === undefined || !('refused' in t);
    });
  }

  /**
   * The entity as renderings show it; a resource with its links, read from
   * the store unless they are `known` (a resource just created with them).
   */
  async #toEntity(
    model: Model,
    record: EntityRecord,
    caller: Caller,
    withLinks: boolean,
    known?: EntityRecord[],
  ): Promise<Entity> {
    const entity: Entity = { ...record.entity, location: record.location, version: String(record.version) };
    entity.actions = this.#applicable(model, entity);
    if (withLinks && !model.isLinkKind(record.kind)) {
      const links =
        known ??
        (await this.#store.query({
          source: record.location,
          ...(caller.admin ? {} : { owner: caller.user }),
        }));
      entity.links = await Promise.all(links.map((l) => this.#toEntity(model, l, caller, false)));
    }
    return entity;
  }

  /**
   * The entity at `location`; when the store has a revision, the entity
   * read last is answered again while neither the revision nor the caller's
   * model changed (the answer is shared: callers must not modify it).
   */
  async get(caller: Caller, location: string): Promise<Entity> {
    // The revision is read before the records: a commit in between makes the entry stale, never wrong.
    const revision = this.#store.revision?.();
    if (revision !== this.#readsRevision) {
      this.#reads.clear();
      this.#readsRevision = revision;
    }
    const model = await this.#modelAt(caller, revision);
    const key = `${callerKey(caller)}\u0000${location}`;
    const hit = this.#reads.get(key);
    if (hit?.model === model) return hit.entity;
    const record = await this.#require(caller, location);
    const entity = await this.#toEntity(model, record, caller, true);
    if (revision !== undefined && revision === this.#readsRevision) {
      if (this.#reads.size >= READS_KEPT) this.#reads.clear();
      this.#reads.set(key, { model, entity });
    }
    return entity;
  }

  #query(model: Model, caller: Caller, selector: CollectionSelector, filter?: EntityFilter): EntityQuery {
    const q: EntityQuery = {};
    if (!caller.admin) q.owner = caller.user;
    if ('kind' in selector) q.kinds = model.descendants(selector.kind);
    else if ('mixin' in selector) q.in = { mixins: model.descendants(selector.mixin) };
    else {
      // HTTP §4.1: an unbound path is the union of the collections bound below it.
      const kinds: TypeIdentifier[] = [];
      const mixins: TypeIdentifier[] = [];
      for (const [location, category] of model.locations()) {
        if (!location.startsWith(selector.path)) continue;
        if (category.class === 'kind') kinds.push(...model.descendants(typeIdentifier(category)));
        else mixins.push(...model.descendants(typeIdentifier(category)));
      }
      q.in = { kinds, mixins };
    }
    for (const id of filter?.categories ?? []) {
      const category = model.get(id);
      if (!category || category.class === 'action') {
        const candidates = [...model.kinds(), ...model.mixins()].map(typeIdentifier);
        throw badRequest(
          'unknown-category',
          `cannot filter by ${id}: not a known kind or mixin${didYouMean(id, candidates)}`,
          {
            category: id,
          },
        );
      }
      if (category.class === 'kind') {
        const below = model.descendants(id);
        q.kinds = q.kinds ? q.kinds.filter((k) => below.includes(k)) : below;
      } else {
        q.withMixins = [...(q.withMixins ?? []), id];
      }
    }
    if (filter?.attributes && Object.keys(filter.attributes).length > 0) q.attributes = filter.attributes;
    return q;
  }

  async list(caller: Caller, request: ListRequest): Promise<Entity[]> {
    const model = await this.model(caller);
    const q = this.#query(model, caller, request.collection, request.filter);
    if (request.page) {
      const { page, number } = request.page;
      if (!Number.isInteger(page) || page < 1 || !Number.isInteger(number) || number < 1)
        throw badRequest(
          'invalid-pagination',
          'page and number must be positive integers (page counts from 1)',
        );
      q.offset = (page - 1) * number;
      q.limit = number;
    }
    const records = await this.#store.query(q);
    return Promise.all(records.map((r) => this.#toEntity(model, r, caller, true)));
  }

  // ---------------------------------------------------------------- writing

  #lifecycle(model: Model, caller: Caller, pending: Map<string, EntityRecord>): LifecycleContext {
    return {
      model,
      user: caller.user,
      lookup: async (location) => {
        const record = pending.get(location) ?? (await this.#resolve(caller, location));
        if (!record) return undefined;
        const entity: Entity = { ...record.entity, location: record.location };
        if (!model.isLinkKind(record.kind)) {
          const stored = await this.#store.query({ source: record.location });
          const links = new Map(stored.map((l) => [l.location, l]));
          for (const p of pending.values()) if (p.source === record.location) links.set(p.location, p);
          entity.links = [...links.values()].map((l) => ({ ...l.entity, location: l.location }));
        }
        return entity;
      },
    };
  }

  /** Fills source/target kinds and checks the endpoints of a link (Core §5.4.3). */
  async #checkEndpoints(
    model: Model,
    caller: Caller,
    entity: Entity,
    pending: Map<string, EntityRecord>,
  ): Promise<Problem[]> {
    const problems: Problem[] = [];
    if (entity.source?.location) {
      const source =
        pending.get(entity.source.location) ?? (await this.#resolve(caller, entity.source.location));
      if (!source) {
        problems.push({
          code: 'invalid-link',
          message: `link source ${entity.source.location} does not exist`,
          attribute: 'occi.core.source',
          location: entity.source.location,
        });
      } else if (source.source !== undefined) {
        // Core §5.4.3: the source of a link is a Resource instance.
        problems.push({
          code: 'invalid-link',
          message: `link source ${entity.source.location} is a link, not a resource`,
          attribute: 'occi.core.source',
        });
      } else {
        entity.source = { location: source.location, kind: source.kind };
      }
    }
    const targetKind = entity.target?.kind;
    const category = targetKind !== undefined ? model.get(targetKind) : undefined;
    if (category && category.class !== 'kind') {
      // Core §5.4.3: Link.target.kind is the Kind of the target resource, not a mixin or an action.
      problems.push({
        code: 'invalid-link',
        message: `link target kind ${targetKind} is ${category.class === 'action' ? 'an action' : 'a mixin'}, not a kind`,
        attribute: 'occi.core.target.kind',
        category: targetKind!,
      });
    }
    const reference = entity.target?.location;
    if (reference && !isAbsolutePath(reference) && !ABSOLUTE_URI.test(reference)) {
      // Core §5.4.3: the target is a URI: an absolute path in this namespace, or an absolute URI.
      problems.push({
        code: 'invalid-link',
        message: `link target ${reference} is neither an absolute path (e.g. /${reference}) nor an absolute URI`,
        attribute: 'occi.core.target',
        location: reference,
      });
    } else if (reference) {
      // An absolute path must name an entity here; an absolute URI is the id of a local entity, or outside.
      const target = isAbsolutePath(reference)
        ? (pending.get(reference) ?? (await this.#resolve(caller, reference)))
        : ([...pending.values()].find((r) => r.id === reference) ?? (await this.#resolve(caller, reference)));
      if (!target) {
        if (isAbsolutePath(reference))
          problems.push({
            code: 'invalid-link',
            message: `link target ${reference} does not exist`,
            attribute: 'occi.core.target',
            location: reference,
          });
      } else if (model.isLinkKind(target.kind) || target.source !== undefined) {
        // Core §5.4.3: the target of a link MUST point to a resource instance.
        problems.push({
          code: 'invalid-link',
          message: `link target ${reference} is a link, not a resource`,
          attribute: 'occi.core.target',
          location: reference,
        });
      } else if (targetKind !== undefined && !model.isKindOf(target.kind, targetKind)) {
        // The kind a client names for the target may be the target's or an ancestor of it (e.g. core#resource).
        if (!category || category.class === 'kind')
          problems.push({
            code: 'invalid-link',
            message: `link target ${reference} is a ${target.kind}, not a ${targetKind}`,
            attribute: 'occi.core.target.kind',
          });
      } else {
        // A target given by id is kept as its location, so that deleting the target removes the link.
        entity.target = { location: target.location, kind: target.kind };
      }
    }
    return problems;
  }

  /** Initial states and server-managed attributes of a new entity. */
  async #initialise(model: Model, entity: Entity, lifecycle: LifecycleContext): Promise<void> {
    for (const behaviour of model.behavioursOf(entity.kind, entity.mixins)) {
      const machine = behaviour.stateMachine;
      if (machine && entity.attributes[machine.attribute] === undefined)
        entity.attributes[machine.attribute] = machine.initial;
      await behaviour.initialise?.(entity, lifecycle);
    }
  }

  async #validate(
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

  #newLocation(model: Model, kind: TypeIdentifier, key: string): string {
    const location = model.kind(kind)?.location;
    if (!location)
      throw badRequest('not-instantiable', `${kind} is not bound to a location and cannot be instantiated`, {
        category: kind,
      });
    return location + key;
  }

  /** Builds a new entity record (and its inline links) from a client draft. */
  async #build(
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
        : (pathSegmentOf(draft.id) ?? this.#newKey());
    const mixins = [...new Set(draft.mixins ?? [])];
    // Without a client id: the key's uuid, unless the entity is put at a path that is no uuid.
    const uuid = location === undefined || UUID.test(key) ? key : this.#newKey();
    const entity: Entity = {
      id: draft.id ?? `urn:uuid:${uuid}`,
      kind,
      mixins,
      attributes: {},
    };
    if (draft.id !== undefined && draft.id.length > MAX_ID_LENGTH) {
      problems.push({
        code: 'parse-error',
        message: `occi.core.id is ${draft.id.length} characters long; at most ${MAX_ID_LENGTH} are accepted`,
        attribute: 'occi.core.id',
      });
    } else if (
      draft.id !== undefined &&
      !/^[A-Za-z][A-Za-z0-9+.-]*:\S+$|^[A-Za-z0-9][A-Za-z0-9._~-]*$/.test(draft.id)
    ) {
      problems.push({
        code: 'parse-error',
        message: `occi.core.id "${draft.id}" is not a valid URI`,
        attribute: 'occi.core.id',
      });
    }
    const at = location ?? (model.kind(kind) ? this.#newLocation(model, kind, key) : `/${key}`);
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
    problems.push(...(await this.#checkEndpoints(model, caller, entity, pending)));
    const lifecycle = this.#lifecycle(model, caller, pending);
    if (problems.length === 0 && model.kind(kind)) await this.#initialise(model, entity, lifecycle);
    // Core §5.3.2: a required value is the client's to give at creation; an immutable attribute the
    // server left empty (no default, template, state or initial value) takes the client's value
    // once, e.g. Platform's occi.database.uri. The rule then refuses values differing from the server's.
    const states = new Set(
      model
        .behavioursOf(kind, mixins)
        .flatMap((b) => (b.stateMachine ? [b.stateMachine.attribute, b.stateMachine.messageAttribute] : [])),
    );
    for (const [name, value] of Object.entries(givenOnce))
      if (entity.attributes[name] === undefined && !states.has(name)) entity.attributes[name] = value;
    if (problems.length === 0)
      problems.push(...(await this.#validate(model, draft, entity, undefined, lifecycle)));
    if (problems.length > 0) throw invalid(problems);
    if (entity.source) record.source = entity.source.location;
    if (entity.target) record.target = entity.target.location;

    return [record, ...(await this.#buildLinks(model, caller, draft.links ?? [], record, pending))];
  }

  /**
   * Builds the links given inline with a resource, whose source it is
   * (Core §5.4.2), at its creation, partial update or replacement; each is
   * checked as a link created on its own would be. Core §5.2 and table 7
   * make Resource.links mutable; HTTP §8.2.2 keeps the links the resource
   * has: a draft naming one of them (`existing`) by id or location is left
   * as it is.
   */
  async #buildLinks(
    model: Model,
    caller: Caller,
    drafts: readonly EntityDraft[],
    source: EntityRecord,
    pending: Map<string, EntityRecord>,
    existing: readonly EntityRecord[] = [],
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
      const link: EntityDraft = { ...linkDraft, source: { location: source.location, kind: source.kind } };
      try {
        records.push(...(await this.#build(model, caller, link, undefined, pending)));
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
  async #addedLinks(
    model: Model,
    caller: Caller,
    drafts: readonly EntityDraft[] | undefined,
    record: EntityRecord,
    pending: Map<string, EntityRecord>,
  ): Promise<EntityRecord[]> {
    if (drafts === undefined || drafts.length === 0) return [];
    pending.set(record.location, record);
    const existing = await this.#store.query({ source: record.location });
    return this.#buildLinks(model, caller, drafts, record, pending, existing);
  }

  /**
   * Commits writes that create entities. Store.commit reports a taken id
   * with the location of the entity holding it: when the caller cannot see
   * that entity, the problem says only that the id is taken.
   */
  async #commitCreating(caller: Caller, writes: StoreWrite[]): Promise<void> {
    try {
      await this.#commit(writes);
    } catch (error) {
      if (!isOcciError(error) || error.code !== 'duplicate') throw error;
      const created = writes.flatMap((w) => (w.op === 'put' && w.expect === 'absent' ? [w.record] : []));
      const problems: Problem[] = [];
      for (const p of error.problems) {
        const holder = p.location !== undefined ? await this.#store.get(p.location) : undefined;
        if (p.location === undefined || this.#visible(holder, caller)) {
          problems.push(p);
          continue;
        }
        // The record of this request whose id (or the location made of it) another user's entity holds.
        const mine = created.find((r) => r.location === p.location || r.id === holder?.id) ?? created[0];
        problems.push({
          code: 'duplicate',
          message: `the id ${mine?.id ?? ''} is taken: choose another one, or none`,
          attribute: 'occi.core.id',
        });
      }
      throw new OcciError('conflict', problems);
    }
  }

  async create(caller: Caller, draft: EntityDraft): Promise<Entity> {
    const model = await this.model(caller);
    const records = await this.#build(model, caller, draft, undefined, new Map());
    await this.#commitCreating(
      caller,
      records.map((record) => ({ op: 'put', record, expect: 'absent' as const })),
    );
    const [resource, ...links] = records;
    return this.#toEntity(model, resource!, caller, true, links);
  }

  /** Runs a read-modify-write, again when a concurrent write got there first (unless the client pinned a version). */
  async #retrying<T>(
    conditions: WriteConditions | undefined,
    run: () => Promise<T>,
    location?: string,
  ): Promise<T> {
    const attempts = async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await run();
        } catch (error) {
          const retry = isOcciError(error) && error.code === 'version-mismatch' && error.kind === 'conflict';
          // The version the client pinned with If-Match changed between our read and our write.
          if (retry && conditions?.ifMatch !== undefined)
            throw new OcciError(
              'precondition-failed',
              error.problems.map((p) => ({ ...p, message: `${p.message} (If-Match)` })),
            );
          if (!retry || attempt >= RETRIES) throw error;
          await backoff(attempt);
        }
      }
    };
    // Requests on one entity queue in this process, so none loses its turn to a retry race.
    return location === undefined ? attempts() : this.#locks.run(location, attempts);
  }

  async put(
    caller: Caller,
    location: string,
    draft: EntityDraft,
    conditions?: WriteConditions,
  ): Promise<{ entity: Entity; created: boolean }> {
    const model = await this.model(caller);
    if (
      !isAbsolutePath(location) ||
      location.endsWith('/') ||
      /[?#\s]/.test(location) ||
      location.startsWith('/-/') ||
      location.startsWith('/.well-known/')
    )
      throw badRequest(
        'invalid-location',
        `cannot put an entity at ${location}: expected an absolute path that is not a collection`,
        { location },
      );
    return this.#retrying(
      conditions,
      async () => {
        const stored = await this.#store.get(location);
        if (stored && !this.#visible(stored, caller))
          throw forbidden(`${location} belongs to another user`, { location });
        checkConditions(conditions, location, stored?.version.toString());
        if (!stored) {
          const records = await this.#build(model, caller, draft, location, new Map());
          await this.#commitCreating(
            caller,
            records.map((record) => ({ op: 'put', record, expect: 'absent' as const })),
          );
          return { entity: await this.#toEntity(model, records[0]!, caller, true), created: true };
        }
        // HTTP §8.2.2: replace with the full representation; links stay intact, links given are added.
        const previous: Entity = { ...stored.entity, location };
        const kind = draft.kind ?? stored.kind;
        const mixins = [...new Set(draft.mixins ?? [])];
        const problems = checkExclusiveTemplates(model, mixins);
        if (draft.id !== undefined && !sameId(draft.id, stored.id))
          problems.push({
            code: 'immutable-attribute',
            message: `occi.core.id is immutable: it is ${stored.id}`,
            attribute: 'occi.core.id',
          });
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
        problems.push(...(await this.#checkEndpoints(model, caller, entity, pending)));
        const lifecycle = this.#lifecycle(model, caller, pending);
        if (problems.length === 0)
          problems.push(...(await this.#validate(model, draft, entity, previous, lifecycle)));
        if (problems.length > 0) throw invalid(problems);
        const record = await this.#commitVersion(model, caller, stored, entity, draft.links, pending);
        return { entity: await this.#toEntity(model, record, caller, true), created: false };
      },
      location,
    );
  }

  /** Commits the next version of `stored` with the links the request added to it, all or nothing. */
  async #commitVersion(
    model: Model,
    caller: Caller,
    stored: EntityRecord,
    entity: Entity,
    linkDrafts: readonly EntityDraft[] | undefined,
    pending: Map<string, EntityRecord>,
  ): Promise<EntityRecord> {
    const record = this.#nextRecord(stored, entity);
    const links = await this.#addedLinks(model, caller, linkDrafts, record, pending);
    await this.#commitCreating(caller, [
      { op: 'put', record, expect: stored.version },
      ...links.map((link) => ({ op: 'put' as const, record: link, expect: 'absent' as const })),
    ]);
    return record;
  }

  #nextRecord(stored: EntityRecord, entity: Entity): EntityRecord {
    const record: EntityRecord = {
      location: stored.location,
      id: stored.id,
      kind: stored.kind,
      mixins: entity.mixins,
      owner: stored.owner,
      version: stored.version + 1,
      entity,
    };
    if (entity.source) record.source = entity.source.location;
    if (entity.target) record.target = entity.target.location;
    return record;
  }

  async update(
    caller: Caller,
    location: string,
    draft: EntityDraft,
    conditions?: WriteConditions,
  ): Promise<Entity> {
    const model = await this.model(caller);
    return this.#retrying(
      conditions,
      async () => {
        const stored = await this.#require(caller, location);
        checkConditions(conditions, location, stored?.version.toString());
        const previous: Entity = { ...stored.entity, location: stored.location };
        const problems: Problem[] = [];
        if (draft.kind !== undefined && draft.kind !== stored.kind)
          problems.push({
            code: 'kind-changed',
            message: `the kind of an entity cannot change (Core §5.3.3): it is ${stored.kind}`,
            category: draft.kind,
          });
        if (draft.id !== undefined && !sameId(draft.id, stored.id))
          problems.push({
            code: 'immutable-attribute',
            message: `occi.core.id is immutable: it is ${stored.id}`,
            attribute: 'occi.core.id',
          });
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
          problems.push(...(await this.#checkEndpoints(model, caller, entity, pending)));
        const lifecycle = this.#lifecycle(model, caller, pending);
        if (problems.length === 0)
          problems.push(
            ...(await this.#validate(model, { ...draft, kind: stored.kind }, entity, previous, lifecycle)),
          );
        if (problems.length > 0) throw invalid(problems);
        const record = await this.#commitVersion(model, caller, stored, entity, draft.links, pending);
        return this.#toEntity(model, record, caller, true);
      },
      location,
    );
  }

  /** Deletes of a record and its links (Core §5.4.2: links are compositions of their source). */
  async #deletions(record: EntityRecord, done: Set<string>): Promise<StoreWrite[]> {
    if (done.has(record.location)) return [];
    done.add(record.location);
    const writes: StoreWrite[] = [{ op: 'delete', location: record.location, expect: record.version }];
    if (record.source === undefined) {
      const links = [
        ...(await this.#store.query({ source: record.location })),
        ...(await this.#store.query({ target: record.location })),
      ];
      for (const link of links) {
        if (done.has(link.location)) continue;
        done.add(link.location);
        writes.push({ op: 'delete', location: link.location, expect: link.version });
      }
    }
    return writes;
  }

  async delete(caller: Caller, location: string, conditions?: WriteConditions): Promise<void> {
    await this.#retrying(
      conditions,
      async () => {
        const record = await this.#require(caller, location);
        checkConditions(conditions, location, record.version.toString());
        await this.#commit(await this.#deletions(record, new Set()));
      },
      location,
    );
  }

  async deleteAll(caller: Caller, collection: CollectionSelector, filter?: EntityFilter): Promise<number> {
    const model = await this.model(caller);
    return this.#retrying(undefined, async () => {
      const records = await this.#store.query(this.#query(model, caller, collection, filter));
      const done = new Set<string>();
      const writes: StoreWrite[] = [];
      for (const record of records) writes.push(...(await this.#deletions(record, done)));
      await this.#commit(writes);
      return records.length;
    });
  }

  // ---------------------------------------------------------------- mixins

  #requireMixin(model: Model, id: TypeIdentifier): Mixin {
    const mixin = model.mixin(id);
    if (!mixin)
      throw notFound(`unknown mixin ${id}${didYouMean(id, model.mixins().map(typeIdentifier))}`, {
        category: id,
      });
    return mixin;
  }

  /** The records of the references, all visible to the caller, or 404 naming the first missing one. */
  async #requireAll(caller: Caller, references: readonly string[]): Promise<EntityRecord[]> {
    const records: EntityRecord[] = [];
    const seen = new Set<string>();
    for (const reference of references) {
      const record = await this.#require(caller, reference);
      if (seen.has(record.location)) continue;
      seen.add(record.location);
      records.push(record);
    }
    return records;
  }

  async #withMixin(
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
    return this.#revalidated(model, caller, record, entity);
  }

  /** The next record of `record` holding `entity`, after the extensions' checks (which may also recompute values). */
  async #revalidated(
    model: Model,
    caller: Caller,
    record: EntityRecord,
    entity: Entity,
  ): Promise<EntityRecord> {
    const previous: Entity = { ...record.entity, location: record.location };
    const lifecycle = this.#lifecycle(model, caller, new Map());
    const problems = await this.#validate(model, { kind: record.kind }, entity, previous, lifecycle);
    if (problems.length > 0)
      throw invalid(
        problems.map((p) => ({
          ...p,
          location: record.location,
          message: `${record.location}: ${p.message}`,
        })),
      );
    return this.#nextRecord(record, entity);
  }

  /** The record without the mixin, and without the values of attributes only that mixin defined. */
  async #withoutMixin(
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
    return this.#revalidated(model, caller, record, entity);
  }

  #members(caller: Caller, id: TypeIdentifier): Promise<Entity[]> {
    return this.list(caller, { collection: { mixin: id } });
  }

  async associate(caller: Caller, mixinId: TypeIdentifier, references: string[]): Promise<Entity[]> {
    const model = await this.model(caller);
    const mixin = this.#requireMixin(model, mixinId);
    await this.#retrying(undefined, async () => {
      const writes: StoreWrite[] = [];
      for (const record of await this.#requireAll(caller, references)) {
        const next = await this.#withMixin(model, caller, record, mixin);
        if (next) writes.push({ op: 'put', record: next, expect: record.version });
      }
      await this.#commit(writes);
    });
    return this.#members(caller, mixinId);
  }

  /**
   * Core §5.3.8: an entity is in a mixin's collection while it has the mixin
   * or one depending on it; removing it from the collection removes the
   * mixin. When another mixin of the entity brings this one through
   * `depends`, the entity would stay: a conflict naming that mixin, so the
   * client knows what to remove.
   */
  #keptByDepends(model: Model, records: readonly EntityRecord[], mixinId: TypeIdentifier): void {
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
  #collectionMembers(model: Model, caller: Caller, mixinId: TypeIdentifier): Promise<EntityRecord[]> {
    return this.#store.query({
      in: { mixins: model.descendants(mixinId) },
      ...(caller.admin ? {} : { owner: caller.user }),
    });
  }

  async dissociate(caller: Caller, mixinId: TypeIdentifier, references?: string[]): Promise<void> {
    const model = await this.model(caller);
    this.#requireMixin(model, mixinId);
    await this.#retrying(undefined, async () => {
      const records = references
        ? await this.#requireAll(caller, references)
        : await this.#collectionMembers(model, caller, mixinId);
      this.#keptByDepends(model, records, mixinId);
      const writes: StoreWrite[] = [];
      for (const record of records) {
        const next = await this.#withoutMixin(model, caller, record, mixinId);
        if (next) writes.push({ op: 'put', record: next, expect: record.version });
      }
      await this.#commit(writes);
    });
  }

  async setMembership(caller: Caller, mixinId: TypeIdentifier, references: string[]): Promise<Entity[]> {
    const model = await this.model(caller);
    const mixin = this.#requireMixin(model, mixinId);
    await this.#retrying(undefined, async () => {
      const wanted = await this.#requireAll(caller, references);
      const keep = new Set(wanted.map((r) => r.location));
      const leaving = (await this.#collectionMembers(model, caller, mixinId)).filter(
        (r) => !keep.has(r.location),
      );
      this.#keptByDepends(model, leaving, mixinId);
      const writes: StoreWrite[] = [];
      for (const record of leaving) {
        const next = await this.#withoutMixin(model, caller, record, mixinId);
        if (next) writes.push({ op: 'put', record: next, expect: record.version });
      }
      for (const record of wanted) {
        const next = await this.#withMixin(model, caller, record, mixin);
        if (next) writes.push({ op: 'put', record: next, expect: record.version });
      }
      await this.#commit(writes);
    });
    return this.#members(caller, mixinId);
  }

  /** The write defining a user mixin; `stored` are every user's mixin records (ids and locations are unique). */
  #mixinWrite(
    model: Model,
    owner: string,
    definition: MixinDefinition,
    stored: readonly MixinRecord[],
  ): { mixin: Mixin; write: StoreWrite } {
    const mixin = mixinFromDefinition(definition, owner);
    const id = typeIdentifier(mixin);
    const problems = validateUserMixin(model, mixin);
    if (problems.length > 0) throw invalid(problems);
    if (model.get(id)) throw conflict('duplicate', `the category ${id} exists already`, { category: id });
    // HTTP §4: a location is unique; and none lies below a Kind's, where its entities live (it
    // would hide the entity at that path).
    const location = mixin.location ?? '';
    const taken = [...model.locations()].find(
      ([l, c]) => l === location || (c.class === 'kind' && location.startsWith(l)),
    )?.[1];
    if (taken)
      throw conflict(
        'duplicate',
        location === taken.location
          ? `location ${location} is bound to ${typeIdentifier(taken)} already`
          : `location ${location} lies below ${taken.location}, where the entities of ${typeIdentifier(taken)} live`,
        { category: id },
      );
    const other = stored.find((r) => r.id === id || r.definition.location === location);
    if (other)
      throw conflict('duplicate', `the mixin ${id} or its location ${mixin.location} is taken`, {
        category: id,
      });
    return { mixin, write: { op: 'put-mixin', mixin: { id, owner, definition }, expect: 'absent' } };
  }

  /** A collection location for `term` bound to nothing yet, in the caller's model nor by any user's mixin. */
  #freeLocation(model: Model, term: string, stored: readonly MixinRecord[]): string {
    const taken = new Set(stored.map((r) => r.definition.location));
    for (let n = 1; ; n++) {
      const location = n === 1 ? `/${term}/` : `/${term}-${n}/`;
      if (!model.byLocation(location) && !taken.has(location)) return location;
    }
  }

  async defineMixins(caller: Caller, mixins: Mixin[]): Promise<void> {
    let model = await this.model(caller);
    // Bounded work and storage per request and per user: each definition is checked against all.
    if (mixins.length > MIXINS_PER_REQUEST)
      throw badRequest(
        'other',
        `a request may define at most ${MIXINS_PER_REQUEST} mixins; this one defines ${mixins.length}`,
      );
    const stored = await this.#store.mixins();
    const owned = stored.filter((r) => r.owner === caller.user).length;
    if (owned + mixins.length > MIXINS_PER_USER)
      throw conflict(
        'other',
        `a user may define at most ${MIXINS_PER_USER} mixins; you have ${owned}: remove some before defining ${mixins.length} more`,
      );
    const writes: StoreWrite[] = [];
    const prefix = this.#userScheme?.(caller.user);
    for (const m of mixins) {
      // Core §5.5.3: a separate scheme per user (RECOMMENDED), when the provider is configured for it.
      if (prefix !== undefined && !m.scheme.startsWith(prefix))
        throw forbidden(`mixin ${typeIdentifier(m)}: your mixins use a scheme starting with ${prefix}`, {
          category: typeIdentifier(m),
        });
      const definition = categoryDefinition(m) as MixinDefinition;
      // HTTP §4: the provider chooses locations; a mixin defined without one gets /<term>/ (or /<term>-<n>/ when taken).
      if (definition.location === undefined) definition.location = this.#freeLocation(model, m.term, stored);
      const { mixin, write } = this.#mixinWrite(model, caller.user, definition, stored);
      model = model.withMixins([mixin]);
      writes.push(write);
      if (write.op === 'put-mixin') stored.push(write.mixin);
    }
    await this.#commit(writes);
  }

  async removeMixins(caller: Caller, ids: TypeIdentifier[]): Promise<void> {
    const model = await this.model(caller);
    const records = await this.#store.mixins(caller.admin ? undefined : caller.user);
    const removed = new Set(ids);
    for (const id of removed) {
      if (records.some((r) => r.id === id)) continue;
      // HTTP §7.4: only user-defined mixins can be removed.
      if (model.get(id))
        throw forbidden(`${id} is defined by the provider's extensions and cannot be removed`, {
          category: id,
        });
      throw notFound(`no user-defined mixin ${id}`, { category: id });
    }
    // Core §5.3.4: a mixin others depend on stays while they do (unless they go in the same request).
    const problems: Problem[] = [];
    const all = await this.#store.mixins();
    for (const id of removed) {
      const dependents = all.filter((r) => !removed.has(r.id) && (r.definition.depends ?? []).includes(id));
      if (dependents.length === 0) continue;
      const named = dependents.filter((r) => caller.admin || r.owner === caller.user).map((r) => r.id);
      const others = dependents.length - named.length;
      const who = [...named, ...(others > 0 ? [`${others} mixin(s) of other users`] : [])].join(', ');
      problems.push({
        code: 'other',
        message: `${id} cannot be removed: ${who} depend${dependents.length === 1 ? 's' : ''} on it; remove ${dependents.length === 1 ? 'it' : 'them'} first, or in the same request`,
        category: id,
      });
    }
    if (problems.length > 0) throw new OcciError('conflict', problems);
    // Removing a mixin first dissociates its members, each entity once for all removed mixins.
    const writes: StoreWrite[] = [];
    const members = new Map<string, EntityRecord>();
    for (const id of removed)
      for (const member of await this.#store.query({ withMixins: [id] }))
        members.set(member.location, member);
    for (const member of members.values()) {
      let next: EntityRecord | undefined;
      for (const id of removed) {
        const without = await this.#withoutMixin(model, caller, next ?? member, id);
        if (without) next = { ...without, version: member.version + 1 };
      }
      if (next) writes.push({ op: 'put', record: next, expect: member.version });
    }
    for (const id of removed) writes.push({ op: 'delete-mixin', id });
    await this.#commit(writes);
  }

  // ---------------------------------------------------------------- actions

  /** Checks and completes an invocation's parameters against the action's attributes (Core §5.3.5). */
  #parameters(model: Model, invocation: ActionInvocation): Attributes {
    const action = model.action(invocation.action);
    if (!action) {
      throw badRequest(
        'unknown-action',
        `unknown action ${invocation.action}${didYouMean(invocation.action, model.actions().map(typeIdentifier))}`,
        {
          category: invocation.action,
        },
      );
    }
    const problems: Problem[] = [];
    const parameters: Attributes = {};
    for (const attribute of action.attributes.values())
      if (attribute.default !== undefined) parameters[attribute.name] = attribute.default;
    for (const [name, value] of Object.entries(invocation.attributes)) {
      const attribute = action.attributes.get(name);
      if (!attribute) {
        problems.push({
          code: 'unknown-attribute',
          message: `action ${action.term} has no parameter ${name}${didYouMean(name, action.attributes.keys())}`,
          attribute: name,
        });
        continue;
      }
      const wrong = checkAttributeValue(attribute, value);
      if (wrong)
        problems.push({ code: 'attribute-type', message: `parameter ${name}: ${wrong}`, attribute: name });
      else parameters[name] = value;
    }
    for (const attribute of action.attributes.values()) {
      if (attribute.required && parameters[attribute.name] === undefined)
        problems.push({
          code: 'missing-required-attribute',
          message: `action ${action.term} needs parameter ${attribute.name}`,
          attribute: attribute.name,
        });
    }
    if (problems.length > 0) throw invalid(problems);
    return parameters;
  }

  /** Runs the action on one record; returns the new record, new mixins and the outcome. */
  async #act(
    model: Model,
    caller: Caller,
    record: EntityRecord,
    actionId: TypeIdentifier,
    parameters: Attributes,
  ): Promise<{ record: EntityRecord; writes: StoreWrite[]; outcome: ActionOutcome | undefined }> {
    const entity: Entity = structuredClone({ ...record.entity, location: record.location });
    const transition = stateTransition(model, entity, actionId);
    const writes: StoreWrite[] = [];
    let current = model;
    const context = {
      model,
      entity,
      parameters,
      user: caller.user,
      defineMixin: async (definition: MixinDefinition) => {
        // Action handlers write mixins as extensions do: left-out attribute properties are inherited.
        const { mixin, write } = this.#mixinWrite(
          current,
          caller.user,
          current.inheritProperties(definition),
          await this.#store.mixins(),
        );
        current = current.withMixins([mixin]);
        writes.push(write);
        return mixin;
      },
    };
    let outcome: ActionOutcome | undefined;
    const handlers = model
      .behavioursOf(entity.kind, entity.mixins)
      .map((b) => b.actions?.[actionId])
      .filter((h) => h !== undefined);
    try {
      for (const handler of handlers) {
        const result = await handler(context);
        if (result?.categories)
          outcome = { categories: [...(outcome?.categories ?? []), ...result.categories] };
      }
      if (transition && 'to' in transition) entity.attributes[transition.machine.attribute] = transition.to;
      if (transition && 'to' in transition && transition.machine.messageAttribute)
        delete entity.attributes[transition.machine.messageAttribute];
    } catch (error) {
      if (isOcciError(error)) throw error;
      // STATE-MACHINES.md: an action that fails leaves the entity in its error state, with the reason.
      const machine = transition && 'to' in transition ? transition.machine : undefined;
      const reason = error instanceof Error ? error.message : String(error);
      if (!machine?.errorState)
        throw new OcciError(
          'internal',
          {
            code: 'action-failed',
            message: `action ${actionId} failed on ${record.location}: ${reason}`,
            location: record.location,
          },
          { cause: error },
        );
      const failed: Entity = structuredClone(record.entity);
      failed.attributes[machine.attribute] = machine.errorState;
      if (machine.messageAttribute)
        failed.attributes[machine.messageAttribute] = error instanceof Error ? error.message : String(error);
      await this.#commit([{ op: 'put', record: this.#nextRecord(record, failed), expect: record.version }]);
      throw new OcciError('internal', {
        code: 'action-failed',
        message: `action ${actionId} failed on ${record.location}: ${error instanceof Error ? error.message : String(error)}`,
        location: record.location,
      });
    }
    delete (entity as Partial<Entity>).location;
    return { record: this.#nextRecord(record, entity), writes, outcome };
  }

  /** Refuses actions the entity does not define (400) or its state does not allow (409). */
  #checkApplicable(model: Model, record: EntityRecord, actionId: TypeIdentifier): Problem | undefined {
    const entity: Entity = { ...record.entity };
    if (!model.actionsOf(record.kind, record.mixins).includes(actionId)) {
      return {
        code: 'unknown-action',
        message: `action ${actionId} is not defined for ${record.location} (${record.kind})`,
        location: record.location,
      };
    }
    const transition = stateTransition(model, entity, actionId);
    if (transition && 'refused' in transition) {
      const now = this.#applicable(model, entity).map((a) => a.slice(a.lastIndexOf('#') + 1));
      return {
        code: 'action-not-applicable',
        message: `action ${actionId.slice(actionId.lastIndexOf('#') + 1)} is not applicable to ${record.location} in state ${transition.refused}${now.length > 0 ? ` (applicable now: ${now.join(', ')})` : ''}`,
        location: record.location,
      };
    }
    return undefined;
  }

  async invoke(
    caller: Caller,
    target: { location: string } | { collection: CollectionSelector },
    invocation: ActionInvocation,
  ): Promise<ActionResult> {
    const model = await this.model(caller);
    const parameters = this.#parameters(model, invocation);
    return this.#retrying(
      undefined,
      async () => {
        const records =
          'location' in target
            ? [await this.#require(caller, target.location)]
            : await this.#store.query(this.#query(model, caller, target.collection));
        const undefinedFor: Problem[] = [];
        const refused: Problem[] = [];
        for (const record of records) {
          const problem = this.#checkApplicable(model, record, invocation.action);
          if (problem?.code === 'unknown-action') undefinedFor.push(problem);
          else if (problem) refused.push(problem);
        }
        // Core §5.3.5: an action on a collection is valid only if every member defines it.
        if (undefinedFor.length > 0) throw invalid(undefinedFor);
        if (refused.length > 0) throw new OcciError('conflict', refused);
        const writes: StoreWrite[] = [];
        const updated: EntityRecord[] = [];
        const categories: Category[] = [];
        for (const record of records) {
          const result = await this.#act(model, caller, record, invocation.action, parameters);
          writes.push(...result.writes, { op: 'put', record: result.record, expect: record.version });
          updated.push(result.record);
          categories.push(...(result.outcome?.categories ?? []));
        }
        await this.#commit(writes);
        const after = await this.model(caller);
        return {
          entities: await Promise.all(updated.map((r) => this.#toEntity(after, r, caller, true))),
          categories,
        };
      },
      'location' in target ? target.location : undefined,
    );
  }
}

export function createReferenceProvider(options: ReferenceProviderOptions): ReferenceProvider {
  return new ReferenceProvider(options);
}
