/** "Sign in with OpenID Connect", when the server names a provider and a client id for the console (config.json). */
import { useState } from 'react';
import { consoleUrlOf } from '../api/endpoint.js';
import { useStatus } from '../ui/status.js';
import { useConsoleConfig } from './console-config.js';
import { startOidcSignIn } from './oidc.js';

export function OidcButton() {
  const { auth } = useConsoleConfig();
  const status = useStatus();
  const [remember, setRemember] = useState(false);
  const oidc = auth.oidc;
  if (!oidc) return null;
  return (
    <section aria-labelledby="oidc-heading">
      <h2 id="oidc-heading">Single sign-on</h2>
      <label>
        <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
        Remember me on this browser
      </label>
      <button
        type="button"
        className="secondary"
        onClick={() =>
          startOidcSignIn(oidc, consoleUrlOf(window.location.href), remember).catch((e: unknown) =>
            status.fail(e instanceof Error ? e.message : String(e)),
          )
        }
      >
        Sign in with {new URL(oidc.issuer).host}
      </button>
    </section>
  );
}
