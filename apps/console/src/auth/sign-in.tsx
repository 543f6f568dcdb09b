/**
 * Sign-in (HTTP §10 leaves the mechanism to the server; occi-server takes
 * Basic credentials or an API token as a Bearer token, and OpenID Connect
 * when configured). The credentials are tried with a discovery before they
 * are kept; "remember me" keeps them in localStorage, otherwise they last
 * as long as the tab (sessionStorage).
 */
import type { Credentials } from '@occi/http/client';
import { type FormEvent, useState } from 'react';
import { useSession } from '../api/session.js';
import { PageTitle } from '../ui/page-title.js';
import { useStatus } from '../ui/status.js';
import { useConsoleConfig } from './console-config.js';
import { OidcButton } from './oidc-button.js';

type Method = 'password' | 'token';

export function SignIn({ reason }: { reason?: string }) {
  const { signIn } = useSession();
  const { auth } = useConsoleConfig();
  const status = useStatus();
  // What the server accepts (config.json): a password with a users file; a token with one, or a JWT.
  const methods: Method[] = [
    ...(auth.basic ? ['password' as const] : []),
    ...(auth.apiToken || auth.jwt ? ['token' as const] : []),
  ];
  const [method, setMethod] = useState<Method>(methods[0] ?? 'password');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const [remember, setRemember] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const credentials: Credentials =
      method === 'password' ? { type: 'basic', user, password } : { type: 'bearer', token: token.trim() };
    if (method === 'password' ? !user || !password : !token.trim()) {
      setError(method === 'password' ? 'enter your user name and password' : 'paste your API token');
      return;
    }
    setBusy(true);
    status.say('Signing in…');
    const refused = await signIn(credentials, method === 'password' ? user : 'API token', remember);
    setBusy(false);
    if (refused) {
      setError(refused);
      status.fail(`Not signed in: ${refused}`);
    } else status.say(`Signed in${method === 'password' ? ` as ${user}` : ''}`);
  };

  return (
    <article className="sign-in">
      <PageTitle title="Sign in" detail={reason} />
      <form onSubmit={submit} noValidate aria-busy={busy}>
        <fieldset>
          <legend>Sign in with</legend>
          <label>
            <input
              type="radio"
              name="method"
              checked={method === 'password'}
              onChange={() => setMethod('password')}
            />
            User name and password
          </label>
          <label>
            <input
              type="radio"
              name="method"
              checked={method === 'token'}
              onChange={() => setMethod('token')}
            />
            API token
          </label>
        </fieldset>
        {method === 'password' ? (
          <>
            <label htmlFor="sign-in-user">User name</label>
            <input
              id="sign-in-user"
              autoComplete="username"
              value={user}
              onChange={(e) => setUser(e.target.value)}
              required
            />
            <label htmlFor="sign-in-password">Password</label>
            <input
              id="sign-in-password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
            />
          </>
        ) : (
          <>
            <label htmlFor="sign-in-token">API token</label>
            <input
              id="sign-in-token"
              type="password"
              autoComplete="off"
              value={token}
              onChange={(e) => setToken(e.target.value)}
              aria-describedby="sign-in-token-help"
              required
            />
            <small id="sign-in-token-help">
              From <code>occi-server users token NAME</code>; sent as a Bearer token.
            </small>
          </>
        )}
        <label>
          <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
          Remember me on this browser
        </label>
        {error ? (
          <p className="field-error" id="sign-in-error">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
      <OidcButton />
    </article>
  );
}
