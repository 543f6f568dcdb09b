import { type Entity, type LifecycleContext, Model, OcciError } from '@occi/core';
import { describe, expect, it } from 'vitest';
import {
  AGREEMENT_KIND,
  AVAILABILITY_TERM,
  agreementTerms,
  assessTerm,
  GOLD_TEMPLATE,
  isViolated,
  sla,
  slaTemplates,
  termTransitionAllowed,
} from '../src/index.js';

const model = Model.create([sla, slaTemplates]);
const context: LifecycleContext = { model, user: 'alice', lookup: async () => undefined };
const validate = model.behaviour(AGREEMENT_KIND)!.validate!;

function goldAgreement(states: Record<string, string> = {}): Entity {
  return {
    id: 'urn:uuid:00000000-0000-4000-8000-000000000001',
    kind: AGREEMENT_KIND,
    mixins: [GOLD_TEMPLATE],
    location: '/agreement/1',
    attributes: {
      'occi.agreement.state': 'Accepted',
      'availability.term.state': states.availability ?? 'Undefined',
      'compute_service.term.state': states.compute_service ?? 'Undefined',
    },
  };
}

function thrown(run: () => unknown): OcciError {
  try {
    run();
  } catch (error) {
    if (error instanceof OcciError) return error;
    throw error;
  }
  throw new Error('expected an OcciError');
}

describe('agreement terms (SLA §3.1.2)', () => {
  it('finds the terms a template brings, with their states', () => {
    expect(agreementTerms(goldAgreement({ availability: 'Fulfilled' }), model)).toEqual([
      {
        mixin: 'http://occi.example/sla/agreement_term#compute_service',
        term: 'compute_service',
        state: 'Undefined',
      },
      { mixin: AVAILABILITY_TERM, term: 'availability', state: 'Fulfilled' },
    ]);
    expect(agreementTerms({ kind: AGREEMENT_KIND, mixins: [], attributes: {} }, model)).toEqual([]);
  });

  it('takes the default state when the attribute is absent', () => {
    const entity = { kind: AGREEMENT_KIND, mixins: [AVAILABILITY_TERM], attributes: {} };
    expect(agreementTerms(entity, model)[0]!.state).toBe('Undefined');
  });

  it('calls an agreement violated when any term is Violated', () => {
    expect(isViolated(goldAgreement(), model)).toBe(false);
    expect(
      isViolated(goldAgreement({ availability: 'Fulfilled', compute_service: 'Fulfilled' }), model),
    ).toBe(false);
    expect(isViolated(goldAgreement({ availability: 'Violated', compute_service: 'Fulfilled' }), model)).toBe(
      true,
    );
  });

  it('allows the transitions of figs/terms-states.png only', () => {
    expect(termTransitionAllowed('Undefined', 'Fulfilled')).toBe(true);
    expect(termTransitionAllowed('Undefined', 'Violated')).toBe(true);
    expect(termTransitionAllowed('Fulfilled', 'Violated')).toBe(true);
    expect(termTransitionAllowed('Violated', 'Fulfilled')).toBe(true);
    expect(termTransitionAllowed('Fulfilled', 'Undefined')).toBe(false);
    expect(termTransitionAllowed('Violated', 'Undefined')).toBe(false);
  });
});

describe('assessTerm', () => {
  it('sets the term state only, without touching its input; the terms tell whether it is violated', () => {
    const agreement = goldAgreement();
    const violated = assessTerm(agreement, model, 'availability', 'Violated');
    // Core §5.3.2: no `occi.` attribute is added; the term state carries the violation (SLA §3.1.2).
    expect(violated.attributes).toEqual({ ...agreement.attributes, 'availability.term.state': 'Violated' });
    expect(isViolated(violated, model)).toBe(true);
    expect(agreement.attributes['availability.term.state']).toBe('Undefined');
    const fulfilled = assessTerm(violated, model, AVAILABILITY_TERM, 'Fulfilled');
    expect(fulfilled.attributes['availability.term.state']).toBe('Fulfilled');
    expect(isViolated(fulfilled, model)).toBe(false);
  });

  it('refuses a return to Undefined with a conflict', () => {
    const error = thrown(() =>
      assessTerm(goldAgreement({ availability: 'Fulfilled' }), model, 'availability', 'Undefined'),
    );
    expect(error.kind).toBe('conflict');
    expect(error.message).toBe('availability.term.state cannot go from Fulfilled back to Undefined');
  });

  it('refuses an unknown term, suggesting a close one', () => {
    const error = thrown(() => assessTerm(goldAgreement(), model, 'availabilty', 'Violated'));
    expect(error.kind).toBe('bad-request');
    expect(error.message).toBe('agreement /agreement/1 has no term availabilty — did you mean availability?');
  });

  it('refuses a state that is not a term state', () => {
    const error = thrown(() => assessTerm(goldAgreement(), model, 'availability', 'Broken' as 'Violated'));
    expect(error.message).toBe('term state "Broken" is not one of Undefined, Fulfilled, Violated');
  });
});

describe('the Agreement validate hook', () => {
  it('refuses a newly associated term that is not Undefined', async () => {
    const entity = goldAgreement({ availability: 'Violated' });
    const problems = await validate(entity, { ...entity, mixins: [], attributes: {} }, context);
    expect(problems).toEqual([
      expect.objectContaining({ code: 'immutable-attribute', attribute: 'availability.term.state' }),
    ]);
    expect(problems[0]!.message).toBe(
      'availability.term.state of a newly associated term must start Undefined (it is Violated); assessment sets it later',
    );
  });

  it('refuses a term that returns to Undefined', async () => {
    const previous = goldAgreement({ compute_service: 'Fulfilled' });
    const problems = await validate(goldAgreement(), previous, context);
    expect(problems.map((p) => p.attribute)).toEqual(['compute_service.term.state']);
    expect(problems[0]!.message).toContain('cannot go from Fulfilled back to Undefined');
  });

  it('adds no attribute to the entity it validates (Core §5.3.2: no occi.agreement.violated)', async () => {
    const previous = assessTerm(goldAgreement(), model, 'availability', 'Violated');
    const withoutTerms: Entity = { ...previous, mixins: [], attributes: { ...previous.attributes } };
    expect(await validate(withoutTerms, previous, context)).toEqual([]);
    expect(withoutTerms.attributes).toEqual(previous.attributes);
    expect(isViolated(withoutTerms, model)).toBe(false);
  });
});
