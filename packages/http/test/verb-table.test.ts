/**
 * The verb table of HTTP §7–§9 (table 1), row by row, in each of the three
 * renderings, through `app.inject()` with the reference provider and the
 * infrastructure extension.
 */
import type { FastifyInstance } from 'fastify';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  BASE,
  COMPUTE,
  COMPUTE_ACTION,
  INFRA,
  makeApp,
  NETWORK,
  NETWORKINTERFACE,
  RENDERINGS,
  type RenderingName,
  request,
} from './harness.js';

const compute = { term: 'compute', scheme: INFRA, class: 'kind' as const };
const network = { term: 'network', scheme: INFRA, class: 'kind' as const };
const action = (term: string) => ({ term, scheme: COMPUTE_ACTION, class: 'action' as const });
const ACCEPT_ALL_ENTITY = 'text/plain, text/occi, application/occi+json';

let app: FastifyInstance;
beforeEach(async () => {
  app = await makeApp();
});

/** The locations a collection response lists, in any rendering. */
function locationsOf(
  rendering: RenderingName,
  response: { headers: Record<string, unknown>; body: string },
): string[] {
  if (rendering === 'application/occi+json') {
    const body = JSON.parse(response.body) as {
      resources?: { id: string; kind: string }[];
      links?: { id: string }[];
    };
    return [...(body.resources ?? []), ...(body.links ?? [])].map((e) => {
      const key = e.id.replace('urn:uuid:', '');
      return (e as { kind?: string }).kind === NETWORK ? `/network/${key}` : `/compute/${key}`;
    });
  }
  const raw =
    rendering === 'text/occi'
      ? String(response.headers['x-occi-location'] ?? '')
          .split(',')
          .map((s) => s.trim())
      : response.body
          .split('\n')
          .filter((l) => l.startsWith('X-OCCI-Location:'))
          .map((l) => l.slice('X-OCCI-Location:'.length).trim());
  return raw.filter((s) => s !== '').map((url) => new URL(url).pathname);
}

/** The value of an attribute in an entity response, in any rendering. */
function attributeOf(
  rendering: RenderingName,
  response: { headers: Record<string, unknown>; body: string },
  name: string,
): unknown {
  if (rendering === 'application/occi+json')
    return (JSON.parse(response.body) as { attributes: Record<string, unknown> }).attributes[name];
  const text =
    rendering === 'text/occi'
      ? String(response.headers['x-occi-attribute'] ?? '')
      : response.body
          .split('\n')
          .filter((l) => l.startsWith('X-OCCI-Attribute:'))
          .join(', ');
  const m = text.match(new RegExp(`${name.replace(/\./g, '\\.')}=("(?:[^"\\\\]|\\\\.)*"|[^,\\s]+)`));
  if (!m) return undefined;
  const v = m[1]!;
  return v.startsWith('"') ? JSON.parse(v) : Number.isNaN(Number(v)) ? v === 'true' : Number(v);
}

async function createCompute(
  rendering: RenderingName,
  hostname = 'vm1',
  extra: Record<string, string | number> = {},
): Promise<string> {
  const r = request(
    rendering,
    { categories: [compute], attributes: { 'occi.compute.hostname': hostname, ...extra } },
    { kind: COMPUTE, attributes: { 'occi.compute.hostname': hostname, ...extra } },
  );
  const response = await app.inject({ method: 'POST', url: '/compute/', ...r });
  expect(response.statusCode, response.body).toBe(201);
  return new URL(String(response.headers.location)).pathname;
}

async function invoke(rendering: RenderingName, location: string, term: string) {
  const r = request(
    rendering,
    { categories: [action(term)] },
    { action: COMPUTE_ACTION + term, attributes: {} },
  );
  return app.inject({ method: 'POST', url: `${location}?action=${term}`, ...r });
}

describe.each(RENDERINGS)('verb table in %s', (rendering) => {
  describe('Entity sub-type instance (HTTP §8)', () => {
    it('GET retrieves the entity rendering with 200 and an ETag (§8.1)', async () => {
      const location = await createCompute(rendering);
      const response = await app.inject({ method: 'GET', url: location, headers: { accept: rendering } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(new RegExp(`^${rendering.replace('+', '\\+')}`));
      expect(response.headers.etag).toBe('"1"');
      expect(attributeOf(rendering, response, 'occi.compute.hostname')).toBe('vm1');
      expect(attributeOf(rendering, response, 'occi.compute.state')).toBe('inactive');
      if (rendering === 'text/occi') expect(response.body).toBe('OK');
    });

    it('PUT creates an entity at the given path with 201 and an absolute Location (§8.2.1)', async () => {
      const r = request(
        rendering,
        { categories: [compute], attributes: { 'occi.compute.cores': 2 } },
        { kind: COMPUTE, attributes: { 'occi.compute.cores': 2 } },
      );
      const response = await app.inject({ method: 'PUT', url: '/compute/my-vm', ...r });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.headers.location).toBe(`${BASE}/compute/my-vm`);
      const got = await app.inject({ method: 'GET', url: '/compute/my-vm', headers: { accept: rendering } });
      expect(attributeOf(rendering, got, 'occi.compute.cores')).toBe(2);
    });

    it('PUT replaces an existing entity with 200, leaving its links intact (§8.2.2)', async () => {
      const location = await createCompute(rendering, 'before');
      const net = await app.inject({
        method: 'POST',
        url: '/network/',
        ...request(rendering, { categories: [network] }, { kind: NETWORK }),
      });
      const netLocation = new URL(String(net.headers.location)).pathname;
      const link = await app.inject({
        method: 'POST',
        url: '/networkinterface/',
        ...request(
          rendering,
          {
            categories: [{ term: 'networkinterface', scheme: INFRA, class: 'kind' }],
            attributes: { 'occi.core.source': location, 'occi.core.target': netLocation },
          },
          {
            kind: NETWORKINTERFACE,
            source: { location },
            target: { location: netLocation },
            id: 'urn:uuid:11111111-2222-3333-4444-555555555555',
          },
        ),
      });
      expect(link.statusCode, link.body).toBe(201);
      const r = request(
        rendering,
        { categories: [compute], attributes: { 'occi.compute.hostname': 'after' } },
        { kind: COMPUTE, attributes: { 'occi.compute.hostname': 'after' } },
      );
      const response = await app.inject({ method: 'PUT', url: location, ...r });
      expect(response.statusCode, response.body).toBe(200);
      expect(attributeOf(rendering, response, 'occi.compute.hostname')).toBe('after');
      expect(attributeOf(rendering, response, 'occi.compute.state')).toBe('inactive');
      const got = await app.inject({
        method: 'GET',
        url: location,
        headers: { accept: 'application/occi+json' },
      });
      expect((JSON.parse(got.body) as { links: unknown[] }).links).toHaveLength(1);
    });

    it('POST partially updates with 200 and the entity rendering (§8.3.1)', async () => {
      const location = await createCompute(rendering, 'vm1', { 'occi.compute.cores': 1 });
      const r = request(
        rendering,
        { attributes: { 'occi.compute.cores': 4 } },
        { attributes: { 'occi.compute.cores': 4 } },
      );
      const response = await app.inject({ method: 'POST', url: location, ...r });
      expect(response.statusCode, response.body).toBe(200);
      expect(attributeOf(rendering, response, 'occi.compute.cores')).toBe(4);
      expect(attributeOf(rendering, response, 'occi.compute.hostname')).toBe('vm1');
      expect(response.headers.etag).toBe('"2"');
    });

    it('POST ?action=term triggers the action with 200 (§8.4)', async () => {
      const location = await createCompute(rendering);
      const response = await invoke(rendering, location, 'start');
      expect(response.statusCode, response.body).toBe(200);
      expect(attributeOf(rendering, response, 'occi.compute.state')).toBe('active');
    });

    it('POST ?action=term with an invocation of another action is 400 (§8.4: the value MUST equal the term)', async () => {
      const location = await createCompute(rendering);
      const r = request(
        rendering,
        { categories: [action('stop')] },
        { action: `${COMPUTE_ACTION}stop`, attributes: {} },
      );
      const response = await app.inject({ method: 'POST', url: `${location}?action=start`, ...r });
      expect(response.statusCode).toBe(400);
      expect(response.body + JSON.stringify(response.headers)).toMatch(/\?action=start/);
    });

    it('an action the state does not allow is 409 and leaves the entity unchanged', async () => {
      const location = await createCompute(rendering);
      const response = await invoke(rendering, location, 'stop');
      expect(response.statusCode).toBe(409);
      const got = await app.inject({ method: 'GET', url: location, headers: { accept: rendering } });
      expect(attributeOf(rendering, got, 'occi.compute.state')).toBe('inactive');
      expect(got.headers.etag).toBe('"1"');
    });

    it('DELETE removes the entity with 200; GET is then 404 (§8.5)', async () => {
      const location = await createCompute(rendering);
      const response = await app.inject({ method: 'DELETE', url: location, headers: { accept: rendering } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBeDefined();
      const got = await app.inject({ method: 'GET', url: location, headers: { accept: rendering } });
      expect(got.statusCode).toBe(404);
      expect(got.body + JSON.stringify(got.headers)).toContain(location);
    });
  });

  describe('Entity sub-type instance collection (HTTP §9)', () => {
    it('GET retrieves the collection (§9.1)', async () => {
      const a = await createCompute(rendering, 'a');
      const b = await createCompute(rendering, 'b');
      const response = await app.inject({ method: 'GET', url: '/compute/', headers: { accept: rendering } });
      expect(response.statusCode).toBe(200);
      expect(locationsOf(rendering, response)).toEqual([a, b]);
    });

    it('POST creates with 201 and a Location (§9.3.1)', async () => {
      const location = await createCompute(rendering);
      expect(location).toMatch(/^\/compute\/[0-9a-f-]{36}$/);
    });

    it('POST ?action=term acts on every entity of the collection (§9.4)', async () => {
      const a = await createCompute(rendering, 'a');
      const b = await createCompute(rendering, 'b');
      const r = request(
        rendering,
        { categories: [action('start')] },
        { action: `${COMPUTE_ACTION}start`, attributes: {} },
      );
      const response = await app.inject({ method: 'POST', url: '/compute/?action=start', ...r });
      expect(response.statusCode, response.body).toBe(200);
      for (const location of [a, b]) {
        const got = await app.inject({ method: 'GET', url: location, headers: { accept: rendering } });
        expect(attributeOf(rendering, got, 'occi.compute.state')).toBe('active');
      }
    });

    it('DELETE removes every entity of the collection (§9.5.1)', async () => {
      await createCompute(rendering, 'a');
      await createCompute(rendering, 'b');
      const response = await app.inject({
        method: 'DELETE',
        url: '/compute/',
        headers: { accept: rendering },
      });
      expect(response.statusCode).toBe(200);
      const list = await app.inject({ method: 'GET', url: '/compute/', headers: { accept: rendering } });
      expect(locationsOf(rendering, list)).toEqual([]);
    });

    it('PUT is not defined: 405 with Allow', async () => {
      const response = await app.inject({
        method: 'PUT',
        url: '/compute/',
        ...request(rendering, { categories: [compute] }, { kind: COMPUTE }),
      });
      expect(response.statusCode).toBe(405);
      expect(response.headers.allow).toBe('GET, HEAD, POST, DELETE, OPTIONS');
    });
  });

  describe('Mixin-defined collection (HTTP §9)', () => {
    const tag = {
      term: 'my_stuff',
      scheme: 'http://example.com/occi/alice#',
      class: 'mixin' as const,
      location: '/my_stuff/',
    };
    const tagId = `${tag.scheme}${tag.term}`;

    async function defineTag() {
      const r = request(
        rendering,
        { categories: [tag] },
        { mixins: [{ term: tag.term, scheme: tag.scheme, location: tag.location }] },
      );
      const response = await app.inject({ method: 'POST', url: '/-/', ...r });
      expect(response.statusCode, response.body).toBe(200);
    }

    function references(locations: string[]) {
      return request(
        rendering,
        { locations: locations.map((l) => BASE + l) },
        { resources: locations.map((l) => ({ kind: COMPUTE, id: `urn:uuid:${l.split('/').pop()}` })) },
      );
    }

    it('POST associates entities, GET lists them, PUT replaces, DELETE dissociates (§9.2, §9.3.2, §9.5.2)', async () => {
      await defineTag();
      const a = await createCompute(rendering, 'a');
      const b = await createCompute(rendering, 'b');
      let response = await app.inject({ method: 'POST', url: '/my_stuff/', ...references([a]) });
      expect(response.statusCode, response.body).toBe(200);
      expect(locationsOf(rendering, response)).toEqual([a]);
      response = await app.inject({ method: 'GET', url: '/my_stuff/', headers: { accept: rendering } });
      expect(locationsOf(rendering, response)).toEqual([a]);
      const got = await app.inject({ method: 'GET', url: a, headers: { accept: 'application/occi+json' } });
      expect((JSON.parse(got.body) as { mixins: string[] }).mixins).toEqual([tagId]);

      response = await app.inject({ method: 'PUT', url: '/my_stuff/', ...references([b]) });
      expect(response.statusCode, response.body).toBe(200);
      expect(locationsOf(rendering, response)).toEqual([b]);

      response = await app.inject({ method: 'DELETE', url: '/my_stuff/', ...references([b]) });
      expect(response.statusCode, response.body).toBe(200);
      response = await app.inject({ method: 'GET', url: '/my_stuff/', headers: { accept: rendering } });
      expect(locationsOf(rendering, response)).toEqual([]);
    });

    it('POST ?action=term acts on the members (§9.4)', async () => {
      await defineTag();
      const a = await createCompute(rendering, 'a');
      const b = await createCompute(rendering, 'b');
      await app.inject({ method: 'POST', url: '/my_stuff/', ...references([a]) });
      const r = request(
        rendering,
        { categories: [action('start')] },
        { action: `${COMPUTE_ACTION}start`, attributes: {} },
      );
      const response = await app.inject({ method: 'POST', url: '/my_stuff/?action=start', ...r });
      expect(response.statusCode, response.body).toBe(200);
      const ga = await app.inject({ method: 'GET', url: a, headers: { accept: rendering } });
      const gb = await app.inject({ method: 'GET', url: b, headers: { accept: rendering } });
      expect(attributeOf(rendering, ga, 'occi.compute.state')).toBe('active');
      expect(attributeOf(rendering, gb, 'occi.compute.state')).toBe('inactive');
    });
  });

  describe('Query interface (HTTP §7)', () => {
    it('GET returns every category with 200, at /-/ and the well-known path (§7.1)', async () => {
      const one = await app.inject({ method: 'GET', url: '/-/', headers: { accept: rendering } });
      const two = await app.inject({
        method: 'GET',
        url: '/.well-known/org/ogf/occi/-/',
        headers: { accept: rendering },
      });
      expect(one.statusCode).toBe(200);
      expect(two.statusCode).toBe(200);
      expect(two.body).toBe(one.body);
      const text = one.body + JSON.stringify(one.headers);
      expect(text).toContain('compute');
      expect(text).toContain('/compute/');
      expect(text).toContain('http://schemas.ogf.org/occi/infrastructure/compute/action#');
    });

    it('POST adds a user mixin (200) and DELETE removes it (200) (§7.3, §7.4)', async () => {
      const tag = {
        term: 'tag1',
        scheme: 'http://example.com/occi/alice#',
        class: 'mixin' as const,
        location: '/tag1/',
      };
      const add = request(
        rendering,
        { categories: [tag] },
        { mixins: [{ term: 'tag1', scheme: tag.scheme, location: '/tag1/' }] },
      );
      expect((await app.inject({ method: 'POST', url: '/-/', ...add })).statusCode).toBe(200);
      expect(
        (await app.inject({ method: 'GET', url: '/tag1/', headers: { accept: rendering } })).statusCode,
      ).toBe(200);
      const del = await app.inject({ method: 'DELETE', url: '/-/', ...add });
      expect(del.statusCode, del.body).toBe(200);
      expect(
        (await app.inject({ method: 'GET', url: '/tag1/', headers: { accept: rendering } })).statusCode,
      ).toBe(404);
    });

    it('mixins of the specification or the provider cannot be deleted (403)', async () => {
      const osTpl = { term: 'os_tpl', scheme: INFRA, class: 'mixin' as const };
      const r = request(
        rendering,
        { categories: [osTpl] },
        { mixins: [{ term: 'os_tpl', scheme: INFRA, location: '/os_tpl/' }] },
      );
      const response = await app.inject({ method: 'DELETE', url: '/-/', ...r });
      expect(response.statusCode).toBe(403);
    });

    it('PUT is not defined: 405 with Allow', async () => {
      const response = await app.inject({ method: 'PUT', url: '/-/', headers: { accept: rendering } });
      expect(response.statusCode).toBe(405);
      expect(response.headers.allow).toBe('GET, HEAD, POST, DELETE, OPTIONS');
    });
  });

  it('errors carry a body in the negotiated rendering that names the problem', async () => {
    const r = request(
      rendering,
      { categories: [compute], attributes: { 'occi.compute.speed': 2 } },
      { kind: COMPUTE, attributes: { 'occi.compute.speed': 2 } },
    );
    const response = await app.inject({ method: 'POST', url: '/compute/', ...r });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(new RegExp(`^${rendering.replace('+', '\\+')}`));
    expect(response.body).toContain('occi.compute.speed');
    if (rendering === 'application/occi+json')
      expect(JSON.parse(response.body)).toMatchObject({
        error: { status: 400, problems: [{ code: 'unknown-attribute', attribute: 'occi.compute.speed' }] },
      });
  });
});

describe('response headers (HTTP §5.2, §5.3)', () => {
  it('Server carries OCCI/1.2 and the CRTP claim; Accept lists the media types', async () => {
    const response = await app.inject({ method: 'GET', url: '/-/' });
    expect(response.headers.server).toBe('occi-ts OCCI/1.2 OCCI-CRTP-EP/1.1');
    expect(response.headers.accept).toBe(
      'text/plain, text/occi+plain, text/occi, text/uri-list, application/occi+json, application/json',
    );
  });

  it.each(['occi-client/1.0 OCCI/1.3', 'x OCCI/2.0'])(
    'a User-Agent announcing %s is answered 501',
    async (ua) => {
      const response = await app.inject({ method: 'GET', url: '/-/', headers: { 'user-agent': ua } });
      expect(response.statusCode).toBe(501);
      expect(response.body).toContain('OCCI/1.2');
    },
  );

  it.each(['occi-client/1.0 OCCI/1.2', 'rOCCI OCCI/1.1', 'curl/8.0'])(
    'a User-Agent %s is served',
    async (ua) => {
      const response = await app.inject({ method: 'GET', url: '/-/', headers: { 'user-agent': ua } });
      expect(response.statusCode).toBe(200);
    },
  );

  it('every response has a Content-Type, errors included', async () => {
    for (const [method, url] of [
      ['GET', '/-/'],
      ['GET', '/compute/nope'],
      ['PUT', '/-/'],
      ['OPTIONS', '/compute/'],
    ] as const) {
      const response = await app.inject({ method, url });
      expect(response.headers['content-type'], `${method} ${url}`).toBeDefined();
    }
  });
});

describe('content negotiation', () => {
  it('without Accept, text/plain is the default', async () => {
    const response = await app.inject({ method: 'GET', url: '/-/' });
    expect(response.headers['content-type']).toBe('text/plain');
  });

  it('q-values pick the preferred acceptable type', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/-/',
      headers: { accept: 'text/plain;q=0.5, application/occi+json;q=0.9, text/occi;q=0.1' },
    });
    expect(response.headers['content-type']).toMatch(/^application\/occi\+json/);
  });

  it('application/json is served by the JSON rendering', async () => {
    const response = await app.inject({ method: 'GET', url: '/-/', headers: { accept: 'application/json' } });
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(response.body)).toHaveProperty('kinds');
  });

  it('nothing acceptable is 406', async () => {
    const response = await app.inject({ method: 'GET', url: '/-/', headers: { accept: 'application/xml' } });
    expect(response.statusCode).toBe(406);
    expect(response.body).toContain('application/xml');
  });

  it('an unsupported request media type is 415', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/compute/',
      headers: { 'content-type': 'application/xml' },
      payload: '<compute/>',
    });
    expect(response.statusCode).toBe(415);
    expect(response.body).toContain('application/xml');
  });

  it('text/uri-list lists collections and the namespace', async () => {
    const a = await createCompute('text/plain');
    const response = await app.inject({
      method: 'GET',
      url: '/compute/',
      headers: { accept: 'text/uri-list' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/uri-list');
    expect(response.body.trim()).toBe(BASE + a);
    const root = await app.inject({ method: 'GET', url: '/', headers: { accept: 'text/uri-list' } });
    expect(root.body.trim()).toBe(BASE + a);
  });

  it('text/uri-list for anything but a listing is 400 (GFD.229 §8)', async () => {
    const a = await createCompute('text/plain');
    const response = await app.inject({ method: 'GET', url: a, headers: { accept: 'text/uri-list' } });
    expect(response.statusCode).toBe(400);
    const discovery = await app.inject({ method: 'GET', url: '/-/', headers: { accept: 'text/uri-list' } });
    expect(discovery.statusCode).toBe(400);
  });
});

describe('pagination (HTTP §5)', () => {
  it('pages through a collection; past the end is 200 with an empty collection', async () => {
    const all: string[] = [];
    for (let i = 0; i < 5; i++) all.push(await createCompute('text/plain', `vm${i}`));
    const page = async (p: number, n: number) =>
      locationsOf(
        'text/plain',
        await app.inject({
          method: 'GET',
          url: `/compute/?page=${p}&number=${n}`,
          headers: { accept: 'text/plain' },
        }),
      );
    expect(await page(1, 2)).toEqual(all.slice(0, 2));
    expect(await page(2, 2)).toEqual(all.slice(2, 4));
    expect(await page(3, 2)).toEqual(all.slice(4));
    const past = await app.inject({
      method: 'GET',
      url: '/compute/?page=4&number=2',
      headers: { accept: 'application/occi+json' },
    });
    expect(past.statusCode).toBe(200);
    expect(JSON.parse(past.body)).toEqual({ resources: [] });
  });

  it('a number above the maximum is 413', async () => {
    const response = await app.inject({ method: 'GET', url: '/compute/?page=1&number=1001' });
    expect(response.statusCode).toBe(413);
    expect(response.body).toContain('1000');
  });

  it.each(['page=0&number=2', 'page=x', 'number=-1', 'page=1.5&number=2'])('?%s is 400', async (q) => {
    const response = await app.inject({ method: 'GET', url: `/compute/?${q}` });
    expect(response.statusCode).toBe(400);
  });
});

describe('filtering (HTTP §6)', () => {
  it('the query interface returns only categories related to the one in the request headers (§6.1)', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/-/',
      headers: { accept: 'application/occi+json', category: `os_tpl; scheme="${INFRA}"; class="mixin"` },
    });
    expect(response.statusCode).toBe(200);
    const body = JSON.parse(response.body) as {
      kinds: unknown[];
      mixins: { term: string }[];
      actions: unknown[];
    };
    expect(body.kinds).toEqual([]);
    expect(body.mixins.map((m) => m.term)).toContain('os_tpl');
    expect(body.mixins.map((m) => m.term)).not.toContain('resource_tpl');
  });

  it('a collection is filtered by attribute values in the request headers (§6.2)', async () => {
    await createCompute('text/plain', 'alpha');
    const beta = await createCompute('text/plain', 'beta');
    const response = await app.inject({
      method: 'GET',
      url: '/compute/',
      headers: { accept: 'text/plain', 'x-occi-attribute': 'occi.compute.hostname="beta"' },
    });
    expect(locationsOf('text/plain', response)).toEqual([beta]);
  });

  it('filter header fields are read whatever the Content-Type of the request (§6)', async () => {
    await createCompute('text/plain', 'alpha');
    const beta = await createCompute('text/plain', 'beta');
    const response = await app.inject({
      method: 'GET',
      url: '/compute/',
      headers: {
        accept: 'text/plain',
        'content-type': 'text/plain',
        'x-occi-attribute': 'occi.compute.hostname="beta"',
      },
    });
    expect(locationsOf('text/plain', response)).toEqual([beta]);
  });

  it('an unbound path is filtered by Category (§6.2)', async () => {
    const vm = await createCompute('text/plain');
    await app.inject({
      method: 'POST',
      url: '/network/',
      ...request('text/plain', { categories: [network] }),
    });
    const response = await app.inject({
      method: 'GET',
      url: '/',
      headers: { accept: 'text/plain', category: `compute; scheme="${INFRA}"; class="kind"` },
    });
    expect(locationsOf('text/plain', response)).toEqual([vm]);
  });
});

describe('namespace (HTTP §4)', () => {
  it('every kind but entity, and every mixin, is bound to a location', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/-/',
      headers: { accept: 'application/occi+json' },
    });
    const body = JSON.parse(response.body) as {
      kinds: { term: string; location?: string }[];
      mixins: { location?: string }[];
    };
    for (const kind of body.kinds)
      expect(kind.location === undefined, kind.term).toBe(kind.term === 'entity');
    for (const mixin of body.mixins) expect(mixin.location).toMatch(/^\/.+\/$/);
  });

  it('an unbound path answers the union of the collections below it', async () => {
    const vm = await createCompute('text/plain');
    const net = await app.inject({
      method: 'POST',
      url: '/network/',
      ...request('text/plain', { categories: [network] }),
    });
    const response = await app.inject({ method: 'GET', url: '/', headers: { accept: 'text/uri-list' } });
    expect(response.body.trim().split(/\r?\n/).sort()).toEqual(
      [BASE + vm, String(net.headers.location)].sort(),
    );
  });

  it('a path with nothing bound below it is 404', async () => {
    const response = await app.inject({ method: 'GET', url: '/nothing/here/' });
    expect(response.statusCode).toBe(404);
  });
});

describe('HEAD, OPTIONS and preconditions', () => {
  it('HEAD answers the GET headers without a body', async () => {
    const a = await createCompute('text/plain');
    const get = await app.inject({ method: 'GET', url: a, headers: { accept: 'text/plain' } });
    const head = await app.inject({ method: 'HEAD', url: a, headers: { accept: 'text/plain' } });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-length']).toBe(get.headers['content-length']);
    expect(head.headers.etag).toBe(get.headers.etag);
  });

  it.each([
    ['/-/', 'GET, HEAD, POST, DELETE, OPTIONS'],
    ['/compute/', 'GET, HEAD, POST, DELETE, OPTIONS'],
    ['/os_tpl/', 'GET, HEAD, POST, PUT, DELETE, OPTIONS'],
    ['/', 'GET, HEAD, OPTIONS'],
    ['/compute/x', 'GET, HEAD, POST, PUT, DELETE, OPTIONS'],
  ])('OPTIONS %s lists %s', async (url, allow) => {
    const response = await app.inject({ method: 'OPTIONS', url });
    expect(response.statusCode).toBe(200);
    expect(response.headers.allow).toBe(allow);
  });

  it('If-Match with a stale ETag is 412 and changes nothing', async () => {
    const a = await createCompute('text/plain');
    const r = request('text/plain', { attributes: { 'occi.compute.cores': 2 } });
    const first = await app.inject({
      method: 'POST',
      url: a,
      ...r,
      headers: { ...r.headers, 'if-match': '"1"' },
    });
    expect(first.statusCode, first.body).toBe(200);
    const stale = await app.inject({
      method: 'POST',
      url: a,
      ...r,
      headers: { ...r.headers, 'if-match': '"1"' },
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.body).toContain('changed since you read it');
  });

  it('a GET or HEAD whose If-None-Match names the current ETag is 304, with the ETag and no body (RFC 9110 §13.1.2)', async () => {
    const a = await createCompute('text/plain');
    const got = await app.inject({ method: 'GET', url: a, headers: { accept: 'application/occi+json' } });
    const etag = got.headers.etag as string;
    expect(etag).toBe('"1"');
    for (const method of ['GET', 'HEAD'] as const)
      for (const ifNoneMatch of [etag, `W/${etag}`, `"7", ${etag}`, '*']) {
        const r = await app.inject({
          method,
          url: a,
          headers: { accept: 'application/occi+json', 'if-none-match': ifNoneMatch },
        });
        expect(r.statusCode, `${method} If-None-Match: ${ifNoneMatch}`).toBe(304);
        expect(r.headers.etag).toBe(etag);
        expect(r.body).toBe('');
      }
    const changed = request('text/plain', { attributes: { 'occi.compute.cores': 2 } });
    expect((await app.inject({ method: 'POST', url: a, ...changed })).statusCode).toBe(200);
    const fresh = await app.inject({
      method: 'GET',
      url: a,
      headers: { accept: 'application/occi+json', 'if-none-match': etag },
    });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.headers.etag).toBe('"2"');
    expect(JSON.parse(fresh.body).attributes['occi.compute.cores']).toBe(2);
  });

  it("a resource's ETag changes when a link of it is created or deleted: its rendering carries its links", async () => {
    const a = await createCompute('text/plain');
    const json = { accept: 'application/occi+json' };
    const before = (await app.inject({ method: 'GET', url: a, headers: json })).headers.etag as string;
    expect(before).toBe('"1"');
    const net = await app.inject({
      method: 'POST',
      url: '/network/',
      ...request('application/occi+json', {}, { kind: NETWORK }),
    });
    const target = new URL(String(net.headers.location)).pathname;
    const link = await app.inject({
      method: 'POST',
      url: '/networkinterface/',
      ...request(
        'application/occi+json',
        {},
        { kind: NETWORKINTERFACE, source: { location: a }, target: { location: target } },
      ),
    });
    expect(link.statusCode, link.body).toBe(201);
    const linked = await app.inject({ method: 'GET', url: a, headers: { ...json, 'if-none-match': before } });
    expect(linked.statusCode).toBe(200);
    expect((JSON.parse(linked.body) as { links: unknown[] }).links).toHaveLength(1);
    const tag = linked.headers.etag as string;
    expect(tag).toMatch(/^"1-[0-9a-z]+"$/);
    // The tag a GET gave is the one write preconditions compare with.
    const update = request('text/plain', { attributes: { 'occi.compute.cores': 2 } });
    const stale = await app.inject({
      method: 'POST',
      url: a,
      ...update,
      headers: { ...update.headers, 'if-match': before },
    });
    expect(stale.statusCode).toBe(412);
    const fresh = await app.inject({
      method: 'POST',
      url: a,
      ...update,
      headers: { ...update.headers, 'if-match': tag },
    });
    expect(fresh.statusCode, fresh.body).toBe(200);
    const updated = (await app.inject({ method: 'GET', url: a, headers: json })).headers.etag as string;
    expect(updated).toMatch(/^"2-[0-9a-z]+"$/);
    const linkLocation = new URL(String(link.headers.location)).pathname;
    expect((await app.inject({ method: 'DELETE', url: linkLocation })).statusCode).toBe(200);
    const unlinked = await app.inject({
      method: 'GET',
      url: a,
      headers: { ...json, 'if-none-match': updated },
    });
    expect(unlinked.statusCode).toBe(200);
    expect(unlinked.headers.etag).toBe('"2"');
  });

  it('a GET whose If-Match names none of the current ETags is 412; one that names it is 200', async () => {
    const a = await createCompute('text/plain');
    const stale = await app.inject({
      method: 'GET',
      url: a,
      headers: { accept: 'text/plain', 'if-match': '"9", "8"' },
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.body).toContain('If-Match');
    const current = await app.inject({
      method: 'GET',
      url: a,
      headers: { accept: 'text/plain', 'if-match': '"9", "1"' },
    });
    expect(current.statusCode).toBe(200);
    const unknown = await app.inject({
      method: 'GET',
      url: '/compute/none',
      headers: { 'if-none-match': '*' },
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('If-None-Match: * refuses to overwrite an existing entity with PUT (412)', async () => {
    const a = await createCompute('text/plain');
    const r = request('text/plain', { categories: [compute] });
    const response = await app.inject({
      method: 'PUT',
      url: a,
      ...r,
      headers: { ...r.headers, 'if-none-match': '*' },
    });
    expect(response.statusCode).toBe(412);
  });
});

describe('ownership', () => {
  it("a user neither sees nor changes another user's entities", async () => {
    const a = await createCompute('text/plain');
    const bob = { 'x-test-user': 'bob', accept: 'text/plain' };
    expect((await app.inject({ method: 'GET', url: a, headers: bob })).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: a, headers: bob })).statusCode).toBe(404);
    const list = await app.inject({ method: 'GET', url: '/compute/', headers: bob });
    expect(locationsOf('text/plain', list)).toEqual([]);
    const admin = await app.inject({
      method: 'GET',
      url: a,
      headers: { 'x-test-user': 'root', accept: 'text/plain' },
    });
    expect(admin.statusCode).toBe(200);
  });
});

describe('large text/occi responses are refused, never truncated (GFD.229 §7)', () => {
  it('answers 406 pointing to text/plain and pagination', async () => {
    const small = await makeApp({ maxResponseHeaderBytes: 300 });
    for (let i = 0; i < 5; i++)
      await small.inject({
        method: 'POST',
        url: '/compute/',
        ...request('text/plain', { categories: [compute] }),
      });
    const response = await small.inject({
      method: 'GET',
      url: '/compute/',
      headers: { accept: 'text/occi' },
    });
    expect(response.statusCode).toBe(406);
    expect(response.body).toMatch(/text\/plain/);
    expect(response.body).toMatch(/page=/);
    const paged = await small.inject({
      method: 'GET',
      url: '/compute/?page=1&number=1',
      headers: { accept: 'text/occi' },
    });
    expect(paged.statusCode).toBe(200);
  });
});

describe('malformed input is never a 500', () => {
  const bodies = [
    ['text/plain', 'Category: ;;;'],
    ['text/plain', 'X-OCCI-Attribute: occi.compute.cores="unterminated'],
    ['text/plain', '\u0000\u0001'],
    ['application/occi+json', '{'],
    ['application/occi+json', '[]'],
    ['application/occi+json', '{"kind": 5}'],
    ['application/occi+json', `${'['.repeat(10000)}${']'.repeat(10000)}`],
    ['text/occi', ''],
  ] as const;
  it.each(bodies.map(([type, payload], i) => [i, type, payload] as const))(
    'malformed body #%i (%s) → 4xx',
    async (_i, type, payload) => {
      for (const url of ['/compute/', '/-/', '/compute/x', '/compute/x?action=start', '/os_tpl/']) {
        for (const method of ['POST', 'PUT', 'DELETE'] as const) {
          // DELETE on a Kind collection takes no body (HTTP §9.5.1).
          if (method === 'DELETE' && url === '/compute/') continue;
          // An empty text/occi message is a valid, empty entity collection (HTTP §9.2, §9.5.2).
          if (payload === '' && url === '/os_tpl/' && method !== 'POST') continue;
          const response = await app.inject({
            method,
            url,
            headers: { 'content-type': type, accept: ACCEPT_ALL_ENTITY },
            payload,
          });
          expect(response.statusCode, `${method} ${url} → ${response.body}`).toBeGreaterThanOrEqual(400);
          expect(response.statusCode, `${method} ${url} → ${response.body}`).toBeLessThan(500);
        }
      }
    },
  );

  it('a body over the limit is 413', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/compute/',
      headers: { 'content-type': 'text/plain' },
      payload: `X-OCCI-Attribute: a="${'x'.repeat(2 * 1024 * 1024)}"`,
    });
    expect(response.statusCode).toBe(413);
  });
});
