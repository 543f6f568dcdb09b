/** The extensions' state machines (STATE-MACHINES.md) as the reference provider applies them. */

import type { StateMachine } from '../behaviour.js';
import type { TypeIdentifier } from '../category.js';
import type { Entity } from '../entity.js';
import type { Model } from '../model.js';

/** The transitions of `action` in the entity's state machines: the first machine that mentions it decides. */
export function stateTransition(
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

/** Actions applicable now: defined for the entity and allowed by its state (STATE-MACHINES.md). */
export function applicableActions(model: Model, entity: Entity): TypeIdentifier[] {
  return model.actionsOf(entity.kind, entity.mixins).filter((a) => {
    const t = stateTransition(model, entity, a);
    return t === undefined || !('refused' in t);
  });
}

/** The attributes the state machines of a kind and its mixins own: their state and its message. */
export function stateAttributes(
  model: Model,
  kind: TypeIdentifier,
  mixins: readonly TypeIdentifier[],
): Set<string> {
  return new Set(
    model
      .behavioursOf(kind, mixins)
      .flatMap((b) => (b.stateMachine ? [b.stateMachine.attribute, b.stateMachine.messageAttribute] : []))
      .filter((name): name is string => name !== undefined),
  );
}
