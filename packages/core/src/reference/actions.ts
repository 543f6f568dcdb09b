/**
 * Actions (Core §5.3.5, HTTP §8.4, §9.5): checking an invocation against
 * the action's parameters and the entity's state machine, running the
 * extensions' handlers, and recording a failure in the entity's error state.
 */
import type { Attributes } from '../attribute.js';
import { checkAttributeValue } from '../attribute-value.js';
import type { ActionOutcome } from '../behaviour.js';
import type { Category, TypeIdentifier } from '../category.js';
import { typeIdentifier } from '../category.js';
import type { Entity } from '../entity.js';
import { badRequest, isOcciError, OcciError, type Problem } from '../errors.js';
import type { MixinDefinition } from '../extension-document.js';
import type { Model } from '../model.js';
import type { ActionInvocation, ActionResult, Caller, CollectionSelector } from '../provider.js';
import type { EntityRecord, StoreWrite } from '../store.js';
import { didYouMean } from '../suggest.js';
import { invalid } from './building.js';
import { modelOf, type Reference, requireRecord } from './context.js';
import { observedAll, observedOrGone } from './observation.js';
import { collectionQuery, toEntity } from './reading.js';
import { applicableActions, stateTransition } from './state-machines.js';
import { mixinWrite } from './user-mixins.js';
import { commit, nextRecord, retrying } from './writes.js';

/** Checks and completes an invocation's parameters against the action's attributes (Core §5.3.5). */
function parameters(model: Model, invocation: ActionInvocation): Attributes {
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
  const values: Attributes = {};
  for (const attribute of action.attributes.values())
    if (attribute.default !== undefined) values[attribute.name] = attribute.default;
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
    else values[name] = value;
  }
  for (const attribute of action.attributes.values()) {
    if (attribute.required && values[attribute.name] === undefined)
      problems.push({
        code: 'missing-required-attribute',
        message: `action ${action.term} needs parameter ${attribute.name}`,
        attribute: attribute.name,
      });
  }
  if (problems.length > 0) throw invalid(problems);
  return values;
}

/** Runs the action on one record; returns the new record, new mixins and the outcome. */
async function act(
  r: Reference,
  model: Model,
  caller: Caller,
  record: EntityRecord,
  actionId: TypeIdentifier,
  values: Attributes,
): Promise<{ record: EntityRecord; writes: StoreWrite[]; outcome: ActionOutcome | undefined }> {
  const entity: Entity = structuredClone({ ...record.entity, location: record.location });
  const transition = stateTransition(model, entity, actionId);
  const writes: StoreWrite[] = [];
  let current = model;
  const context = {
    model,
    entity,
    parameters: values,
    user: caller.user,
    defineMixin: async (definition: MixinDefinition) => {
      // Action handlers write mixins as extensions do: left-out attribute properties are inherited.
      const { mixin, write } = mixinWrite(
        current,
        caller.user,
        current.inheritProperties(definition),
        await r.store.mixins(),
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
    if (machine.messageAttribute) failed.attributes[machine.messageAttribute] = reason;
    await commit(r, [{ op: 'put', record: nextRecord(record, failed), expect: record.version }]);
    throw new OcciError('internal', {
      code: 'action-failed',
      message: `action ${actionId} failed on ${record.location}: ${reason}`,
      location: record.location,
    });
  }
  delete (entity as Partial<Entity>).location;
  return { record: nextRecord(record, entity), writes, outcome };
}

/** Refuses actions the entity does not define (400) or its state does not allow (409). */
function checkApplicable(model: Model, record: EntityRecord, actionId: TypeIdentifier): Problem | undefined {
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
    const now = applicableActions(model, entity).map((a) => a.slice(a.lastIndexOf('#') + 1));
    return {
      code: 'action-not-applicable',
      message: `action ${actionId.slice(actionId.lastIndexOf('#') + 1)} is not applicable to ${record.location} in state ${transition.refused}${now.length > 0 ? ` (applicable now: ${now.join(', ')})` : ''}`,
      location: record.location,
    };
  }
  return undefined;
}

export async function invoke(
  r: Reference,
  caller: Caller,
  target: { location: string } | { collection: CollectionSelector },
  invocation: ActionInvocation,
): Promise<ActionResult> {
  const model = await modelOf(r, caller);
  const values = parameters(model, invocation);
  return retrying(
    r,
    undefined,
    async () => {
      // The state machine decides on the state the backend reports, not a stale one.
      const records =
        'location' in target
          ? [await observedOrGone(r, model, caller, await requireRecord(r, caller, target.location))]
          : await observedAll(
              r,
              model,
              caller,
              await r.store.query(collectionQuery(model, caller, target.collection)),
            );
      const undefinedFor: Problem[] = [];
      const refused: Problem[] = [];
      for (const record of records) {
        const problem = checkApplicable(model, record, invocation.action);
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
        const result = await act(r, model, caller, record, invocation.action, values);
        writes.push(...result.writes, { op: 'put', record: result.record, expect: record.version });
        updated.push(result.record);
        categories.push(...(result.outcome?.categories ?? []));
      }
      await commit(r, writes);
      const after = await modelOf(r, caller);
      return {
        entities: await Promise.all(updated.map((u) => toEntity(r, after, u, caller, true))),
        categories,
      };
    },
    'location' in target ? target.location : undefined,
  );
}
