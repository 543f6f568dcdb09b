/** HTTP protocol (GFD.223) §8: entity instances — GET, PUT (create, replace), POST (update, action), DELETE. */
import { randomUUID } from 'node:crypto';
import { checksOf } from '../define.js';
import type { Created } from '../fixtures.js';
import { actionMessage, entityMessage, RENDERINGS, type RenderingKey } from '../messages.js';
import { answered, expect, expectStatus, fail, serverSays, skip } from '../outcome.js';
import type { Probe } from '../probe.js';
import { readEntity } from '../read.js';
import { inState, invoke, MACHINES, type Machine } from '../states.js';
import { contentType, header, type WireResponse } from '../wire.js';
import { anyLink, entityIn, MEDIA, readable, update } from './support.js';

const { checks, add } = checksOf('http');

export { checks as httpEntityChecks };

const W = { writes: true };
const R = ['json', 'plain', 'occi'] as const;

/** HTTP §8.2, §8.3.1: 200 with an entity rendering in the rendering asked for, or 201 with a Location. */
function expectEntityOrLocation(response: WireResponse, r: RenderingKey, what: string): void {
  if (response.status === 201) {
    expect(header(response, 'location'), `${what}: 201 Created without a Location`, response);
    return;
  }
  expect(
    response.status === 200,
    `${what}: expected 200 or 201, ${answered(response)}${serverSays(response)}`,
    response,
  );
  expect(
    contentType(response) === MEDIA[r],
    `${what}: 200 OK in ${contentType(response) ?? 'no media type'}, not ${MEDIA[r]}`,
    response,
  );
  const e = readEntity(response, r);
  expect(
    e.kind !== undefined,
    `${what}: 200 OK without an entity instance rendering (it MUST be included)`,
    response,
  );
}

for (const r of R)
  add(
    '§8.1',
    'MUST',
    `get-${r}`,
    `GET an entity in ${RENDERINGS[r].type} answers 200 OK with its entity instance rendering`,
    async (p) => {
      await p.needRendering(r);
      const { location } = await readable(p);
      const { response, entity } = await entityIn(p, location, r);
      expect(entity.kind, 'the rendering names no kind', response);
      expect(entity.id, 'the rendering carries no id (occi.core.id)', response);
    },
  );

for (const r of R) {
  add(
    '§8.2',
    'MUST',
    `put-create-${r}`,
    `PUT of a full ${RENDERINGS[r].type} rendering at a new location creates the entity: 201 Created with a Location, or 200 OK with the rendering`,
    async (p) => {
      p.needWrites();
      await p.needRendering(r);
      const base = await p.fx.anyResource();
      const path = `${(await p.model()).kind(base.kind)!.location}${randomUUID()}`;
      const before = await p.wire.send({ method: 'GET', path, headers: { accept: MEDIA[r] } });
      if (before.status !== 404) skip(`${path} is not free (${before.status})`);
      const draft = await p.fx.draft(base.kind, { rendering: r, summary: `put ${r}` });
      const response = await p.wire.send({ method: 'PUT', path, ...entityMessage(r, draft) });
      const location =
        response.status === 201 && header(response, 'location')
          ? p.wire.relative(header(response, 'location')!)
          : path;
      if (response.status < 300) p.fx.track({ location, kind: base.kind, mixins: [], response });
      expectEntityOrLocation(response, r, `PUT ${path}`);
      await p.fx
        .read(location)
        .catch((e) => fail(`the entity PUT created cannot be got: ${(e as Error).message}`));
    },
    W,
  );

  add(
    '§8.2',
    'MUST',
    `put-replace-${r}`,
    `PUT of a full ${RENDERINGS[r].type} rendering at an entity's location replaces it: 200 OK with the rendering, or 201 Created with a Location`,
    async (p) => {
      p.needWrites();
      await p.needRendering(r);
      const base = await p.fx.anyResource();
      const c = await p.fx.shared(`replace-${r}`, base.kind, { summary: 'before' });
      const draft = await p.fx.draft(c.kind, { rendering: r, summary: `replaced ${r}` });
      if (r === 'json' && c.id) draft.id = c.id;
      const response = await p.wire.send({ method: 'PUT', path: c.location, ...entityMessage(r, draft) });
      expectEntityOrLocation(response, r, `PUT ${c.location}`);
      const { entity } = await p.fx.read(c.location);
      expect(
        entity.summary === `replaced ${r}`,
        `after the PUT the summary is ${JSON.stringify(entity.summary)}`,
      );
    },
    W,
  );

  add(
    '§8.3.1',
    'MUST',
    `update-${r}`,
    `POST of a partial ${RENDERINGS[r].type} rendering to an entity updates it: 200 OK with the rendering, or 201 Created with a Location`,
    async (p) => {
      p.needWrites();
      await p.needRendering(r);
      const base = await p.fx.anyResource();
      const c = await p.fx.shared(`update-${r}`, base.kind, { summary: 'before' });
      const response = await update(p, c, { summary: `updated ${r}` }, r);
      expectEntityOrLocation(response, r, `POST ${c.location}`);
      if (response.status === 200) {
        const e = readEntity(response, r);
        expect(
          e.summary === `updated ${r}`,
          `the rendering answered shows summary ${JSON.stringify(e.summary)}`,
          response,
        );
      }
      const { entity } = await p.fx.read(c.location);
      expect(
        entity.summary === `updated ${r}`,
        `after the update the summary is ${JSON.stringify(entity.summary)}`,
      );
    },
    W,
  );
}

add(
  '§8.2',
  'MUST',
  'replace-keeps-links',
  'replacing a resource (PUT without links) leaves its links intact',
  async (p) => {
    const { link, source } = await anyLink(p);
    const r = await p.rendering();
    const draft = await p.fx.draft(source.kind, { rendering: r, summary: 'any resource' });
    if (r === 'json' && source.id) draft.id = source.id;
    const response = await p.wire.send({ method: 'PUT', path: source.location, ...entityMessage(r, draft) });
    expect(
      response.status < 300,
      `PUT ${source.location}: ${answered(response)}${serverSays(response)}`,
      response,
    );
    const after = await p.wire.send({ method: 'GET', path: link.location, headers: { accept: MEDIA[r] } });
    expect(
      after.status === 200,
      `the link ${link.location} is gone after its source was replaced (${after.status})`,
      after,
    );
    const { entity } = await p.fx.read(source.location);
    const listed = entity.links.some(
      (l) =>
        (l.location && p.wire.relative(l.location) === link.location) ||
        (l.id !== undefined && l.id === link.id),
    );
    expect(listed, `${source.location} no longer lists its link after the PUT`);
  },
  W,
);

/** The first machine of the documents whose kind the server offers, and its first transition. */
export async function someMachine(
  p: Probe,
): Promise<{ machine: Machine; from: string; action: string; to: string }> {
  const model = await p.model();
  for (const m of Object.values(MACHINES) as Machine[]) {
    if (!model.kind(m.kind)?.location) continue;
    const t = m.transitions.find((x) => x.from === m.initial && x.from !== x.to) ?? m.transitions[0]!;
    return { machine: m, from: t.from, action: t.action, to: t.to };
  }
  skip('the server offers none of the kinds whose actions the documents define');
}

for (const r of R)
  add(
    '§8.4',
    'MUST',
    `action-${r}`,
    `POST ?action=<term> with a ${RENDERINGS[r].type} action invocation answers 200 OK`,
    async (p) => {
      await p.needRendering(r);
      const { machine, from, action } = await someMachine(p);
      const c = await inState(p, machine, from, { key: `action-${r}` });
      const response = await invoke(p, c.location, machine.actionScheme + action, {}, r);
      expect(
        response.status === 200,
        `${machine.name} ${action}: expected 200, ${answered(response)}${serverSays(response)}`,
        response,
      );
      return `${machine.name} ${action}`;
    },
    W,
  );

add(
  '§8.4',
  'SHOULD',
  'action-mismatch',
  'an action invocation whose Category differs from the ?action= term is refused (400)',
  async (p) => {
    const { machine, from, action } = await someMachine(p);
    const other = machine.transitions.find((t) => t.action !== action)?.action;
    if (!other) skip(`${machine.name} has one action only`);
    const c: Created = await inState(p, machine, from, { key: 'mismatch' });
    const r = await p.rendering();
    const response = await p.wire.send({
      method: 'POST',
      path: `${c.location}?action=${other}`,
      ...actionMessage(r, machine.actionScheme + action),
    });
    expectStatus(response, [400], `?action=${other} with an invocation of ${action}`);
  },
  W,
);

add(
  '§8.4',
  'SHOULD',
  'action-undefined',
  'an action the entity does not have is refused (400, or 404)',
  async (p) => {
    const base = await p.fx.anyResource();
    const response = await invoke(p, base.location, `${p.fx.scheme.replace('#', '/action#')}no-such-action`);
    expectStatus(response, [400, 404], 'an undefined action');
  },
  W,
);

add(
  '§8.5',
  'MUST',
  'delete',
  'DELETE of an entity answers 200 OK or 204 No Content',
  async (p) => {
    const base = await p.fx.anyResource();
    const c = await p.fx.shared('deleted', base.kind, { summary: 'deleted' });
    const response = await p.fx.remove(c.location);
    expectStatus(response, [200, 204], `DELETE ${c.location}`);
  },
  W,
);

add(
  '§8.5',
  'SHOULD',
  'deleted-gone',
  'a deleted entity is gone: GET answers 404 Not Found (or 410 Gone)',
  async (p) => {
    const base = await p.fx.anyResource();
    const c = await p.fx.shared('deleted', base.kind, { summary: 'deleted' });
    await p.fx.remove(c.location);
    const response = await p.wire.send({
      method: 'GET',
      path: c.location,
      headers: { accept: MEDIA[await p.rendering()] },
    });
    expectStatus(response, [404, 410], `GET ${c.location} after DELETE`);
  },
  W,
);
