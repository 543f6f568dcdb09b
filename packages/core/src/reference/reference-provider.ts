/**
 * The reference provider: the Core semantics as a Provider over a Store.
 * Validation, template defaults, server-managed attributes, composite links,
 * mixin membership, user mixins and action dispatch are enforced here once,
 * for every transport. Each concern lives in a file of its own in this
 * folder; this class only binds them to the `Provider` interface.
 */
import { randomUUID } from 'node:crypto';
import type { Mixin, TypeIdentifier } from '../category.js';
import type { Entity, EntityDraft } from '../entity.js';
import type { Extension } from '../extension.js';
import { KeyedLock } from '../keyed-lock.js';
import type { Model } from '../model.js';
import type {
  ActionInvocation,
  ActionResult,
  Caller,
  CollectionSelector,
  EntityFilter,
  ListRequest,
  Provider,
  WriteConditions,
} from '../provider.js';
import type { Store } from '../store.js';
import { invoke } from './actions.js';
import { Caches, Observations } from './caches.js';
import { modelOf, type Reference } from './context.js';
import { create, put, remove, removeAll, update } from './entity-writes.js';
import { listBatches } from './listing.js';
import { associate, dissociate, setMembership } from './mixin-membership.js';
import { get, list } from './reading.js';
import { defineMixins, removeMixins } from './user-mixins.js';

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
  /**
   * How long the backend's report of an entity (its behaviours' `observe`)
   * stands before a read asks again, in ms; default 1000. 0 asks at every read.
   */
  observeIntervalMs?: number;
}

export class ReferenceProvider implements Provider {
  readonly #r: Reference;
  readonly #extensions: readonly Extension[];

  constructor(options: ReferenceProviderOptions) {
    this.#r = {
      store: options.store,
      caches: new Caches(options.model, options.store),
      locks: new KeyedLock(),
      newKey: options.newKey ?? randomUUID,
      userScheme: options.userScheme,
      observations: new Observations(options.observeIntervalMs ?? 1000),
    };
    this.#extensions = options.model.extensions;
  }

  /**
   * Starts the backends of the model's extensions (their `start`): call
   * once before serving. A backend that cannot start throws, and the ones
   * started before it are closed.
   */
  async start(): Promise<void> {
    const started: Extension[] = [];
    const exists = async (location: string) => (await this.#r.store.get(location)) !== undefined;
    try {
      for (const extension of this.#extensions) {
        if (!extension.start) continue;
        started.push(extension);
        await extension.start({ exists });
      }
    } catch (error) {
      for (const extension of started.reverse()) await extension.close?.().catch(() => undefined);
      throw error;
    }
  }

  /** Closes the backends' connections (their `close`); their objects stay. */
  async close(): Promise<void> {
    for (const extension of [...this.#extensions].reverse()) await extension.close?.();
  }

  /** The store behind this provider. */
  get store(): Store {
    return this.#r.store;
  }

  model(caller: Caller): Promise<Model> {
    return modelOf(this.#r, caller);
  }

  get(caller: Caller, location: string): Promise<Entity> {
    return get(this.#r, caller, location);
  }

  list(caller: Caller, request: ListRequest): Promise<Entity[]> {
    return list(this.#r, caller, request);
  }

  listBatches(caller: Caller, request: ListRequest, size?: number): AsyncIterable<Entity[]> {
    return listBatches(this.#r, caller, request, size);
  }

  create(caller: Caller, draft: EntityDraft): Promise<Entity> {
    return create(this.#r, caller, draft);
  }

  put(
    caller: Caller,
    location: string,
    draft: EntityDraft,
    conditions?: WriteConditions,
  ): Promise<{ entity: Entity; created: boolean }> {
    return put(this.#r, caller, location, draft, conditions);
  }

  update(
    caller: Caller,
    location: string,
    draft: EntityDraft,
    conditions?: WriteConditions,
  ): Promise<Entity> {
    return update(this.#r, caller, location, draft, conditions);
  }

  delete(caller: Caller, location: string, conditions?: WriteConditions): Promise<void> {
    return remove(this.#r, caller, location, conditions);
  }

  deleteAll(caller: Caller, collection: CollectionSelector, filter?: EntityFilter): Promise<number> {
    return removeAll(this.#r, caller, collection, filter);
  }

  associate(caller: Caller, mixin: TypeIdentifier, references: string[]): Promise<Entity[]> {
    return associate(this.#r, caller, mixin, references);
  }

  dissociate(caller: Caller, mixin: TypeIdentifier, references?: string[]): Promise<void> {
    return dissociate(this.#r, caller, mixin, references);
  }

  setMembership(caller: Caller, mixin: TypeIdentifier, references: string[]): Promise<Entity[]> {
    return setMembership(this.#r, caller, mixin, references);
  }

  defineMixins(caller: Caller, mixins: Mixin[]): Promise<void> {
    return defineMixins(this.#r, caller, mixins);
  }

  removeMixins(caller: Caller, ids: TypeIdentifier[]): Promise<void> {
    return removeMixins(this.#r, caller, ids);
  }

  invoke(
    caller: Caller,
    target: { location: string } | { collection: CollectionSelector },
    invocation: ActionInvocation,
  ): Promise<ActionResult> {
    return invoke(this.#r, caller, target, invocation);
  }
}

export function createReferenceProvider(options: ReferenceProviderOptions): ReferenceProvider {
  return new ReferenceProvider(options);
}
