/**
 * HTTP protocol (GFD.223) §5.4, §5 and §6: the status codes of the error
 * cases (unknown locations, media types, malformed renderings, undefined
 * methods), pagination and filtering.
 */
import { checksOf } from '../define.js';
import { categoriesOf } from '../discovery.js';
import { filterHeaders, RENDERINGS, type RenderingKey } from '../messages.js';
import { answered, expect, expectStatus, fail, serverSays, skip } from '../outcome.js';
import type { Probe } from '../probe.js';
import { readCollection } from '../read.js';
import { header } from '../wire.js';
import { collectionIn, MEDIA, problems, readable, secondResource, size } from './support.js';

const { checks, add } = checksOf('http');

export { checks as httpErrorPageFilterChecks };

const W = { writes: true };

// ------------------------------------------------------------------ status codes

/** A bound resource kind's collection: the run's, else (read-only) the first one. */
async function someCollection(p: Probe): Promise<string> {
  const { kind } = await readable(p);
  const model = await p.model();
  const location =
    (kind ? model.kind(kind)?.location : undefined) ?? model.kinds.find((k) => k.location)?.location;
  if (!location) skip('the server binds no kind to a location');
  return location;
}

add(
  '§5.4',
  'SHOULD',
  'not-found',
  'GET of a location where no entity is answers 404 Not Found',
  async (p) => {
    const path = `${await someCollection(p)}occi-check-${p.options.runId}-nothing-here`;
    expectStatus(
      await p.wire.send({ method: 'GET', path, headers: { accept: MEDIA[await p.rendering()] } }),
      [404],
      `GET ${path}`,
    );
  },
);

add(
  '§5.4',
  'SHOULD',
  'not-acceptable',
  'a request accepting no media type the server renders is answered 406 Not Acceptable',
  async (p) => {
    const response = await p.wire.send({
      method: 'GET',
      path: '/-/',
      headers: { accept: 'application/x-occi-check-nothing' },
    });
    expectStatus(response, [406], 'Accept: application/x-occi-check-nothing');
  },
);

async function mustNotCreate(
  p: Probe,
  location: string,
  response: Awaited<ReturnType<Probe['wire']['send']>>,
  what: string,
) {
  if (response.status < 300) {
    const loc = header(response, 'location');
    if (loc) p.fx.track({ location: p.wire.relative(loc), kind: '', mixins: [], response });
    fail(`${what} created something at ${loc ?? location} (${response.status})`, response);
  }
}

add(
  '§5.4',
  'SHOULD',
  'unsupported-content-type',
  'a request body in a media type the server does not read is refused (400, or 415)',
  async (p) => {
    p.needWrites();
    const location = await someCollection(p);
    const response = await p.wire.send({
      method: 'POST',
      path: location,
      headers: { 'content-type': 'application/x-occi-check', accept: MEDIA[await p.rendering()] },
      body: 'occi-check',
    });
    await mustNotCreate(p, location, response, 'an application/x-occi-check body');
    expectStatus(response, [400, 415], 'POST with Content-Type application/x-occi-check');
  },
  W,
);

const MALFORMED: Record<RenderingKey, { headers: Record<string, string>; body?: string }> = {
  json: {
    headers: { 'content-type': MEDIA.json },
    body: '{"kind": "http://schemas.ogf.org/occi/infrastructure#compute", "attributes": {',
  },
  plain: {
    headers: { 'content-type': MEDIA.plain },
    body: 'Category compute scheme http://schemas.ogf.org/occi/infrastructure#\r\n',
  },
  occi: {
    headers: {
      'content-type': MEDIA.occi,
      category: 'compute; scheme="http://schemas.ogf.org/occi/infrastructure#; class=',
    },
  },
};

for (const r of ['json', 'plain', 'occi'] as const)
  add(
    '§5.4',
    'SHOULD',
    `bad-rendering-${r}`,
    `a create request whose ${RENDERINGS[r].type} rendering is malformed is refused (400 Bad Request) and creates nothing`,
    async (p) => {
      p.needWrites();
      await p.needRendering(r);
      const location = await someCollection(p);
      const m = MALFORMED[r];
      const response = await p.wire.send({
        method: 'POST',
        path: location,
        headers: { ...m.headers, accept: MEDIA[r] },
        ...(m.body ? { body: m.body } : {}),
      });
      await mustNotCreate(p, location, response, `a malformed ${RENDERINGS[r].type} rendering`);
      expectStatus(response, [400], `a malformed ${RENDERINGS[r].type} rendering`);
    },
    W,
  );

for (const [target, name] of [
  ['query', 'the query interface'],
  ['kind', 'a kind collection'],
] as const)
  add(
    '§5.4',
    'SHOULD',
    `put-${target}-405`,
    `PUT on ${name}, which HTTP table 1 leaves undefined, is answered 405 Method Not Allowed`,
    async (p) => {
      p.needWrites();
      const path = target === 'query' ? '/-/' : await someCollection(p);
      const response = await p.wire.send({
        method: 'PUT',
        path,
        headers: { 'content-type': 'application/x-occi-check', accept: MEDIA[await p.rendering()] },
        body: 'occi-check',
      });
      expectStatus(response, [405], `PUT ${path}`);
    },
    W,
  );

add(
  '§5.4',
  'SHOULD',
  'unknown-method',
  'a method the protocol does not use (PATCH) on an entity is answered 405 Method Not Allowed (or 501 Not Implemented)',
  async (p) => {
    const c = await p.fx.anyResource();
    const r = await p.rendering();
    const response = await p.wire.send({
      method: 'PATCH',
      path: c.location,
      headers: { 'content-type': MEDIA[r], accept: MEDIA[r] },
      body: r === 'json' ? '{}' : '',
    });
    expectStatus(response, [405, 501], `PATCH ${c.location}`);
  },
  W,
);

// ------------------------------------------------------------------ pagination (§5)

for (const r of ['json', 'plain', 'occi', 'urilist'] as const)
  add(
    '§5',
    'MUST',
    `past-last-page-${r}`,
    `a page past the end of a collection is 200 OK with an empty collection (${MEDIA[r]})`,
    async (p) => {
      if (r !== 'urilist') await p.needRendering(r);
      else await p.needUriList();
      const location = await someCollection(p);
      const { collection } = await collectionIn(p, location, r, '?page=1000000&number=1');
      expect(size(collection) === 0, `page 1000000 of ${location} lists ${size(collection)} entities`);
    },
  );

add(
  '§5',
  'MUST',
  'number-too-large',
  'a page size too large for any provider (number=10^15) is answered 413 Request Entity Too Large',
  async (p) => {
    const location = await someCollection(p);
    const response = await p.wire.send({
      method: 'GET',
      path: `${location}?page=1&number=1000000000000000`,
      headers: { accept: MEDIA[await p.rendering()] },
    });
    expectStatus(response, [413], `GET ${location}?number=10^15`);
  },
);

add(
  '§5',
  'SHOULD',
  'page-size',
  'a page holds `number` entities when the collection has more',
  async (p) => {
    const a = await p.fx.anyResource();
    await secondResource(p);
    const location = (await p.model()).kind(a.kind)!.location!;
    const { collection } = await collectionIn(p, location, await p.rendering(), '?page=1&number=1');
    expect(size(collection) === 1, `number=1 gave ${size(collection)} entities`);
  },
  W,
);

add(
  '§5',
  'SHOULD',
  'pages-disjoint',
  'consecutive pages hold different entities',
  async (p) => {
    const a = await p.fx.anyResource();
    await secondResource(p);
    const location = (await p.model()).kind(a.kind)!.location!;
    const r = await p.rendering();
    const one = (await collectionIn(p, location, r, '?page=1&number=1')).collection;
    const two = (await collectionIn(p, location, r, '?page=2&number=1')).collection;
    const key = (c: typeof one) => JSON.stringify([c.locations, c.entities.map((e) => e.id)]);
    expect(
      size(two) === 1,
      `page 2 of ${location} (number=1) has ${size(two)} entities, with at least 2 in the collection`,
    );
    expect(key(one) !== key(two), 'page 1 and page 2 hold the same entity');
  },
  W,
);

add(
  '§5',
  'SHOULD',
  'page-not-integer',
  'a page that is no integer (page=abc) is refused (400 Bad Request)',
  async (p) => {
    const location = await someCollection(p);
    expectStatus(
      await p.wire.send({
        method: 'GET',
        path: `${location}?page=abc&number=1`,
        headers: { accept: MEDIA[await p.rendering()] },
      }),
      [400],
      'page=abc',
    );
  },
);

// ------------------------------------------------------------------ filtering (§6)

/** HTTP §6: filters travel in header fields, so only a server of a header rendering (text/occi) can read them. */
async function needHeaderRendering(p: Probe): Promise<void> {
  if (!(await p.offers('occi')))
    skip('filters travel in a rendering of header fields (HTTP §6), and the server offers no text/occi');
}

async function categoryFilter(p: Probe) {
  await needHeaderRendering(p);
  const { kind } = await readable(p);
  const model = await p.model();
  const k = (kind && model.kind(kind)) || model.kinds.find((x) => x.location);
  if (!k) skip('no kind to filter on');
  const r = await p.rendering();
  const response = await p.wire.send({
    method: 'GET',
    path: '/-/',
    headers: { accept: MEDIA[r], ...filterHeaders({ categories: [{ id: k.id, class: 'kind' }] }) },
  });
  expect(
    response.status === 200,
    `GET /-/ with a Category filter: ${answered(response)}${serverSays(response)}`,
    response,
  );
  const got = categoriesOf(response, r) ?? [];
  return { k, got, all: model.all, response };
}

add(
  '§6.1',
  'MUST',
  'query-filter',
  'a Category filter on the query interface, if supported, answers only categories related to it (and it among them)',
  async (p) => {
    const { k, got, all, response } = await categoryFilter(p);
    if (got.length >= all.length) skip('the query interface ignores the filter (filtering is a SHOULD)');
    expect(
      got.some((c) => c.id === k.id),
      `filtered by ${k.id}, the answer leaves it out`,
      response,
    );
    const unknown = got.filter((c) => !all.some((a) => a.id === c.id)).map((c) => c.id);
    expect(unknown.length === 0, `categories not in discovery: ${problems(unknown)}`, response);
    return `${got.length} of ${all.length} categories`;
  },
);

add(
  '§6.1',
  'SHOULD',
  'query-filter-supported',
  'the query interface supports filtering by a Category',
  async (p) => {
    const { got, all } = await categoryFilter(p);
    expect(
      got.length < all.length,
      `filtered by a kind, the query interface answers all ${all.length} categories`,
    );
  },
);

async function attributeFilter(p: Probe) {
  await needHeaderRendering(p);
  const a = await p.fx.anyResource();
  const value = `filter-${p.options.runId}`;
  const c = await p.fx.shared('filtered', a.kind, { summary: value });
  const location = (await p.model()).kind(a.kind)!.location!;
  const r = await p.rendering();
  const response = await p.wire.send({
    method: 'GET',
    path: location,
    headers: { accept: MEDIA[r], ...filterHeaders({ attributes: { 'occi.core.summary': value } }) },
  });
  expect(
    response.status === 200,
    `GET ${location} with an attribute filter: ${answered(response)}${serverSays(response)}`,
    response,
  );
  const collection = readCollection(response, r);
  const others = [];
  for (const l of collection.locations.slice(0, 20)) {
    const e = await p.fx.read(p.wire.relative(l));
    if (e.entity.summary !== value) others.push(l);
  }
  for (const e of collection.entities) if (e.summary !== value) others.push(e.id ?? '(no id)');
  const listsIt =
    collection.locations.some((l) => p.wire.relative(l) === c.location) ||
    collection.entities.some((e) => e.id === c.id);
  return { listsIt, others, response, value };
}

add(
  '§6.2',
  'MUST',
  'collection-filter',
  "an attribute filter on a collection, if supported, answers only entities with that attribute value (the run's among them)",
  async (p) => {
    const { listsIt, others, response, value } = await attributeFilter(p);
    if (others.length > 0 && listsIt) skip('the collection ignores the filter (filtering is a SHOULD)');
    expect(
      listsIt,
      `filtered by occi.core.summary="${value}", the answer leaves out the run's entity with it`,
      response,
    );
    expect(others.length === 0, `entities without the value: ${problems(others)}`, response);
  },
  W,
);

add(
  '§6.2',
  'SHOULD',
  'collection-filter-supported',
  'collections support filtering by attribute value (X-OCCI-Attribute in the request headers)',
  async (p) => {
    const { others, response } = await attributeFilter(p);
    expect(others.length === 0, `the filter kept entities without the value: ${problems(others)}`, response);
  },
  W,
);
