/**
 * Editing an entity (a partial update, HTTP §8.3.1): its title, summary and
 * mutable attributes; immutable ones (Core §5.2) are shown and not
 * editable. Only what changed is sent, with the version read (`If-Match`),
 * so a change made meanwhile by someone else is refused (412), not lost.
 */
import type { Attribute, Entity, EntityInput } from '@occi/core';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { reportOf } from '../api/errors.js';
import { useModel, useSession } from '../api/session.js';
import { labelOfId } from '../model/categories.js';
import { formatValue, type RawValues, readForm } from '../model/values.js';
import { href, navigate } from '../routes.js';
import { PageTitle } from '../ui/page-title.js';
import { useStatus } from '../ui/status.js';
import { AttributeFields, useFocusOnErrors, withoutError } from './attribute-fields.js';

export function EditPage({ location }: { location: string }) {
  const { client } = useSession();
  const [entity, setEntity] = useState<Entity>();
  const [failure, setFailure] = useState<string>();
  useEffect(() => {
    client.get(location).then(setEntity, (e) => setFailure(reportOf(e).message));
  }, [client, location]);
  if (failure)
    return (
      <>
        <PageTitle title="Cannot edit" detail={location} />
        <p className="field-error">{failure}</p>
      </>
    );
  if (!entity) return <p aria-busy="true">Loading {location}…</p>;
  return <EditForm entity={entity} location={location} />;
}

function EditForm({ entity, location }: { entity: Entity; location: string }) {
  const model = useModel();
  const { client } = useSession();
  const status = useStatus();
  const attributes = model.attributes(entity.kind, entity.mixins);
  const initial: RawValues = Object.fromEntries(
    [...attributes.keys()].map((n) => [n, formatValue(entity.attributes[n])]),
  );
  const [raw, setRaw] = useState<RawValues>(initial);
  const [title, setTitle] = useState(entity.title ?? '');
  const [summary, setSummary] = useState(entity.summary ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useFocusOnErrors(form, errors);
  const isLink = model.isLinkKind(entity.kind);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // Only the fields changed, and only mutable ones (Core §5.2).
    const changed = new Map<string, Attribute>();
    for (const [n, a] of attributes) if (a.mutable && raw[n] !== initial[n]) changed.set(n, a);
    const read = readForm(changed, raw, { creating: false });
    setErrors(read.errors);
    if (Object.keys(read.errors).length > 0) {
      status.fail(`Not saved: ${Object.values(read.errors).join('; ')}`);
      return;
    }
    const partial: EntityInput = { kind: entity.kind, attributes: read.attributes };
    if (title !== (entity.title ?? '')) partial.title = title;
    if (!isLink && summary !== (entity.summary ?? '')) partial.summary = summary;
    setBusy(true);
    try {
      await client.update(location, partial, entity.version ? { ifMatch: entity.version } : {});
      status.say(`Saved ${entity.title || location}`);
      navigate(href.entity(location));
    } catch (error) {
      const report = reportOf(error);
      setErrors(report.byAttribute);
      status.fail(
        report.status === 412
          ? 'Not saved: the entity changed since it was loaded; reload and edit again'
          : `Not saved: ${report.message}`,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle title={`Edit ${entity.title || labelOfId(model, entity.kind)}`} detail={location} />
      <form ref={form} onSubmit={submit} noValidate aria-busy={busy}>
        <div className="field">
          <label htmlFor="edit-title">Title</label>
          <input id="edit-title" value={title} onChange={(e) => setTitle(e.target.value)} />
        </div>
        {!isLink ? (
          <div className="field">
            <label htmlFor="edit-summary">Summary</label>
            <input id="edit-summary" value={summary} onChange={(e) => setSummary(e.target.value)} />
          </div>
        ) : null}
        <AttributeFields
          onEdit={(name) => setErrors(withoutError(name))}
          attributes={attributes}
          raw={raw}
          setRaw={setRaw}
          errors={errors}
          idPrefix="edit"
          editing
        />
        <div className="buttons">
          <button type="submit" disabled={busy}>
            Save
          </button>
          <a href={href.entity(location)} className="button-link secondary outline">
            Cancel
          </a>
        </div>
      </form>
    </>
  );
}
