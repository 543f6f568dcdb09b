/**
 * What listing needs to know of an entity's type — whether it is a link,
 * whether a backend observes it, which actions apply in each state — worked
 * out once per (model, kind, mixins) and, for actions, once per state: a
 * page of entities of one type costs the model's work once, not per entity.
 */
import type { TypeIdentifier } from '../category.js';
import type { Entity } from '../entity.js';
import type { Model } from '../model.js';
import { applicableActions } from './state-machines.js';

interface EntityType {
  link: boolean;
  /** Some behaviour of the type observes its entities (`observe`). */
  observes: boolean;
  /** The attributes the type's state machines read (the state, per machine). */
  states: string[];
  /** Applicable actions per state (the values of `states`). */
  actions: Map<string, TypeIdentifier[]>;
}

const TYPES_KEPT = 10_000;
const STATES_KEPT = 256;
const types = new WeakMap<Model, Map<string, EntityType>>();

export function entityType(
  model: Model,
  kind: TypeIdentifier,
  mixins: readonly TypeIdentifier[],
): EntityType {
  let perModel = types.get(model);
  if (!perModel) {
    perModel = new Map();
    types.set(model, perModel);
  }
  const key = mixins.length === 0 ? kind : `${kind} ${mixins.join(' ')}`;
  let type = perModel.get(key);
  if (!type) {
    const behaviours = model.behavioursOf(kind, mixins);
    type = {
      link: model.isLinkKind(kind),
      observes: behaviours.some((b) => b.observe),
      states: behaviours.flatMap((b) => (b.stateMachine ? [b.stateMachine.attribute] : [])),
      actions: new Map(),
    };
    if (perModel.size >= TYPES_KEPT) perModel.clear();
    perModel.set(key, type);
  }
  return type;
}

/**
 * The entity's applicable actions (`applicableActions`), shared by every
 * entity of its type in its state: callers must not modify the array.
 */
export function actionsOf(model: Model, entity: Entity): TypeIdentifier[] {
  const type = entityType(model, entity.kind, entity.mixins);
  // stateTransition reads each machine's attribute as text, or the initial state when it is unset.
  const state = type.states
    .map((name) => {
      const value = entity.attributes[name];
      return value === undefined ? '\u0000' : String(value);
    })
    .join('\u0001');
  let actions = type.actions.get(state);
  if (!actions) {
    actions = applicableActions(model, entity);
    if (type.actions.size >= STATES_KEPT) type.actions.clear();
    type.actions.set(state, actions);
  }
  return actions;
}
