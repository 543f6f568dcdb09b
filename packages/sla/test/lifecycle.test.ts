import { type Caller, createReferenceProvider, type Entity, MemoryStore, Model, OcciError } from '@occi/core';
import { describe, expect, it } from 'vitest';
import {
  AGREEMENT_ACCEPT,
  AGREEMENT_KIND,
  AGREEMENT_LINK_KIND,
  AGREEMENT_REJECT,
  AGREEMENT_RESUME,
  AGREEMENT_SUSPEND,
  AGREEMENT_TERMINATE,
  createSla,
  GOLD_TEMPLATE,
  SILVER_TEMPLATE,
  slaTemplates,
} from '../src/index.js';

const alice: Caller = { user: 'alice' };
const NOW = new Date('2026-11-29T10:15:30.000Z');
const ALL = [AGREEMENT_ACCEPT, AGREEMENT_REJECT, AGREEMENT_SUSPEND, AGREEMENT_RESUME, AGREEMENT_TERMINATE];

function setup() {
  const model = Model.create([createSla({ now: () => NOW }), slaTemplates]);
  return createReferenceProvider({ model, store: new MemoryStore() });
}
type Provider = ReturnType<typeof setup>;

async function failure(promise: Promise<unknown>): Promise<OcciError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OcciError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const agreement = (provider: Provider, attributes: Entity['attributes'] = {}, mixins: string[] = []) =>
  provider.create(alice, { kind: AGREEMENT_KIND, mixins, attributes });

const act = (provider: Provider, location: string, action: string) =>
  provider.invoke(alice, { location }, { action, attributes: {} }).then((r) => r.entities[0]!);

/** Drives a new agreement into `state` through the actions. */
async function agreementIn(provider: Provider, state: string): Promise<string> {
  const { location } = await agreement(provider);
  const path: Record<string, string[]> = {
    Pending: [],
    Accepted: [AGREEMENT_ACCEPT],
    Rejected: [AGREEMENT_REJECT],
    Suspended: [AGREEMENT_ACCEPT, AGREEMENT_SUSPEND],
    Terminated: [AGREEMENT_ACCEPT, AGREEMENT_TERMINATE],
  };
  for (const action of path[state]!) await act(provider, location!, action);
  expect((await provider.get(alice, location!)).attributes['occi.agreement.state']).toBe(state);
  return location!;
}

describe('Agreement lifecycle through the reference provider', () => {
  it('creates a Pending offer, not agreed, with no attribute table 2 does not define', async () => {
    const created = await agreement(setup());
    expect(created.location).toMatch(/^\/agreement\//);
    expect(created.attributes['occi.agreement.state']).toBe('Pending');
    expect(created.attributes['occi.agreement.agreedAt']).toBeUndefined();
    // Core §5.3.2: `occi.` names are the specification's; table 2 defines no violated indicator.
    expect(Object.keys(created.attributes).filter((name) => name.startsWith('occi.agreement.'))).toEqual([
      'occi.agreement.state',
    ]);
    expect(created.actions).toEqual([AGREEMENT_ACCEPT, AGREEMENT_REJECT]);
  });

  it('accept moves Pending → Accepted and sets agreedAt to now, in UTC', async () => {
    const provider = setup();
    const { location } = await agreement(provider);
    const accepted = await act(provider, location!, AGREEMENT_ACCEPT);
    expect(accepted.attributes['occi.agreement.state']).toBe('Accepted');
    expect(accepted.attributes['occi.agreement.agreedAt']).toBe('2026-11-29T10:15:30.000Z');
    expect(accepted.actions).toEqual([AGREEMENT_SUSPEND, AGREEMENT_TERMINATE]);
  });

  it('sets agreedAt from the real clock by default', async () => {
    const model = Model.create([createSla()]);
    const provider = createReferenceProvider({ model, store: new MemoryStore() });
    const { location } = await provider.create(alice, { kind: AGREEMENT_KIND, attributes: {} });
    const before = Date.now();
    const accepted = await act(provider, location!, AGREEMENT_ACCEPT);
    const agreedAt = accepted.attributes['occi.agreement.agreedAt'] as string;
    expect(agreedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Date.parse(agreedAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(agreedAt)).toBeLessThanOrEqual(Date.now());
  });

  it('reject moves Pending → Rejected', async () => {
    const provider = setup();
    const { location } = await agreement(provider);
    const rejected = await act(provider, location!, AGREEMENT_REJECT);
    expect(rejected.attributes['occi.agreement.state']).toBe('Rejected');
    expect(rejected.attributes['occi.agreement.agreedAt']).toBeUndefined();
  });

  it('suspend and resume move Accepted ⇄ Suspended, keeping agreedAt', async () => {
    const provider = setup();
    const location = await agreementIn(provider, 'Accepted');
    const suspended = await act(provider, location, AGREEMENT_SUSPEND);
    expect(suspended.attributes['occi.agreement.state']).toBe('Suspended');
    expect(suspended.actions).toEqual([AGREEMENT_RESUME, AGREEMENT_TERMINATE]);
    const resumed = await act(provider, location, AGREEMENT_RESUME);
    expect(resumed.attributes['occi.agreement.state']).toBe('Accepted');
    expect(resumed.attributes['occi.agreement.agreedAt']).toBe('2026-11-29T10:15:30.000Z');
  });

  it.each(['Accepted', 'Suspended'])('terminate moves %s → Terminated', async (state) => {
    const provider = setup();
    const location = await agreementIn(provider, state);
    const terminated = await act(provider, location, AGREEMENT_TERMINATE);
    expect(terminated.attributes['occi.agreement.state']).toBe('Terminated');
  });

  const refused: [string, string[]][] = [
    ['Pending', [AGREEMENT_SUSPEND, AGREEMENT_RESUME, AGREEMENT_TERMINATE]],
    ['Accepted', [AGREEMENT_ACCEPT, AGREEMENT_REJECT, AGREEMENT_RESUME]],
    ['Suspended', [AGREEMENT_ACCEPT, AGREEMENT_REJECT, AGREEMENT_SUSPEND]],
    ['Rejected', ALL],
    ['Terminated', ALL],
  ];
  it.each(refused)('refuses in %s: %j', async (state, actions) => {
    const provider = setup();
    const location = await agreementIn(provider, state);
    const before = await provider.get(alice, location);
    for (const action of actions) {
      const error = await failure(act(provider, location, action));
      expect(error.kind).toBe('conflict');
      expect(error.problems[0]!.code).toBe('action-not-applicable');
      expect(error.message).toContain(`in state ${state}`);
    }
    const after = await provider.get(alice, location);
    expect(after.attributes).toEqual(before.attributes);
    expect(after.version).toBe(before.version);
  });

  it('lists no action at all in the final states', async () => {
    const provider = setup();
    for (const state of ['Rejected', 'Terminated']) {
      const location = await agreementIn(provider, state);
      expect((await provider.get(alice, location)).actions).toEqual([]);
    }
  });
});

describe('Agreement attributes (SLA §3.1)', () => {
  it('accepts absolute effectiveFrom/effectiveUntil', async () => {
    const created = await agreement(setup(), {
      'occi.agreement.effectiveFrom': '2026-12-01',
      'occi.agreement.effectiveUntil': '2027-11-30T23:59:59Z',
    });
    expect(created.attributes['occi.agreement.effectiveFrom']).toBe('2026-12-01');
  });

  it('refuses a duration, naming the attribute', async () => {
    const error = await failure(agreement(setup(), { 'occi.agreement.effectiveUntil': 'P1M' }));
    expect(error.kind).toBe('bad-request');
    expect(error.problems[0]).toMatchObject({
      code: 'attribute-pattern',
      attribute: 'occi.agreement.effectiveUntil',
    });
    expect(error.message).toBe(
      'occi.agreement.effectiveUntil: "P1M" is a duration; an absolute ISO 8601 datetime such as 2026-12-01T00:00:00Z is required',
    );
  });

  it('refuses effectiveUntil before effectiveFrom, on create and on update', async () => {
    const provider = setup();
    const error = await failure(
      agreement(provider, {
        'occi.agreement.effectiveFrom': '2027-01-01T00:00:00Z',
        'occi.agreement.effectiveUntil': '2026-12-31T23:00:00+02:00',
      }),
    );
    expect(error.problems[0]).toMatchObject({ attribute: 'occi.agreement.effectiveUntil' });
    expect(error.message).toContain('is before occi.agreement.effectiveFrom');
    const ok = await agreement(provider, { 'occi.agreement.effectiveFrom': '2027-01-01T00:00:00Z' });
    const update = await failure(
      provider.update(alice, ok.location!, {
        attributes: { 'occi.agreement.effectiveUntil': '20260601T000000Z' },
      }),
    );
    expect(update.message).toBe(
      'occi.agreement.effectiveUntil 20260601T000000Z is before occi.agreement.effectiveFrom 2027-01-01T00:00:00Z',
    );
    const same = await provider.update(alice, ok.location!, {
      attributes: { 'occi.agreement.effectiveUntil': '2027-01-01T01:00:00+01:00' },
    });
    expect(same.attributes['occi.agreement.effectiveUntil']).toBe('2027-01-01T01:00:00+01:00');
  });

  it('compares only complete instants: a date, a time or a local date-time is not ordered', async () => {
    const provider = setup();
    const from = { 'occi.agreement.effectiveFrom': '2027-01-01T00:00:00Z' };
    for (const until of ['2026-06-01', '2026-W23', '08:00:00Z', '2026-06-01T08:00:00']) {
      const created = await agreement(provider, { ...from, 'occi.agreement.effectiveUntil': until });
      expect(created.attributes['occi.agreement.effectiveUntil']).toBe(until);
    }
    const dated = await agreement(provider, {
      'occi.agreement.effectiveFrom': '2027-01-01',
      'occi.agreement.effectiveUntil': '2026-06-01T00:00:00Z',
    });
    expect(dated.attributes['occi.agreement.effectiveFrom']).toBe('2027-01-01');
  });

  it.each([
    ['12:00:00Z'],
    ['T12:00:00Z'],
    ['2026-12-01T08:00:00'],
    ['20261201T080000Z'],
    ['2026-W48-7'],
    ['2026-335'],
    ['2026-12'],
    ['2026'],
  ])('accepts effectiveFrom %s (an ISO 8601 date, time or date-time)', async (value) => {
    const created = await agreement(setup(), { 'occi.agreement.effectiveFrom': value });
    expect(created.attributes['occi.agreement.effectiveFrom']).toBe(value);
  });

  it('refuses an interval and a non-ISO value, naming the attribute and the problem', async () => {
    const interval = await failure(
      agreement(setup(), { 'occi.agreement.effectiveFrom': '2026-12-01/2027-12-01' }),
    );
    expect(interval.problems[0]).toMatchObject({
      code: 'attribute-pattern',
      attribute: 'occi.agreement.effectiveFrom',
      message:
        'occi.agreement.effectiveFrom: "2026-12-01/2027-12-01" is a time interval; an absolute ISO 8601 datetime such as 2026-12-01T00:00:00Z is required',
    });
    const prose = await failure(agreement(setup(), { 'occi.agreement.effectiveUntil': 'next tuesday' }));
    expect(prose.message).toBe(
      'occi.agreement.effectiveUntil: "next tuesday" is not an ISO 8601 date, time or date-time',
    );
  });

  it('refuses client values for the state and agreedAt', async () => {
    const provider = setup();
    const state = await failure(agreement(provider, { 'occi.agreement.state': 'Accepted' }));
    expect(state.problems[0]).toMatchObject({
      code: 'immutable-attribute',
      attribute: 'occi.agreement.state',
    });
    const agreedAt = await failure(
      agreement(provider, { 'occi.agreement.agreedAt': '2026-01-01T00:00:00Z' }),
    );
    expect(agreedAt.problems[0]).toMatchObject({
      code: 'immutable-attribute',
      attribute: 'occi.agreement.agreedAt',
    });
  });

  it('refuses occi.agreement.violated as an attribute the Agreement kind does not define (Core §5.3.2)', async () => {
    const violated = await failure(agreement(setup(), { 'occi.agreement.violated': true }));
    expect(violated.kind).toBe('bad-request');
    expect(violated.problems[0]).toMatchObject({
      code: 'unknown-attribute',
      attribute: 'occi.agreement.violated',
    });
  });
});

describe('SLA templates and terms through the reference provider', () => {
  it('creates an agreement from the gold template with its terms Undefined', async () => {
    const created = await agreement(setup(), {}, [GOLD_TEMPLATE]);
    expect(created.attributes).toMatchObject({
      'availability.percentage': 99.95,
      'availability.term.type': 'SLO-TERM',
      'availability.term.state': 'Undefined',
      'availability.term.remedy': '10% of the monthly fee',
      'compute_service.term.type': 'SERVICE-TERM',
      'compute_service.term.state': 'Undefined',
      'compute_service.cores': 2,
      'example.occi.sla.region': 'eu-west',
    });
    expect(created.attributes).not.toHaveProperty(['occi.agreement.violated']);
  });

  it('refuses gold and silver together (one SLA template per agreement)', async () => {
    const error = await failure(agreement(setup(), {}, [GOLD_TEMPLATE, SILVER_TEMPLATE]));
    expect(error.kind).toBe('bad-request');
  });

  it('refuses a term created in another state than Undefined', async () => {
    const error = await failure(
      agreement(setup(), { 'availability.term.state': 'Fulfilled' }, [GOLD_TEMPLATE]),
    );
    expect(error.kind).toBe('bad-request');
    expect(error.problems[0]).toMatchObject({ attribute: 'availability.term.state' });
  });

  it('refuses a template whose terms are changed by the client', async () => {
    const provider = setup();
    const created = await agreement(provider, {}, [GOLD_TEMPLATE]);
    const error = await failure(
      provider.update(alice, created.location!, { attributes: { 'availability.term.state': 'Violated' } }),
    );
    expect(error.problems[0]).toMatchObject({
      code: 'immutable-attribute',
      attribute: 'availability.term.state',
    });
  });

  it('associates a template with an existing agreement', async () => {
    const provider = setup();
    const created = await agreement(provider);
    await provider.associate(alice, SILVER_TEMPLATE, [created.location!]);
    const after = await provider.get(alice, created.location!);
    expect(after.attributes['availability.percentage']).toBe(99.5);
    expect(after.attributes['availability.term.state']).toBe('Undefined');
  });
});

describe('AgreementLink (SLA §3.2)', () => {
  it('links an agreement to any resource', async () => {
    const provider = setup();
    const a = await agreement(provider);
    await act(provider, a.location!, AGREEMENT_ACCEPT);
    const vm = await provider.create(alice, {
      kind: 'http://schemas.ogf.org/occi/core#resource',
      attributes: {},
    });
    const link = await provider.create(alice, {
      kind: AGREEMENT_LINK_KIND,
      attributes: {},
      source: { location: a.location! },
      target: { location: vm.location! },
    });
    expect(link.location).toMatch(/^\/agreement_link\//);
    expect((await provider.get(alice, a.location!)).links?.map((l) => l.target?.location)).toEqual([
      vm.location,
    ]);
  });

  it('refuses a link whose source is not an agreement', async () => {
    const provider = setup();
    const a = await agreement(provider);
    const vm = await provider.create(alice, {
      kind: 'http://schemas.ogf.org/occi/core#resource',
      attributes: {},
    });
    const error = await failure(
      provider.create(alice, {
        kind: AGREEMENT_LINK_KIND,
        attributes: {},
        source: { location: vm.location! },
        target: { location: a.location! },
      }),
    );
    expect(error.problems[0]!.code).toBe('invalid-link');
    expect(error.message).toContain('it must be an agreement');
  });
});
