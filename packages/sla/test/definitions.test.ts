import { extensionDocument, LINK_KIND, Model, RESOURCE_KIND } from '@occi/core';
import { describe, expect, it } from 'vitest';
import {
  AGREEMENT_ACCEPT,
  AGREEMENT_KIND,
  AGREEMENT_LINK_KIND,
  AGREEMENT_REJECT,
  AGREEMENT_RESUME,
  AGREEMENT_SUSPEND,
  AGREEMENT_TERM_MIXIN,
  AGREEMENT_TERMINATE,
  AGREEMENT_TPL_MIXIN,
  AVAILABILITY_TERM,
  agreementStateMachine,
  COMPUTE_SERVICE_TERM,
  GOLD_TEMPLATE,
  SILVER_TEMPLATE,
  SLA_LOCATIONS,
  sla,
  slaTemplates,
} from '../src/index.js';

const model = Model.create([sla, slaTemplates]);

describe('SLA extension document', () => {
  it('declares GFD-R-P.228 and survives a JSON round trip', () => {
    expect(sla.specification).toBe('GFD-R-P.228');
    const document = extensionDocument(sla);
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
    expect(() => Model.create([document])).not.toThrow();
  });

  it('has the kinds and mixins of table 1 with their titles and locations', () => {
    const row = (id: string) => {
      const c = model.get(id)!;
      return {
        scheme: c.scheme,
        term: c.term,
        title: c.title,
        related: c.class === 'kind' ? c.parent : undefined,
        location: c.class === 'action' ? undefined : c.location,
      };
    };
    expect([AGREEMENT_KIND, AGREEMENT_LINK_KIND, AGREEMENT_TPL_MIXIN, AGREEMENT_TERM_MIXIN].map(row)).toEqual(
      [
        {
          scheme: 'http://schemas.ogf.org/occi/sla#',
          term: 'agreement',
          title: 'A Service Level Agreement',
          related: RESOURCE_KIND,
          location: SLA_LOCATIONS.agreement,
        },
        {
          scheme: 'http://schemas.ogf.org/occi/sla#',
          term: 'agreement_link',
          title: 'Link between a SLA and its associated resources',
          related: LINK_KIND,
          location: SLA_LOCATIONS.agreement_link,
        },
        {
          scheme: 'http://schemas.ogf.org/occi/sla#',
          term: 'agreement_tpl',
          title: 'Mixin defining a SLA template collection',
          related: undefined,
          location: SLA_LOCATIONS.agreement_tpl,
        },
        {
          scheme: 'http://schemas.ogf.org/occi/sla#',
          term: 'agreement_term',
          title: 'Mixin defining a Term collection for an agreement',
          related: undefined,
          location: SLA_LOCATIONS.agreement_term,
        },
      ],
    );
    expect(model.mixin(AGREEMENT_TPL_MIXIN)!.attributes.size).toBe(0);
    expect(model.mixin(AGREEMENT_TERM_MIXIN)!.attributes.size).toBe(0);
  });
});

describe('SLA §3.1 Agreement', () => {
  it('has the attributes of table 2 and no other', () => {
    const attributes = Object.fromEntries(
      [...model.kind(AGREEMENT_KIND)!.attributes.values()].map((a) => [
        a.name,
        { type: a.type, mutable: a.mutable, required: a.required },
      ]),
    );
    expect(attributes).toEqual({
      // Server-managed (immutable) values are no client's to give: not required (Core §5.3.2, §5.2).
      'occi.agreement.state': { type: 'string', mutable: false, required: false },
      'occi.agreement.agreedAt': { type: 'string', mutable: false, required: false },
      'occi.agreement.effectiveFrom': { type: 'string', mutable: true, required: false },
      'occi.agreement.effectiveUntil': { type: 'string', mutable: true, required: false },
    });
    expect(model.kind(AGREEMENT_KIND)!.attributes.get('occi.agreement.state')!.pattern?.enum).toEqual([
      'Pending',
      'Accepted',
      'Rejected',
      'Suspended',
      'Terminated',
    ]);
  });

  it('has the actions of table 3 in the sla# scheme itself (erratum 9)', () => {
    const actions = [
      AGREEMENT_ACCEPT,
      AGREEMENT_REJECT,
      AGREEMENT_SUSPEND,
      AGREEMENT_RESUME,
      AGREEMENT_TERMINATE,
    ];
    expect(model.kind(AGREEMENT_KIND)!.actions).toEqual(actions);
    expect(actions.map((id) => model.action(id)!.scheme + model.action(id)!.term)).toEqual([
      'http://schemas.ogf.org/occi/sla#accept',
      'http://schemas.ogf.org/occi/sla#reject',
      'http://schemas.ogf.org/occi/sla#suspend',
      'http://schemas.ogf.org/occi/sla#resume',
      'http://schemas.ogf.org/occi/sla#terminate',
    ]);
  });

  it('has the state machine of figs/agreement-states.png', () => {
    expect(agreementStateMachine.initial).toBe('Pending');
    expect(agreementStateMachine.errorState).toBeUndefined();
    expect(
      agreementStateMachine.transitions.map(
        (t) => `${t.from.join('|')} -${t.action.split('#')[1]}-> ${t.to}`,
      ),
    ).toEqual([
      'Pending -accept-> Accepted',
      'Pending -reject-> Rejected',
      'Accepted -suspend-> Suspended',
      'Suspended -resume-> Accepted',
      'Accepted|Suspended -terminate-> Terminated',
    ]);
    const fromFinal = agreementStateMachine.transitions.filter((t) =>
      t.from.some((s) => s === 'Rejected' || s === 'Terminated'),
    );
    expect(fromFinal).toEqual([]);
  });
});

describe('the example catalogue (SLA §3.3)', () => {
  it('has gold and silver depending on agreement_tpl under a provider scheme', () => {
    for (const id of [GOLD_TEMPLATE, SILVER_TEMPLATE]) {
      const mixin = model.mixin(id)!;
      expect(mixin.scheme).toBe('http://occi.example/sla/agreement_tpl#');
      expect(model.dependsOn(id, AGREEMENT_TPL_MIXIN)).toBe(true);
      expect(model.templateFamily(id)?.mixin).toBe(AGREEMENT_TPL_MIXIN);
      expect(mixin.applies).toEqual([AGREEMENT_KIND]);
    }
    expect(slaTemplates.specification).toBeUndefined();
  });

  it('has terms with the table 4 attributes named after the term', () => {
    expect(model.dependsOn(AVAILABILITY_TERM, AGREEMENT_TERM_MIXIN)).toBe(true);
    const attributes = model.mixin(AVAILABILITY_TERM)!.attributes;
    expect([...attributes.keys()]).toEqual([
      'availability.term.type',
      'availability.term.state',
      'availability.term.desc',
      'availability.term.remedy',
      'availability.percentage',
    ]);
    expect(attributes.get('availability.term.type')).toMatchObject({
      mutable: false,
      required: true,
      default: 'SLO-TERM',
    });
    expect(attributes.get('availability.term.state')).toMatchObject({
      mutable: false,
      required: true,
      default: 'Undefined',
      pattern: { enum: ['Undefined', 'Fulfilled', 'Violated'] },
    });
    expect(attributes.get('availability.term.type')!.pattern?.enum).toEqual([
      'SERVICE-TERM',
      'SLO-TERM',
      'n/a',
    ]);
    expect(attributes.get('availability.term.desc')).toMatchObject({ required: false, mutable: false });
    expect(model.mixin(COMPUTE_SERVICE_TERM)!.attributes.get('compute_service.term.type')!.default).toBe(
      'SERVICE-TERM',
    );
  });

  it('gives gold a higher availability than silver', () => {
    expect(model.attributes(AGREEMENT_KIND, [GOLD_TEMPLATE]).get('availability.percentage')!.default).toBe(
      99.95,
    );
    expect(model.attributes(AGREEMENT_KIND, [SILVER_TEMPLATE]).get('availability.percentage')!.default).toBe(
      99.5,
    );
  });
});
