/**
 * Starts the console: reads config.json (how to sign in), finishes an
 * OpenID Connect sign-in if the provider just sent the browser back, then
 * renders the app.
 */
import '@picocss/pico/css/pico.min.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { consoleUrlOf } from './api/endpoint.js';
import { SessionProvider } from './api/session.js';
import { App } from './app.js';
import { ConfigContext, loadConsoleConfig } from './auth/console-config.js';
import { type SavedCredentials, saveCredentials } from './auth/credentials.js';
import { finishOidcSignIn } from './auth/oidc.js';

async function start() {
  const root = createRoot(document.getElementById('root') as HTMLElement);
  const config = await loadConsoleConfig(consoleUrlOf(window.location.href));
  let initial: SavedCredentials | undefined;
  let failure: string | undefined;
  try {
    const returned = await finishOidcSignIn(window.location.href);
    if (returned) {
      saveCredentials(returned.saved, returned.remember);
      initial = returned.saved;
    }
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  }
  root.render(
    <StrictMode>
      <ConfigContext.Provider value={config}>
        <SessionProvider initial={initial}>
          {failure ? (
            <p role="alert" className="container field-error">
              {failure}
            </p>
          ) : null}
          <App />
        </SessionProvider>
      </ConfigContext.Provider>
    </StrictMode>,
  );
}

start();
