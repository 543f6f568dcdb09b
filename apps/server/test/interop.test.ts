/**
 * Messages as other OCCI implementations write them (OCCI 1.1 clients such
 * as rOCCI's, lenient quoting, several categories in one header field,
 * inline links, absolute URLs) are understood by the composed server.
 */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, type OcciServer, parseConfig } from '../src/index.js';

const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';
let server: OcciServer;

beforeAll(async () => {
  server = await buildServer(parseConfig({ argv: ['--store', 'memory:', '--log-level', 'silent'], env: {} }));
});
afterAll(async () => {
  await server?.close();
});

const inject = (options: InjectOptions) => server.app.inject(options);
const json = async (location: string) =>
  JSON.parse(
    (await inject({ method: 'GET', url: location, headers: { accept: 'application/occi+json' } })).body,
  ) as {
    mixins: string[];
    title?: string;
    attributes: Record<string, unknown>;
    links: { kind: string; target: { location: string; kind: string } }[];
  };

describe('messages in the style of other implementations', () => {
  it('an OCCI 1.1 text/occi create: no spaces, a kind and a mixin in one Category field, URI-list answer', async () => {
    const r = await inject({
      method: 'POST',
      url: '/compute/',
      headers: {
        'content-type': 'text/occi',
        accept: 'text/uri-list',
        'user-agent': 'rOCCI-cli/4.3.0 OCCI/1.1',
        category: `compute;scheme="${INFRA}";class="kind",debian-12;scheme="http://occi.example/os_tpl#";class="mixin"`,
        'x-occi-attribute': 'occi.core.title="test vm",occi.compute.cores=2,occi.compute.memory=1.5',
      },
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.headers['content-type']).toBe('text/uri-list');
    const location = new URL(String(r.headers.location)).pathname;
    expect(r.body.trim()).toBe(String(r.headers.location));
    const vm = await json(location);
    expect(vm.title).toBe('test vm');
    expect(vm.mixins).toEqual(['http://occi.example/os_tpl#debian-12']);
    expect(vm.attributes).toMatchObject({
      'occi.compute.cores': 2,
      'occi.compute.memory': 1.5,
      'occi.compute.architecture': 'x64',
    });
  });

  it('OCCI 1.1 text/plain: CRLF, an unquoted class, a trailing semicolon, an unquoted enum value', async () => {
    const r = await inject({
      method: 'POST',
      url: '/compute/',
      headers: { 'content-type': 'text/plain', accept: 'text/plain' },
      payload: `Category: compute; scheme="${INFRA}"; class=kind;\r\nX-OCCI-Attribute: occi.compute.hostname="h1"\r\nX-OCCI-Attribute: occi.compute.architecture=x86\r\n`,
    });
    expect(r.statusCode, r.body).toBe(201);
    expect((await json(new URL(String(r.headers.location)).pathname)).attributes).toMatchObject({
      'occi.compute.hostname': 'h1',
      'occi.compute.architecture': 'x86',
    });
  });

  it('a create with an inline Link to a network, its kind given as the generic resource kind', async () => {
    const net = await inject({
      method: 'POST',
      url: '/network/',
      headers: { 'content-type': 'text/plain' },
      payload: `Category: network; scheme="${INFRA}"; class="kind"\n`,
    });
    const network = new URL(String(net.headers.location)).pathname;
    const r = await inject({
      method: 'POST',
      url: '/compute/',
      headers: { 'content-type': 'text/plain', accept: 'text/plain' },
      payload:
        `Category: compute; scheme="${INFRA}"; class="kind"\n` +
        `Link: <${network}>; rel="http://schemas.ogf.org/occi/core#resource"; category="${INFRA}networkinterface"\n`,
    });
    expect(r.statusCode, r.body).toBe(201);
    const vm = await json(new URL(String(r.headers.location)).pathname);
    expect(vm.links).toHaveLength(1);
    expect(vm.links[0]).toMatchObject({
      kind: `${INFRA}networkinterface`,
      target: { location: network, kind: `${INFRA}network` },
    });
  });

  it('an action in text/occi with Accept */*, and a link posted in application/json with absolute URLs', async () => {
    const c = await inject({
      method: 'POST',
      url: '/compute/',
      headers: { 'content-type': 'text/plain', host: 'occi.test' },
      payload: `Category: compute; scheme="${INFRA}"; class="kind"\n`,
    });
    const vm = new URL(String(c.headers.location)).pathname;
    const started = await inject({
      method: 'POST',
      url: `${vm}?action=start`,
      headers: {
        'content-type': 'text/occi',
        accept: '*/*',
        category: 'start;scheme="http://schemas.ogf.org/occi/infrastructure/compute/action#";class="action"',
      },
    });
    expect(started.statusCode, started.body).toBe(200);
    expect(started.headers['content-type']).toBe('text/plain');
    expect(started.body).toContain('occi.compute.state="active"');
    const net = await inject({
      method: 'POST',
      url: '/network/',
      headers: { 'content-type': 'text/plain', host: 'occi.test' },
      payload: `Category: network; scheme="${INFRA}"; class="kind"\n`,
    });
    const link = await inject({
      method: 'POST',
      url: '/networkinterface/',
      headers: { 'content-type': 'application/json', accept: 'application/json', host: 'occi.test' },
      payload: JSON.stringify({
        kind: `${INFRA}networkinterface`,
        id: 'urn:uuid:aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
        source: { location: `http://occi.test${vm}` },
        target: { location: String(net.headers.location), kind: `${INFRA}network` },
      }),
    });
    expect(link.statusCode, link.body).toBe(201);
    const body = JSON.parse(link.body) as {
      links: { id: string; source: { location: string }; attributes: Record<string, unknown> }[];
    };
    expect(body.links[0]).toMatchObject({
      id: 'urn:uuid:aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
      source: { location: vm },
    });
    expect(body.links[0]!.attributes['occi.networkinterface.interface']).toBe('eth0');
  });
});
