/**
 * What listing needs to know of an entity's type — whether it is a link,
 * whether a backend observes it, which actions apply in each state — worked
 * out once per (model, kind, mixins) and, for actions, once per state: a
 * page of entities of one type costs the model's work once, not per entity.
 */
import type { TypeIdentifier } from '../category.js';
import type { Entity } from '../entity.js';
import type { Model } from '../model.js';
import type { EntityRecord } from '../store.js';
import { applicableActions } from './state-machines.js';

export interface EntityType {
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
 * The applicable actions of an entity of `type` with these attributes
 * (`applicableActions`), shared by every entity of its type in its state:
 * callers must not modify the array.
 */
export function actionsIn(model: Model, type: EntityType, entity: Entity): TypeIdentifier[] {
  const states = type.states;
  // stateTransition reads each machine's attribute as text, or the initial state when it is unset.
  let state = '';
  for (let i = 0; i < states.length; i++) {
    const value = entity.attributes[states[i]!];
    state += `${i === 0 ? '' : '\u0001'}${value === undefined ? '\u0000' : String(value)}`;
  }
  let actions = type.actions.get(state);
  if (!actions) {
    actions = applicableActions(model, entity);
    if (type.actions.size >= STATES_KEPT) type.actions.clear();
    type.actions.set(state, actions);
  }
  return actions;
}

/**
 * A stored record as an entity, without links or actions: what a listing
 * of locations needs. Built field by field: spreading the record's entity
 * into a literal with more members costs V8 ≈ 5 µs an entity (its slow
 * path), this ≈ 0.1 µs. The mixins, attributes, source and target are the
 * record's own (callers must not modify them).
 */
export function storedEntity(record: EntityRecord): Entity {
  const data = record.entity;
  const entity: Entity = {
    id: data.id,
    kind: data.kind,
    mixins: data.mixins,
    attributes: data.attributes,
    location: record.location,
    version: String(record.version),
  };
  if (data.title !== undefined) entity.title = data.title;
  if (data.summary !== undefined) entity.summary = data.summary;
  if (data.source !== undefined) entity.source = data.source;
  if (data.target !== undefined) entity.target = data.target;
  return entity;
}

/** A stored record as renderings show it, without links: `storedEntity` with its applicable actions. */
export function listedEntity(model: Model, type: EntityType, record: EntityRecord): Entity {
  const entity = storedEntity(record);
  entity.actions = actionsIn(model, type, record.entity);
  return entity;
}
