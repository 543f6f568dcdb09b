import { join } from 'node:path';
import { createReferenceProvider, MemoryStore, Model } from '@occi/core';
import { occiPlugin } from '@occi/http/server';
import { infrastructure } from '@occi/infrastructure';
import { jsonRendering } from '@occi/render-json';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiToken, createAuthenticator, hashPassword, writeUsersFile } from '../../src/auth/index.js';
import { basicHeader, FAST, temporaryDirectory } from './support.js';

const COMPUTE = 'http://schemas.ogf.org/occi/infrastructure#compute';
const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function serve() {
  const path = join(await temporaryDirectory(), 'users.json');
  const { token, record } = createApiToken();
  await writeUsersFile(path, {
    version: 1,
    users: {
      alice: { password: await hashPassword('alice-password', FAST), admin: false, tokens: [record] },
      bob: { password: await hashPassword('bob-password', FAST), admin: false, tokens: [] },
      root: { password: await hashPassword('root-password', FAST), admin: true, tokens: [] },
    },
  });
  const auth = await createAuthenticator({ usersFile: path, passwordParams: FAST });
  const provider = createReferenceProvider({
    model: Model.create([infrastructure]),
    store: new MemoryStore(),
  });
  const app = Fastify();
  apps.push(app);
  await app.register(occiPlugin, {
    provider,
    renderings: [jsonRendering],
    baseUrl: 'http://occi.test',
    authenticate: auth.authenticate,
    challenge: auth.challenge,
  });
  await app.ready();
  return { app, token };
}

describe('the authenticator behind the OCCI HTTP plugin', () => {
  it('answers 401 with WWW-Authenticate for missing, malformed and wrong credentials', async () => {
    const { app } = await serve();
    for (const authorization of [
      undefined,
      'Basic ***',
      basicHeader('alice', 'nope'),
      'Bearer occi_x',
      'Negotiate x',
    ]) {
      const response = await app.inject({
        method: 'GET',
        url: '/-/',
        headers: { accept: 'application/occi+json', ...(authorization ? { authorization } : {}) },
      });
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toBe(
        'Basic realm="occi", charset="UTF-8", Bearer realm="occi"',
      );
    }
    const ok = await app.inject({
      method: 'GET',
      url: '/-/',
      headers: { accept: 'application/occi+json', authorization: basicHeader('alice', 'alice-password') },
    });
    expect(ok.statusCode).toBe(200);
  });

  it('gives each entity to its creator; others do not see it, an admin does', async () => {
    const { app, token } = await serve();
    const created = await app.inject({
      method: 'POST',
      url: '/compute/',
      headers: {
        'content-type': 'application/occi+json',
        accept: 'application/occi+json',
        authorization: `Bearer ${token}`,
      },
      payload: JSON.stringify({ kind: COMPUTE, attributes: { 'occi.compute.cores': 2 } }),
    });
    expect(created.statusCode).toBe(201);
    const location = new URL(String(created.headers.location)).pathname;
    const get = (authorization: string) =>
      app.inject({
        method: 'GET',
        url: location,
        headers: { accept: 'application/occi+json', authorization },
      });
    expect((await get(basicHeader('alice', 'alice-password'))).statusCode).toBe(200);
    expect((await get(basicHeader('bob', 'bob-password'))).statusCode).toBe(404);
    expect((await get(basicHeader('root', 'root-password'))).statusCode).toBe(200);
  });
});
