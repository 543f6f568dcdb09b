/**
 * HTTP protocol (GFD.223) §4, §5.1–§5.3 and §10: the namespace, the
 * headers every response carries, content negotiation, versioning and
 * authentication.
 */
import { checksOf } from '../define.js';
import { ENTITY } from '../discovery.js';
import { RENDERINGS } from '../messages.js';
import { answered, expect, expectStatus, serverSays, skip } from '../outcome.js';
import type { Probe } from '../probe.js';
import { readCollection } from '../read.js';
import { contentType, header } from '../wire.js';
import { MEDIA, problems, readable } from './support.js';

const { checks, add } = checksOf('http');

export { checks as httpProtocolChecks };

const _W = { writes: true };
const F = { final: true };

add(
  '§4',
  'MUST',
  'entity-unbound',
  'the Entity kind, which cannot be instantiated, is bound to no location',
  async (p) => {
    const k = (await p.model()).kind(ENTITY);
    if (!k) skip('discovery has no entity kind');
    expect(k.location === undefined, `${ENTITY} is bound to ${k.location}`);
  },
);

add(
  '§4',
  'MUST',
  'unique-locations',
  'every kind and mixin location is unique in the namespace',
  async (p) => {
    const model = await p.model();
    const by = new Map<string, string[]>();
    for (const c of model.all) if (c.location) by.set(c.location, [...(by.get(c.location) ?? []), c.term]);
    const twice = [...by].filter(([, v]) => v.length > 1).map(([l, v]) => `${l} (${v.join(', ')})`);
    expect(twice.length === 0, `locations bound twice: ${problems(twice)}`);
  },
);

add(
  '§4',
  'MUST',
  'location-strings',
  'every location rendered is a string naming a path or URL (or an RFC 6570 template)',
  async (p) => {
    const model = await p.model();
    const bad = model.all
      .filter((c) => c.location !== undefined && (c.location.trim() === '' || /\s/.test(c.location)))
      .map((c) => c.term);
    expect(bad.length === 0, `locations that are no path: ${problems(bad)}`);
  },
);

add(
  '§4',
  'SHOULD',
  'bound',
  'every kind that can be instantiated and every mixin is bound to a location',
  async (p) => {
    const model = await p.model();
    const bad = model.all
      .filter((c) => c.class !== 'action' && c.id !== ENTITY && !c.location)
      .map((c) => c.id);
    expect(bad.length === 0, `not bound: ${problems(bad)}`);
  },
);

add(
  '§4.1',
  'MAY',
  'unbound-union',
  'an unbound path (the root) answers the union of the collections below it',
  async (p) => {
    const { location } = await readable(p);
    for (const r of ['urilist', 'plain'] as const) {
      const response = await p.wire.send({ method: 'GET', path: '/', headers: { accept: MEDIA[r] } });
      if (response.status !== 200 || contentType(response) !== MEDIA[r]) continue;
      const listed = readCollection(response, r).locations.map((l) => p.wire.relative(l));
      if (listed.includes(location)) return `GET / lists ${location}`;
    }
    skip('GET / lists no entity: the server does not serve unbound paths (MAY)');
  },
);

// ------------------------------------------------------------------ headers

for (const r of ['json', 'plain', 'occi'] as const)
  add(
    '§5.2',
    'MUST',
    `content-type-${r}`,
    `a response in ${RENDERINGS[r].type} says so in Content-Type (discovery asked in it)`,
    async (p) => {
      const response = await p.discoveryResponse(RENDERINGS[r].type);
      if (response.status === 406) skip(`the server does not offer ${RENDERINGS[r].type} (406)`);
      expect(response.status === 200, `${answered(response)}${serverSays(response)}`, response);
      expect(
        contentType(response) === RENDERINGS[r].type,
        `asked for ${RENDERINGS[r].type}, answered with Content-Type ${header(response, 'content-type') ?? '(none)'}`,
        response,
      );
    },
  );

add(
  '§5.2',
  'SHOULD',
  'accept',
  'responses name the media types the server supports in an Accept header',
  async (p) => {
    const response = await p.discoveryResponse(RENDERINGS.json.type);
    const accept = header(response, 'accept');
    expect(accept, 'no Accept header in the response', response);
    const listed = accept.split(',').map((t) => t.split(';')[0]!.trim().toLowerCase());
    const missing = (await p.offered()).map((r) => RENDERINGS[r].type).filter((t) => !listed.includes(t));
    expect(
      missing.length === 0,
      `Accept (${accept}) leaves out what the server answers in: ${missing.join(', ')}`,
      response,
    );
  },
);

add(
  '§5.2',
  'MUST',
  'server-every-response',
  'every response of the run carries a Server header with the OCCI version (OCCI/X.Y)',
  async (p) => {
    const bad = p.wire.seen.filter((s) => !/(^|\s)OCCI\/\d+\.\d+(\s|$)/.test(s.server ?? ''));
    expect(
      bad.length === 0,
      `${bad.length} of ${p.wire.seen.length} responses without OCCI/X.Y in Server, e.g. ${problems(
        bad.map((s) => `${s.method} ${s.path} ${s.status}: ${s.server ?? '(no Server)'}`),
        3,
      )}`,
    );
    return `${p.wire.seen.length} responses`;
  },
  F,
);

add(
  '§5.3',
  'MUST',
  'occi-1-2',
  'the version every response advertises is OCCI/1.2',
  async (p) => {
    const bad = p.wire.seen.filter((s) => !/(^|\s)OCCI\/1\.2(\s|$)/.test(s.server ?? ''));
    expect(
      bad.length === 0,
      `${bad.length} responses without OCCI/1.2, e.g. ${problems(
        bad.map((s) => `${s.method} ${s.path}: ${s.server ?? '(no Server)'}`),
        3,
      )}`,
    );
  },
  F,
);

add(
  '§5.2',
  'MUST',
  'content-type-every-response',
  'every response of the run with a body names its media type in Content-Type',
  async (p) => {
    const bad = p.wire.seen.filter((s) => s.bodyLength > 0 && !s.contentType);
    expect(
      bad.length === 0,
      `${bad.length} responses with a body but no Content-Type, e.g. ${problems(
        bad.map((s) => `${s.method} ${s.path} ${s.status}`),
        3,
      )}`,
    );
  },
  F,
);

// ------------------------------------------------------------------ negotiation

const OCCI_TYPES = ['application/occi+json', 'text/plain', 'text/occi', 'text/occi+plain'];

add(
  '§5.2',
  'SHOULD',
  'negotiation-q',
  'content negotiation honours q-values: text/plain;q=0.5 against application/occi+json answers JSON',
  async (p) => {
    if (!(await p.offers('json')) || !(await p.offers('plain')))
      skip('needs both application/occi+json and text/plain offered');
    const response = await p.wire.send({
      method: 'GET',
      path: '/-/',
      headers: { accept: 'text/plain;q=0.5, application/occi+json' },
    });
    expect(
      response.status === 200 && contentType(response) === MEDIA.json,
      `answered ${response.status} in ${contentType(response) ?? 'no media type'}`,
      response,
    );
  },
);

add(
  '§5.2',
  'SHOULD',
  'negotiation-any',
  'a request accepting */* is answered in one of the OCCI renderings',
  async (p) => {
    const response = await p.wire.send({ method: 'GET', path: '/-/', headers: { accept: '*/*' } });
    expect(
      response.status === 200 && OCCI_TYPES.includes(contentType(response) ?? ''),
      `answered ${response.status} in ${contentType(response) ?? 'no media type'}`,
      response,
    );
  },
);

add(
  '§5.2',
  'SHOULD',
  'negotiation-none',
  'a request without an Accept header is answered in one of the OCCI renderings',
  async (p) => {
    const response = await p.wire.send({ method: 'GET', path: '/-/' });
    expect(
      response.status === 200 && OCCI_TYPES.includes(contentType(response) ?? ''),
      `answered ${response.status} in ${contentType(response) ?? 'no media type'}`,
      response,
    );
  },
);

// ------------------------------------------------------------------ security (§10)

add(
  '§10',
  'SHOULD',
  'authentication',
  'with authentication in use, a request without credentials is answered 401 with an HTTP challenge (WWW-Authenticate, Basic by default)',
  async (p) => {
    if (!p.wire.authenticated) skip('the run has no credentials (--user or --token) to compare with');
    const response = await p.wire.send({
      method: 'GET',
      path: '/-/',
      headers: { accept: MEDIA[await p.rendering()] },
      anonymous: true,
    });
    if (response.status === 200) skip('the server serves the query interface without credentials');
    expect(response.status === 401, `without credentials: ${answered(response)}`, response);
    expect(header(response, 'www-authenticate'), '401 without WWW-Authenticate', response);
  },
);

// ------------------------------------------------------------------ versioning

const withAgent = async (p: Probe, agent: string) =>
  p.wire.send({
    method: 'GET',
    path: '/-/',
    headers: { accept: MEDIA[await p.rendering()], 'user-agent': agent },
  });

add(
  '§5.3',
  'MUST',
  'higher-minor-501',
  'a request from a client of a higher minor version (User-Agent OCCI/1.3) is answered 501 Not Implemented',
  async (p) => {
    expectStatus(await withAgent(p, 'occi-check/1 OCCI/1.3'), [501], 'User-Agent OCCI/1.3');
  },
);

add(
  '§5.3',
  'MUST',
  'higher-major-501',
  'a request from a client of a higher major version (User-Agent OCCI/2.0) is answered 501 Not Implemented',
  async (p) => {
    expectStatus(await withAgent(p, 'occi-check/1 OCCI/2.0'), [501], 'User-Agent OCCI/2.0');
  },
);

add(
  '§5.3',
  'MUST',
  'same-version',
  'a request from a client of the same version (User-Agent OCCI/1.2) is served',
  async (p) => {
    expectStatus(await withAgent(p, 'occi-check/1 OCCI/1.2'), [200], 'User-Agent OCCI/1.2');
  },
);

add(
  '§5.3',
  'SHOULD',
  'lower-version',
  'a request from a client of a lower version (User-Agent OCCI/1.1) is served, not refused as a higher one',
  async (p) => {
    expectStatus(await withAgent(p, 'occi-check/1 OCCI/1.1'), [200], 'User-Agent OCCI/1.1');
  },
);

add(
  '§5.3',
  'SHOULD',
  'no-version',
  'a request whose User-Agent names no OCCI version is served',
  async (p) => {
    expectStatus(await withAgent(p, 'occi-check/1'), [200], 'User-Agent without OCCI/X.Y');
  },
);
