/**
 * The actions that apply to the entity now — the `actions` the server
 * renders with it (JSON §3.1.2, which follows the state machine) — as
 * buttons; an action with parameters (its attributes, Core §5.3.5) opens a
 * form for them first. After an invocation (HTTP §8.4) the entity is
 * followed live until its state settles.
 */
import type { Action, Attributes, Entity, Model } from '@occi/core';
import { type FormEvent, useRef, useState } from 'react';
import { reportOf } from '../api/errors.js';
import { useSession } from '../api/session.js';
import { AttributeFields, useFocusOnErrors, withoutError } from '../forms/attribute-fields.js';
import { labelOf, stateAttributeOf } from '../model/categories.js';
import { formatValue, type RawValues, readForm } from '../model/values.js';
import { useStatus } from '../ui/status.js';
import type { useEntity } from './use-entity.js';

type EntityHandle = ReturnType<typeof useEntity>;

export function ActionsPanel({
  model,
  entity,
  handle,
}: {
  model: Model;
  entity: Entity;
  handle: EntityHandle;
}) {
  // An action discovery did not list (the model changed since) is still offered, without parameters.
  const actions = (entity.actions ?? []).map((id) => model.action(id) ?? unlistedAction(id));
  const [open, setOpen] = useState<string>();
  if (actions.length === 0)
    return (
      <section aria-labelledby="actions-heading">
        <h2 id="actions-heading">Actions</h2>
        <p>No action applies in this state.</p>
      </section>
    );
  return (
    <section aria-labelledby="actions-heading">
      <h2 id="actions-heading">Actions</h2>
      <div className="buttons">
        {actions.map((a) => (
          <ActionButton
            key={a.scheme + a.term}
            action={a}
            model={model}
            entity={entity}
            handle={handle}
            open={open}
            setOpen={setOpen}
          />
        ))}
      </div>
      {actions
        .filter((a) => open === a.scheme + a.term)
        .map((a) => (
          <ParameterForm
            key={a.scheme + a.term}
            action={a}
            model={model}
            entity={entity}
            handle={handle}
            onDone={() => setOpen(undefined)}
          />
        ))}
    </section>
  );
}

const unlistedAction = (id: string): Action => ({
  class: 'action',
  scheme: id.slice(0, id.lastIndexOf('#') + 1),
  term: id.slice(id.lastIndexOf('#') + 1),
  attributes: new Map(),
});

function useInvoke(model: Model, entity: Entity, handle: EntityHandle) {
  const { client, refresh } = useSession();
  const status = useStatus();
  return async (action: Action, parameters: Attributes, accepted?: () => void) => {
    const id = action.scheme + action.term;
    const stateName = stateAttributeOf(model, entity.kind);
    const before = stateName ? entity.attributes[stateName] : undefined;
    status.say(`Running ${labelOf(action)}…`);
    const result = await client.invoke(entity.location ?? '', id, parameters);
    accepted?.();
    if (result.entity) handle.setEntity(result.entity);
    if (result.categories?.length) {
      await refresh();
      status.say(`${labelOf(action)} created ${result.categories.map((c) => labelOf(c)).join(', ')}`);
    }
    if (!stateName) {
      await handle.reload();
      status.say(`${labelOf(action)} done`);
      return;
    }
    let shown: unknown = before;
    const settled = await handle.watch(stateName, before, (value) => {
      if (value !== shown) status.say(`${stateName}: ${String(shown ?? '')} → ${String(value ?? '')}`);
      shown = value;
    });
    const after = settled?.attributes[stateName];
    status.say(`${labelOf(action)} done: ${stateName} ${formatValue(before)} → ${formatValue(after)}`);
  };
}

function ActionButton({
  action,
  model,
  entity,
  handle,
  open,
  setOpen,
}: {
  action: Action;
  model: Model;
  entity: Entity;
  handle: EntityHandle;
  open: string | undefined;
  setOpen(id: string | undefined): void;
}) {
  const invoke = useInvoke(model, entity, handle);
  const status = useStatus();
  const id = action.scheme + action.term;
  const hasParameters = action.attributes.size > 0;
  return (
    <button
      type="button"
      disabled={handle.watching}
      aria-expanded={hasParameters ? open === id : undefined}
      onClick={() => {
        if (hasParameters) return setOpen(open === id ? undefined : id);
        invoke(action, {}).catch((e) => status.fail(`${labelOf(action)} failed: ${reportOf(e).message}`));
      }}
    >
      {labelOf(action)}
      {hasParameters ? '…' : ''}
    </button>
  );
}

function ParameterForm({
  action,
  model,
  entity,
  handle,
  onDone,
}: {
  action: Action;
  model: Model;
  entity: Entity;
  handle: EntityHandle;
  onDone(): void;
}) {
  const invoke = useInvoke(model, entity, handle);
  const status = useStatus();
  const [raw, setRaw] = useState<RawValues>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const form = useRef<HTMLFormElement>(null);
  useFocusOnErrors(form, errors);
  // Parameters are the action's attributes (Core §5.3.5): mutable or not, the caller gives them.
  const asMutable = new Map([...action.attributes].map(([n, a]) => [n, { ...a, mutable: true }]));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const read = readForm(asMutable, raw, { creating: true });
    setErrors(read.errors);
    if (Object.keys(read.errors).length > 0) return;
    try {
      // The form closes once the server accepted the invocation; a refusal stays beside its fields.
      await invoke(action, read.attributes, onDone);
    } catch (error) {
      const report = reportOf(error);
      setErrors(report.byAttribute);
      status.fail(`${labelOf(action)} failed: ${report.message}`);
    }
  };
  return (
    <form ref={form} onSubmit={submit} noValidate aria-label={`Parameters of ${labelOf(action)}`}>
      <AttributeFields
        onEdit={(name) => setErrors(withoutError(name))}
        attributes={asMutable}
        raw={raw}
        setRaw={setRaw}
        errors={errors}
        idPrefix={`action-${action.term}`}
        legend={`${labelOf(action)}: parameters`}
      />
      <button type="submit">Run {labelOf(action)}</button>
    </form>
  );
}
