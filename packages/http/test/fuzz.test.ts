/**
 * Malformed requests of every kind get a 4xx naming the problem — never a
 * 500, never a crash: generated methods, paths, query strings, header
 * fields and bodies in every media type, against a server with entities.
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPUTE, INFRA, makeApp } from './harness.js';

let app: FastifyInstance;
let vm: string;

beforeAll(async () => {
  app = await makeApp();
  const created = await app.inject({
    method: 'POST',
    url: '/compute/',
    headers: { 'content-type': 'application/occi+json' },
    payload: JSON.stringify({ kind: COMPUTE }),
  });
  vm = new URL(String(created.headers.location)).pathname;
});

const occiLine = fc.oneof(
  fc.constantFrom(
    `compute; scheme="${INFRA}"; class="kind"`,
    `start; scheme="http://schemas.ogf.org/occi/infrastructure/compute/action#"; class="action"`,
    `os_tpl; scheme="${INFRA}"; class="mixin"`,
    'occi.compute.cores=2',
    'occi.compute.hostname="x"',
    '</compute/>; rel="x"',
    ';;;',
    '"',
    '=',
  ),
  fc.string({ maxLength: 60 }),
);

const body = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc
    .array(
      fc.tuple(fc.constantFrom('Category', 'X-OCCI-Attribute', 'Link', 'X-OCCI-Location', 'Bogus'), occiLine),
      { maxLength: 6 },
    )
    .map((lines) => lines.map(([name, value]) => `${name}: ${value}`).join('\n')),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc
    .record({
      kind: fc.oneof(fc.constant(COMPUTE), fc.string()),
      attributes: fc.dictionary(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 2 })),
    })
    .map((v) => JSON.stringify(v)),
);

const request = fc.record({
  method: fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'),
  path: fc.oneof(
    fc.constantFrom(
      '/',
      '/-/',
      '/.well-known/org/ogf/occi/-/',
      '/compute/',
      '/os_tpl/',
      '/network/',
      '/compute/x',
      '/-/x',
      '//',
      '/compute//x',
      '/%zz',
      '/compute/%00',
    ),
    fc.webPath().map((p) => (p.startsWith('/') ? p : `/${p}`)),
  ),
  query: fc.oneof(
    fc.constant(''),
    fc.constantFrom(
      '?action=start',
      '?action=',
      '?action=%00',
      '?page=1&number=2',
      '?page=-1',
      '?number=99999999999',
      '?action=start&action=stop',
    ),
    fc.webQueryParameters().map((q) => `?${q}`),
  ),
  contentType: fc.constantFrom(
    undefined,
    'text/plain',
    'text/occi',
    'text/occi+plain',
    'application/occi+json',
    'application/json',
    'text/uri-list',
    'application/xml',
    'text/plain; charset=utf-8',
    ';;',
    '',
  ),
  accept: fc.constantFrom(
    undefined,
    '*/*',
    'text/plain',
    'text/occi',
    'application/occi+json',
    'text/uri-list',
    'application/xml',
    'text/*;q=0.5, */*;q=0.1',
    ';q=',
    'x',
  ),
  category: fc.option(occiLine, { nil: undefined }),
  attribute: fc.option(occiLine, { nil: undefined }),
  body,
  entity: fc.boolean(),
});

describe('HTTP fuzz', () => {
  it('answers every generated request below 500', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const headers: Record<string, string> = {};
        if (r.contentType !== undefined) headers['content-type'] = r.contentType;
        if (r.accept !== undefined) headers.accept = r.accept;
        if (r.category !== undefined) headers.category = r.category;
        if (r.attribute !== undefined) headers['x-occi-attribute'] = r.attribute;
        const url = (r.entity ? vm : r.path) + r.query;
        const response = await app.inject({
          method: r.method as 'GET',
          url,
          headers,
          ...(r.method === 'GET' || r.method === 'HEAD' ? {} : { payload: r.body }),
        });
        if (response.statusCode >= 500)
          throw new Error(`${r.method} ${url} → ${response.statusCode}: ${response.body}`);
        expect(response.headers['content-type']).toBeDefined();
      }),
      { numRuns: 3000, seed: 20261129 },
    );
  }, 120_000);
});
