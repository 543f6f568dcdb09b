/**
 * Core (GFD.221) as discovery shows it: the classification system (§5.3),
 * the base types (§5.4) and the extension rules (§5.5) — read-only.
 */
import { checksOf } from '../define.js';
import { ENTITY, LINK, RESOURCE } from '../discovery.js';
import { documentedIds, OGF } from '../documents.js';
import { expect, skip } from '../outcome.js';
import type { Probe } from '../probe.js';
import { isUri } from '../text-abnf.js';
import { problems } from './support.js';

const { checks, add } = checksOf('core');

export { checks as coreModelChecks };

add(
  '§5.3.9',
  'MUST',
  'discovery',
  'the query interface lists the kinds, mixins and actions of the server (a category collection that can be read)',
  async (p) => {
    const model = await p.model();
    expect(model.kinds.length > 0, 'discovery lists no kind');
    return `${model.kinds.length} kinds, ${model.mixins.length} mixins, ${model.actions.length} actions (read in ${model.from})`;
  },
);

for (const [id, name, section] of [
  [ENTITY, 'entity', '§5.4.1'],
  [RESOURCE, 'resource', '§5.4.2'],
  [LINK, 'link', '§5.4.3'],
] as const)
  add(
    section,
    'MUST',
    `${name}-kind`,
    `discovery has the ${name} kind (${id}): all base types MUST be implemented (§5.4)`,
    async (p) => {
      expect((await p.model()).kind(id), `no kind ${id} in discovery`);
    },
  );

for (const [id, name, section] of [
  [RESOURCE, 'resource', '§5.4.2'],
  [LINK, 'link', '§5.4.3'],
] as const)
  add(
    section,
    'MUST',
    `${name}-parent`,
    `the ${name} kind has the entity kind as its parent (§5.3.3)`,
    async (p) => {
      const k = (await p.model()).kind(id);
      if (!k) skip(`no kind ${id} in discovery`);
      expect(k.parent === ENTITY, `${id} has parent ${k.parent ?? '(none)'}, not ${ENTITY}`);
    },
  );

add('§5.3.3', 'MUST', 'parents-known', "every kind's parent is a kind of the discovery", async (p) => {
  const model = await p.model();
  const bad = model.kinds
    .filter((k) => k.parent !== undefined && !model.kind(k.parent))
    .map((k) => `${k.id} → ${k.parent}`);
  expect(bad.length === 0, `parents that are no kind: ${problems(bad)}`);
});

add(
  '§5.3.3',
  'MUST',
  'entity-ancestor',
  'every kind but Entity descends from the entity kind through its parents',
  async (p) => {
    const model = await p.model();
    const bad = model.kinds.filter((k) => k.id !== ENTITY && !model.isA(k.id, ENTITY)).map((k) => k.id);
    expect(bad.length === 0, `kinds that do not descend from ${ENTITY}: ${problems(bad)}`);
  },
);

add(
  '§5.5.2',
  'MUST',
  'subtypes',
  'every kind of an extension sub-types Resource or Link (the only types Core lets extensions sub-type)',
  async (p) => {
    const model = await p.model();
    const bad = model.kinds
      .filter(
        (k) =>
          ![ENTITY, RESOURCE, LINK].includes(k.id) && !model.isA(k.id, RESOURCE) && !model.isA(k.id, LINK),
      )
      .map((k) => k.id);
    expect(bad.length === 0, `kinds that are neither resources nor links: ${problems(bad)}`);
  },
);

add(
  '§5.3.1',
  'MUST',
  'unique-ids',
  'no two categories share a type identifier (scheme + term)',
  async (p) => {
    const model = await p.model();
    const seen = new Map<string, number>();
    for (const c of model.all) seen.set(c.id, (seen.get(c.id) ?? 0) + 1);
    const twice = [...seen].filter(([, n]) => n > 1).map(([id]) => id);
    expect(twice.length === 0, `defined more than once: ${problems(twice)}`);
  },
);

add('§5.3.1', 'MUST', 'term-scheme', 'every category has a term and a scheme that is a URI', async (p) => {
  const model = await p.model();
  const bad = model.all.filter((c) => c.term === '' || !isUri(c.scheme)).map((c) => `${c.scheme}|${c.term}`);
  expect(bad.length === 0, `categories without a term or a URI scheme: ${problems(bad)}`);
});

add(
  '§5.3.1',
  'MUST',
  'reserved-base',
  'categories under http://schemas.ogf.org/occi/ are only those the documents define (the base URL is reserved)',
  async (p) => {
    const model = await p.model();
    const known = documentedIds();
    const bad = model.all.filter((c) => c.id.startsWith(OGF) && !known.has(c.id)).map((c) => c.id);
    expect(bad.length === 0, `not defined by any OCCI document: ${problems(bad)}`);
  },
);

/** The attributes an extension category introduces: its own, not those of OGF categories. */
async function introduced(p: Probe) {
  const model = await p.model();
  const ogf = new Set(model.all.filter((c) => c.id.startsWith(OGF)).flatMap((c) => [...c.attributes.keys()]));
  const out: { category: string; name: string }[] = [];
  for (const c of model.all)
    if (c.class !== 'action' && !c.id.startsWith(OGF))
      for (const name of c.attributes.keys()) if (!ogf.has(name)) out.push({ category: c.id, name });
  return { model, out };
}

add(
  '§5.3.2',
  'MUST',
  'reserved-prefix',
  'attributes introduced by categories outside the OCCI schemes do not use the reserved "occi." prefix',
  async (p) => {
    const { out } = await introduced(p);
    const bad = out.filter((a) => a.name.startsWith('occi.')).map((a) => `${a.name} (${a.category})`);
    expect(bad.length === 0, `occi.* attributes no OCCI category defines: ${problems(bad)}`);
  },
);

add(
  '§5.5.1',
  'SHOULD',
  'reverse-domain',
  'attributes introduced by provider categories use a reverse-domain prefix (e.g. com.example.), SLA term attributes ({term}.…, SLA §3.1.2) aside',
  async (p) => {
    const { model, out } = await introduced(p);
    const terms = new Set(model.mixins.map((m) => m.term));
    const bad = out
      .filter((a) => !terms.has(a.name.split('.')[0]!) && a.name.split('.').length < 3)
      .map((a) => `${a.name} (${a.category})`);
    expect(bad.length === 0, `no reverse-domain prefix: ${problems(bad)}`);
  },
);

add(
  '§5.3.3',
  'MUST',
  'kind-actions',
  'every action a kind lists is an action of the discovery',
  async (p) => {
    const model = await p.model();
    const bad = model.kinds.flatMap((k) =>
      k.actions.filter((a) => !model.action(a)).map((a) => `${a} (${k.term})`),
    );
    expect(bad.length === 0, `actions listed but not discoverable: ${problems(bad)}`);
  },
);

add(
  '§5.3.4',
  'MUST',
  'mixin-actions',
  'every action a mixin lists is an action of the discovery',
  async (p) => {
    const model = await p.model();
    const bad = model.mixins.flatMap((m) =>
      m.actions.filter((a) => !model.action(a)).map((a) => `${a} (${m.term})`),
    );
    expect(bad.length === 0, `actions listed but not discoverable: ${problems(bad)}`);
  },
);

add(
  '§5.3.5',
  'MUST',
  'actions-bound',
  'every action is bound to a kind or a mixin that lists it',
  async (p) => {
    const model = await p.model();
    const bad = model.actions.filter((a) => model.definersOf(a.id).length === 0).map((a) => a.id);
    expect(bad.length === 0, `actions no kind or mixin lists: ${problems(bad)}`);
  },
);

add(
  '§5.3.4',
  'MUST',
  'depends-known',
  'every mixin a mixin depends on is a mixin of the discovery',
  async (p) => {
    const model = await p.model();
    const bad = model.mixins.flatMap((m) =>
      m.depends.filter((d) => !model.mixin(d)).map((d) => `${m.term} → ${d}`),
    );
    expect(bad.length === 0, `depends on what is no mixin: ${problems(bad)}`);
  },
);

add(
  '§5.3.4',
  'MUST',
  'applies-known',
  'every kind a mixin applies to is a kind of the discovery',
  async (p) => {
    const model = await p.typedModel();
    const bad = model.mixins.flatMap((m) =>
      (m.applies ?? []).filter((k) => !model.kind(k)).map((k) => `${m.term} → ${k}`),
    );
    expect(bad.length === 0, `applies to what is no kind: ${problems(bad)}`);
  },
);

add(
  '§5.3.4',
  'MUST',
  'no-mixin-cycles',
  'no mixin depends on itself, directly or through others',
  async (p) => {
    const model = await p.model();
    const bad = model.mixins
      .filter((m) =>
        model
          .dependsClosure(m.id)
          .slice(1)
          .some((d) => d.depends.includes(m.id)),
      )
      .map((m) => m.id);
    expect(bad.length === 0, `depends on itself: ${problems(bad)}`);
  },
);

add('§5.3.3', 'MUST', 'no-kind-cycles', 'no kind is its own ancestor', async (p) => {
  const model = await p.model();
  const bad = model.kinds.filter((k) => {
    const chain = model.chain(k.id);
    const last = chain.at(-1);
    return last?.parent !== undefined && chain.some((c) => c.id === last.parent);
  });
  expect(bad.length === 0, `kinds in a parent cycle: ${problems(bad.map((k) => k.id))}`);
});

add(
  '§5.3.2',
  'MUST',
  'attribute-names',
  'attribute names are unique per category and follow the attribute-name syntax (ALPHA / DIGIT, then ALPHA / DIGIT / "-" / "_" / ".")',
  async (p) => {
    const model = await p.model();
    const bad = model.all.flatMap((c) =>
      [...c.attributes.keys()]
        .filter((n) => !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(n))
        .map((n) => `${n} (${c.term})`),
    );
    expect(bad.length === 0, `attribute names: ${problems(bad)}`);
  },
);

add(
  '§5.4',
  'MUST',
  'core-attributes',
  'Entity defines occi.core.id and occi.core.title, Resource occi.core.summary, Link occi.core.source and occi.core.target (GFD.229 §5.5.1 names)',
  async (p) => {
    const model = await p.model();
    const want: [string, string][] = [
      [ENTITY, 'occi.core.id'],
      [ENTITY, 'occi.core.title'],
      [RESOURCE, 'occi.core.summary'],
      [LINK, 'occi.core.source'],
      [LINK, 'occi.core.target'],
    ];
    const missing = want
      .filter(([k, n]) => model.kind(k) && !model.attributesOf(k).has(n))
      .map(([k, n]) => `${n} (${k})`);
    expect(missing.length === 0, `not defined: ${problems(missing)}`);
  },
);

add(
  '§5.3.2',
  'MUST',
  'id-immutable',
  'occi.core.id is defined immutable (the id is managed by the server, Core table 6)',
  async (p) => {
    const model = await p.model();
    const d = model.attributesOf(ENTITY).get('occi.core.id');
    if (!d) skip('discovery defines no occi.core.id');
    expect(d.mutable === false, 'occi.core.id is not marked immutable');
  },
);
