/**
 * HTTP protocol (GFD.223) §9: collections — GET, create (POST), mixin
 * collections (associate, dissociate, replace), actions on a collection.
 * Collection-wide changes are made only on the run's own user mixins:
 * DELETE on a kind collection (§9.5.1) and actions on a kind collection
 * would touch entities that are not the run's, and are never sent.
 */
import { checksOf } from '../define.js';
import type { Created } from '../fixtures.js';
import { collectionMessage, RENDERINGS, type RenderingKey } from '../messages.js';
import { answered, expect, fail, serverSays, skip } from '../outcome.js';
import type { Probe } from '../probe.js';
import { readCollection } from '../read.js';
import { inState, invoke, waitFor } from '../states.js';
import { contentType, header, type WireResponse } from '../wire.js';
import { someMachine } from './http-entities.js';
import { collectionIn, lists, MEDIA, problems, readable } from './support.js';

const { checks, add } = checksOf('http');

export { checks as httpCollectionChecks };

const W = { writes: true };
const R = ['json', 'plain', 'occi'] as const;

function expectCollection(response: WireResponse, r: RenderingKey, what: string) {
  expect(
    response.status === 200,
    `${what}: expected 200, ${answered(response)}${serverSays(response)}`,
    response,
  );
  expect(
    contentType(response) === MEDIA[r],
    `${what}: answered in ${contentType(response) ?? 'no media type'}, not ${MEDIA[r]} (an entity collection rendering MUST be included)`,
    response,
  );
  const c = readCollection(response, r);
  expect(
    c.problems.length === 0,
    `${what}: not an entity collection rendering: ${problems(c.problems)}`,
    response,
  );
  return c;
}

for (const r of R)
  add(
    '§9.1',
    'MUST',
    `get-${r}`,
    `GET a kind collection in ${RENDERINGS[r].type} answers 200 OK with an entity collection rendering`,
    async (p) => {
      await p.needRendering(r);
      const { location, kind } = await readable(p);
      const at = kind ? (await p.model()).kind(kind)?.location : undefined;
      if (!at) skip('no kind collection to read');
      const response = await p.wire.send({ method: 'GET', path: at, headers: { accept: MEDIA[r] } });
      const c = expectCollection(response, r, `GET ${at}`);
      if (!p.options.readOnly) {
        const mine = await p.fx.anyResource();
        expect(lists(p, c, mine), `${at} does not list the run's ${mine.location}`, response);
      } else if (r !== 'json')
        expect(
          c.locations.some((l) => p.wire.relative(l) === location),
          `${at} does not list ${location}`,
          response,
        );
    },
  );

for (const cls of ['kind', 'mixin'] as const)
  add(
    '§9.1',
    'MUST',
    `every-${cls}-collection`,
    `every ${cls} bound to a location answers GET there with 200 OK and an entity collection (first page of one)`,
    async (p) => {
      const model = await p.model();
      const r = await p.rendering();
      const bad: string[] = [];
      const bound = model.all.filter((c) => c.class === cls && c.location);
      for (const c of bound) {
        const response = await p.wire.send({
          method: 'GET',
          path: `${c.location}?page=1&number=1`,
          headers: { accept: MEDIA[r] },
        });
        if (response.status !== 200 || readCollection(response, r).problems.length > 0)
          bad.push(`${c.location} (${response.status})`);
      }
      expect(bad.length === 0, `collections that do not answer: ${problems(bad)}`);
      return `${bound.length} collections`;
    },
  );

for (const r of R) {
  add(
    '§9.3.1',
    'MUST',
    `create-${r}`,
    `POST of a ${RENDERINGS[r].type} entity rendering to a kind collection creates it: 201 Created with its Location, or 200 OK with the rendering`,
    async (p) => {
      await p.needRendering(r);
      const base = await p.fx.anyResource();
      const c = await p.fx.create(base.kind, { rendering: r, summary: `created ${r}` });
      const res = c.response;
      if (res.status === 201)
        expect(
          header(res, 'location') || readCollection(res, r).locations.length > 0,
          '201 Created without a Location (or a location list)',
          res,
        );
      else
        expect(
          contentType(res) === MEDIA[r],
          `200 OK in ${contentType(res) ?? 'no media type'}, not ${MEDIA[r]} (the rendering MUST be included)`,
          res,
        );
      const { entity } = await p.fx.read(c.location);
      expect(
        entity.summary === `created ${r}`,
        `the created entity has summary ${JSON.stringify(entity.summary)}`,
      );
    },
    W,
  );

  add(
    '§9.3.2',
    'MUST',
    `associate-${r}`,
    `POST of a ${RENDERINGS[r].type} entity collection to a mixin collection associates the entities: 200 OK with the collection`,
    async (p) => {
      await p.needRendering(r);
      const m = await p.fx.userMixin(`associate-${r}`);
      const base = await p.fx.anyResource();
      const c = await p.fx.shared(`associate-${r}`, base.kind, { summary: `associate ${r}` });
      const response = await p.wire.send({
        method: 'POST',
        path: m.location,
        ...collectionMessage(r, [member(p, c)]),
      });
      expectCollection(response, r, `POST ${m.location}`);
      const { entity } = await p.fx.read(c.location);
      expect(entity.mixins.includes(m.id), `${c.location} does not have ${m.id} after the association`);
    },
    W,
  );

  add(
    '§9.5.2',
    'MUST',
    `dissociate-${r}`,
    `DELETE on a mixin collection with a ${RENDERINGS[r].type} entity collection dissociates the entities: 200 OK`,
    async (p) => {
      await p.needRendering(r);
      const m = await p.fx.userMixin(`dissociate-${r}`);
      const base = await p.fx.anyResource();
      const c = await p.fx.create(base.kind, { mixins: [m.id], summary: `dissociate ${r}` });
      const response = await p.wire.send({
        method: 'DELETE',
        path: m.location,
        ...collectionMessage(r, [member(p, c)]),
      });
      expect(
        response.status === 200,
        `DELETE ${m.location}: expected 200, ${answered(response)}${serverSays(response)}`,
        response,
      );
      const { entity } = await p.fx.read(c.location);
      expect(!entity.mixins.includes(m.id), `${c.location} still has ${m.id}`);
    },
    W,
  );

  add(
    '§9.2',
    'MUST',
    `put-${r}`,
    `PUT of a ${RENDERINGS[r].type} entity collection on a mixin collection makes it exactly those entities: 200 OK with the collection`,
    async (p) => {
      await p.needRendering(r);
      const m = await p.fx.userMixin(`put-${r}`);
      const base = await p.fx.anyResource();
      const before = await p.fx.create(base.kind, { mixins: [m.id], summary: `put ${r} before` });
      const after = await p.fx.create(base.kind, { summary: `put ${r} after` });
      const response = await p.wire.send({
        method: 'PUT',
        path: m.location,
        ...collectionMessage(r, [member(p, after)]),
      });
      expectCollection(response, r, `PUT ${m.location}`);
      const { collection } = await collectionIn(p, m.location, await p.rendering());
      expect(lists(p, collection, after), `${m.location} does not list ${after.location} after the PUT`);
      expect(!lists(p, collection, before), `${m.location} still lists ${before.location} after the PUT`);
    },
    W,
  );
}

function member(p: Probe, c: Created) {
  return { location: p.wire.url(c.location), kind: c.kind, ...(c.id ? { id: c.id } : {}) };
}

add(
  '§9.3.2',
  'MUST',
  'associate-only-mixins',
  'association is only for mixin collections: an entity collection POSTed to a kind collection associates nothing (4xx)',
  async (p) => {
    const text = (await p.offered()).find((r) => r !== 'json');
    if (!text)
      skip(
        'a collection rendering that cannot be read as an entity needs a text rendering (JSON collections carry entities)',
      );
    const base = await p.fx.anyResource();
    const location = (await p.model()).kind(base.kind)!.location!;
    const response = await p.wire.send({
      method: 'POST',
      path: location,
      ...collectionMessage(text, [member(p, base)]),
    });
    if (response.status < 300) {
      const loc = header(response, 'location');
      if (loc) p.fx.track({ location: p.wire.relative(loc), kind: base.kind, mixins: [], response });
      fail(`POST ${location} with an X-OCCI-Location collection answered ${response.status}`, response);
    }
    expect(response.status < 500, `${answered(response)}${serverSays(response)}`, response);
  },
  W,
);

add(
  '§9.4',
  'SHOULD',
  'collection-action',
  "an action POSTed to a mixin collection is performed on each of its entities: 200 OK, and each reaches the action's state",
  async (p) => {
    const { machine, from, action, to } = await someMachine(p);
    const m = await p.fx.userMixin('collection-action');
    const members: Created[] = [];
    for (const key of ['a', 'b']) {
      const c = await inState(p, machine, from, {
        key: `collection-${key}`,
        create: { mixins: [m.id], summary: `collection action ${key}` },
      });
      members.push(c);
    }
    const { entity } = await p.fx.read(members[0]!.location);
    if (!entity.mixins.includes(m.id)) skip(`the ${machine.name} was not created with the mixin`);
    const response = await invoke(p, m.location, machine.actionScheme + action);
    expect(
      response.status === 200,
      `${action} on ${m.location}: expected 200, ${answered(response)}${serverSays(response)}`,
      response,
    );
    for (const c of members) await waitFor(p, c.location, machine, to);
    return `${machine.name} ${action} on 2 entities`;
  },
  W,
);
