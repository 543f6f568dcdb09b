/**
 * Text requests as OCCI 1.1 clients and other implementations send them,
 * through the server: Category references without class (resolved by
 * scheme and term, Core §5.3.1) in creates, filters, mixin associations and
 * action invocations; a Link after the attributes; relative locations. The
 * server reads them as their conformant forms and ignores the warnings the
 * renderings record.
 */
import type { FastifyInstance } from 'fastify';
import { beforeEach, describe, expect, it } from 'vitest';
import { BASE, COMPUTE_ACTION, INFRA, makeApp } from './harness.js';

let app: FastifyInstance;
beforeEach(async () => {
  app = await makeApp();
});

const KIND = `compute; scheme="${INFRA}"`;
const OS_TPL = `os_tpl; scheme="${INFRA}"`;

async function send(
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  type: 'text/plain' | 'text/occi',
  fields: [string, string][],
  accept = 'text/plain',
) {
  if (type === 'text/plain')
    return app.inject({
      method,
      url,
      headers: { 'content-type': type, accept },
      payload: fields.map(([n, v]) => `${n}: ${v}\r\n`).join(''),
    });
  const headers: Record<string, string> = { 'content-type': type, accept };
  for (const [n, v] of fields) {
    const key = n.toLowerCase();
    headers[key] = headers[key] ? `${headers[key]}, ${v}` : v;
  }
  return app.inject({ method, url, headers });
}

describe.each(['text/plain', 'text/occi'] as const)('Category references without class, in %s', (type) => {
  it('create (201), filter (200), mixin association (200) and action invocation (200)', async () => {
    const created = await send('POST', '/compute/', type, [
      ['Category', KIND],
      ['X-OCCI-Attribute', 'occi.compute.hostname="web-1"'],
    ]);
    expect(created.statusCode, created.body).toBe(201);
    const vm = String(created.headers.location);
    expect(vm).toMatch(new RegExp(`^${BASE}/compute/[0-9a-f-]{36}$`));
    expect(created.body).toBe(`X-OCCI-Location: ${vm}\r\n`);

    const filtered = await app.inject({
      method: 'GET',
      url: '/compute/',
      headers: {
        accept: 'text/uri-list',
        category: KIND,
        'x-occi-attribute': 'occi.compute.hostname="web-1"',
      },
    });
    expect(filtered.statusCode).toBe(200);
    expect(filtered.body).toBe(`${vm}\r\n`);

    const path = vm.slice(BASE.length);
    const tagged = await send('POST', path, type, [
      ['Category', `debian-12; scheme="http://occi.example/os_tpl#"`],
    ]);
    expect(tagged.statusCode, tagged.body).toBe(200);
    expect(tagged.body).toContain(
      'Category: debian-12; scheme="http://occi.example/os_tpl#"; class="mixin"\r\n',
    );

    const started = await send('POST', `${path}?action=start`, type, [
      ['Category', `start; scheme="${COMPUTE_ACTION}"`],
    ]);
    expect(started.statusCode, started.body).toBe(200);
    expect(started.body).toContain('X-OCCI-Attribute: occi.compute.state="active"\r\n');
  });

  it('the query interface filter: the categories related to a class-less one', async () => {
    const r = await app.inject({
      method: 'GET',
      url: '/-/',
      headers: { accept: 'text/plain', category: OS_TPL },
    });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain(`Category: os_tpl; scheme="${INFRA}"; class="mixin"`);
    expect(r.body).not.toContain('Category: storage;');
  });

  it('a class-less Category the model does not know is 400 naming it', async () => {
    const r = await send('POST', '/compute/', type, [
      ['Category', 'compute; scheme="http://example.com/other#"'],
    ]);
    expect(r.statusCode).toBe(400);
    const where = type === 'text/plain' ? 'line 1' : 'header field "category"';
    expect(r.body).toBe(
      `${where}: Category compute has no class, and the model has no category http://example.com/other#compute to take it from; give class="kind", "mixin" or "action" (§4.1)\r\n`,
    );
  });
});

describe('other non-conformant but unambiguous text requests', () => {
  async function network(): Promise<string> {
    const r = await send('POST', '/network/', 'text/plain', [
      ['Category', `network; scheme="${INFRA}"; class="kind"`],
    ]);
    expect(r.statusCode).toBe(201);
    return String(r.headers.location).slice(BASE.length);
  }

  it('a Link after the attributes, to a relative location: 201 with the link made', async () => {
    const net = await network();
    const r = await send('POST', '/compute/', 'text/plain', [
      ['Category', `compute; scheme="${INFRA}"; class="kind"`],
      ['X-OCCI-Attribute', 'occi.compute.cores=2'],
      ['Link', `<${net.slice(1)}>; rel="${INFRA}network"; category="${INFRA}networkinterface"`],
    ]);
    expect(r.statusCode, r.body).toBe(201);
    const vm = await app.inject({
      method: 'GET',
      url: String(r.headers.location).slice(BASE.length),
      headers: { accept: 'application/occi+json' },
    });
    const links = (JSON.parse(vm.body) as { links: { target: { location: string } }[] }).links;
    expect(links.map((l) => l.target.location)).toEqual([net]);
  });
});
