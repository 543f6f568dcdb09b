/** The start page: every kind with a collection, as discovery lists them (HTTP §7.1), and the mixins. */
import { useModel } from '../api/session.js';
import { idOf, labelOf, listedKinds } from '../model/categories.js';
import { href } from '../routes.js';
import { PageTitle } from '../ui/page-title.js';

export function Home() {
  const model = useModel();
  const { resources, links } = listedKinds(model);
  const section = (title: string, id: string, kinds: typeof resources) => (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <ul className="kind-list">
        {kinds.map((k) => (
          <li key={idOf(k)}>
            <a href={href.list(idOf(k))}>{labelOf(k)}</a>
            <small className="muted"> {k.location}</small>
            {model.isInstantiable(idOf(k)) && !model.isLinkKind(idOf(k)) ? (
              <>
                {' · '}
                <a href={href.create(idOf(k))} aria-label={`New ${labelOf(k)}`}>
                  new
                </a>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
  return (
    <>
      <PageTitle
        title="OCCI console"
        detail={`${model.kinds().length} kinds, ${model.mixins().length} mixins, ${model.actions().length} actions`}
      />
      <div className="grid">
        {section('Resources', 'resources-heading', resources)}
        {section('Links', 'links-kinds-heading', links)}
      </div>
      <p>
        <a href={href.mixins()}>Mixins and templates</a>
      </p>
    </>
  );
}
