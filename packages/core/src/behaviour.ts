/**
 * Behaviour of the entities of a kind or mixin: the state machines and
 * action handlers of the documents, and the hooks through which a backend
 * makes entities real. The reference provider applies them; see the core
 * README ("Backends") for the order of the calls and what a backend may
 * assume.
 */
import type { Attributes } from './attribute.js';
import type { Category, Mixin, TypeIdentifier } from './category.js';
import type { Entity } from './entity.js';
import type { Problem } from './errors.js';
import type { MixinDefinition } from './extension-document.js';
import type { Model } from './model.js';

/** One row of a state machine: `action` moves an entity from any of `from` to `to`. */
export interface Transition {
  action: TypeIdentifier;
  from: string[];
  to: string;
}

/**
 * A state machine over one attribute (see shared/spec/STATE-MACHINES.md).
 * Actions not listed for the current state are not applicable: the
 * reference provider refuses them with a conflict and leaves the entity
 * unchanged.
 */
export interface StateMachine {
  attribute: string;
  /** Attribute explaining the state, set when an action fails. */
  messageAttribute?: string;
  initial: string;
  /** State entered when an action fails. */
  errorState?: string;
  transitions: Transition[];
}

/** What an action handler can do besides changing the entity it runs on. */
export interface ActionContext {
  readonly model: Model;
  /** The entity, as a copy the handler may change; the provider persists it. */
  readonly entity: Entity;
  /** The invocation's parameters, checked against the action's attribute definitions. */
  readonly parameters: Attributes;
  readonly user: string;
  /** Defines a provider mixin owned by the caller (e.g. the OS template `save` creates). */
  defineMixin(definition: MixinDefinition): Promise<Mixin>;
}

/** What an action returns to the client (HTTP §8.4): categories it created, if any. */
export interface ActionOutcome {
  categories?: Category[];
}

/**
 * Runs an action. Throw an `OcciError` to refuse it (the entity stays as it
 * was and the client gets the error's status); throw anything else when the
 * backend failed to carry it out: the entity then enters its state
 * machine's `errorState`, with the reason in `messageAttribute`
 * (STATE-MACHINES.md), and the client gets 500 naming the failure.
 */
export type ActionHandler = (
  context: ActionContext,
) => ActionOutcome | undefined | Promise<ActionOutcome | undefined>;

export interface LifecycleContext {
  readonly model: Model;
  readonly user: string;
  /** Reads another entity (e.g. a link's source) the caller may see, with the entities of the same request. */
  lookup(location: string): Promise<Entity | undefined>;
}

/** What a backend hook sees besides the entity. */
export interface BackendContext extends LifecycleContext {
  /** Locations of the entities the same request deletes (a link's source deleted with the link, say). */
  readonly deleting: ReadonlySet<string>;
}

/** What a backend reports of an entity when it is read. */
export interface Observation {
  /** Values the backend reports (its state, addresses it chose); they replace the stored ones. */
  attributes?: Attributes;
  /** Attributes the backend no longer reports (a state message that no longer applies). */
  cleared?: string[];
  /** Mixins the reported values come with (e.g. ipnetworkinterface for an address). */
  mixins?: TypeIdentifier[];
  /** The backend object is gone (removed outside OCCI), and why: the entity and its links are removed. */
  gone?: string;
}

/**
 * Behaviour of the entities of one Kind, or of those associated with one
 * Mixin. Applied by the reference provider; other providers may ignore it.
 *
 * Several extensions may give behaviour to the same category (a document
 * and a backend): `Model.create` layers them in the order of the
 * extensions (`layerBehaviours`). The backend hooks (`create`, `update`,
 * `delete`, `observe`) are called by the reference provider around its
 * commits; a hook refuses with an `OcciError` (400 or 409 naming why), and
 * anything else it throws is answered 500.
 */
export interface Behaviour {
  /** The Kind or Mixin this behaviour is attached to. */
  category: TypeIdentifier;
  stateMachine?: StateMachine;
  /** Fills server-managed attributes of a new entity (after template defaults). */
  initialise?(entity: Entity, context: LifecycleContext): void | Promise<void>;
  /**
   * Checks values beyond the attribute definitions (address syntax, ranges,
   * cycles, values that may be given once). `previous` is absent on create.
   */
  validate?(
    entity: Entity,
    previous: Entity | undefined,
    context: LifecycleContext,
  ): Problem[] | Promise<Problem[]>;
  /** Action handlers by action type identifier; run after the state machine allows the action. */
  actions?: Record<TypeIdentifier, ActionHandler>;
  /**
   * Brings a new entity into being in the backend, after validation and
   * before the commit; for a resource, `entity.links` are the links created
   * with it. It may fill in values the backend chose (an address, a state).
   * When the commit fails, `delete` undoes it.
   */
  create?(entity: Entity, context: BackendContext): void | Promise<void>;
  /**
   * Carries out a change of an existing entity (attributes, mixins) before
   * the commit, or refuses it; `previous` is the stored entity. When the
   * commit fails, it is called again with the two swapped.
   */
  update?(entity: Entity, previous: Entity, context: BackendContext): void | Promise<void>;
  /**
   * Releases the entity's backend objects before the deletion is committed;
   * links before their resources. An object already gone is no error.
   */
  delete?(entity: Entity, context: BackendContext): void | Promise<void>;
  /** Reports the backend's state of the entity on read (at most once per observation interval). */
  observe?(
    entity: Entity,
    context: LifecycleContext,
  ): Observation | undefined | Promise<Observation | undefined>;
}

/** Mixins a backend offers from what it has now (e.g. its images as OS templates), beside the extensions'. */
export interface Catalogue {
  /** The mixins as last listed: the same array while nothing changed. */
  mixins(): readonly Mixin[];
  /** Lists again when the list is older than the backend allows; called before a caller's model is built. */
  refresh(): Promise<void>;
}

/** What a backend's start can ask of the provider. */
export interface StartContext {
  /** Whether the store holds an entity at `location` (to find objects left by a crash). */
  exists(location: string): Promise<boolean>;
}

/** Runs the hooks of `later` after those of `earlier`, for one category. */
function inOrder<A extends unknown[]>(
  earlier: ((...args: A) => void | Promise<void>) | undefined,
  later: ((...args: A) => void | Promise<void>) | undefined,
): ((...args: A) => Promise<void>) | undefined {
  if (!earlier && !later) return undefined;
  return async (...args: A) => {
    await earlier?.(...args);
    await later?.(...args);
  };
}

/**
 * Two behaviours of one category as one: the first state machine; both
 * initialisations, checks and backend hooks, earlier first (observations
 * merged, later values winning); an action handler of `later` replaces the
 * one of `earlier` for the same action (a backend carries out the action
 * the document describes).
 */
export function layerBehaviours(earlier: Behaviour, later: Behaviour): Behaviour {
  const layered: Behaviour = { category: earlier.category };
  const machine = earlier.stateMachine ?? later.stateMachine;
  if (machine) layered.stateMachine = machine;
  const initialise = inOrder(earlier.initialise?.bind(earlier), later.initialise?.bind(later));
  if (initialise) layered.initialise = initialise;
  if (earlier.validate || later.validate)
    layered.validate = async (entity, previous, context) => [
      ...((await earlier.validate?.(entity, previous, context)) ?? []),
      ...((await later.validate?.(entity, previous, context)) ?? []),
    ];
  if (earlier.actions || later.actions) layered.actions = { ...earlier.actions, ...later.actions };
  const create = inOrder(earlier.create?.bind(earlier), later.create?.bind(later));
  if (create) layered.create = create;
  const update = inOrder(earlier.update?.bind(earlier), later.update?.bind(later));
  if (update) layered.update = update;
  // Released in the reverse order of their making: the later layer's objects first.
  const release = inOrder(later.delete?.bind(later), earlier.delete?.bind(earlier));
  if (release) layered.delete = release;
  if (earlier.observe || later.observe)
    layered.observe = async (entity, context) =>
      mergeObservations([await earlier.observe?.(entity, context), await later.observe?.(entity, context)]);
  return layered;
}

/** Several observations of one entity as one: later values win; gone if any says so. */
export function mergeObservations(
  observations: readonly (Observation | undefined)[],
): Observation | undefined {
  const present = observations.filter((o) => o !== undefined);
  if (present.length <= 1) return present[0];
  const merged: Observation = {};
  for (const o of present) {
    if (o.attributes) merged.attributes = { ...merged.attributes, ...o.attributes };
    if (o.cleared) merged.cleared = [...(merged.cleared ?? []), ...o.cleared];
    if (o.mixins) merged.mixins = [...(merged.mixins ?? []), ...o.mixins];
    if (o.gone !== undefined) merged.gone ??= o.gone;
  }
  return merged;
}
