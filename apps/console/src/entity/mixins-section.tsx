/**
 * The mixins of an entity, and its membership of mixin collections: adding
 * it to a mixin's collection associates the mixin (HTTP §9.3.2), removing
 * it dissociates it (HTTP §9.5.2). Only mixins that apply to the entity's
 * kind are offered (Core §5.3.4).
 */
import type { Entity, Model } from '@occi/core';
import { useState } from 'react';
import { reportOf } from '../api/errors.js';
import { useSession } from '../api/session.js';
import { idOf, labelOf, labelOfId } from '../model/categories.js';
import { href } from '../routes.js';
import { useStatus } from '../ui/status.js';

export function MixinsSection({
  model,
  entity,
  reload,
}: {
  model: Model;
  entity: Entity;
  reload(): Promise<unknown>;
}) {
  const { client } = useSession();
  const status = useStatus();
  const addable = model
    .mixins()
    .filter((m) => !entity.mixins.includes(idOf(m)) && model.applies(m, entity.kind) && m.location);
  const [chosen, setChosen] = useState('');
  const [busy, setBusy] = useState(false);
  const ref = { id: entity.id, kind: entity.kind, location: entity.location };

  const run = async (what: string, work: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await work();
      await reload();
      status.say(what);
    } catch (error) {
      status.fail(reportOf(error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="mixins-heading">
      <h2 id="mixins-heading">Mixins</h2>
      {entity.mixins.length === 0 ? <p>No mixins.</p> : null}
      <ul>
        {entity.mixins.map((m) => (
          <li key={m}>
            <a href={href.list(m)}>{labelOfId(model, m)}</a> <small className="muted">{m}</small>{' '}
            <button
              type="button"
              className="secondary outline small"
              disabled={busy}
              aria-label={`Remove from ${labelOfId(model, m)}`}
              onClick={() => run(`Removed from ${labelOfId(model, m)}`, () => client.dissociate(m, [ref]))}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      {addable.length > 0 ? (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (chosen)
              run(`Added to ${labelOfId(model, chosen)}`, () => client.associate(chosen, [ref])).then(() =>
                setChosen(''),
              );
          }}
        >
          <label htmlFor="add-mixin">Add to mixin</label>
          <select id="add-mixin" value={chosen} onChange={(e) => setChosen(e.target.value)}>
            <option value="">(choose a mixin)</option>
            {addable.map((m) => (
              <option key={idOf(m)} value={idOf(m)}>
                {labelOf(m)}
              </option>
            ))}
          </select>
          <button type="submit" disabled={busy || !chosen}>
            Add
          </button>
        </form>
      ) : null}
    </section>
  );
}
