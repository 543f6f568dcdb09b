/**
 * The API explorer: Swagger UI (swagger-ui-dist, served from this origin,
 * no CDN) over this server's /openapi.json. A file of its own, not an
 * inline script: the page's Content-Security-Policy allows scripts from
 * this origin only.
 *
 * /openapi.json describes the caller's model, so it is fetched as the user
 * the console signed in (same origin: the console keeps its credentials in
 * session or local storage under `occi-console.credentials`). Every
 * request to this server carries them unless Swagger UI's Authorize set
 * others. Without a sign-in, on a server that asks for one, the page says
 * to sign in at the console first.
 */
/* global SwaggerUIBundle */

/** The console's saved credentials: `{ type: 'basic', user, password }` or `{ type: 'bearer', token }`. */
function consoleCredentials() {
  for (const name of ['sessionStorage', 'localStorage']) {
    try {
      const raw = window[name].getItem('occi-console.credentials');
      const credentials = raw ? JSON.parse(raw).credentials : undefined;
      if (credentials?.type === 'basic' && typeof credentials.user === 'string') return credentials;
      if (credentials?.type === 'bearer' && typeof credentials.token === 'string') return credentials;
    } catch {
      // Storage disabled or a value the console did not write: as if not signed in.
    }
  }
  return undefined;
}

/** The Authorization header of credentials (Basic in UTF-8, RFC 7617 §2.1). */
function authorizationOf(credentials) {
  if (credentials.type === 'bearer') return `Bearer ${credentials.token}`;
  const bytes = new TextEncoder().encode(`${credentials.user}:${credentials.password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

/** Marks the security schemes the console's credentials fit as authorised (Swagger UI's padlocks). */
function showAuthorized(ui, credentials) {
  const spec = ui.specSelectors.specJson().toJS();
  const schemes = spec.components?.securitySchemes ?? {};
  for (const [name, scheme] of Object.entries(schemes)) {
    if (scheme.type !== 'http') continue;
    const kind = String(scheme.scheme).toLowerCase();
    if (kind === 'basic' && credentials.type === 'basic')
      ui.preauthorizeBasic(name, credentials.user, credentials.password);
    if (kind === 'bearer' && credentials.type === 'bearer') ui.preauthorizeApiKey(name, credentials.token);
  }
}

/** In place of Swagger UI: where to sign in first. */
function askToSignIn(root) {
  const note = document.createElement('p');
  note.className = 'occi-explorer-note';
  note.append('This server describes its interface to signed-in users only. ');
  const link = document.createElement('a');
  link.href = '../';
  link.textContent = 'Sign in at the console';
  note.append(link, ', then come back to this page.');
  root.replaceChildren(note);
}

async function start() {
  const root = document.getElementById('swagger-ui');
  const credentials = consoleCredentials();
  const config = await fetch('/console/config.json')
    .then((response) => (response.ok ? response.json() : undefined))
    .catch(() => undefined);
  if (!credentials && config && !config.auth.anonymous && !config.auth.clientCertificate) {
    askToSignIn(root);
    return;
  }
  const authorization = credentials ? authorizationOf(credentials) : undefined;
  const ui = SwaggerUIBundle({
    url: config?.openapi ?? '/openapi.json',
    domNode: root,
    deepLinking: true,
    // The default validator is a third-party site: nothing leaves this origin.
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    requestInterceptor: (request) => {
      const sameOrigin = new URL(request.url, window.location.href).origin === window.location.origin;
      const headers = request.headers ?? {};
      const has = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
      if (authorization && sameOrigin && !has) request.headers = { ...headers, Authorization: authorization };
      return request;
    },
    onComplete: () => {
      if (credentials) showAuthorized(ui, credentials);
    },
  });
  window.ui = ui;
}

start();
