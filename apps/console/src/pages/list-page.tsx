/**
 * A collection (HTTP §9.1): the entities of a kind or the members of a
 * mixin, a page at a time (HTTP §5 `page` and `number`), filtered by a
 * category and an attribute (HTTP §6.2). Page, size and filter live in the
 * URL.
 */
import type { Attributes, Entity } from '@occi/core';
import { useEffect, useState } from 'react';
import { reportOf } from '../api/errors.js';
import { useModel, useSession } from '../api/session.js';
import { labelOf, labelOfId, stateAttributeOf } from '../model/categories.js';
import { formatValue, parseValue } from '../model/values.js';
import { href, navigate } from '../routes.js';
import { PageTitle } from '../ui/page-title.js';
import { useStatus } from '../ui/status.js';
import { type FilterValues, ListFilter } from './list-filter.js';

const SIZES = [10, 20, 50, 100];

type Listing =
  | { state: 'loading' }
  | { state: 'ready'; rows: Entity[] }
  | { state: 'failed'; message: string };

function positive(raw: string | null, fallback: number): number {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export function ListPage({ collection, query }: { collection: string; query: URLSearchParams }) {
  const model = useModel();
  const { client } = useSession();
  const { say, fail } = useStatus();
  const category = model.get(collection);
  const page = positive(query.get('page'), 1);
  const number = positive(query.get('number'), 20);
  const filter: FilterValues = {
    category: query.get('category') ?? '',
    attribute: query.get('attribute') ?? '',
    value: query.get('value') ?? '',
  };
  const [listing, setListing] = useState<Listing>({ state: 'loading' });
  const key = query.toString();

  useEffect(() => {
    let live = true;
    setListing({ state: 'loading' });
    const attributes: Attributes = {};
    if (filter.attribute && filter.value !== '') {
      const defined = model.kind(collection)
        ? model.attributes(collection)
        : model.get(collection)?.attributes;
      const definition =
        defined?.get(filter.attribute) ?? model.get(filter.category)?.attributes.get(filter.attribute);
      const typed = definition ? parseValue(definition, filter.value).value : undefined;
      attributes[filter.attribute] = typed ?? filter.value;
    }
    const categories = filter.category ? [filter.category] : [];
    const withFilter = categories.length > 0 || Object.keys(attributes).length > 0;
    client
      .list(collection, { page, number, ...(withFilter ? { filter: { categories, attributes } } : {}) })
      .then(
        (r) => {
          if (!live) return;
          const rows = r.entities.map((e, i) => ({ ...e, location: e.location ?? r.locations[i] }));
          setListing({ state: 'ready', rows });
          say(`${rows.length} ${rows.length === 1 ? 'entity' : 'entities'} on page ${page}`);
        },
        (error) => {
          if (!live) return;
          const { message } = reportOf(error);
          setListing({ state: 'failed', message });
          fail(message);
        },
      );
    return () => {
      live = false;
    };
  }, [client, collection, model, page, number, filter.category, filter.attribute, filter.value, say, fail]);

  if (!category || category.class === 'action')
    return <PageTitle title="Unknown collection" detail={collection} />;
  const isKind = category.class === 'kind';
  const stateName = isKind ? stateAttributeOf(model, collection) : undefined;
  const go = (extra: Record<string, string | number | undefined>) =>
    navigate(href.list(collection, { page, number, ...filter, ...extra }));

  return (
    <>
      <PageTitle
        title={labelOf(category)}
        detail={`${category.class} ${collection} — ${category.location ?? ''}`}
      />
      {isKind && model.isInstantiable(collection) && !model.isLinkKind(collection) ? (
        <p>
          <a href={href.create(collection)} className="button-link">
            New {labelOf(category)}
          </a>
        </p>
      ) : null}
      <details open={Boolean(filter.category || filter.attribute)}>
        <summary>Filter</summary>
        <ListFilter
          key={key}
          model={model}
          collection={collection}
          initial={filter}
          onApply={(f) => go({ ...f, page: 1 })}
        />
      </details>
      {listing.state === 'loading' ? <p aria-busy="true">Loading…</p> : null}
      {listing.state === 'failed' ? <p className="field-error">{listing.message}</p> : null}
      {listing.state === 'ready' ? (
        listing.rows.length === 0 ? (
          <p>No entities on this page.</p>
        ) : (
          <div className="overflow-auto">
            <table className="striped">
              <caption className="visually-hidden">
                {labelOf(category)}, page {page}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Entity</th>
                  <th scope="col">Kind</th>
                  {stateName ? <th scope="col">State</th> : null}
                  <th scope="col">Mixins</th>
                </tr>
              </thead>
              <tbody>
                {listing.rows.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <a href={href.entity(e.location ?? '')}>{e.title || e.location}</a>
                    </td>
                    <td>{labelOfId(model, e.kind)}</td>
                    {stateName ? <td>{formatValue(e.attributes[stateName])}</td> : null}
                    <td>{e.mixins.map((m) => labelOfId(model, m)).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      <nav aria-label="Pages" className="pager">
        <button
          type="button"
          className="secondary"
          disabled={page <= 1}
          onClick={() => go({ page: page - 1 })}
        >
          Previous page
        </button>
        <span>Page {page}</span>
        <button
          type="button"
          className="secondary"
          disabled={listing.state !== 'ready' || listing.rows.length < number}
          onClick={() => go({ page: page + 1 })}
        >
          Next page
        </button>
        <label htmlFor="page-size">
          Per page
          <select
            id="page-size"
            value={number}
            onChange={(e) => go({ number: Number(e.target.value), page: 1 })}
          >
            {SIZES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      </nav>
    </>
  );
}
