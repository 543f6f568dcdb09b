/**
 * Signing in at an OpenID provider: the authorization code flow with PKCE
 * (RFC 7636, S256), the console a public client (no secret). The verifier
 * and state wait in sessionStorage during the round trip; the access token
 * that comes back is sent to occi-server as a Bearer token, which verifies
 * it against the same issuer.
 */
import type { SavedCredentials } from './credentials.js';

const PENDING = 'occi-console.oidc-pending';

interface ProviderMetadata {
  authorization_endpoint: string;
  token_endpoint: string;
}

interface Pending {
  state: string;
  verifier: string;
  tokenEndpoint: string;
  clientId: string;
  redirectUri: string;
  remember: boolean;
}

function base64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const random = (size: number) => base64url(crypto.getRandomValues(new Uint8Array(size)));

async function metadataOf(issuer: string): Promise<ProviderMetadata> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the OpenID provider answered ${response.status} for ${url}`);
  const body = (await response.json()) as Partial<ProviderMetadata>;
  if (typeof body.authorization_endpoint !== 'string' || typeof body.token_endpoint !== 'string')
    throw new Error(`${url} names no authorization_endpoint or token_endpoint`);
  return { authorization_endpoint: body.authorization_endpoint, token_endpoint: body.token_endpoint };
}

/** Sends the browser to the provider's sign-in page. */
export async function startOidcSignIn(
  oidc: { issuer: string; clientId: string },
  redirectUri: string,
  remember: boolean,
): Promise<void> {
  const metadata = await metadataOf(oidc.issuer);
  const verifier = random(48);
  const challenge = base64url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  const pending: Pending = {
    state: random(24),
    verifier,
    tokenEndpoint: metadata.token_endpoint,
    clientId: oidc.clientId,
    redirectUri,
    remember,
  };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const url = new URL(metadata.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: oidc.clientId,
    redirect_uri: redirectUri,
    scope: 'openid profile',
    state: pending.state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  window.location.assign(url.toString());
}

/**
 * Finishes a sign-in when the provider sent the browser back
 * (`?code=…&state=…`): exchanges the code for tokens. Returns the
 * credentials and whether to remember them, or undefined when this is no
 * return from the provider; throws when the provider refused.
 */
export async function finishOidcSignIn(
  href: string,
): Promise<{ saved: SavedCredentials; remember: boolean } | undefined> {
  const url = new URL(href);
  const code = url.searchParams.get('code');
  const state = url.searchParams.get('state');
  const failure = url.searchParams.get('error');
  if (!code && !failure) return undefined;
  const raw = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  // The code and state leave the address bar (and the history) at once.
  window.history.replaceState(null, '', `${url.origin}${url.pathname}${url.hash}`);
  if (failure)
    throw new Error(`the OpenID provider refused: ${url.searchParams.get('error_description') ?? failure}`);
  if (!raw) throw new Error('an OpenID sign-in came back that this tab did not start');
  const pending = JSON.parse(raw) as Pending;
  if (state !== pending.state)
    throw new Error('the OpenID sign-in came back with another state (RFC 6749 §10.12)');
  const response = await fetch(pending.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: code ?? '',
      redirect_uri: pending.redirectUri,
      client_id: pending.clientId,
      code_verifier: pending.verifier,
    }),
  });
  const body = (await response.json().catch(() => ({}))) as {
    access_token?: string;
    error?: string;
    error_description?: string;
  };
  if (!response.ok || typeof body.access_token !== 'string')
    throw new Error(
      `the OpenID provider gave no token: ${body.error_description ?? body.error ?? response.status}`,
    );
  return {
    saved: { credentials: { type: 'bearer', token: body.access_token }, label: 'OpenID Connect' },
    remember: pending.remember,
  };
}
