/**
 * GET /openapi.json: a valid OpenAPI 3.1 document of the caller's model,
 * for the default server and with a user mixin; its caching (ETag, 304,
 * Vary, gzip). Authentication: openapi-auth.test.ts.
 */

import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildServer, parseConfig } from '../src/index.js';
import {
  type Doc,
  expectValidOpenApi,
  INFRA,
  JSON_TYPE,
  methodsOf,
  misfits,
  responseSchema,
  userMixin,
} from './openapi-support.js';

const START = 'http://schemas.ogf.org/occi/infrastructure/compute/action#start';
const STOP = 'http://schemas.ogf.org/occi/infrastructure/compute/action#stop';

const build = (argv: string[] = []) =>
  buildServer(parseConfig({ argv: ['--store', 'memory:', '--log-level', 'silent', ...argv], env: {} }));

describe('the document of the default server', () => {
  it('is valid OpenAPI 3.1 with the paths, methods and operations of every kind and mixin', async () => {
    const server = await build(['--page-size', '50']);
    const r = await server.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.headers.etag).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(r.headers.vary).toBe('Accept-Encoding');
    expect(r.headers['content-encoding']).toBeUndefined();
    const doc = JSON.parse(r.body) as Doc;
    await expectValidOpenApi(doc);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toBeUndefined();
    expect(doc.security).toBeUndefined();
    expect(doc.components.securitySchemes).toBeUndefined();

    // HTTP §9: a Kind collection takes GET, POST and DELETE; an entity GET, PUT, POST, DELETE; a Mixin collection all four.
    expect(methodsOf(doc.paths['/compute/'])).toEqual(['delete', 'get', 'post']);
    expect(methodsOf(doc.paths['/compute/{id}'])).toEqual(['delete', 'get', 'post', 'put']);
    expect(methodsOf(doc.paths['/os_tpl/'])).toEqual(['delete', 'get', 'post', 'put']);
    expect(methodsOf(doc.paths['/-/'])).toEqual(['delete', 'get', 'post']);
    expect(methodsOf(doc.paths['/.well-known/org/ogf/occi/-/'])).toEqual(['delete', 'get', 'post']);
    for (const at of ['/storage/', '/network/', '/networkinterface/{id}', '/agreement/', '/application/{id}'])
      expect(doc.paths[at], at).toBeDefined();
    // Core §5.3.8: a kind's collection holds its sub-kinds' entities; Entity has no collection.
    expect(doc.components.schemas.ResourceInput.properties.kind.enum).toEqual(
      expect.arrayContaining([
        `${INFRA}compute`,
        `${INFRA}storage`,
        'http://schemas.ogf.org/occi/core#resource',
      ]),
    );
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/entity'))).toEqual([]);

    const ids = (Object.values(doc.paths) as Doc[]).flatMap((item) =>
      methodsOf(item).map((m) => item[m].operationId as string),
    );
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [
      'discover',
      'defineMixins',
      'discoverWellKnown',
      'listAll',
      'listCompute',
      'createCompute',
      'getCompute',
      'putCompute',
      'updateCompute',
      'deleteCompute',
      'deleteAllCompute',
      'computeStart',
      'computeStartAll',
      'computeSave',
      'storageOnline',
      'networkUp',
      'agreementAccept',
      'listOsTpl',
      'addToOsTpl',
      'setOsTplMembers',
      'removeFromOsTpl',
      'listUbuntu2404',
    ])
      expect(ids).toContain(id);

    // Each action is its own POST ?action=<term> with its parameters (HTTP §8.4).
    const stop = doc.paths['/compute/{id}?action=stop'].post;
    expect(stop.operationId).toBe('computeStop');
    expect(stop['x-occi-action']).toBe(STOP);
    expect(stop.requestBody.$ref).toBe('#/components/requestBodies/ComputeStopInvocation');
    const invocation = doc.components.schemas.ComputeStopInvocation;
    expect(invocation.required).toEqual(['action']);
    expect(invocation.properties.action.const).toBe(STOP);
    expect(invocation.properties.attributes.properties.method).toEqual({
      type: 'string',
      enum: ['graceful', 'acpioff', 'poweroff'],
      default: 'poweroff',
      description: 'How to stop the instance.',
    });

    // Pagination and filters (HTTP §5, §6) of the collection listing.
    const list = doc.paths['/compute/'].get;
    const parameters = list.parameters.map((p: Doc) => doc.components.parameters[p.$ref.split('/').at(-1)]);
    expect(parameters.map((p: Doc) => `${p.in}:${p.name}`)).toEqual([
      'query:page',
      'query:number',
      'header:Category',
      'header:X-OCCI-Attribute',
    ]);
    expect(parameters[0].schema).toEqual({ type: 'integer', minimum: 1, default: 1 });
    expect(parameters[1].schema).toEqual({ type: 'integer', minimum: 1, maximum: 50, default: 50 });
    expect(list.responses['413'].$ref).toBe('#/components/responses/PayloadTooLarge');

    // Attribute types, patterns, defaults and mutability from the model (Infrastructure §3.1).
    const attributes = doc.components.schemas.ComputeAttributes.properties;
    expect(attributes['occi.compute.cores']).toEqual({
      type: 'integer',
      minimum: 1,
      description: 'Number of virtual CPU cores assigned to the instance.',
    });
    expect(attributes['occi.compute.state']).toMatchObject({
      enum: ['active', 'inactive', 'suspended', 'error'],
      default: 'inactive',
      readOnly: true,
    });
    expect(attributes['occi.core.id']).toBeUndefined();
    expect(attributes['occi.credentials.ssh.publickey'].description).toMatch(
      /With the mixin http:\/\/schemas\.ogf\.org\/occi\/infrastructure\/credentials#ssh_key\.$/,
    );
    expect(doc.components.schemas.Compute.properties.kind).toMatchObject({ const: `${INFRA}compute` });
    expect(doc.components.schemas.NetworkinterfaceInput.required).toEqual(['kind', 'source', 'target']);
    await server.close();
  });

  it('describes the bodies the server really answers, errors included', async () => {
    const server = await build();
    const doc = JSON.parse((await server.app.inject({ method: 'GET', url: '/openapi.json' })).body) as Doc;
    const create = await server.app.inject({
      method: 'POST',
      url: '/compute/',
      headers: JSON_TYPE,
      payload: JSON.stringify({ kind: `${INFRA}compute`, id: 'c1', attributes: { 'occi.compute.cores': 2 } }),
    });
    expect(create.statusCode).toBe(201);
    const createOp = doc.paths['/compute/'].post;
    expect(
      misfits(doc, responseSchema(doc, createOp, '201', 'application/occi+json'), create.json()),
    ).toEqual([]);
    const started = await server.app.inject({
      method: 'POST',
      url: '/compute/c1?action=start',
      headers: JSON_TYPE,
      payload: JSON.stringify({ action: START }),
    });
    const startOp = doc.paths['/compute/{id}?action=start'].post;
    expect(misfits(doc, responseSchema(doc, startOp, '200'), started.json())).toEqual([]);
    const body = started.json() as Doc;
    expect(body.attributes['occi.compute.state']).toBe('active');
    // The schemas can fail: a wrong kind and an unknown member are caught.
    const entity = doc.components.schemas.Compute;
    expect(misfits(doc, entity, { ...body, kind: `${INFRA}storage` })).toHaveLength(1);
    expect(misfits(doc, entity, { ...body, location: '/compute/c1' })).toEqual(['$: unexpected location']);

    const missing = await server.app.inject({ method: 'GET', url: '/compute/nothing', headers: JSON_TYPE });
    expect(missing.statusCode).toBe(404);
    const getOp = doc.paths['/compute/{id}'].get;
    expect(misfits(doc, responseSchema(doc, getOp, '404'), missing.json())).toEqual([]);
    const bad = await server.app.inject({
      method: 'POST',
      url: '/compute/',
      headers: JSON_TYPE,
      payload: JSON.stringify({ kind: `${INFRA}compute`, attributes: { 'occi.compute.core': 2 } }),
    });
    expect(bad.statusCode).toBe(400);
    expect(misfits(doc, responseSchema(doc, createOp, '400'), bad.json())).toEqual([]);
    await server.close();
  });

  it('is made once per model: the same ETag, 304 on If-None-Match, HEAD without a body', async () => {
    const server = await build();
    const first = await server.app.inject({ method: 'GET', url: '/openapi.json' });
    const again = await server.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.body).toBe(first.body);
    const revalidated = await server.app.inject({
      method: 'GET',
      url: '/openapi.json',
      headers: { 'if-none-match': `"other", ${first.headers.etag}` },
    });
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.body).toBe('');
    expect(revalidated.headers.etag).toBe(first.headers.etag);
    const head = await server.app.inject({ method: 'HEAD', url: '/openapi.json' });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    // Gzipped for a client that accepts it, the same document under the same (weak) validator.
    const gzipped = await server.app.inject({
      method: 'GET',
      url: '/openapi.json',
      headers: { 'accept-encoding': 'br;q=1, gzip;q=0.8' },
    });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers.etag).toBe(first.headers.etag);
    expect(gzipped.rawPayload.length).toBeLessThan(first.rawPayload.length / 8);
    expect(gunzipSync(gzipped.rawPayload).toString('utf8')).toBe(first.body);
    const refused = await server.app.inject({
      method: 'GET',
      url: '/openapi.json',
      headers: { 'accept-encoding': 'gzip;q=0, identity' },
    });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body).toBe(first.body);
    await server.close();
  });
});

describe('the document follows the model', () => {
  it('a user mixin adds its collection, typed; removing it removes them', async () => {
    const server = await build();
    const before = await server.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(JSON.parse(before.body).paths['/web_tier/']).toBeUndefined();
    const defined = await server.app.inject({
      method: 'POST',
      url: '/-/',
      headers: JSON_TYPE,
      payload: JSON.stringify(userMixin('anonymous')),
    });
    expect(defined.statusCode, defined.body).toBe(200);
    const after = await server.app.inject({
      method: 'GET',
      url: '/openapi.json',
      headers: { 'if-none-match': before.headers.etag as string },
    });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    const doc = JSON.parse(after.body) as Doc;
    await expectValidOpenApi(doc);
    const item = doc.paths['/web_tier/'];
    expect(methodsOf(item)).toEqual(['delete', 'get', 'post', 'put']);
    expect(item.get.operationId).toBe('listWebTier');
    expect(item.post.operationId).toBe('addToWebTier');
    expect(item.get.tags).toEqual(['web_tier (anonymous)']);
    // Its attributes are those a compute may carry while associated with it.
    expect(doc.components.schemas.ComputeAttributes.properties['example.tier.replicas']).toEqual({
      type: 'integer',
      minimum: 1,
      description: 'With the mixin http://occi.example/users/anonymous#web_tier.',
    });
    expect(doc.components.schemas.StorageAttributes.properties['example.tier.replicas']).toBeUndefined();
    expect(doc.tags).toContainEqual({
      name: 'web_tier (anonymous)',
      description: 'Mixin of anonymous: Web tier — http://occi.example/users/anonymous#web_tier',
    });

    const removed = await server.app.inject({
      method: 'DELETE',
      url: '/-/',
      headers: JSON_TYPE,
      payload: JSON.stringify(userMixin('anonymous')),
    });
    expect(removed.statusCode, removed.body).toBe(200);
    const last = await server.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(JSON.parse(last.body).paths['/web_tier/']).toBeUndefined();
    expect(last.headers.etag).toBe(before.headers.etag);
    await server.close();
  });
});
