/**
 * Defining a user mixin through the query interface (HTTP §7.3): scheme,
 * term, title, the collection location it is bound to, the kinds it
 * applies to and the mixin it depends on.
 */
import type { Model } from '@occi/core';
import { type FormEvent, useState } from 'react';
import { reportOf } from '../api/errors.js';
import { useSession } from '../api/session.js';
import { idOf, labelOf } from '../model/categories.js';
import { useStatus } from '../ui/status.js';

const TERM = /^[a-z0-9][a-z0-9_.-]*$/i;

export function DefineMixinForm({ model }: { model: Model }) {
  const { client, refresh } = useSession();
  const status = useStatus();
  const [scheme, setScheme] = useState(`${window.location.origin}/occi/user#`);
  const [term, setTerm] = useState('');
  const [title, setTitle] = useState('');
  const [location, setLocation] = useState('');
  const [applies, setApplies] = useState<string[]>([]);
  const [depends, setDepends] = useState('');
  const [error, setError] = useState<string>();
  const kinds = model.kinds().filter((k) => k.location && model.isInstantiable(idOf(k)));
  const where = location || (term ? `/${term}/` : '');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!TERM.test(term)) return setError('the term is a word of letters, digits, _ . or - (Core §5.3.1)');
    if (!scheme.endsWith('#')) return setError('the scheme ends with # (Core §5.3.1)');
    setError(undefined);
    try {
      await client.defineMixin({
        scheme,
        term,
        location: where,
        ...(title ? { title } : {}),
        applies,
        depends: depends ? [depends] : [],
      });
      await refresh();
      status.say(`Defined mixin ${scheme}${term} at ${where}`);
      setTerm('');
      setTitle('');
      setLocation('');
    } catch (err) {
      const { message } = reportOf(err);
      setError(message);
      status.fail(`Not defined: ${message}`);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="define-heading">
      <h2 id="define-heading">Define a mixin</h2>
      <div className="grid">
        <div className="field">
          <label htmlFor="mixin-scheme">Scheme</label>
          <input id="mixin-scheme" value={scheme} onChange={(e) => setScheme(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor="mixin-term">Term</label>
          <input
            id="mixin-term"
            value={term}
            onChange={(e) => setTerm(e.target.value)}
            required
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'mixin-error' : undefined}
          />
        </div>
      </div>
      <div className="grid">
        <div className="field">
          <label htmlFor="mixin-title">Title</label>
          <input id="mixin-title" value={title} onChange={(e) => setTitle(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="mixin-location">Location</label>
          <input
            id="mixin-location"
            value={location}
            placeholder={where || '/my_stuff/'}
            onChange={(e) => setLocation(e.target.value)}
          />
        </div>
      </div>
      <fieldset>
        <legend>Applies to</legend>
        {kinds.map((k) => (
          <label key={idOf(k)}>
            <input
              type="checkbox"
              checked={applies.includes(idOf(k))}
              onChange={(e) =>
                setApplies(e.target.checked ? [...applies, idOf(k)] : applies.filter((a) => a !== idOf(k)))
              }
            />
            {labelOf(k)}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="mixin-depends">Depends on</label>
        <select id="mixin-depends" value={depends} onChange={(e) => setDepends(e.target.value)}>
          <option value="">(nothing)</option>
          {model.mixins().map((m) => (
            <option key={idOf(m)} value={idOf(m)}>
              {labelOf(m)}
            </option>
          ))}
        </select>
      </div>
      {error ? (
        <p id="mixin-error" className="field-error">
          {error}
        </p>
      ) : null}
      <button type="submit">Define mixin</button>
    </form>
  );
}
