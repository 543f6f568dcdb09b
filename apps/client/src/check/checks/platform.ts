/**
 * Platform (GFD.227): Application, Component and ComponentLink with their
 * attributes and actions, the templates (§3.4) and the database mixins
 * (§4) — when the server offers Platform at all.
 */
import { checksOf } from '../define.js';
import { APP_TPL, OGF, PLATFORM, PLATFORM_KINDS, PLATFORM_MIXINS, RES_TPL } from '../documents.js';
import type { Created, CreateOptions } from '../fixtures.js';
import { expect, Fail, skip } from '../outcome.js';
import type { Probe } from '../probe.js';
import { MACHINES } from '../states.js';
import { instanceChecks, specChecks, transitionChecks } from './spec-checks.js';
import { problems } from './support.js';

const { checks, add } = checksOf('platform');

export { checks as platformChecks };

const APPLICATION = `${PLATFORM}application`;
const COMPONENT = `${PLATFORM}component`;

async function gate(p: Probe): Promise<void> {
  if (!(await p.offersScheme(`${OGF}platform`))) skip('the server offers no Platform kinds');
}

/**
 * How the run creates an application or component here: as is, else with
 * one of the server's application templates (a server may need one to
 * know what to run) — the first that works; its refusals skip otherwise.
 */
function creation(p: Probe, kind: string): Promise<{ options: CreateOptions; created: Created }> {
  return p.once(`platform:${kind}`, async () => {
    await gate(p);
    await p.need(kind, `${kind.slice(kind.indexOf('#') + 1)} kind`);
    const model = await p.model();
    const tries: CreateOptions[] = [{}];
    for (const t of model.mixinsDependingOn(APP_TPL).slice(0, 3))
      if (!t.applies?.length || t.applies.includes(kind)) tries.push({ mixins: [t.id] });
    const refusals: string[] = [];
    for (const options of tries) {
      try {
        const created = await p.fx.create(kind, {
          ...options,
          summary: `platform ${kind.slice(kind.indexOf('#') + 1)}`,
        });
        return { options, created };
      } catch (error) {
        if (!(error instanceof Fail)) throw error;
        refusals.push(error.message);
      }
    }
    skip(`the server created no ${kind.slice(kind.indexOf('#') + 1)}: ${problems(refusals, 2)}`);
  });
}

const instances: Record<string, (p: Probe) => Promise<Created>> = {
  application: async (p) => (await creation(p, APPLICATION)).created,
  component: async (p) => (await creation(p, COMPONENT)).created,
  componentlink: (p) =>
    p.once('platform:componentlink', async () => {
      const source = (await creation(p, APPLICATION)).created;
      const target = (await creation(p, COMPONENT)).created;
      return p.fx.shared('platform:componentlink', `${PLATFORM}componentlink`, {
        source: { location: p.wire.url(source.location), kind: source.kind },
        target: { location: p.wire.url(target.location), kind: target.kind },
      });
    }),
};

add(
  '§3',
  'MAY',
  'offered',
  'the server offers the Platform extension (its kinds and mixins); the other Platform checks skip without it',
  async (p) => {
    await gate(p);
  },
);

for (const s of PLATFORM_KINDS) {
  specChecks(add, s, { cls: 'kind', presence: 'MUST', gate });
  const machine =
    s.term === 'application' ? MACHINES.application : s.term === 'component' ? MACHINES.component : undefined;
  instanceChecks(add, s, {
    cls: 'kind',
    presence: 'MUST',
    gate,
    instance: instances[s.term]!,
    ...(machine ? { machine } : {}),
  });
}
for (const s of PLATFORM_MIXINS) specChecks(add, s, { cls: 'mixin', presence: 'SHOULD', gate });

for (const [root, term, section, what] of [
  [APP_TPL, 'app_tpl', '§3.4.1', 'application template'],
  [RES_TPL, 'res_tpl', '§3.4.2', 'resource template'],
] as const) {
  add(section, 'MUST', term, `the ${root} mixin is offered when ${what}s are`, async (p) => {
    await gate(p);
    const model = await p.model();
    const list = model.mixinsDependingOn(root);
    if (list.length === 0 && !model.mixin(root)) skip(`the server offers no ${what}s`);
    expect(model.mixin(root), `${list.length} mixins depend on ${root}, which discovery does not list`);
  });
  add(
    section,
    'SHOULD',
    `${term}-titles`,
    `every ${what} (a mixin depending on ${root}) has a title`,
    async (p) => {
      await gate(p);
      const list = (await p.model()).mixinsDependingOn(root);
      if (list.length === 0) skip(`the server offers no ${what}s`);
      const bad = list.filter((m) => !m.title).map((m) => m.id);
      expect(bad.length === 0, `without a title: ${problems(bad)}`);
    },
  );
}

for (const m of [MACHINES.application, MACHINES.component])
  transitionChecks(add, m.name === 'application' ? '§3.1' : '§3.2', m, {
    gate,
    create: async (p) => (await creation(p, m.kind)).options,
  });
