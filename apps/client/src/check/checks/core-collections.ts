/**
 * Core (GFD.221) on entities of the run: collections (§5.3.8), links
 * (§5.4.2–5.4.3), mixin templates (§5.3.7) and create requests the server
 * should refuse (§5.3.6, §5.3.2, §5.4.1).
 */
import { checksOf } from '../define.js';
import { RESOURCE } from '../discovery.js';
import { entityMessage } from '../messages.js';
import { answered, expect, fail, isRefusal, skip } from '../outcome.js';
import type { Probe } from '../probe.js';
import { anyLink, collectionIn, lists, secondResource, size } from './support.js';

const { checks, add } = checksOf('core');

export { checks as coreCollectionChecks };

const W = { writes: true };

add(
  '§5.3.8',
  'MUST',
  'collection-whole',
  "the kind's collection lists the entity",
  async (p) => {
    const c = await p.fx.anyResource();
    const model = await p.model();
    const { collection } = await collectionIn(p, model.kind(c.kind)!.location!, await p.rendering());
    expect(lists(p, collection, c), `the collection of ${c.kind} does not list ${c.location}`);
  },
  W,
);

add(
  '§5.3.8',
  'MUST',
  'collection-subset',
  'a subset of a collection can be retrieved (a page of one entity, HTTP §5)',
  async (p) => {
    const c = await p.fx.anyResource();
    await secondResource(p);
    const location = (await p.model()).kind(c.kind)!.location!;
    const { collection } = await collectionIn(p, location, await p.rendering(), '?page=1&number=1');
    expect(
      size(collection) === 1,
      `a page of number=1 has ${size(collection)} entities, with at least 2 in the collection`,
    );
  },
  W,
);

add(
  '§5.3.8',
  'MUST',
  'mixin-collection',
  "the mixin's collection lists an entity associated with it",
  async (p) => {
    const tag = await p.fx.userMixin();
    const base = await p.fx.anyResource();
    const c = await p.fx.shared('tagged', base.kind, { mixins: [tag.id], summary: 'tagged' });
    const { collection } = await collectionIn(p, tag.location, await p.rendering());
    expect(lists(p, collection, c), `${tag.location} does not list ${c.location}`);
  },
  W,
);

add(
  '§5.4.3',
  'MUST',
  'link-ends',
  'a link exposes its source and target resources',
  async (p) => {
    const { link, source, target } = await anyLink(p);
    const { entity } = await p.fx.read(link.location);
    const same = (a: string | undefined, b: string) =>
      a !== undefined && p.wire.relative(a) === p.wire.relative(b);
    expect(
      same(entity.source, source.location),
      `source is ${entity.source ?? '(none)'}, not ${source.location}`,
    );
    expect(
      same(entity.target, target.location),
      `target is ${entity.target ?? '(none)'}, not ${target.location}`,
    );
  },
  W,
);

add(
  '§5.4.2',
  'MUST',
  'resource-links',
  "a resource's rendering lists the links it is the source of",
  async (p) => {
    const { link, source } = await anyLink(p);
    const { entity } = await p.fx.read(source.location);
    const found = entity.links.some(
      (l) =>
        (l.location && p.wire.relative(l.location) === link.location) ||
        (l.id !== undefined && l.id === link.id),
    );
    expect(found, `${source.location} does not list its link ${link.location}`);
  },
  W,
);

add(
  '§5.4.2',
  'MUST',
  'links-composite',
  'deleting a resource deletes the links it is the source of (composition)',
  async (p) => {
    const base = await p.fx.anyResource();
    const { link: any } = await anyLink(p);
    const source = await p.fx.create(base.kind, { summary: 'composite source' });
    const target = await secondResource(p);
    const link = await p.fx.create(any.kind, {
      source: { location: p.wire.url(source.location), kind: source.kind },
      target: { location: p.wire.url(target.location), kind: target.kind },
    });
    const deleted = await p.fx.remove(source.location);
    expect(deleted.status < 300, `deleting ${source.location}: ${answered(deleted)}`, deleted);
    const after = await p.wire.send({ method: 'GET', path: link.location, headers: { accept: '*/*' } });
    expect(
      after.status === 404 || after.status === 410,
      `the link ${link.location} outlived its source: ${answered(after)}`,
      after,
    );
  },
  W,
);

add(
  '§5.4.3',
  'MUST',
  'source-local',
  "a link's source must be a resource of the provider: a link from a foreign URI is refused",
  async (p) => {
    const { link: any, target } = await anyLink(p);
    try {
      await p.fx.create(any.kind, {
        source: { location: 'http://occi-check.invalid/compute/nowhere', kind: target.kind },
        target: { location: p.wire.url(target.location), kind: target.kind },
      });
    } catch (error) {
      if (isRefusal(error)) return `refused: ${error.status}`;
      throw error;
    }
    fail('the server created a link whose source is http://occi-check.invalid/compute/nowhere');
  },
  W,
);

add(
  '§5.3.7',
  'SHOULD',
  'mixin-default',
  "a mixin's attribute default is the value of an entity created with it (overriding the kind's)",
  async (p) => {
    const base = await p.fx.anyResource();
    const model = await p.typedModel();
    const chain = model.chain(base.kind).map((k) => k.id);
    for (const m of model.mixins) {
      if (m.applies?.length && !m.applies.some((k) => chain.includes(k))) continue;
      const attrs = model.attributesOf(base.kind, [m.id]);
      const needs = [...attrs.values()].some(
        (d) =>
          d.required &&
          d.default === undefined &&
          !d.name.startsWith('occi.core.') &&
          !(d.name in m.attributes),
      );
      const withDefault = [...m.attributes.values()].find(
        (d) => d.default !== undefined && d.mutable !== false && !d.name.startsWith('occi.core.'),
      );
      if (needs || !withDefault) continue;
      const c = await p.fx.create(base.kind, { mixins: [m.id], summary: 'mixin default' });
      const { entity } = await p.fx.read(c.location);
      const v = entity.attributes[withDefault.name];
      expect(
        JSON.stringify(v) === JSON.stringify(withDefault.default),
        `${withDefault.name} is ${JSON.stringify(v)}, not the default ${JSON.stringify(withDefault.default)} of ${m.id}`,
      );
      return `${m.id}: ${withDefault.name}=${JSON.stringify(v)}`;
    }
    skip(`no mixin applicable to ${base.kind} has a mutable attribute with a default`);
  },
  W,
);

async function refusedCreate(
  p: Probe,
  body: (kind: string) => Promise<Parameters<typeof entityMessage>[1]>,
  what: string,
): Promise<string> {
  const base = await p.fx.anyResource();
  const location = (await p.model()).kind(base.kind)!.location!;
  const r = await p.rendering();
  const response = await p.wire.send({
    method: 'POST',
    path: location,
    ...entityMessage(r, await body(base.kind)),
  });
  if (response.status < 300) {
    const loc = response.headers.location?.[0];
    if (loc) p.fx.track({ location: p.wire.relative(loc), kind: base.kind, mixins: [], response });
    fail(`the server created ${what} (${response.status})`, response);
  }
  expect(response.status === 400, `${what}: expected 400, ${answered(response)}`, response);
  return 'refused with 400';
}

add(
  '§5.3.6',
  'SHOULD',
  'unknown-kind',
  'a create request naming a kind the server does not have is refused (400)',
  (p) =>
    refusedCreate(
      p,
      async (kind) => ({ ...(await p.fx.draft(kind)), kind: `${p.fx.scheme}no-such-kind` }),
      'an entity of an unknown kind',
    ),
  W,
);

add(
  '§5.3.6',
  'SHOULD',
  'unknown-mixin',
  'a create request naming a mixin the server does not have is refused (400)',
  (p) =>
    refusedCreate(
      p,
      async (kind) => ({ ...(await p.fx.draft(kind)), mixins: [`${p.fx.scheme}no-such-mixin`] }),
      'an entity with an unknown mixin',
    ),
  W,
);

add(
  '§5.3.6',
  'SHOULD',
  'no-kind',
  'a create request naming no kind is refused (400): the client MUST supply it',
  (p) =>
    refusedCreate(
      p,
      async (kind) => ({ ...(await p.fx.draft(kind)), kind: undefined }),
      'an entity without a kind',
    ),
  W,
);

add(
  '§5.4.1',
  'SHOULD',
  'undefined-attribute',
  'a create request setting an attribute that neither the kind nor a mixin defines is refused (400)',
  (p) =>
    refusedCreate(
      p,
      async (kind) => {
        const d = await p.fx.draft(kind);
        return { ...d, attributes: { ...d.attributes, 'com.example.occi-check.undefined': 'x' } };
      },
      'an entity with an undefined attribute',
    ),
  W,
);

add(
  '§5.3.2',
  'SHOULD',
  'required-missing',
  'a create request without a required attribute (one without a default) is refused (400)',
  async (p) => {
    const model = await p.typedModel();
    for (const k of model.kinds) {
      if (!k.location || !model.isA(k.id, RESOURCE)) continue;
      const req = [...model.attributesOf(k.id).values()].find(
        (d) =>
          d.required && d.default === undefined && d.mutable !== false && !d.name.startsWith('occi.core.'),
      );
      if (!req) continue;
      const r = await p.rendering();
      const draft = await p.fx.draft(k.id, { rendering: r });
      delete draft.attributes?.[req.name];
      const response = await p.wire.send({ method: 'POST', path: k.location, ...entityMessage(r, draft) });
      if (response.status < 300) {
        const loc = response.headers.location?.[0];
        if (loc) p.fx.track({ location: p.wire.relative(loc), kind: k.id, mixins: [], response });
        fail(`the server created a ${k.term} without the required ${req.name}`, response);
      }
      expect(
        response.status === 400,
        `a ${k.term} without ${req.name}: expected 400, ${answered(response)}`,
        response,
      );
      return `${k.term} without ${req.name}: 400`;
    }
    skip('no resource kind has a required attribute without a default');
  },
  W,
);
