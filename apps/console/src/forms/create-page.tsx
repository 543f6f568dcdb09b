/**
 * A new entity of a kind (HTTP §9.3.1): its title (and summary for a
 * resource; source and target for a link), the templates and mixins that
 * apply to the kind, and the attributes of the kind and the chosen mixins
 * (Model.attributes: their defaults included). Checked in the browser with
 * the server's rules, then sent; the server's refusal is shown beside the
 * field it names.
 */
import type { EntityInput } from '@occi/http/client';
import { type FormEvent, useMemo, useRef, useState } from 'react';
import { reportOf } from '../api/errors.js';
import { useModel, useSession } from '../api/session.js';
import { labelOf, mixinChoices } from '../model/categories.js';
import { type RawValues, readForm } from '../model/values.js';
import { href, navigate } from '../routes.js';
import { PageTitle } from '../ui/page-title.js';
import { useStatus } from '../ui/status.js';
import { AttributeFields, useFocusOnErrors, withoutError } from './attribute-fields.js';
import { MixinPicker, type MixinSelection, selectedMixins } from './mixin-picker.js';
import { type Target, TargetPicker } from './target-picker.js';

export function CreatePage({ kind: kindId, source }: { kind: string; source?: string }) {
  const model = useModel();
  const { client } = useSession();
  const status = useStatus();
  const kind = model.kind(kindId);
  const isLink = model.isLinkKind(kindId);
  const choices = useMemo(() => mixinChoices(model, kindId), [model, kindId]);
  const [selection, setSelection] = useState<MixinSelection>({ templates: {}, others: [] });
  const mixins = selectedMixins(selection);
  const attributes = model.attributes(kindId, mixins);
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [raw, setRaw] = useState<RawValues>({});
  const [target, setTarget] = useState<Target>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useFocusOnErrors(form, errors);

  if (!kind) return <PageTitle title="Unknown kind" detail={kindId} />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const read = readForm(attributes, raw, { creating: true });
    const found = { ...read.errors };
    if (isLink && !target) found['occi.core.target'] = 'choose the resource this link points to';
    setErrors(found);
    if (Object.keys(found).length > 0) {
      status.fail(`Not created: ${Object.values(found).join('; ')}`);
      return;
    }
    const draft: EntityInput = { kind: kindId, mixins, attributes: read.attributes };
    if (title) draft.title = title;
    if (summary && !isLink) draft.summary = summary;
    if (isLink && source && target) {
      draft.source = { location: source };
      draft.target = { location: target.location, kind: target.kind };
    }
    setBusy(true);
    status.say(`Creating ${labelOf(kind)}…`);
    try {
      const created = await client.create(draft);
      status.say(`Created ${labelOf(kind)} at ${created.location}`);
      navigate(href.entity(isLink && source ? source : created.location));
    } catch (error) {
      const report = reportOf(error);
      setErrors(report.byAttribute);
      status.fail(`Not created: ${report.message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle title={`New ${labelOf(kind)}`} detail={kindId} />
      <form ref={form} onSubmit={submit} noValidate aria-busy={busy}>
        {isLink ? (
          <>
            <p>
              Source: <a href={href.entity(source ?? '')}>{source ?? '(none)'}</a>
            </p>
            <TargetPicker value={target} onChange={setTarget} error={errors['occi.core.target']} />
          </>
        ) : null}
        <div className="field">
          <label htmlFor="new-title">Title</label>
          <input id="new-title" value={title} onChange={(e) => setTitle(e.target.value)} />
        </div>
        {!isLink ? (
          <div className="field">
            <label htmlFor="new-summary">Summary</label>
            <input id="new-summary" value={summary} onChange={(e) => setSummary(e.target.value)} />
          </div>
        ) : null}
        <MixinPicker choices={choices} selection={selection} onChange={setSelection} />
        <AttributeFields
          onEdit={(name) => setErrors(withoutError(name))}
          attributes={attributes}
          raw={raw}
          setRaw={setRaw}
          errors={errors}
          idPrefix="new"
        />
        <button type="submit" disabled={busy}>
          Create {labelOf(kind)}
        </button>
      </form>
    </>
  );
}
