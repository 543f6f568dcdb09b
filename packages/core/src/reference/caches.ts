/**
 * What the reference provider keeps between requests: each caller's model
 * (the extensions' categories with the caller's mixins) and the entities
 * read last, both valid while the store's revision stays the same.
 */
import type { Entity } from '../entity.js';
import { type Model, mixinFromDefinition } from '../model.js';
import type { Caller } from '../provider.js';
import type { MixinRecord, Store } from '../store.js';
import { callerKey } from './identifiers.js';

/** How long a caller's model is reused when the store cannot report mixin changes of other processes. */
const MODEL_TTL_MS = 1000;
/** How many entities `get` keeps for the current store revision. */
const READS_KEPT = 10_000;

export class Caches {
  readonly #base: Model;
  readonly #store: Store;
  readonly #models = new Map<string, Model>();
  readonly #callerModels = new Map<string, { model: Model; at: number; revision: number | undefined }>();
  /** Entities as last read, per caller and location, while the store's revision stays the same. */
  readonly #reads = new Map<string, { model: Model; entity: Entity }>();
  #readsRevision: number | undefined;
  readonly #watched: boolean;
  #generation = 0;

  constructor(base: Model, store: Store) {
    this.#base = base;
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

  /** Starts a read at `revision`: entities kept for another revision are forgotten. */
  readAt(revision: number | undefined): void {
    if (revision !== this.#readsRevision) {
      this.#reads.clear();
      this.#readsRevision = revision;
    }
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
