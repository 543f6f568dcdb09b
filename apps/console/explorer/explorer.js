/**
 * The API explorer: Swagger UI (swagger-ui-dist, served from this origin,
 * no CDN) over this server's /openapi.json. A file of its own, not an
 * inline script: the page's Content-Security-Policy allows scripts from
 * this origin only. When the console has signed in (same origin: its
 * credentials are in session or local storage under
 * `occi-console.credentials`), the explorer is authorised with them;
 * otherwise Swagger UI's Authorize button asks.
 */
/* global SwaggerUIBundle */

/** The console's saved credentials: `{ type: 'basic', user, password }` or `{ type: 'bearer', token }`. */
function consoleCredentials() {
  for (const name of ['sessionStorage', 'localStorage']) {
    try {
      const raw = window[name].getItem('occi-console.credentials');
      const credentials = raw ? JSON.parse(raw).credentials : undefined;
      if (credentials && (credentials.type === 'basic' || credentials.type === 'bearer')) return credentials;
    } catch {
      // Storage disabled or a value the console did not write: Authorize asks instead.
    }
  }
  return undefined;
}

/** Authorises every security scheme of the description that the console's credentials fit. */
function authorizeFromConsole(ui) {
  const credentials = consoleCredentials();
  if (!credentials) return;
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

const ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  // The default validator is a third-party site: nothing leaves this origin.
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
  onComplete: () => authorizeFromConsole(ui),
});
window.ui = ui;
