/** Infrastructure (GFD.224) §3.5: OS templates and resource templates — offered, applied, replaced. */
import { checksOf } from '../define.js';
import type { Cat, Discovered } from '../discovery.js';
import { INFRA, OGF, OS_TPL, RESOURCE_TPL } from '../documents.js';
import { answered, expect, serverSays, skip } from '../outcome.js';
import type { Probe } from '../probe.js';
import { problems, update } from './support.js';

const { checks, add } = checksOf('infra');

export { checks as infraTemplateChecks };

const W = { writes: true };
const COMPUTE = `${INFRA}compute`;

function templates(model: Discovered, root: string): Cat[] {
  return model.mixinsDependingOn(root);
}

async function offered(p: Probe, root: string, what: string): Promise<{ model: Discovered; list: Cat[] }> {
  const model = await p.model();
  const list = templates(model, root);
  if (list.length === 0 && !model.mixin(root)) skip(`the server offers no ${what}s`);
  return { model, list };
}

/** Templates of `root` that apply to Compute and need nothing the run cannot give. */
async function usable(p: Probe, root: string, what: string, count: number): Promise<Cat[]> {
  await p.need(COMPUTE, 'compute kind');
  const { model, list } = await offered(p, root, what);
  const ok = list.filter((m) => !m.applies?.length || m.applies.includes(COMPUTE));
  if (ok.length < count)
    skip(`the server offers ${ok.length} ${what}s for compute; the check needs ${count}`);
  return ok.slice(0, count).map((m) => model.mixin(m.id)!);
}

for (const [root, term, section, what] of [
  [OS_TPL, 'os_tpl', '§3.5.1', 'OS template'],
  [RESOURCE_TPL, 'resource_tpl', '§3.5.2', 'resource template'],
] as const) {
  add(section, 'MUST', term, `the ${root} mixin is offered when ${what}s are`, async (p) => {
    const { model, list } = await offered(p, root, what);
    expect(model.mixin(root), `${list.length} mixins depend on ${root}, which discovery does not list`);
  });

  add(
    section,
    term === 'os_tpl' ? 'SHOULD' : 'MAY',
    `${term}-offered`,
    `the server offers ${what}s (mixins that depend on ${root})`,
    async (p) => {
      const list = templates(await p.model(), root);
      if (list.length === 0 && term !== 'os_tpl') skip(`no mixin depends on ${root} (MAY)`);
      expect(list.length > 0, `no mixin depends on ${root}`);
      return list.map((m) => m.term).join(', ');
    },
  );

  add(
    section,
    'SHOULD',
    `${term}-titles`,
    `every ${what} has a descriptive title and a provider scheme (not one of the documents')`,
    async (p) => {
      const { list } = await offered(p, root, what);
      const crtp = `${OGF}infrastructure/compute/template/`;
      const bad = list
        .filter((m) => !m.title || (m.scheme.startsWith(OGF) && !m.scheme.startsWith(crtp)))
        .map((m) => m.id);
      expect(bad.length === 0, `without a title or of an OCCI scheme: ${problems(bad)}`);
    },
  );

  add(
    section,
    'MUST',
    `${term}-create`,
    `a compute created with a ${what} has it`,
    async (p) => {
      const [t] = await usable(p, root, what, 1);
      const c = await p.fx.shared(`${term}-create`, COMPUTE, { mixins: [t!.id], summary: `${what}` });
      const { entity } = await p.fx.read(c.location);
      expect(entity.mixins.includes(t!.id), `mixins ${entity.mixins.join(' ') || 'none'}, not ${t!.id}`);
    },
    W,
  );

  add(
    section,
    'MUST',
    `${term}-replace`,
    `associating a new ${what} with a compute that has one removes the old one at once (or the server refuses with an error)`,
    async (p) => {
      const [a, b] = await usable(p, root, what, 2);
      const c = await p.fx.create(COMPUTE, { mixins: [a!.id], summary: `${what} replaced` });
      const response = await update(p, c, { mixins: [b!.id] });
      if (response.status >= 400 && response.status < 500) return `refused: ${response.status}`;
      expect(response.status < 300, `${answered(response)}${serverSays(response)}`, response);
      const model = await p.model();
      const { entity } = await p.fx.read(c.location);
      const now = entity.mixins.filter((m) => model.dependsOn(m, root));
      expect(
        now.length === 1 && now[0] === b!.id,
        `after associating ${b!.term}, the ${what}s are ${now.join(' ') || 'none'}`,
      );
    },
    W,
  );
}

add(
  '§3.5.2',
  'SHOULD',
  'resource_tpl-attributes',
  'every resource template carries the attributes it sets, with default values',
  async (p) => {
    const { list } = await offered(p, RESOURCE_TPL, 'resource template');
    const model = await p.model();
    const bad = list
      .filter(
        (m) =>
          m.attributes.size === 0 ||
          (model.typed && ![...m.attributes.values()].some((d) => d.default !== undefined)),
      )
      .map((m) => m.id);
    expect(bad.length === 0, `without attributes and defaults: ${problems(bad)}`);
  },
);

add(
  '§3.5.2',
  'SHOULD',
  'resource_tpl-applied',
  "a compute created with a resource template takes on the template's default values",
  async (p) => {
    const model = await p.typedModel();
    const [t] = await usable(p, RESOURCE_TPL, 'resource template', 1);
    const c = await p.fx.shared('resource_tpl-create', COMPUTE, {
      mixins: [t!.id],
      summary: 'resource template',
    });
    const { entity } = await p.fx.read(c.location);
    const defaults = [...(model.mixin(t!.id)?.attributes.values() ?? [])].filter(
      (d) => d.default !== undefined,
    );
    if (defaults.length === 0) skip(`${t!.id} has no attribute defaults`);
    const bad = defaults.filter(
      (d) => JSON.stringify(entity.attributes[d.name]) !== JSON.stringify(d.default),
    );
    expect(
      bad.length === 0,
      `not the template's: ${problems(bad.map((d) => `${d.name}=${JSON.stringify(entity.attributes[d.name])} (default ${JSON.stringify(d.default)})`))}`,
    );
  },
  W,
);
