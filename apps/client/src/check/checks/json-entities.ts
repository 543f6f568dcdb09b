/**
 * JSON rendering (GFD.225) §3.1, §3.3, §3.5: entities, links and
 * collections the server renders in JSON, judged by the OGF JSON schema
 * (§11) and the tables of §3.
 */
import { checksOf } from '../define.js';
import { RESOURCE } from '../discovery.js';
import { answered, expect, skip } from '../outcome.js';
import type { Probe } from '../probe.js';
import { parseJson } from '../read.js';
import { schemaErrors } from '../schema.js';
import { anyLink, collectionIn, entityIn, problems, readable } from './support.js';

const { checks, add } = checksOf('json');

export { checks as jsonEntityChecks };

const W = { writes: true };
const TYPE = 'application/occi+json';
const jsonType = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);

async function resource(p: Probe) {
  await p.needRendering('json');
  const { location, kind } = await readable(p);
  const got = await entityIn(p, location, 'json');
  return { ...got, location, kind };
}

add(
  '§3.1.1',
  'MUST',
  'resource-schema',
  "a resource rendered in JSON validates against the schema's resource definition",
  async (p) => {
    const { response } = await resource(p);
    const errors = schemaErrors('resource', parseJson(response.body));
    expect(errors.length === 0, problems(errors), response);
  },
);

add(
  '§3.1.1',
  'MUST',
  'resource-actions',
  "a resource's actions are type identifiers of actions its kind or mixins define",
  async (p) => {
    const { entity, response } = await resource(p);
    const defined = (await p.model()).actionsOf(entity.kind ?? '', entity.mixins);
    const bad = entity.actions.filter((a) => !defined.has(a));
    expect(bad.length === 0, `actions not defined for it: ${problems(bad)}`, response);
  },
);

add(
  '§3.1.1',
  'MUST',
  'same-id',
  "the id of the JSON rendering is the entity's id in the text rendering (occi.core.id)",
  async (p) => {
    const { entity, location } = await resource(p);
    const text = (await p.offered()).find((r) => r !== 'json');
    if (!text) skip('the server offers no text rendering to compare with');
    const other = (await entityIn(p, location, text)).entity;
    expect(other.id === entity.id, `JSON id ${entity.id}, ${text} occi.core.id ${other.id}`);
  },
);

add(
  '§3.5',
  'MUST',
  'attribute-values',
  "an entity's attribute values have the JSON types their descriptions give",
  async (p) => {
    const { entity, response } = await resource(p);
    const defs = (await p.model()).attributesOf(entity.kind ?? '', entity.mixins);
    const bad = Object.entries(entity.attributes).filter(([n, v]) => {
      const t = defs.get(n)?.type;
      return t !== undefined && jsonType(v) !== t;
    });
    expect(
      bad.length === 0,
      `mistyped: ${problems(bad.map(([n, v]) => `${n}=${JSON.stringify(v)} (${defs.get(n)?.type})`))}`,
      response,
    );
  },
);

add(
  '§3.5.1',
  'MUST',
  'default-applied',
  'an attribute with a default that a create request leaves out has the default',
  async (p) => {
    await p.needRendering('json');
    const model = await p.typedModel();
    const withDefaults = (k: string) =>
      [...model.attributesOf(k).values()].filter((d) => d.default !== undefined && d.mutable !== false);
    const kind = model.kinds.find(
      (k) => k.location && model.isA(k.id, RESOURCE) && withDefaults(k.id).length > 0,
    );
    // Else a mixin with such a default (a template, Core §5.3.7), on a kind it applies to.
    const mixin = kind
      ? undefined
      : model.mixins.find(
          (m) =>
            [...m.attributes.values()].some((d) => d.default !== undefined && d.mutable !== false) &&
            (m.applies ?? []).some((k) => model.kind(k)?.location && model.isA(k, RESOURCE)),
        );
    const on = kind?.id ?? mixin?.applies?.find((k) => model.kind(k)?.location && model.isA(k, RESOURCE));
    if (!on) skip('no resource kind, nor a mixin of one, has a mutable attribute with a default');
    const mixins = mixin ? [mixin.id] : [];
    const c = await p.fx.create(on, { mixins, summary: 'defaults' });
    const { entity } = await entityIn(p, c.location, 'json');
    const defaults = [...model.attributesOf(on, mixins).values()].filter(
      (d) => d.default !== undefined && d.mutable !== false,
    );
    const bad = defaults.filter(
      (d) => JSON.stringify(entity.attributes[d.name]) !== JSON.stringify(d.default),
    );
    expect(
      bad.length === 0,
      `not the default: ${problems(bad.map((d) => `${d.name}=${JSON.stringify(entity.attributes[d.name])}, default ${JSON.stringify(d.default)}`))}`,
    );
  },
  W,
);

add(
  '§3.1.1',
  'MUST',
  'inline-links',
  "a resource's links are rendered in full, each valid as the schema's link definition",
  async (p) => {
    await p.needRendering('json');
    const { source } = await anyLink(p);
    const { response } = await entityIn(p, source.location, 'json');
    const links = (parseJson(response.body) as { links?: unknown[] }).links;
    expect(
      Array.isArray(links) && links.length > 0,
      'no links member, though the resource is the source of a link',
      response,
    );
    const bad = links.flatMap((l) => schemaErrors('link', l));
    expect(bad.length === 0, problems(bad), response);
  },
  W,
);

add(
  '§3.1.2',
  'MUST',
  'link-schema',
  "a link rendered in JSON validates against the schema's link definition",
  async (p) => {
    await p.needRendering('json');
    const { link } = await anyLink(p);
    const { response } = await entityIn(p, link.location, 'json');
    const errors = schemaErrors('link', parseJson(response.body));
    expect(errors.length === 0, problems(errors), response);
  },
  W,
);

add(
  '§3.1.2.1',
  'MUST',
  'link-ends',
  "a link's source and target objects locate its source and target resources",
  async (p) => {
    await p.needRendering('json');
    const { link, source, target } = await anyLink(p);
    const { entity, response } = await entityIn(p, link.location, 'json');
    expect(
      entity.source && p.wire.relative(entity.source) === source.location,
      `source.location ${entity.source}, not ${source.location}`,
      response,
    );
    expect(
      entity.target && p.wire.relative(entity.target) === target.location,
      `target.location ${entity.target}, not ${target.location}`,
      response,
    );
  },
  W,
);

add(
  '§3.1.2.1',
  'SHOULD',
  'link-target-kind',
  "a link's target object names the target's kind when it is an OCCI resource",
  async (p) => {
    await p.needRendering('json');
    const { link, target } = await anyLink(p);
    const { entity, response } = await entityIn(p, link.location, 'json');
    expect(
      entity.targetKind === target.kind,
      `target.kind ${entity.targetKind ?? '(none)'}, not ${target.kind}`,
      response,
    );
  },
  W,
);

add(
  '§3.3.1',
  'MUST',
  'resource-collection',
  'a collection of resources is {"resources": [...]}, valid as the schema\'s resource_collection',
  async (p) => {
    const { kind } = await resource(p);
    const at = kind ? (await p.model()).kind(kind)?.location : undefined;
    if (!at) skip('no resource collection to read');
    const { response } = await collectionIn(p, at, 'json');
    const errors = schemaErrors('resource_collection', parseJson(response.body));
    expect(errors.length === 0, problems(errors), response);
  },
);

add(
  '§3.3.2',
  'MUST',
  'link-collection',
  'a collection of links is {"links": [...]}, valid as the schema\'s link_collection, listing the link',
  async (p) => {
    await p.needRendering('json');
    const { link } = await anyLink(p);
    const at = (await p.model()).kind(link.kind)?.location;
    if (!at) skip('the link kind has no location');
    const { response, collection } = await collectionIn(p, at, 'json');
    const errors = schemaErrors('link_collection', parseJson(response.body));
    expect(errors.length === 0, problems(errors), response);
    expect(
      collection.entities.some((e) => e.id === link.id),
      `${at} does not list the link ${link.id}`,
      response,
    );
  },
  W,
);

add(
  '§3.3',
  'SHOULD',
  'invalid-refused',
  'a JSON create request that violates the schema (mixins not an array) is refused (400)',
  async (p) => {
    await p.needRendering('json');
    const base = await p.fx.anyResource();
    const at = (await p.model()).kind(base.kind)!.location!;
    const draft = await p.fx.draft(base.kind, { rendering: 'json' });
    const response = await p.wire.send({
      method: 'POST',
      path: at,
      headers: { 'content-type': TYPE, accept: TYPE },
      body: JSON.stringify({ ...draft, mixins: 'not-an-array' }),
    });
    if (response.status < 300) {
      const loc = response.headers.location?.[0];
      if (loc) p.fx.track({ location: p.wire.relative(loc), kind: base.kind, mixins: [], response });
    }
    expect(response.status === 400, `expected 400, ${answered(response)}`, response);
  },
  W,
);
