/**
 * Compute Resource Templates Profile (GWD.222): the conformance claim in
 * the Server header (§5.1, R0401–R0405), Compute and resource templates
 * (R0301–R0305), the six templates and their values (§7), applied at
 * creation and later, one at a time (R0302) — when the server claims the
 * profile or offers its templates.
 */
import { checksOf } from '../define.js';
import {
  CRTP_SCHEME,
  CRTP_TEMPLATES,
  EPHEMERAL_DEVICE,
  EPHEMERAL_SIZE,
  INFRA,
  RESOURCE_TPL,
} from '../documents.js';
import { answered, expect, isRefusal, serverSays, skip } from '../outcome.js';
import type { Probe } from '../probe.js';
import { header } from '../wire.js';
import { problems, update } from './support.js';

const { checks, add } = checksOf('crtp');

export { checks as crtpChecks };

const W = { writes: true };
const COMPUTE = `${INFRA}compute`;
const CLAIM = /(?:^|\s)(OCCI-CRTP(?:-EP)?)\/(\S+)/;

/** The profile version field of the Server header (R0402: token/version), if any. */
async function claim(p: Probe): Promise<{ token: string; version: string } | undefined> {
  const server = header(await p.discoveryResponse('application/occi+json'), 'server') ?? '';
  const m = CLAIM.exec(server);
  return m ? { token: m[1]!, version: m[2]! } : undefined;
}

async function gate(p: Probe) {
  const c = await claim(p);
  const model = await p.model();
  if (!c && !model.all.some((x) => x.scheme === CRTP_SCHEME))
    skip('the server makes no CRTP conformance claim and offers none of its templates');
  return { claimed: c, model };
}

add(
  'R0401',
  'MUST',
  'claim',
  'an implementation of the profile advertises its conformance in a profile version field of the Server header',
  async (p) => {
    const { claimed } = await gate(p);
    expect(
      claimed,
      "the server offers the profile's templates but its Server header carries no OCCI-CRTP/1.1 or OCCI-CRTP-EP/1.1",
    );
    return `${claimed.token}/${claimed.version}`;
  },
);

add(
  'R0401',
  'MUST',
  'claim-every-response',
  'the conformance claim travels on each response of the run',
  async (p) => {
    const { claimed } = await gate(p);
    if (!claimed) skip('no claim to look for');
    const bad = p.wire.seen.filter((s) => !CLAIM.test(s.server ?? ''));
    expect(
      bad.length === 0,
      `${bad.length} of ${p.wire.seen.length} responses without the claim, e.g. ${problems(
        bad.map((s) => `${s.method} ${s.path} ${s.status}`),
        3,
      )}`,
    );
  },
  { final: true },
);

add(
  'R0403',
  'MUST',
  'claim-token',
  'the token is OCCI-CRTP (base) or OCCI-CRTP-EP (extended); an extended claim offers the three optional templates too',
  async (p) => {
    const { claimed, model } = await gate(p);
    if (!claimed) skip('no claim');
    if (claimed.token === 'OCCI-CRTP-EP') {
      const missing = CRTP_TEMPLATES.filter((t) => !t.required && !model.mixin(CRTP_SCHEME + t.term)).map(
        (t) => t.term,
      );
      expect(
        missing.length === 0,
        `OCCI-CRTP-EP claimed without ${missing.join(', ')} (R0404: extended conformance implements every conditional requirement)`,
      );
    }
  },
);

add('R0405', 'MUST', 'claim-version', 'the version of the claim is 1.1', async (p) => {
  const { claimed } = await gate(p);
  if (!claimed) skip('no claim');
  expect(claimed.version === '1.1', `version ${claimed.version}`);
});

add('R0301', 'MUST', 'compute', 'the compute kind of Infrastructure is offered', async (p) => {
  const { model } = await gate(p);
  expect(model.kind(COMPUTE), `no ${COMPUTE}`);
});

add(
  'R0303',
  'MUST',
  'resource-tpl',
  'the resource_tpl mixin of Infrastructure (§3.5.2) is offered',
  async (p) => {
    const { model } = await gate(p);
    expect(model.mixin(RESOURCE_TPL), `no ${RESOURCE_TPL}`);
  },
);

add(
  'R0304',
  'MUST',
  'sizing',
  'every template of the profile carries occi.compute.cores, occi.compute.memory and the ephemeral storage size',
  async (p) => {
    const { model } = await gate(p);
    const bad = CRTP_TEMPLATES.flatMap((t) => {
      const m = model.mixin(CRTP_SCHEME + t.term);
      return m
        ? ['occi.compute.cores', 'occi.compute.memory', EPHEMERAL_SIZE]
            .filter((n) => !m.attributes.has(n))
            .map((n) => `${t.term}: ${n}`)
        : [];
    });
    expect(bad.length === 0, `missing: ${problems(bad)}`);
  },
);

for (const t of CRTP_TEMPLATES) {
  const id = CRTP_SCHEME + t.term;
  const have = async (p: Probe) => {
    const { model } = await gate(p);
    const m = model.mixin(id);
    if (!m) skip(`the server does not offer ${t.term}`);
    return { m, model };
  };
  add(t.req, t.required ? 'MUST' : 'MAY', t.term, `the ${t.term} template (${id}) is offered`, async (p) => {
    const { model, claimed } = await gate(p);
    if (!model.mixin(id) && !t.required && claimed?.token !== 'OCCI-CRTP-EP')
      skip(`${t.term} is not offered (MAY)`);
    expect(model.mixin(id), `no ${id}`);
  });
  add(t.req, 'MUST', `${t.term}-depends`, `${t.term} depends on resource_tpl (E0303)`, async (p) => {
    const { m, model } = await have(p);
    expect(model.dependsOn(m.id, RESOURCE_TPL), `depends on ${m.depends.join(' ') || 'nothing'}`);
  });
  add(t.req, 'MUST', `${t.term}-title`, `${t.term} has the title "${t.title}" (${t.section})`, async (p) => {
    const { m } = await have(p);
    expect(m.title === t.title, `title ${JSON.stringify(m.title)}`);
  });
  add(
    t.req,
    'MUST',
    `${t.term}-no-actions`,
    `${t.term} defines no actions (${t.section}: actions [])`,
    async (p) => {
      const { m } = await have(p);
      expect(m.actions.length === 0, `actions ${m.actions.join(' ')}`);
    },
  );
  for (const [short, name, value] of [
    ['cores', 'occi.compute.cores', t.cores],
    ['memory', 'occi.compute.memory', t.memory],
    ['ephemeral-size', EPHEMERAL_SIZE, t.ephemeral],
  ] as const)
    add(
      t.req,
      'MUST',
      `${t.term}-${short}`,
      `${t.term} sets ${name} to ${value} (${t.section})`,
      async (p) => {
        const { m, model } = await have(p);
        if (!model.typed) skip('attribute defaults travel in JSON discovery only');
        const d = m.attributes.get(name);
        expect(d, `${t.term} does not define ${name}`);
        expect(d.default === value, `default ${JSON.stringify(d.default)}`);
      },
    );
}

add(
  '§7.1',
  'MUST',
  'ephemeral-size-definition',
  `${EPHEMERAL_SIZE} is an immutable number (Float, GiB)`,
  async (p) => {
    const { model } = await gate(p);
    const defs = CRTP_TEMPLATES.flatMap(
      (t) => model.mixin(CRTP_SCHEME + t.term)?.attributes.get(EPHEMERAL_SIZE) ?? [],
    );
    if (defs.length === 0) skip(`no template defines ${EPHEMERAL_SIZE}`);
    const bad = defs.filter((d) => d.mutable !== false || (model.typed && d.type !== 'number'));
    expect(
      bad.length === 0,
      `defined ${problems(bad.map((d) => `${d.mutable ? 'mutable' : 'immutable'} ${d.type ?? ''}`))}`,
    );
  },
);

add('§7.2', 'MUST', 'ephemeral-deviceid-definition', `${EPHEMERAL_DEVICE} is a mutable string`, async (p) => {
  const { model } = await gate(p);
  const defs = [
    ...CRTP_TEMPLATES.flatMap(
      (t) => model.mixin(CRTP_SCHEME + t.term)?.attributes.get(EPHEMERAL_DEVICE) ?? [],
    ),
    ...(model.kind(COMPUTE)?.attributes.has(EPHEMERAL_DEVICE)
      ? [model.kind(COMPUTE)!.attributes.get(EPHEMERAL_DEVICE)!]
      : []),
  ];
  if (defs.length === 0) skip(`nothing defines ${EPHEMERAL_DEVICE}`);
  const bad = defs.filter((d) => d.mutable === false || (model.typed && (d.type ?? 'string') !== 'string'));
  expect(
    bad.length === 0,
    `defined ${problems(bad.map((d) => `${d.mutable ? 'mutable' : 'immutable'} ${d.type ?? ''}`))}`,
  );
});

async function values(p: Probe, location: string) {
  const { entity } = await p.fx.read(location);
  return [
    entity.attributes['occi.compute.cores'],
    entity.attributes['occi.compute.memory'],
    entity.attributes[EPHEMERAL_SIZE],
  ].map(Number);
}

add(
  'R0305',
  'MUST',
  'applied-at-creation',
  'a compute created with small has its values: 1 core, 1.0 GiB memory, 10.0 GiB ephemeral storage',
  async (p) => {
    const { model } = await gate(p);
    if (!model.mixin(`${CRTP_SCHEME}small`)) skip('small is not offered');
    const c = await p.fx.create(COMPUTE, { mixins: [`${CRTP_SCHEME}small`], summary: 'crtp small' });
    const got = await values(p, c.location);
    expect(
      JSON.stringify(got) === JSON.stringify([1, 1, 10]),
      `cores, memory, ephemeral size: ${got.join(', ')}`,
    );
  },
  W,
);

add(
  'R0305',
  'MUST',
  'applied-later',
  "a compute with small given medium later has medium's values: 2 cores, 2.0 GiB, 20.0 GiB",
  async (p) => {
    const { model } = await gate(p);
    if (!model.mixin(`${CRTP_SCHEME}small`) || !model.mixin(`${CRTP_SCHEME}medium`))
      skip('small or medium is not offered');
    const c = await p.fx.create(COMPUTE, { mixins: [`${CRTP_SCHEME}small`], summary: 'crtp later' });
    const response = await update(p, c, { mixins: [`${CRTP_SCHEME}medium`] });
    expect(
      response.status < 300,
      `associating medium: ${answered(response)}${serverSays(response)}`,
      response,
    );
    const got = await values(p, c.location);
    expect(
      JSON.stringify(got) === JSON.stringify([2, 2, 20]),
      `cores, memory, ephemeral size: ${got.join(', ')}`,
    );
  },
  W,
);

add(
  'R0302',
  'MUST',
  'one-template',
  'a compute is never associated with two templates of the profile: creating one with small and medium is refused, or only one stays',
  async (p) => {
    const { model } = await gate(p);
    const both = [`${CRTP_SCHEME}small`, `${CRTP_SCHEME}medium`];
    if (!both.every((m) => model.mixin(m))) skip('small or medium is not offered');
    try {
      const c = await p.fx.create(COMPUTE, { mixins: both, summary: 'crtp two templates' });
      const { entity } = await p.fx.read(c.location);
      const mine = entity.mixins.filter((m) => m.startsWith(CRTP_SCHEME));
      expect(mine.length <= 1, `associated with ${mine.join(' ')}`);
      return `created with ${mine.join(' ')}`;
    } catch (error) {
      if (isRefusal(error)) return `refused: ${error.status}`;
      throw error;
    }
  },
  W,
);
