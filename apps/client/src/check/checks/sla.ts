/**
 * Service Level Agreements (GFD.228): Agreement and AgreementLink with
 * their attributes and actions, the template and term mixins, the
 * agreement's states, and its datetimes — when the server offers SLAs.
 */
import { checksOf } from '../define.js';
import { AGREEMENT_TERM, AGREEMENT_TPL, SLA, SLA_KINDS } from '../documents.js';
import type { Created } from '../fixtures.js';
import { expect, fail, isRefusal, skip } from '../outcome.js';
import type { Probe } from '../probe.js';
import { inState, MACHINES } from '../states.js';
import { instanceChecks, specChecks, transitionChecks } from './spec-checks.js';
import { problems } from './support.js';

const { checks, add } = checksOf('sla');

export { checks as slaChecks };

const W = { writes: true };
const AGREEMENT = `${SLA}agreement`;

async function gate(p: Probe): Promise<void> {
  if (!(await p.offersScheme(SLA))) skip('the server offers no SLA kinds');
}

/** ISO 8601 date, time or both, absolute (not a duration or interval: §3.1). */
const DATETIME =
  /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$|^\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:?\d{2})?$/;

const instances: Record<string, (p: Probe) => Promise<Created>> = {
  agreement: (p) => p.fx.shared('sla:agreement', AGREEMENT, { summary: 'agreement' }),
  agreement_link: (p) =>
    p.once('sla:agreement_link', async () => {
      const source = await p.fx.shared('sla:agreement', AGREEMENT, { summary: 'agreement' });
      const target = await p.fx.anyResource();
      return p.fx.shared('sla:agreement_link', `${SLA}agreement_link`, {
        source: { location: p.wire.url(source.location), kind: source.kind },
        target: { location: p.wire.url(target.location), kind: target.kind },
      });
    }),
};

add(
  '§3',
  'MAY',
  'offered',
  'the server offers the SLA extension; the other SLA checks skip without it',
  async (p) => {
    await gate(p);
  },
);

for (const s of SLA_KINDS) {
  specChecks(add, s, { cls: 'kind', presence: 'MUST', gate });
  instanceChecks(add, s, {
    cls: 'kind',
    presence: 'MUST',
    gate,
    instance: instances[s.term]!,
    ...(s.term === 'agreement' ? { machine: MACHINES.agreement } : {}),
  });
}

for (const [id, term, section] of [
  [AGREEMENT_TPL, 'agreement_tpl', '§3.1.1'],
  [AGREEMENT_TERM, 'agreement_term', '§3.1.2'],
] as const)
  add(section, 'SHOULD', term, `the server offers the ${term} mixin (${id}): RECOMMENDED`, async (p) => {
    await gate(p);
    const c = (await p.model()).get(id);
    expect(c?.class === 'mixin', c ? `${id} is a ${c.class}` : `no ${id} in discovery`);
  });

add(
  '§3.1.2',
  'SHOULD',
  'terms-depend',
  'provider terms (mixins with {term}.term.* attributes) depend on agreement_term',
  async (p) => {
    await gate(p);
    const model = await p.model();
    const terms = model.mixins.filter((m) =>
      [...m.attributes.keys()].some((n) => n === `${m.term}.term.state` || n === `${m.term}.term.type`),
    );
    if (terms.length === 0) skip('the server offers no provider-specific term');
    const bad = terms.filter((m) => !model.dependsOn(m.id, AGREEMENT_TERM)).map((m) => m.id);
    expect(bad.length === 0, `terms that do not depend on agreement_term: ${problems(bad)}`);
  },
);

transitionChecks(add, '§3.1', MACHINES.agreement, { gate });

add(
  '§3.1',
  'MUST',
  'agreed-at',
  'an accepted agreement has occi.agreement.agreedAt, an absolute ISO 8601 datetime',
  async (p) => {
    await gate(p);
    const c = await inState(p, MACHINES.agreement, 'Accepted');
    const { entity } = await p.fx.read(c.location);
    const v = entity.attributes['occi.agreement.agreedAt'];
    expect(typeof v === 'string' && DATETIME.test(v), `occi.agreement.agreedAt is ${JSON.stringify(v)}`);
  },
  W,
);

add(
  '§3.1',
  'MUST',
  'effective-datetime',
  'an agreement created with occi.agreement.effectiveFrom and effectiveUntil (absolute datetimes) keeps them',
  async (p) => {
    await gate(p);
    await p.need(AGREEMENT, 'agreement kind');
    const from = '2030-01-01T00:00:00Z';
    const until = '2031-01-01T00:00:00Z';
    const c = await p.fx.create(AGREEMENT, {
      attributes: { 'occi.agreement.effectiveFrom': from, 'occi.agreement.effectiveUntil': until },
      summary: 'effective',
    });
    const { entity } = await p.fx.read(c.location);
    for (const [n, v] of [
      ['occi.agreement.effectiveFrom', from],
      ['occi.agreement.effectiveUntil', until],
    ] as const) {
      const got = entity.attributes[n];
      expect(
        typeof got === 'string' && Date.parse(got) === Date.parse(v),
        `${n} is ${JSON.stringify(got)}, not ${v}`,
      );
    }
  },
  W,
);

add(
  '§3.1',
  'MUST',
  'no-durations',
  'a duration (P1D) is no datetime: an agreement created with effectiveFrom="P1D" is refused (it MUST NOT hold a duration)',
  async (p) => {
    await gate(p);
    await p.need(AGREEMENT, 'agreement kind');
    try {
      const c = await p.fx.create(AGREEMENT, {
        attributes: { 'occi.agreement.effectiveFrom': 'P1D' },
        summary: 'duration',
      });
      const { entity } = await p.fx.read(c.location);
      fail(
        `the server created an agreement with occi.agreement.effectiveFrom=${JSON.stringify(entity.attributes['occi.agreement.effectiveFrom'])}`,
      );
    } catch (error) {
      if (isRefusal(error)) return `refused: ${error.status}`;
      throw error;
    }
  },
  W,
);
