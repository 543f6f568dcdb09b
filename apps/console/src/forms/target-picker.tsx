/**
 * The target of a new link (Core §5.4.3): a resource kind, then one of the
 * resources of its collection the user may see (HTTP §9.1).
 */
import type { Entity } from '@occi/core';
import { useEffect, useState } from 'react';
import { reportOf } from '../api/errors.js';
import { useModel, useSession } from '../api/session.js';
import { idOf, labelOf, listedKinds } from '../model/categories.js';

export interface Target {
  location: string;
  kind: string;
}

export function TargetPicker({
  value,
  onChange,
  error,
}: {
  value: Target | undefined;
  onChange(t: Target | undefined): void;
  error?: string;
}) {
  const model = useModel();
  const { client } = useSession();
  const kinds = listedKinds(model).resources.filter((k) => model.isInstantiable(idOf(k)));
  const [kind, setKind] = useState(value?.kind ?? '');
  const [entities, setEntities] = useState<Entity[]>([]);
  const [loadError, setLoadError] = useState<string>();

  useEffect(() => {
    if (!kind) return;
    let live = true;
    client.list(kind, { page: 1, number: 100 }).then(
      (r) => {
        if (!live) return;
        setEntities(r.entities.map((e, i) => ({ ...e, location: e.location ?? r.locations[i] })));
        setLoadError(undefined);
      },
      (e) => {
        if (live) setLoadError(reportOf(e).message);
      },
    );
    return () => {
      live = false;
    };
  }, [client, kind]);

  return (
    <fieldset>
      <legend>Target</legend>
      <div className="field">
        <label htmlFor="target-kind">Target kind</label>
        <select
          id="target-kind"
          value={kind}
          onChange={(e) => {
            setKind(e.target.value);
            setEntities([]);
            onChange(undefined);
          }}
        >
          <option value="">(choose a kind)</option>
          {kinds.map((k) => (
            <option key={idOf(k)} value={idOf(k)}>
              {labelOf(k)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="target-entity">Target resource</label>
        <select
          id="target-entity"
          value={value?.location ?? ''}
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error || loadError ? 'target-error' : undefined}
          onChange={(e) => onChange(e.target.value ? { location: e.target.value, kind } : undefined)}
        >
          <option value="">{kind ? `(${entities.length} found)` : '(choose a kind first)'}</option>
          {entities.map((e) => (
            <option key={e.id} value={e.location ?? ''}>
              {e.title ? `${e.title} — ${e.location}` : e.location}
            </option>
          ))}
        </select>
        {error || loadError ? (
          <small id="target-error" className="field-error">
            {error ?? loadError}
          </small>
        ) : null}
      </div>
    </fieldset>
  );
}
