/**
 * Bearer JWTs from a real OpenID provider (`oidc-provider` on loopback):
 * discovery, key rotation followed by kid, expired tokens, audiences,
 * the admin claim, and a provider that is down or lies about its issuer.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { type BuildOptions, buildServer, type OcciServer } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import {
  AUDIENCE,
  type OpenIdProvider,
  signingKey,
  startOpenIdProvider,
} from '../support/openid-provider.js';
import { signJwt } from './support.js';

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.close()));
});

async function provider(...args: Parameters<typeof startOpenIdProvider>): Promise<OpenIdProvider> {
  const p = await startOpenIdProvider(...args);
  opened.push(p);
  return p;
}

async function server(argv: string[], build: BuildOptions = {}): Promise<OcciServer> {
  const s = await buildServer(
    parseConfig({ argv: ['--store', 'memory:', '--log-level', 'silent', ...argv], env: {} }),
    build,
  );
  opened.push(s);
  return s;
}

const get = (s: OcciServer, token: string, url = '/compute/') =>
  s.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}`, accept: 'text/plain' } });

/** A settable clock for the server: an expired token without waiting. */
function clock() {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms: number) => (offset += ms) };
}

describe('OpenID Connect', () => {
  it('accepts the provider’s tokens for this audience, naming the user by sub and admins by a claim', async () => {
    const idp = await provider([signingKey('k1')]);
    const s = await server([
      '--oidc-issuer',
      idp.issuer,
      '--jwt-audience',
      AUDIENCE,
      '--jwt-admin-claim',
      'groups=occi-admins',
    ]);
    const alice = await idp.token('alice');
    expect(JSON.parse(Buffer.from(alice.split('.')[0]!, 'base64url').toString())).toMatchObject({
      typ: 'at+jwt',
      kid: 'k1',
    });
    const created = await s.app.inject({
      method: 'POST',
      url: '/compute/',
      headers: { authorization: `Bearer ${alice}`, 'content-type': 'application/occi+json' },
      payload: JSON.stringify({ kind: 'http://schemas.ogf.org/occi/infrastructure#compute' }),
    });
    expect(created.statusCode).toBe(201);
    const location = created.headers.location as string;
    expect((await get(s, alice, new URL(location).pathname)).statusCode).toBe(200);
    // eve is no admin and sees nothing of alice's; ops is in the admin group and sees it.
    expect((await get(s, await idp.token('eve'), new URL(location).pathname)).statusCode).toBe(404);
    expect((await get(s, await idp.token('ops'), new URL(location).pathname)).statusCode).toBe(200);
    // The discovery document and the key set were each fetched once.
    expect(idp.hits.get('/.well-known/openid-configuration')).toBe(1);
    expect(idp.hits.get('/jwks')).toBe(1);
  });

  it('refuses a token for another audience, and an expired one', async () => {
    const idp = await provider([signingKey('k1')], 60);
    const time = clock();
    const s = await server(['--oidc-issuer', idp.issuer, '--jwt-audience', AUDIENCE], {
      authenticator: { now: time.now },
    });
    const other = await get(s, await idp.token('alice', 'urn:elsewhere'));
    expect(other.statusCode).toBe(401);
    expect(other.body).toContain('invalid token: the token is not meant for this server ("aud")');
    expect(other.headers['www-authenticate']).toBe('Bearer realm="occi"');
    const token = await idp.token('alice');
    expect((await get(s, token)).statusCode).toBe(200);
    time.advance(60_000 + 60_000 + 1000); // its 60 s, the 60 s of clock skew, and a second
    const expired = await get(s, token);
    expect(expired.statusCode).toBe(401);
    expect(expired.body).toContain('invalid token: expired ("exp" is past)');
  });

  it('follows a key rotation: a token signed with a new kid makes it fetch the key set again', async () => {
    const k1 = signingKey('k1');
    const idp = await provider([k1]);
    const s = await server(['--oidc-issuer', idp.issuer, '--jwt-audience', AUDIENCE], {
      authenticator: { oidc: { cooldownMs: 0 } },
    });
    const before = await idp.token('alice');
    expect((await get(s, before)).statusCode).toBe(200);
    idp.rotate([signingKey('k2'), k1]);
    const after = await idp.token('alice');
    expect(JSON.parse(Buffer.from(after.split('.')[0]!, 'base64url').toString()).kid).toBe('k2');
    expect((await get(s, after)).statusCode).toBe(200);
    expect((await get(s, before)).statusCode).toBe(200); // k1 is still published
    expect(idp.hits.get('/jwks')).toBe(2);
    // k1 withdrawn: tokens it signed stop verifying once the set is fetched again.
    idp.rotate([signingKey('k3')]);
    const third = await idp.token('alice');
    expect((await get(s, third)).statusCode).toBe(200);
    const old = await get(s, before);
    expect(old.statusCode).toBe(401);
    expect(old.body).toContain('invalid token: no key of the issuer matches the token ("kid" and "alg")');
  });

  it('does not let made-up key ids make it fetch the key set more than once per cool-down', async () => {
    const idp = await provider([signingKey('k1')]);
    const s = await server(['--oidc-issuer', idp.issuer, '--jwt-audience', AUDIENCE]);
    expect((await get(s, await idp.token('alice'))).statusCode).toBe(200);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const now = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 20; i++) {
      const forged = signJwt(
        { sub: 'mallory', iss: idp.issuer, aud: AUDIENCE, exp: now + 60 },
        'ES256',
        privateKey,
        {
          kid: `forged-${i}`,
        },
      );
      const r = await get(s, forged);
      expect(r.statusCode).toBe(401);
    }
    expect(idp.hits.get('/jwks')).toBe(1);
    // A token signed with the right key but an HMAC algorithm is refused: a key set never verifies HS*.
    const hs = signJwt(
      { sub: 'mallory', iss: idp.issuer, aud: AUDIENCE, exp: now + 60 },
      'HS256',
      Buffer.alloc(32),
      {
        kid: 'k1',
      },
    );
    expect((await get(s, hs)).body).toContain('invalid token: algorithm "HS256" is not accepted');
  });

  it('answers 503 while the provider cannot be reached or names another issuer, and recovers', async () => {
    const idp = await provider([signingKey('k1')]);
    const token = await idp.token('alice');
    const wrong = await server(['--oidc-issuer', `${idp.issuer}/`, '--jwt-audience', AUDIENCE]);
    const mismatch = await get(wrong, token);
    expect(mismatch.statusCode).toBe(503);
    expect(mismatch.body).toContain(`says its issuer is "${idp.issuer}", not ${idp.issuer}/`);
    const down = await server(['--oidc-issuer', 'http://127.0.0.1:9', '--jwt-audience', AUDIENCE], {
      authenticator: { oidc: { retryMs: 0 } },
    });
    const unreachable = await get(down, token);
    expect(unreachable.statusCode).toBe(503);
    expect(unreachable.body).toContain('cannot discover the OpenID provider http://127.0.0.1:9');
    // A provider down when the server starts: 503 naming why, then tokens work once it is back.
    idp.down(true);
    const later = await server(['--oidc-issuer', idp.issuer, '--jwt-audience', AUDIENCE], {
      authenticator: { oidc: { retryMs: 0 } },
    });
    const pending = await get(later, token);
    expect(pending.statusCode).toBe(503);
    expect(pending.body).toContain('HTTP 503');
    idp.down(false);
    expect((await get(later, token)).statusCode).toBe(200);
  });

  it('refuses configurations that would accept tokens of any audience or issuer without saying so', () => {
    const parse = (argv: string[]) => () => parseConfig({ argv, env: {} });
    expect(parse(['--oidc-issuer', 'https://idp.example'])).toThrow(
      '--jwt-audience: JWTs need the audience they must be meant for (e.g. your client id), or * to accept any explicitly',
    );
    expect(parse(['--oidc-issuer', 'http://idp.example', '--jwt-audience', 'x'])).toThrow(
      '--oidc-issuer: "http://idp.example" must be an https URL (http only on loopback)',
    );
    expect(
      parse(['--oidc-issuer', 'https://idp.example', '--jwt-audience', 'x', '--jwt-issuer', 'https://other']),
    ).toThrow('--jwt-issuer: https://other differs from --oidc-issuer https://idp.example');
    expect(parse(['--jwt-admin-claim', 'groups'])).toThrow(/--jwt-admin-claim: "groups" is not claim=value/);
  });
});
