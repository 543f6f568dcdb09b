/**
 * Text rendering (GFD.229) checks that hold for text/plain (§6) and
 * text/occi (§7) alike: the ABNF of §4 on what the server writes, the
 * renderings of §5 (entities, categories, collections), and requests
 * written as §4 allows.
 */
import { checksOf } from '../define.js';
import { type Cat, ENTITY } from '../discovery.js';
import { categoryValue, quote, RENDERINGS, textMessage } from '../messages.js';
import { answered, expect, serverSays, skip } from '../outcome.js';
import type { Probe } from '../probe.js';
import { textFields } from '../read.js';
import { parseAttribute, parseCategory, type TextCategory } from '../text-abnf.js';
import { anyLink, collectionIn, entityIn, problems, readable } from './support.js';

type Text = 'plain' | 'occi';
const W = { writes: true };

async function discoveryCategories(p: Probe, r: Text): Promise<TextCategory[]> {
  await p.needRendering(r);
  const response = await p.discoveryResponse(RENDERINGS[r].type);
  return textFields(response, r)
    .fields.filter(([n]) => n === 'category')
    .map(([, v]) => parseCategory(v));
}

/** The JSON discovery, to compare what a text rendering carries with the whole model. */
async function jsonModel(p: Probe) {
  const model = await p.model();
  if (model.from !== 'json')
    skip('comparing with the whole model needs JSON discovery, which the server does not offer');
  return model;
}

function compare(
  p: Probe,
  r: Text,
  what: string,
  pick: (t: TextCategory, c: Cat) => [unknown, unknown] | undefined,
) {
  return async () => {
    const model = await jsonModel(p);
    const bad: string[] = [];
    for (const t of await discoveryCategories(p, r)) {
      const c = model.get(`${t.scheme ?? ''}${t.term}`);
      if (!c) continue;
      const pair = pick(t, c);
      if (pair && JSON.stringify(pair[0]) !== JSON.stringify(pair[1]))
        bad.push(`${c.term}: ${JSON.stringify(pair[0])}, JSON ${JSON.stringify(pair[1])}`);
    }
    expect(bad.length === 0, `${what} differ: ${problems(bad)}`);
  };
}

export function textChecks(r: Text) {
  const { checks, add } = checksOf(r);
  const type = RENDERINGS[r].type;

  add(
    '§3',
    'MUST',
    'offered',
    `the server answers in ${type} (compliance needs all three text renderings)`,
    async (p) => {
      const response = await p.discoveryResponse(type);
      expect(
        await p.offers(r),
        `GET /-/ asking for ${type}: ${answered(response)}${serverSays(response)}`,
        response,
      );
    },
  );

  add(
    '§4.1',
    'MUST',
    'discovery-abnf',
    `every Category of the ${type} discovery follows the Category ABNF`,
    async (p) => {
      const bad = (await discoveryCategories(p, r)).flatMap((c) => c.problems.map((x) => `${c.term}: ${x}`));
      expect(bad.length === 0, problems(bad));
    },
  );

  add(
    '§5.2.3',
    'MUST',
    'action-references',
    'action Categories carry no actions and no location (an Action MUST NOT have Link and Actions references)',
    async (p) => {
      const bad = (await discoveryCategories(p, r))
        .filter((c) => c.class === 'action' && (c.actions.length > 0 || c.location !== undefined))
        .map((c) => c.term);
      expect(bad.length === 0, `actions with references: ${problems(bad)}`);
    },
  );

  add(
    '§5.2.1',
    'MUST',
    'kind-rel',
    'every kind but Entity names its parent in rel (the inheritance is client-discoverable, Core §5.3)',
    async (p) => {
      const bad = (await discoveryCategories(p, r))
        .filter((c) => c.class === 'kind' && `${c.scheme}${c.term}` !== ENTITY && !c.rel)
        .map((c) => c.term);
      expect(bad.length === 0, `kinds without rel: ${problems(bad)}`);
    },
  );

  add('§5.2.1', 'MUST', 'kind-rel-parent', "a kind's rel is its parent", async (p) =>
    compare(p, r, 'parents', (t, c) => (c.class === 'kind' ? [t.rel, c.parent] : undefined))(),
  );

  add(
    '§5.5.2',
    'MUST',
    'mixin-rel',
    "a mixin's rel is the first of its depends, and absent without depends",
    async (p) =>
      compare(p, r, 'rel and depends', (t, c) => (c.class === 'mixin' ? [t.rel, c.depends[0]] : undefined))(),
  );

  add(
    '§5.2',
    'MUST',
    'attributes',
    'the attribute names and their {immutable required} properties are those of the whole model',
    async (p) =>
      compare(p, r, 'attributes', (t, c) => [
        t.attributes
          .map((a) => `${a.name}${a.immutable ? ' immutable' : ''}${a.required ? ' required' : ''}`)
          .sort(),
        [...c.attributes.values()]
          .map((a) => `${a.name}${a.mutable === false ? ' immutable' : ''}${a.required ? ' required' : ''}`)
          .sort(),
      ])(),
  );

  add('§5.2', 'MUST', 'actions', "a kind's or mixin's actions are those of the whole model", async (p) =>
    compare(p, r, 'actions', (t, c) =>
      c.class === 'action' ? undefined : [[...t.actions].sort(), [...c.actions].sort()],
    )(),
  );

  add('§5.2', 'MUST', 'locations', 'locations are those of the whole model', async (p) =>
    compare(p, r, 'locations', (t, c) => [t.location, c.location])(),
  );

  add('§5.2', 'MUST', 'titles', 'titles are those of the whole model', async (p) =>
    compare(p, r, 'titles', (t, c) => [t.title, c.title])(),
  );

  add(
    '§5.1.1',
    'MUST',
    'entity-abnf',
    `every field of an entity rendered in ${type} follows the ABNF (Category, Link, X-OCCI-Attribute)`,
    async (p) => {
      await p.needRendering(r);
      const { entity, response } = await entityIn(p, (await readable(p)).location, r);
      expect(entity.problems.length === 0, problems(entity.problems), response);
    },
  );

  add(
    '§5.1.1',
    'MUST',
    'entity-categories',
    'an entity rendering has its kind as a Category of class kind (exactly one) and its mixins as class mixin',
    async (p) => {
      await p.needRendering(r);
      const { location, kind } = await readable(p);
      const { entity, response } = await entityIn(p, location, r);
      expect(entity.kinds.length === 1, `${entity.kinds.length} Categories of class kind`, response);
      if (kind) expect(entity.kind === kind, `kind ${entity.kind}, not ${kind}`, response);
    },
  );

  add(
    '§5.1.1',
    'MUST',
    'action-links',
    'a resource rendering represents its actions as action links <location?action=term> with the action as rel',
    async (p) => {
      await p.needRendering(r);
      const { location, kind } = await readable(p);
      const model = await p.model();
      const { entity, response } = await entityIn(p, location, r);
      const defined = model.actionsOf(kind ?? entity.kind ?? '', entity.mixins);
      if (defined.size === 0) skip(`${entity.kind} and its mixins define no action`);
      expect(
        entity.actionLinks.length > 0,
        `no action link, though ${entity.kind} defines ${[...defined].length} actions`,
        response,
      );
      const bad = entity.actionLinks.filter((l) => {
        const term = l.target.slice(l.target.lastIndexOf('=') + 1);
        return (
          !l.rel ||
          !defined.has(l.rel) ||
          !l.rel.endsWith(`#${term}`) ||
          p.wire.relative(l.target.slice(0, l.target.indexOf('?'))) !== location
        );
      });
      expect(
        bad.length === 0,
        `action links that are not this entity's actions: ${problems(bad.map((l) => `<${l.target}> ${l.rel}`))}`,
        response,
      );
    },
  );

  add(
    '§5.5.1',
    'MUST',
    'core-names',
    'an entity rendering names Core attributes occi.core.id, occi.core.title (and occi.core.summary for resources)',
    async (p) => {
      await p.needRendering(r);
      const c = await p.fx.anyResource();
      const { entity, response } = await entityIn(p, c.location, r);
      const missing = ['occi.core.id', 'occi.core.title', 'occi.core.summary'].filter(
        (n) => !(n in entity.attributes),
      );
      expect(missing.length === 0, `missing: ${missing.join(', ')}`, response);
    },
    W,
  );

  add(
    '§5.1.2',
    'MUST',
    'link-rendering',
    'a link rendering is its Category, action links only, and attributes with occi.core.source and occi.core.target',
    async (p) => {
      await p.needRendering(r);
      const { link } = await anyLink(p);
      const { entity, response } = await entityIn(p, link.location, r);
      expect(entity.problems.length === 0, problems(entity.problems), response);
      expect(entity.kind === link.kind, `kind ${entity.kind}, not ${link.kind}`, response);
      expect(
        entity.links.length === 0,
        `Link fields other than action links: ${entity.links.length}`,
        response,
      );
      for (const n of ['occi.core.source', 'occi.core.target'])
        expect(n in entity.attributes, `no ${n}`, response);
    },
    W,
  );

  add(
    '§4.2',
    'MUST',
    'resource-link',
    "a resource's rendering refers to its link with a Link field: <target>; rel=target kind; self=link; category=link kind",
    async (p) => {
      await p.needRendering(r);
      const { link, source, target } = await anyLink(p);
      const { entity, response } = await entityIn(p, source.location, r);
      const l = entity.links.find(
        (x) => x.target !== undefined && p.wire.relative(x.target) === target.location,
      );
      expect(l, `no Link field to ${target.location}`, response);
      expect(
        l.location && p.wire.relative(l.location) === link.location,
        `self is ${l.location ?? '(none)'}, not ${link.location}`,
        response,
      );
      expect(l.kind === link.kind, `category is ${l.kind ?? '(none)'}, not ${link.kind}`, response);
      expect(
        l.targetKind?.split(/ +/).includes(target.kind),
        `rel is ${l.targetKind}, not the target's kind ${target.kind}`,
        response,
      );
    },
    W,
  );

  add(
    '§5.3',
    'MUST',
    'collection',
    'an entity collection is X-OCCI-Location fields only, each a URI',
    async (p) => {
      await p.needRendering(r);
      const { kind } = await readable(p);
      const at = kind ? (await p.model()).kind(kind)?.location : undefined;
      if (!at) skip('no kind collection to read');
      const { collection, response } = await collectionIn(p, at, r);
      expect(collection.problems.length === 0, problems(collection.problems), response);
      expect(collection.locations.length > 0, 'the collection lists nothing', response);
    },
  );

  add(
    '§4.3',
    'SHOULD',
    'value-types',
    'attribute values are rendered as their type says: numbers unquoted, strings quoted, booleans bare',
    async (p) => {
      await p.needRendering(r);
      const model = await p.typedModel();
      const { location } = await readable(p);
      const { response, entity } = await entityIn(p, location, r);
      const defs = model.attributesOf(entity.kind ?? '', entity.mixins);
      const fields = textFields(response, r)
        .fields.filter(([n]) => n === 'x-occi-attribute')
        .map(([, v]) => parseAttribute(v));
      const want = { number: 'number', string: 'string', boolean: 'bool' } as Record<string, string>;
      const bad = fields.filter((a) => {
        const t = defs.get(a.name)?.type;
        return t !== undefined && want[t] !== undefined && want[t] !== a.type;
      });
      expect(
        bad.length === 0,
        `mistyped: ${problems(bad.map((a) => `${a.name} (${a.type}, defined ${defs.get(a.name)?.type})`))}`,
        response,
      );
    },
  );

  add(
    '§4.3',
    'MUST',
    'quoting',
    'a string with separators and quotes ( , ; " \\ ) survives the quoted-string of the rendering both ways',
    async (p) => {
      await p.needRendering(r);
      const base = await p.fx.anyResource();
      const tricky = 'a, b; "c" \\d';
      const c = await p.fx.create(base.kind, { rendering: r, summary: tricky });
      const { entity } = await entityIn(p, c.location, r);
      expect(
        entity.summary === tricky,
        `summary came back as ${JSON.stringify(entity.summary)}, not ${JSON.stringify(tricky)}`,
      );
    },
    W,
  );

  add(
    '§4.3',
    'MUST',
    'request-value-list',
    'a request may carry several attribute values in one field, comma-separated (#attribute-repr): each is applied',
    async (p) => {
      await p.needRendering(r);
      const base = await p.fx.anyResource();
      const location = (await p.model()).kind(base.kind)!.location!;
      const fields: [string, string][] = [
        ['Category', categoryValue(base.kind, 'kind')],
        ['X-OCCI-Attribute', `occi.core.title=${quote(p.fx.title)}, occi.core.summary="value list"`],
      ];
      const response = await p.wire.send({ method: 'POST', path: location, ...textMessage(r, fields) });
      const c = await trackCreated(p, response, base.kind, r);
      const { entity } = await entityIn(p, c, r);
      expect(
        entity.title === p.fx.title && entity.summary === 'value list',
        `title ${JSON.stringify(entity.title)}, summary ${JSON.stringify(entity.summary)}`,
      );
    },
    W,
  );

  add(
    '§4.1',
    'MUST',
    'request-category-list',
    'a request may carry the kind and a mixin in one Category field, comma-separated (#category-value): both apply',
    async (p) => {
      await p.needRendering(r);
      const base = await p.fx.anyResource();
      const tag = await p.fx.userMixin();
      const location = (await p.model()).kind(base.kind)!.location!;
      const fields: [string, string][] = [
        ['Category', `${categoryValue(base.kind, 'kind')}, ${categoryValue(tag.id, 'mixin')}`],
        ['X-OCCI-Attribute', `occi.core.title=${quote(p.fx.title)}`],
      ];
      const response = await p.wire.send({ method: 'POST', path: location, ...textMessage(r, fields) });
      const c = await trackCreated(p, response, base.kind, r);
      const { entity } = await entityIn(p, c, r);
      expect(
        entity.kind === base.kind && entity.mixins.includes(tag.id),
        `kind ${entity.kind}, mixins ${entity.mixins.join(' ') || 'none'}`,
      );
    },
    W,
  );

  return { checks, add };
}

/** The location of what a hand-written create made (kept for the clean-up); fails when it was refused. */
export async function trackCreated(
  p: Probe,
  response: Awaited<ReturnType<Probe['wire']['send']>>,
  kind: string,
  r: Text,
): Promise<string> {
  expect(
    response.status === 201 || response.status === 200,
    `create: ${answered(response)}${serverSays(response)}`,
    response,
  );
  const loc =
    response.headers.location?.[0] ??
    textFields(response, r).fields.find(([n]) => n === 'x-occi-location')?.[1];
  expect(loc, 'the create answered no location', response);
  const location = p.wire.relative(loc);
  p.fx.track({ location, kind, mixins: [], response });
  return location;
}
