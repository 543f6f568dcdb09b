/**
 * Signing in with OpenID Connect, in Chromium: occi-server names the
 * provider and the console's client id in /console/config.json; the
 * console sends the browser there with a PKCE challenge (S256), comes back
 * with a code, exchanges it with the verifier, and uses the access token
 * as a Bearer token — which occi-server verifies with the provider's keys.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeProvider } from './fake-openid-provider.js';
import { missingChromium, useConsole } from './support/index.js';

const CLIENT = 'occi-console';
const missing = missingChromium();
const idp = missing ? undefined : await startFakeProvider(CLIENT);

describe.skipIf(missing)('signing in with OpenID Connect', () => {
  const harness = useConsole({ args: ['--oidc-issuer', idp?.issuer ?? '', '--jwt-audience', CLIENT] });
  afterAll(() => idp?.close());

  it('goes to the provider with a PKCE challenge, exchanges the code with its verifier, and is signed in with the token', async () => {
    if (!idp) throw new Error('no provider');
    const { page, problems } = await harness.open('#/', { ignore: [/status of 401/] });
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    await page.getByRole('button', { name: `Sign in with ${new URL(idp.issuer).host}` }).click();
    await page.getByRole('button', { name: 'Sign out OpenID Connect' }).waitFor();
    await page.getByRole('heading', { name: 'OCCI console', level: 1 }).waitFor();

    const [authorization] = idp.authorizations;
    expect(authorization?.get('response_type')).toBe('code');
    expect(authorization?.get('client_id')).toBe(CLIENT);
    expect(authorization?.get('redirect_uri')).toBe(harness.server.consoleUrl);
    expect(authorization?.get('code_challenge_method')).toBe('S256');
    expect(idp.tokens).toHaveLength(1);
    expect(idp.tokens[0]?.pkceOk).toBe(true);
    expect(idp.tokens[0]?.form.get('grant_type')).toBe('authorization_code');
    // The code and state left the address bar; the token is kept for the tab only.
    expect(new URL(page.url()).search).toBe('');
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length])).toEqual([0, 1]);
    // The token works: the user's own collection is listed.
    await page.getByRole('link', { name: 'Compute Resource', exact: true }).click();
    await page.getByText('No entities on this page.').waitFor();
    expect(problems()).toEqual([]);
  });
});
