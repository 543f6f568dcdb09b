/**
 * An entity (HTTP §8.1): its kind, attributes, mixins, links (a graph and a
 * table) or, for a link, its source and target; the actions that apply now;
 * edit and delete (HTTP §8.5).
 */
import { useState } from 'react';
import { reportOf } from '../api/errors.js';
import { useModel, useSession } from '../api/session.js';
import { labelOfId } from '../model/categories.js';
import { formatValue } from '../model/values.js';
import { href, navigate } from '../routes.js';
import { PageTitle } from '../ui/page-title.js';
import { useStatus } from '../ui/status.js';
import { ActionsPanel } from './actions-panel.js';
import { LinksSection } from './links-section.js';
import { MixinsSection } from './mixins-section.js';
import { useEntity } from './use-entity.js';

export function EntityPage({ location }: { location: string }) {
  const model = useModel();
  const { client } = useSession();
  const status = useStatus();
  const handle = useEntity(location);
  const [confirming, setConfirming] = useState(false);
  const { loaded } = handle;

  if (loaded.state === 'loading') return <p aria-busy="true">Loading {location}…</p>;
  if (loaded.state === 'failed')
    return (
      <>
        <PageTitle
          title={loaded.status === 404 ? 'Not found' : 'Cannot show this entity'}
          detail={location}
        />
        <p className="field-error">{loaded.message}</p>
      </>
    );
  const { entity } = loaded;
  const isLink = model.isLinkKind(entity.kind);
  const kindLabel = labelOfId(model, entity.kind);
  const attributes = Object.entries(entity.attributes).sort(([a], [b]) => a.localeCompare(b));

  const remove = async () => {
    try {
      await client.delete(location, entity.version ? { ifMatch: entity.version } : {});
      status.say(`Deleted ${entity.title || location}`);
      navigate(isLink && entity.source ? href.entity(entity.source.location) : href.list(entity.kind));
    } catch (error) {
      status.fail(`Not deleted: ${reportOf(error).message}`);
      setConfirming(false);
    }
  };

  return (
    <>
      <PageTitle
        title={entity.title || `${kindLabel} ${location.replace(/^.*\//, '')}`}
        detail={`${kindLabel} at ${location}`}
      />
      <div className="buttons">
        <a href={href.edit(location)} className="button-link secondary">
          Edit
        </a>
        {confirming ? (
          <>
            <button type="button" className="danger" onClick={remove}>
              Confirm delete
            </button>
            <button type="button" className="secondary outline" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </>
        ) : (
          <button type="button" className="secondary outline" onClick={() => setConfirming(true)}>
            Delete
          </button>
        )}
      </div>
      <section aria-labelledby="attributes-heading">
        <h2 id="attributes-heading">Attributes</h2>
        <div className="overflow-auto">
          <table className="attributes">
            <tbody>
              <tr>
                <th scope="row">kind</th>
                <td>
                  <a href={href.list(entity.kind)}>{kindLabel}</a>{' '}
                  <small className="muted">{entity.kind}</small>
                </td>
              </tr>
              <tr>
                <th scope="row">occi.core.id</th>
                <td className="break">{entity.id}</td>
              </tr>
              {entity.summary ? (
                <tr>
                  <th scope="row">occi.core.summary</th>
                  <td>{entity.summary}</td>
                </tr>
              ) : null}
              {isLink ? (
                <>
                  <tr>
                    <th scope="row">occi.core.source</th>
                    <td>
                      <a href={href.entity(entity.source?.location ?? '')}>{entity.source?.location}</a>
                    </td>
                  </tr>
                  <tr>
                    <th scope="row">occi.core.target</th>
                    <td>
                      {entity.target?.location.startsWith('/') ? (
                        <a href={href.entity(entity.target.location)}>{entity.target.location}</a>
                      ) : (
                        entity.target?.location
                      )}
                    </td>
                  </tr>
                </>
              ) : null}
              {attributes.map(([name, value]) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td className="break" data-attribute={name}>
                    {formatValue(value)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <ActionsPanel model={model} entity={entity} handle={handle} />
      <MixinsSection model={model} entity={entity} reload={handle.reload} />
      {!isLink ? <LinksSection model={model} entity={entity} /> : null}
    </>
  );
}
