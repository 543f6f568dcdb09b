/**
 * The console's frame: a skip link, the header (navigation, who is signed
 * in), the status line (a live region), and the page the URL's fragment
 * names — once discovery worked, or the sign-in page when the server asks
 * for one (401).
 */
import { useSession } from './api/session.js';
import { useConsoleConfig } from './auth/console-config.js';
import { SignIn } from './auth/sign-in.js';
import { EntityPage } from './entity/entity-page.js';
import { CreatePage } from './forms/create-page.js';
import { EditPage } from './forms/edit-page.js';
import { MixinsPage } from './mixins/mixins-page.js';
import { Home } from './pages/home.js';
import { ListPage } from './pages/list-page.js';
import { href, type Route, useRoute } from './routes.js';
import { PageTitle } from './ui/page-title.js';
import { StatusProvider } from './ui/status.js';

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'home':
      return <Home />;
    case 'list':
      return <ListPage key={route.collection} collection={route.collection} query={route.query} />;
    case 'entity':
      return <EntityPage key={route.location} location={route.location} />;
    case 'new':
      return <CreatePage key={`${route.kind} ${route.source}`} kind={route.kind} source={route.source} />;
    case 'edit':
      return <EditPage key={route.location} location={route.location} />;
    case 'mixins':
      return <MixinsPage />;
    default:
      return <PageTitle title="No such page" detail={route.path} />;
  }
}

function Header() {
  const { user, signOut, discovery } = useSession();
  const config = useConsoleConfig();
  return (
    <header className="container">
      <nav aria-label="Main">
        <ul>
          <li>
            <a href={href.home()} className="brand">
              <strong>OCCI console</strong>
            </a>
          </li>
        </ul>
        <ul>
          {discovery.state === 'ready' ? (
            <li>
              <a href={href.mixins()}>Mixins</a>
            </li>
          ) : null}
          <li>
            <a href={config.explorer ?? 'explorer/'}>API explorer</a>
          </li>
          {user ? (
            <li>
              <button type="button" className="secondary outline small" onClick={signOut}>
                Sign out {user}
              </button>
            </li>
          ) : null}
        </ul>
      </nav>
    </header>
  );
}

function Main() {
  const { discovery, refresh } = useSession();
  const route = useRoute();
  switch (discovery.state) {
    case 'loading':
      return <p aria-busy="true">Discovering the model…</p>;
    case 'unauthorized':
      return <SignIn reason={discovery.message} />;
    case 'failed':
      return (
        <>
          <PageTitle title="The server cannot be reached" detail={discovery.message} />
          <button type="button" onClick={() => refresh()}>
            Try again
          </button>
        </>
      );
    default:
      return <Page route={route} />;
  }
}

export function App() {
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <Header />
      <StatusProvider>
        <main id="main" className="container" tabIndex={-1}>
          <Main />
        </main>
      </StatusProvider>
    </>
  );
}
