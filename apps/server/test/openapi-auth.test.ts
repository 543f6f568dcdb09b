/**
 * GET /openapi.json with authentication: the credentials the OCCI routes
 * need (401 with the same challenge), the security schemes in use, and a
 * document per caller (the caller's own mixins; an administrator's with
 * everyone's).
 */
import { createReferenceProvider, MemoryStore, Model } from '@occi/core';
import { crtp } from '@occi/crtp';
import { infrastructure } from '@occi/infrastructure';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDocument } from '../src/openapi/index.js';
import { type Doc, expectValidOpenApi, JSON_TYPE, userMixin } from './openapi-support.js';
import { basic, type Captured, inProcess } from './support/in-process.js';

let running: Captured | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('with authentication', () => {
  it('needs the credentials the OCCI routes need, and describes Basic and Bearer', async () => {
    running = await inProcess([], { alice: {}, bob: {} });
    const { app } = running.server;
    const anonymous = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe(
      'Basic realm="occi", charset="UTF-8", Bearer realm="occi"',
    );
    expect(anonymous.json().error).toMatchObject({ status: 401, problems: [{ code: 'other' }] });
    const wrong = await app.inject({
      method: 'GET',
      url: '/openapi.json',
      headers: { authorization: `Basic ${Buffer.from('alice:nope').toString('base64')}` },
    });
    expect(wrong.statusCode).toBe(401);

    const r = await app.inject({
      method: 'GET',
      url: '/openapi.json',
      headers: { authorization: basic('alice') },
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers.vary).toBe('Accept-Encoding, Authorization');
    expect(r.headers['cache-control']).toBe('private, no-cache');
    const doc = JSON.parse(r.body) as Doc;
    await expectValidOpenApi(doc);
    expect(doc.components.securitySchemes).toEqual({
      basic: { type: 'http', scheme: 'basic', description: 'A user name and password of the users file.' },
      bearer: { type: 'http', scheme: 'bearer', description: 'an API token of the users file' },
    });
    expect(doc.security).toEqual([{ basic: [] }, { bearer: [] }]);
    expect(doc.paths['/compute/'].get.responses['401'].$ref).toBe('#/components/responses/Unauthorized');
    expect(doc.components.responses.Unauthorized.headers['WWW-Authenticate']).toBeDefined();
  });

  it("answers each caller with the caller's own mixins, an administrator with everyone's", async () => {
    running = await inProcess([], { alice: {}, bob: {}, root: { admin: true } });
    const { app } = running.server;
    const define = async (user: string, location: string) => {
      const mixins = userMixin(user);
      mixins.mixins[0]!.location = location;
      const r = await app.inject({
        method: 'POST',
        url: '/-/',
        headers: { ...JSON_TYPE, authorization: basic(user) },
        payload: JSON.stringify(mixins),
      });
      expect(r.statusCode, r.body).toBe(200);
    };
    await define('alice', '/web_tier/');
    const of = async (user: string) =>
      JSON.parse(
        (await app.inject({ method: 'GET', url: '/openapi.json', headers: { authorization: basic(user) } }))
          .body,
      ) as Doc;
    const alice = await of('alice');
    const bob = await of('bob');
    expect(alice.paths['/web_tier/'].get.operationId).toBe('listWebTier');
    expect(bob.paths['/web_tier/']).toBeUndefined();
    expect(Object.keys(alice.paths).length).toBe(Object.keys(bob.paths).length + 1);
    // Two mixins of one term: the later one's names take its scheme's last word.
    await define('bob', '/bob_web_tier/');
    const root = await of('root');
    await expectValidOpenApi(root);
    expect(root.paths['/web_tier/'].get).toMatchObject({
      operationId: 'listWebTier',
      tags: ['web_tier (alice)'],
    });
    expect(root.paths['/bob_web_tier/'].get).toMatchObject({
      operationId: 'listWebTierBob',
      tags: ['web_tier (bob)'],
    });
    expect((await of('bob')).paths['/bob_web_tier/'].get.operationId).toBe('listWebTier');
  });

  it('names the OpenID provider and client certificates when configured', async () => {
    const store = new MemoryStore();
    const provider = createReferenceProvider({ model: Model.create([infrastructure, crtp]), store });
    const model = await provider.model({ user: 'alice' });
    const doc: Doc = buildDocument(model, {
      version: '1.2.3',
      maxPageSize: 100,
      publicUrl: 'https://occi.example/api/',
      auth: {
        usersFile: false,
        jwtKey: false,
        oidcIssuer: 'https://id.example/realms/occi/',
        clientCertificates: true,
      },
      challenge: 'Bearer realm="occi"',
    });
    await expectValidOpenApi(doc);
    expect(doc.info.version).toBe('1.2.3');
    expect(doc.servers).toEqual([{ url: 'https://occi.example/api' }]);
    expect(doc.components.securitySchemes.openId).toMatchObject({
      type: 'openIdConnect',
      openIdConnectUrl: 'https://id.example/realms/occi/.well-known/openid-configuration',
    });
    expect(doc.components.securitySchemes.bearer).toMatchObject({ scheme: 'bearer', bearerFormat: 'JWT' });
    expect(doc.components.securitySchemes.clientCertificate).toMatchObject({ type: 'mutualTLS' });
    expect(doc.security).toEqual([{ bearer: [] }, { openId: [] }, { clientCertificate: [] }]);
    // Only the extensions loaded: no platform or SLA paths.
    expect(doc.paths['/compute/']).toBeDefined();
    expect(doc.paths['/application/']).toBeUndefined();
  });
});
