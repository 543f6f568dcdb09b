/** Bearer authentication: API tokens of the users file, and JWTs signed with the operator's key. */
import { generateKeyPairSync } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type AuthenticatorOptions,
  createApiToken,
  createAuthenticator,
  writeUsersFile,
} from '../../src/auth/index.js';
import { clock, refusal, request, usersFile } from './authenticator-support.js';
import { basicHeader, FAST, signJwt, temporaryDirectory } from './support.js';

describe('Bearer API tokens', () => {
  it('authenticate the token owner until the token is revoked', async () => {
    const { path, file } = await usersFile();
    const time = clock();
    const auth = await createAuthenticator({ passwordParams: FAST, usersFile: path, now: time.now });
    const { token, record } = createApiToken();
    file.users.root!.tokens.push(record);
    await writeUsersFile(path, file);
    time.advance(1000);
    expect(await auth.authenticate(request(`Bearer ${token}`))).toEqual({ user: 'root', admin: true });
    expect(await auth.authenticate(request(`bearer  ${token}`))).toEqual({ user: 'root', admin: true });

    file.users.root!.tokens = [];
    await writeUsersFile(path, file);
    time.advance(1000);
    expect(await refusal(auth.authenticate(request(`Bearer ${token}`)))).toBe(
      'invalid token: unknown or revoked API token',
    );
  });

  it('refuses unknown, altered and malformed tokens', async () => {
    const { path } = await usersFile();
    const auth = await createAuthenticator({ passwordParams: FAST, usersFile: path });
    const { token } = createApiToken();
    expect(await refusal(auth.authenticate(request(`Bearer ${token}`)))).toBe(
      'invalid token: unknown or revoked API token',
    );
    expect(await refusal(auth.authenticate(request('Bearer occi_123_abc')))).toBe(
      'invalid token: malformed API token',
    );
    expect(await refusal(auth.authenticate(request('Bearer')))).toBe(
      'malformed Bearer token: nothing after "Bearer"',
    );
    expect(await refusal(auth.authenticate(request('Bearer a b')))).toBe('malformed Bearer token');
    expect(await refusal(auth.authenticate(request('Bearer eyJ.x.y')))).toBe(
      'invalid token: not an API token of this server',
    );
  });

  it('does not accept a token of one user with another user id', async () => {
    const { path, file } = await usersFile();
    const a = createApiToken();
    const b = createApiToken();
    file.users.alice!.tokens.push(a.record);
    file.users.root!.tokens.push(b.record);
    await writeUsersFile(path, file);
    const auth = await createAuthenticator({ passwordParams: FAST, usersFile: path });
    const swapped = `occi_${b.record.id}_${a.token.split('_').slice(2).join('_')}`;
    expect(await refusal(auth.authenticate(request(`Bearer ${swapped}`)))).toBe(
      'invalid token: unknown or revoked API token',
    );
    expect(await auth.authenticate(request(`Bearer ${a.token}`))).toEqual({ user: 'alice', admin: false });
  });
});

describe('Bearer JWTs', () => {
  async function jwtSetup(extra: Partial<AuthenticatorOptions> = {}) {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const keyFile = join(await temporaryDirectory(), 'jwt.pem');
    await writeFile(keyFile, publicKey.export({ type: 'spki', format: 'pem' }));
    const time = clock();
    const { path } = await usersFile();
    const auth = await createAuthenticator({
      passwordParams: FAST,
      usersFile: path,
      jwtKeyFile: keyFile,
      jwtIssuer: 'https://idp',
      jwtAudience: 'occi',
      now: time.now,
      ...extra,
    });
    const seconds = time.now() / 1000;
    const sign = (claims: Record<string, unknown>, alg = 'ES256') =>
      signJwt({ exp: seconds + 600, iss: 'https://idp', aud: 'occi', ...claims }, alg, privateKey);
    return { auth, sign, time };
  }

  it('authenticate the subject, admin by the configured claim only, next to Basic and API tokens', async () => {
    const { auth, sign } = await jwtSetup({
      jwtAdminClaim: { path: ['realm_access', 'roles'], value: 'occi-admin' },
    });
    expect(await auth.authenticate(request(`Bearer ${sign({ sub: 'zoe' })}`))).toEqual({ user: 'zoe' });
    // The claims the old verifier hard-coded grant nothing now.
    expect(await auth.authenticate(request(`Bearer ${sign({ sub: 'eve', roles: ['admin'] })}`))).toEqual({
      user: 'eve',
    });
    expect(
      await auth.authenticate(
        request(`Bearer ${sign({ sub: 'ops', realm_access: { roles: ['occi-admin'] } })}`),
      ),
    ).toEqual({ user: 'ops', admin: true });
    const { auth: plain, sign: signPlain } = await jwtSetup();
    expect(
      await plain.authenticate(request(`Bearer ${signPlain({ sub: 'ops', roles: ['admin'] })}`)),
    ).toEqual({
      user: 'ops',
    });
    expect(await auth.authenticate(request(basicHeader('alice', 'alice-password')))).toEqual({
      user: 'alice',
      admin: false,
    });
  });

  it('check issuer, audience, expiry and algorithm', async () => {
    const { auth, sign, time } = await jwtSetup();
    const good = sign({ sub: 'zoe' });
    expect(await auth.authenticate(request(`Bearer ${good}`))).toEqual({ user: 'zoe' });
    expect(
      await refusal(auth.authenticate(request(`Bearer ${sign({ sub: 'zoe', iss: 'https://other' })}`))),
    ).toBe('invalid token: issuer "https://other" is not accepted');
    expect(await refusal(auth.authenticate(request(`Bearer ${sign({ sub: 'zoe', iss: undefined })}`)))).toBe(
      'invalid token: the token has no "iss" claim',
    );
    expect(await refusal(auth.authenticate(request(`Bearer ${sign({ sub: 'zoe', aud: 'other' })}`)))).toBe(
      'invalid token: the token is not meant for this server ("aud")',
    );
    expect(await refusal(auth.authenticate(request(`Bearer ${sign({ sub: 'zoe', exp: undefined })}`)))).toBe(
      'invalid token: the token has no "exp" claim',
    );
    expect(
      await refusal(auth.authenticate(request(`Bearer ${signJwt({ sub: 'zoe' }, 'none', null)}`))),
    ).toMatch(/^invalid token: /);
    time.advance(661_000);
    expect(await refusal(auth.authenticate(request(`Bearer ${good}`)))).toBe(
      'invalid token: expired ("exp" is past)',
    );
  });

  it('uses a configured user claim', async () => {
    const { auth, sign } = await jwtSetup({ jwtUserClaim: 'preferred_username' });
    expect(
      await auth.authenticate(request(`Bearer ${sign({ sub: 'x1', preferred_username: 'zoe' })}`)),
    ).toEqual({
      user: 'zoe',
    });
  });

  it('refuses a JWT when no key is configured', async () => {
    const { path } = await usersFile();
    const auth = await createAuthenticator({ passwordParams: FAST, usersFile: path });
    const { privateKey } = generateKeyPairSync('ed25519');
    expect(
      await refusal(auth.authenticate(request(`Bearer ${signJwt({ sub: 'zoe' }, 'EdDSA', privateKey)}`))),
    ).toBe('invalid token: not an API token of this server');
  });
});
