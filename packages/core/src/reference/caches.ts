/**
 * What the reference provider keeps between requests: each caller's model
 * (the extensions' categories, the backends' catalogues and the caller's
 * mixins) and the entities read last, both valid while the store's revision
 * stays the same; and when the backend last reported each entity.
 */
import type { Catalogue } from '../behaviour.js';
import type { Mixin } from '../category.js';
import { mixinFromDefinition } from '../category-definitions.js';
import type { Entity } from '../entity.js';
import type { Model } from '../model.js';
import type { Caller } from '../provider.js';
import type { EntityRecord, MixinRecord, Store } from '../store.js';
import { callerKey } from './identifiers.js';

/** How long a caller's model is reused when the store cannot report mixin changes of other processes. */
const MODEL_TTL_MS = 1000;
/** How many entities `get` keeps for the current store revision. */
const READS_KEPT = 10_000;
/** How many entities, over all pages, `list` keeps for the current store revision. */
const PAGED_KEPT = 2_000;

export class Caches {
  readonly #base: Model;
  readonly #store: Store;
  readonly #models = new Map<string, Model>();
  readonly #callerModels = new Map<string, { model: Model; at: number; revision: number | undefined }>();
  /** Entities as last read, per caller and location, while the store's revision stays the same. */
  readonly #reads = new Map<string, { model: Model; entity: Entity }>();
  #readsRevision: number | undefined;
  /** Pages (`list`'s answers) as last built, per caller and query, while the store's revision stays the same. */
  readonly #pages = new Map<string, { model: Model; entities: Entity[] }>();
  /** How many entities the kept pages hold together. */
  #paged = 0;
  readonly #watched: boolean;
  #generation = 0;
  readonly #catalogues: readonly Catalogue[];
  /** The base model with the backends' catalogues, and the lists it was built from. */
  #catalogued: { lists: readonly (readonly Mixin[])[]; model: Model } | undefined;

  constructor(base: Model, store: Store) {
    this.#base = base;
    this.#catalogues = base.extensions.flatMap((e) => (e.catalogue ? [e.catalogue] : []));
    this.#store = store;
    this.#watched = typeof store.watchMixins === 'function';
    store.watchMixins?.(() => this.mixinsChanged());
  }

  /**
   * The caller's model is kept between requests: while the store's revision
   * stays the same, or, for a store without one, until this provider writes
   * mixins or the store reports a change (`watchMixins`); a store that can
   * do neither gets its models re-read after `MODEL_TTL_MS`.
   */
  async modelAt(caller: Caller, revision: number | undefined): Promise<Model> {
    if (this.#catalogues.length > 0) await this.#refreshCatalogues();
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
  mixinsChanged(): void {
    this.#generation++;
    this.#callerModels.clear();
  }

  /** Lists the backends' mixins again where they are due; a changed list rebuilds every model. */
  async #refreshCatalogues(): Promise<void> {
    await Promise.all(this.#catalogues.map((c) => c.refresh()));
    const lists = this.#catalogues.map((c) => c.mixins());
    if (this.#catalogued?.lists.every((list, i) => list === lists[i])) return;
    this.#catalogued = { lists, model: this.#base.withMixins(lists.flat()) };
    this.#models.clear();
    this.mixinsChanged();
  }

  #modelWith(records: MixinRecord[]): Model {
    const base = this.#catalogued?.model ?? this.#base;
    if (records.length === 0) return base;
    // The definitions are part of the key: a mixin removed and defined again may differ.
    const key = JSON.stringify(records.map((r) => [r.id, r.owner, r.definition]));
    let model = this.#models.get(key);
    if (!model) {
      model = base.withMixins(records.map((r) => mixinFromDefinition(r.definition, r.owner)));
      if (this.#models.size > 1000) this.#models.clear();
      this.#models.set(key, model);
    }
    return model;
  }

  /** Starts a read at `revision`: entities and pages kept for another revision are forgotten. */
  readAt(revision: number | undefined): void {
    if (revision !== this.#readsRevision) {
      this.#reads.clear();
      this.#pages.clear();
      this.#paged = 0;
      this.#readsRevision = revision;
    }
  }

  /** The page built last for `key` with `model`, if still valid (shared: callers must not modify it). */
  page(key: string, model: Model): Entity[] | undefined {
    const hit = this.#pages.get(key);
    return hit?.model === model ? hit.entities : undefined;
  }

  /** Keeps a page built at `revision`, unless the store moved on meanwhile or has no revision. */
  keepPage(key: string, model: Model, entities: Entity[], revision: number | undefined): void {
    if (revision === undefined || revision !== this.#readsRevision || entities.length > PAGED_KEPT) return;
    if (this.#paged + entities.length > PAGED_KEPT) {
      this.#pages.clear();
      this.#paged = 0;
    }
    this.#paged += entities.length - (this.#pages.get(key)?.entities.length ?? 0);
    this.#pages.set(key, { model, entities });
  }

  /** The entity read last for `key` with `model`, if still valid. */
  read(key: string, model: Model): Entity | undefined {
    const hit = this.#reads.get(key);
    return hit?.model === model ? hit.entity : undefined;
  }

  /** Keeps an entity read at `revision`, unless the store moved on meanwhile or has no revision. */
  keep(key: string, model: Model, entity: Entity, revision: number | undefined): void {
    if (revision === undefined || revision !== this.#readsRevision) return;
    if (this.#reads.size >= READS_KEPT) this.#reads.clear();
    this.#reads.set(key, { model, entity });
  }

  /** Forgets the entity kept for `key` (its backend reported a change). */
  forget(key: string): void {
    this.#reads.delete(key);
  }
}

/** When each entity was last observed, and the observations under way (one at a time per entity). */
export class Observations {
  readonly #intervalMs: number;
  readonly #at = new Map<string, number>();
  readonly #running = new Map<string, Promise<EntityRecord | string>>();

  constructor(intervalMs: number) {
    this.#intervalMs = intervalMs;
  }

  /** Whether any of the entities at `locations` is due to be observed again. */
  due(locations: Iterable<string>): boolean {
    const now = performance.now();
    for (const location of locations) {
      const at = this.#at.get(location);
      if (at === undefined || now - at >= this.#intervalMs) return true;
    }
    return false;
  }

  /** Counts now as an observation of `location`: a backend hook has just set what the entity is. */
  saw(location: string): void {
    if (this.#at.size > 100_000) this.#at.clear();
    this.#at.set(location, performance.now());
  }

  /** Runs `observe` for `location` unless it runs already (then its result is shared). */
  once(location: string, observe: () => Promise<EntityRecord | string>): Promise<EntityRecord | string> {
    let running = this.#running.get(location);
    if (!running) {
      running = observe().finally(() => {
        this.#running.delete(location);
        if (this.#at.size > 100_000) this.#at.clear();
        this.#at.set(location, performance.now());
      });
      this.#running.set(location, running);
    }
    return running;
  }
}
