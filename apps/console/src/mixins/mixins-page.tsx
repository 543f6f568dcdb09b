/**
 * Mixins (Core §5.3.4): every mixin discovery lists, with its collection
 * (its members, HTTP §9.1), what it applies to and depends on; defining a
 * user mixin (HTTP §7.3) and removing one (HTTP §7.4 — the server refuses
 * to remove mixins of its extensions, and says so).
 */
import { type FormEvent, useState } from 'react';
import { reportOf } from '../api/errors.js';
import { useModel, useSession } from '../api/session.js';
import { idOf, labelOf, labelOfId } from '../model/categories.js';
import { href } from '../routes.js';
import { PageTitle } from '../ui/page-title.js';
import { useStatus } from '../ui/status.js';
import { DefineMixinForm } from './define-mixin-form.js';

export function MixinsPage() {
  const model = useModel();
  const { client, refresh } = useSession();
  const status = useStatus();
  const mixins = model.mixins();
  const [removing, setRemoving] = useState('');

  const remove = async (e: FormEvent) => {
    e.preventDefault();
    if (!removing) return;
    try {
      await client.removeMixin(removing);
      await refresh();
      status.say(`Removed mixin ${removing}`);
      setRemoving('');
    } catch (error) {
      status.fail(`Not removed: ${reportOf(error).message}`);
    }
  };

  return (
    <>
      <PageTitle title="Mixins" detail={`${mixins.length} mixins`} />
      <div className="overflow-auto">
        <table className="striped">
          <thead>
            <tr>
              <th scope="col">Mixin</th>
              <th scope="col">Type identifier</th>
              <th scope="col">Applies to</th>
              <th scope="col">Depends on</th>
            </tr>
          </thead>
          <tbody>
            {mixins.map((m) => (
              <tr key={idOf(m)}>
                <td>{m.location ? <a href={href.list(idOf(m))}>{labelOf(m)}</a> : labelOf(m)}</td>
                <td className="break">
                  <small>{idOf(m)}</small>
                </td>
                <td>{m.applies.map((a) => labelOfId(model, a)).join(', ') || 'any kind'}</td>
                <td>{m.depends.map((d) => labelOfId(model, d)).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <DefineMixinForm model={model} />
      <form onSubmit={remove} aria-labelledby="remove-heading">
        <h2 id="remove-heading">Remove a mixin</h2>
        <div className="field">
          <label htmlFor="remove-mixin">Mixin to remove</label>
          <select id="remove-mixin" value={removing} onChange={(e) => setRemoving(e.target.value)}>
            <option value="">(choose a mixin)</option>
            {mixins.map((m) => (
              <option key={idOf(m)} value={idOf(m)}>
                {labelOf(m)} — {idOf(m)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="secondary" disabled={!removing}>
          Remove mixin
        </button>
      </form>
    </>
  );
}
