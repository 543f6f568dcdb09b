/** HTTP protocol (GFD.223) §7: the query interface — discovery, user mixins defined and removed. */
import { checksOf } from '../define.js';
import { type Cat, categoriesOf } from '../discovery.js';
import { categoryValue, mixinMessage, RENDERINGS, type RenderingKey, textMessage } from '../messages.js';
import { answered, expect, expectStatus, fail, serverSays, skip } from '../outcome.js';
import type { Probe } from '../probe.js';
import { parseJson, textFields } from '../read.js';
import { contentType } from '../wire.js';
import { MEDIA, problems } from './support.js';

const { checks, add } = checksOf('http');

export { checks as httpQueryChecks };

const W = { writes: true };

async function discoveryIn(p: Probe, r: RenderingKey): Promise<Cat[]> {
  const response = await p.wire.send({ method: 'GET', path: '/-/', headers: { accept: MEDIA[r] } });
  expect(response.status === 200, `GET /-/: ${answered(response)}`, response);
  return categoriesOf(response, r) ?? [];
}

for (const r of ['json', 'plain', 'occi'] as const)
  add(
    '§7.1',
    'MUST',
    `get-${r}`,
    `GET /-/ in ${RENDERINGS[r].type} answers 200 OK with a category collection rendering`,
    async (p) => {
      await p.needRendering(r);
      const response = await p.discoveryResponse(RENDERINGS[r].type);
      if (r === 'json') {
        const o = parseJson(response.body) as Record<string, unknown> | undefined;
        expect(o && typeof o === 'object' && !Array.isArray(o), 'the body is no JSON object', response);
        const keys = ['kinds', 'mixins', 'actions'].filter((k) => k in o);
        expect(
          keys.length > 0 && keys.every((k) => Array.isArray(o[k])),
          'the body has no "kinds", "mixins" or "actions" array (JSON §3.4)',
          response,
        );
      } else {
        const { fields, problems: ps } = textFields(response, r);
        const other = fields.filter(([n]) => n !== 'category').map(([n]) => n);
        expect(
          ps.length === 0 && other.length === 0,
          `not only Category fields: ${problems([...ps, ...other])}`,
          response,
        );
        expect(fields.length > 0, 'no Category field', response);
      }
      const cats = categoriesOf(response, r) ?? [];
      return `${cats.length} categories`;
    },
  );

add(
  '§7.1',
  'MUST',
  'same-categories',
  'discovery lists the same categories (type identifier and class) in every rendering the server offers',
  async (p) => {
    const offered = await p.offered();
    if (offered.length < 2) skip('the server answers discovery in one rendering only');
    const sets = await Promise.all(
      offered.map(async (r) => ({
        r,
        ids: new Set((await discoveryIn(p, r)).map((c) => `${c.class} ${c.id}`)),
      })),
    );
    const [first, ...rest] = sets;
    for (const s of rest) {
      const missing = [...first!.ids].filter((i) => !s.ids.has(i));
      const extra = [...s.ids].filter((i) => !first!.ids.has(i));
      expect(
        missing.length + extra.length === 0,
        `${RENDERINGS[s.r].type} differs from ${RENDERINGS[first!.r].type}: missing ${problems(missing)}; extra ${problems(extra)}`,
      );
    }
  },
);

add(
  '§7',
  'MAY',
  'well-known',
  'the query interface is also served at /.well-known/org/ogf/occi/-/ of the authority (RFC 5785), with the same categories',
  async (p) => {
    const r = await p.rendering();
    const response = await p.wire.send({
      method: 'GET',
      path: `${p.wire.origin}/.well-known/org/ogf/occi/-/`,
      headers: { accept: MEDIA[r] },
    });
    if (response.status === 404) skip('not served at /.well-known/org/ogf/occi/-/ (MAY)');
    expect(
      response.status === 200 && contentType(response) === MEDIA[r],
      `${answered(response)}${serverSays(response)}`,
      response,
    );
    const known = new Set((await discoveryIn(p, r)).map((c) => c.id));
    const got = categoriesOf(response, r) ?? [];
    expect(
      got.length === known.size && got.every((c) => known.has(c.id)),
      `${got.length} categories there, ${known.size} at /-/`,
      response,
    );
  },
);

for (const r of ['json', 'plain', 'occi'] as const) {
  add(
    '§7.3',
    'MUST',
    `post-mixin-${r}`,
    `POST /-/ with a user mixin in ${RENDERINGS[r].type} answers 200 OK, and discovery lists the mixin`,
    async (p) => {
      p.needWrites();
      await p.needRendering(r);
      const m = await p.fx.defineMixin(`post-${r}`, { rendering: r });
      expect(m.response.status === 200, `POST /-/: expected 200, ${answered(m.response)}`, m.response);
      const listed = (await discoveryIn(p, r)).find((c) => c.id === m.id);
      expect(listed?.class === 'mixin', `discovery does not list the mixin ${m.id}`);
      expect(listed.location, `discovery lists ${m.id} without a location`);
    },
    W,
  );

  add(
    '§7.4',
    'MUST',
    `delete-mixin-${r}`,
    `DELETE /-/ with a user mixin in ${RENDERINGS[r].type} answers 200 OK, and discovery no longer lists it`,
    async (p) => {
      p.needWrites();
      await p.needRendering(r);
      const m = await p.fx
        .defineMixin(`delete-${r}`, { rendering: r })
        .catch((e) => skip(`defining the mixin to delete failed: ${(e as Error).message}`));
      const response = await p.wire.send({
        method: 'DELETE',
        path: '/-/',
        ...mixinMessage(r, { id: m.id, location: m.location }),
      });
      expect(
        response.status === 200,
        `DELETE /-/: expected 200, ${answered(response)}${serverSays(response)}`,
        response,
      );
      p.fx.mixinGone(m.id);
      const still = (await discoveryIn(p, r)).some((c) => c.id === m.id);
      expect(!still, `discovery still lists ${m.id}`);
    },
    W,
  );
}

add(
  '§7.4',
  'SHOULD',
  'delete-mixin-dissociates',
  'an entity no longer has a user mixin once the mixin is deleted',
  async (p) => {
    p.needWrites();
    const r = await p.rendering();
    const m = await p.fx.defineMixin('dissociated', { rendering: r });
    const base = await p.fx.anyResource();
    const c = await p.fx.create(base.kind, { mixins: [m.id], summary: 'mixin deleted' });
    const response = await p.wire.send({
      method: 'DELETE',
      path: '/-/',
      ...mixinMessage(r, { id: m.id, location: m.location }),
    });
    if (response.status !== 200) skip(`deleting the mixin: ${answered(response)}`);
    p.fx.mixinGone(m.id);
    const { entity } = await p.fx.read(c.location);
    expect(!entity.mixins.includes(m.id), `${c.location} still has the deleted mixin ${m.id}`);
  },
  W,
);

async function refusedDefinition(
  p: Probe,
  message: ReturnType<typeof mixinMessage>,
  id: string,
  what: string,
) {
  p.needWrites();
  const response = await p.wire.send({ method: 'POST', path: '/-/', ...message });
  if (response.status < 300) {
    p.fx.mixins.push({ id });
    fail(`the server accepted ${what} (${response.status})`, response);
  }
  expectStatus(response, [400, 403, 409], what);
}

add(
  '§7.3',
  'SHOULD',
  'post-kind-refused',
  'POST /-/ with a kind (only user mixins can be added) is refused',
  async (p) => {
    const r = await p.rendering();
    const id = `${p.fx.scheme}not-a-mixin`;
    const message =
      r === 'json'
        ? {
            headers: { 'content-type': MEDIA.json, accept: MEDIA.json },
            body: JSON.stringify({
              kinds: [
                {
                  term: 'not-a-mixin',
                  scheme: p.fx.scheme,
                  parent: 'http://schemas.ogf.org/occi/core#resource',
                  location: `/occi-check-${p.options.runId}/kind/`,
                },
              ],
            }),
          }
        : textMessage(r, [
            ['Category', categoryValue(id, 'kind', `; location="/occi-check-${p.options.runId}/kind/"`)],
          ]);
    await refusedDefinition(p, message, id, 'a kind posted to the query interface');
  },
  W,
);

add(
  '§7.3',
  'SHOULD',
  'post-reserved-scheme-refused',
  'POST /-/ with a user mixin under http://schemas.ogf.org/occi/ (reserved, Core §5.3.1) is refused',
  async (p) => {
    const r = await p.rendering();
    const id = `http://schemas.ogf.org/occi/occi-check-${p.options.runId}#tag`;
    await refusedDefinition(
      p,
      mixinMessage(r, { id, title: p.fx.title, location: `/occi-check-${p.options.runId}/reserved/` }),
      id,
      'a user mixin of the reserved scheme',
    );
  },
  W,
);

add(
  '§7.3',
  'SHOULD',
  'post-empty-refused',
  'POST /-/ without a category rendering is refused (400): it MUST include one',
  async (p) => {
    const r = await p.rendering();
    const response = await p.wire.send({
      method: 'POST',
      path: '/-/',
      headers: { 'content-type': MEDIA[r], accept: MEDIA[r] },
      body: r === 'json' ? '{}' : '',
    });
    expectStatus(response, [400], 'POST /-/ with no category');
  },
  W,
);

add(
  '§7.4',
  'SHOULD',
  'delete-unknown-refused',
  'DELETE /-/ naming a mixin the server does not have is refused (400 or 404)',
  async (p) => {
    p.needWrites();
    const r = await p.rendering();
    const response = await p.wire.send({
      method: 'DELETE',
      path: '/-/',
      ...mixinMessage(r, {
        id: `${p.fx.scheme}never-defined`,
        location: `/occi-check-${p.options.runId}/never-defined/`,
      }),
    });
    expectStatus(response, [400, 404], 'DELETE /-/ of an unknown mixin');
  },
  W,
);
