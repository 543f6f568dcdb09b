/**
 * The filter of a collection listing (HTTP §6.2): a category (kind or
 * mixin) and an attribute value. It lives in the page's URL, so a filtered
 * listing can be bookmarked; the client sends it in header fields.
 */
import type { Model, TypeIdentifier } from '@occi/core';
import { type FormEvent, useState } from 'react';
import { idOf, labelOf } from '../model/categories.js';

export interface FilterValues {
  category: string;
  attribute: string;
  value: string;
}

export function ListFilter({
  model,
  collection,
  initial,
  onApply,
}: {
  model: Model;
  collection: TypeIdentifier;
  initial: FilterValues;
  onApply(values: FilterValues): void;
}) {
  const [values, setValues] = useState(initial);
  const kind = model.kind(collection);
  const categories = kind
    ? [
        ...model.descendants(collection).flatMap((d) => model.kind(d) ?? []),
        ...model.mixins().filter((m) => model.applies(m, collection)),
      ]
    : [...model.kinds().filter((k) => k.location), ...model.mixins()];
  // A kind's attributes (its chain's), or a mixin's own; then those of the category filtered on.
  const own = kind ? model.attributes(collection) : (model.mixin(collection)?.attributes ?? new Map());
  const chosen = values.category ? (model.get(values.category)?.attributes ?? new Map()) : new Map();
  const names = [...new Set([...own.keys(), ...chosen.keys()])].sort();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(values);
  };
  return (
    <form onSubmit={submit} aria-label="Filter" className="filter">
      <fieldset className="grid">
        <div className="field">
          <label htmlFor="filter-category">Category</label>
          <select
            id="filter-category"
            value={values.category}
            onChange={(e) => setValues({ ...values, category: e.target.value })}
          >
            <option value="">(any)</option>
            {categories.map((c) => (
              <option key={idOf(c)} value={idOf(c)}>
                {labelOf(c)} ({c.class})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-attribute">Attribute</label>
          <select
            id="filter-attribute"
            value={values.attribute}
            onChange={(e) => setValues({ ...values, attribute: e.target.value })}
          >
            <option value="">(any)</option>
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-value">Value</label>
          <input
            id="filter-value"
            value={values.value}
            onChange={(e) => setValues({ ...values, value: e.target.value })}
          />
        </div>
      </fieldset>
      <div className="buttons">
        <button type="submit">Apply filter</button>
        <button
          type="button"
          className="secondary"
          onClick={() => onApply({ category: '', attribute: '', value: '' })}
        >
          Clear filter
        </button>
      </div>
    </form>
  );
}
