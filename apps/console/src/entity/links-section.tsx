/**
 * A resource's links (Core §5.4.2): the graph, a table of them (link,
 * kind, target — each a link to its entity page), and a way to add one: a
 * link kind, then its form (source: this resource).
 */
import type { Entity, Model } from '@occi/core';
import { LINK_KIND } from '@occi/core';
import { conventionalLocation } from '@occi/http/client';
import { useState } from 'react';
import { idOf, labelOf, labelOfId, listedKinds } from '../model/categories.js';
import { href, navigate } from '../routes.js';
import { LinkGraph } from './link-graph.js';

export function LinksSection({ model, entity }: { model: Model; entity: Entity }) {
  const links = entity.links ?? [];
  // Kinds of link an extension defines first, Core's generic link last.
  const linkKinds = listedKinds(model)
    .links.filter((k) => model.isInstantiable(idOf(k)))
    .sort((a, b) => Number(idOf(a) === LINK_KIND) - Number(idOf(b) === LINK_KIND));
  const [kind, setKind] = useState(linkKinds[0] ? idOf(linkKinds[0]) : '');
  return (
    <section aria-labelledby="links-heading">
      <h2 id="links-heading">Links</h2>
      <LinkGraph model={model} entity={entity} />
      {links.length === 0 ? (
        <p>No links.</p>
      ) : (
        <div className="overflow-auto">
          <table>
            <thead>
              <tr>
                <th scope="col">Link</th>
                <th scope="col">Kind</th>
                <th scope="col">Target</th>
              </tr>
            </thead>
            <tbody>
              {links.map((l) => {
                // A link rendered inside its source carries its id, not always its location (JSON §3.1.2).
                const at = l.location ?? conventionalLocation(l, model);
                return (
                  <tr key={l.id}>
                    <td>{at ? <a href={href.entity(at)}>{l.title || at}</a> : l.title || l.id}</td>
                    <td>{labelOfId(model, l.kind)}</td>
                    <td>
                      {l.target?.location?.startsWith('/') ? (
                        <a href={href.entity(l.target.location)}>{l.target.location}</a>
                      ) : (
                        l.target?.location
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {linkKinds.length > 0 ? (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (kind) navigate(`${href.create(kind)}&source=${encodeURIComponent(entity.location ?? '')}`);
          }}
        >
          <label htmlFor="link-kind">Link kind</label>
          <select id="link-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            {linkKinds.map((k) => (
              <option key={idOf(k)} value={idOf(k)}>
                {labelOf(k)}
              </option>
            ))}
          </select>
          <button type="submit">Add link</button>
        </form>
      ) : null}
    </section>
  );
}
