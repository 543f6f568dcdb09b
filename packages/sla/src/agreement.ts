/**
 * SLA §3.1 Agreement: the contract resource, its attributes (table 2), its
 * actions (table 3) and its state machine (figs/agreement-states.png).
 */
import type { ActionDefinition, Behaviour, Entity, KindDefinition, Problem, StateMachine } from '@occi/core';
import { RESOURCE_KIND } from '@occi/core';
import { termStateProblems } from './agreement-term.js';
import { absoluteDateTimeProblem, instantOf } from './datetime.js';
import {
  AGREEMENT_ACCEPT,
  AGREEMENT_KIND,
  AGREEMENT_REJECT,
  AGREEMENT_RESUME,
  AGREEMENT_STATES,
  AGREEMENT_SUSPEND,
  AGREEMENT_TERMINATE,
  SLA_LOCATIONS,
  SLA_SCHEME,
} from './identifiers.js';

export const AGREED_AT = 'occi.agreement.agreedAt';
export const EFFECTIVE_FROM = 'occi.agreement.effectiveFrom';
export const EFFECTIVE_UNTIL = 'occi.agreement.effectiveUntil';

/** SLA §3.1, table 3: the actions of an Agreement, in the `sla#` scheme (erratum 9). */
export const agreementActions: ActionDefinition[] = [
  { scheme: SLA_SCHEME, term: 'accept', title: 'Accept the agreement offer' },
  { scheme: SLA_SCHEME, term: 'reject', title: 'Reject the agreement offer' },
  { scheme: SLA_SCHEME, term: 'suspend', title: 'Suspend the agreement' },
  { scheme: SLA_SCHEME, term: 'resume', title: 'Resume the suspended agreement' },
  { scheme: SLA_SCHEME, term: 'terminate', title: 'Terminate the agreement' },
];

const datetime = (description: string, mutable: boolean) => ({
  type: 'string' as const,
  mutable,
  required: false,
  description: `${description} An absolute ISO 8601 date, time or date-time, never a duration or interval.`,
});

/** SLA §3.1: the Agreement Kind, related to core#resource, with table 2's attributes. */
export const agreementKind: KindDefinition = {
  scheme: SLA_SCHEME,
  term: 'agreement',
  title: 'A Service Level Agreement',
  parent: RESOURCE_KIND,
  location: SLA_LOCATIONS.agreement,
  actions: [AGREEMENT_ACCEPT, AGREEMENT_REJECT, AGREEMENT_SUSPEND, AGREEMENT_RESUME, AGREEMENT_TERMINATE],
  attributes: {
    'occi.agreement.state': {
      type: 'string',
      mutable: false,
      required: false,
      pattern: { type: 'string', enum: [...AGREEMENT_STATES] },
      default: 'Pending',
      description: 'Current state of the instance.',
    },
    [AGREED_AT]: datetime('The point in time when the agreement was made.', false),
    [EFFECTIVE_FROM]: datetime('The point in time when the agreement’s effectiveness begins.', true),
    [EFFECTIVE_UNTIL]: datetime('The point in time when the agreement’s effectiveness ends.', true),
  },
};

/** figs/agreement-states.png, as tabled in STATE-MACHINES.md. Rejected and Terminated are final. */
export const agreementStateMachine: StateMachine = {
  attribute: 'occi.agreement.state',
  initial: 'Pending',
  transitions: [
    { action: AGREEMENT_ACCEPT, from: ['Pending'], to: 'Accepted' },
    { action: AGREEMENT_REJECT, from: ['Pending'], to: 'Rejected' },
    { action: AGREEMENT_SUSPEND, from: ['Accepted'], to: 'Suspended' },
    { action: AGREEMENT_RESUME, from: ['Suspended'], to: 'Accepted' },
    { action: AGREEMENT_TERMINATE, from: ['Accepted', 'Suspended'], to: 'Terminated' },
  ],
};

/** SLA §3.1: the datetime attributes are absolute, and effectiveness does not end before it begins. */
export function agreementDateProblems(entity: Entity, previous: Entity | undefined): Problem[] {
  const problems: Problem[] = [];
  const at = (attribute: string) => ({ attribute, category: AGREEMENT_KIND });
  for (const attribute of [AGREED_AT, EFFECTIVE_FROM, EFFECTIVE_UNTIL]) {
    const value = entity.attributes[attribute];
    if (value === undefined) continue;
    const wrong = absoluteDateTimeProblem(value);
    if (wrong)
      problems.push({ code: 'attribute-pattern', message: `${attribute}: ${wrong}`, ...at(attribute) });
  }
  // SLA §3.1: agreedAt is immutable; the accept action sets it.
  if (previous === undefined && entity.attributes[AGREED_AT] !== undefined)
    problems.push({
      code: 'immutable-attribute',
      message: `${AGREED_AT} is set by the provider when the agreement is accepted; it cannot be given`,
      ...at(AGREED_AT),
    });
  // Ordering is checked only between complete instants (date, time and UTC
  // offset): a date, a time of day or a local date-time names no single
  // point in time, so it cannot be said to come before another.
  const from = entity.attributes[EFFECTIVE_FROM];
  const until = entity.attributes[EFFECTIVE_UNTIL];
  const fromInstant = instantOf(from);
  const untilInstant = instantOf(until);
  if (fromInstant !== undefined && untilInstant !== undefined && untilInstant < fromInstant)
    problems.push({
      code: 'attribute-pattern',
      message: `${EFFECTIVE_UNTIL} ${until} is before ${EFFECTIVE_FROM} ${from}`,
      ...at(EFFECTIVE_UNTIL),
    });
  return problems;
}

/** The Agreement behaviour; `now` is the clock the accept action reads. */
export function agreementBehaviour(now: () => Date = () => new Date()): Behaviour {
  return {
    category: AGREEMENT_KIND,
    stateMachine: agreementStateMachine,
    initialise(entity) {
      // SLA §3.1, STATE-MACHINES.md: every agreement starts as an offer, Pending;
      // the state is the server's (immutable), so a client cannot create it in another.
      entity.attributes['occi.agreement.state'] = 'Pending';
    },
    // Core §5.3.2 reserves the `occi.` prefix: the Kind has table 2's attributes
    // only. Whether an agreement is violated (SLA §3.1.2) is read from its
    // terms' `{term}.term.state` (see `isViolated`), not from an added attribute.
    validate(entity, previous, { model }) {
      return [...agreementDateProblems(entity, previous), ...termStateProblems(entity, previous, model)];
    },
    actions: {
      // STATE-MACHINES.md: accept sets occi.agreement.agreedAt (ISO 8601, UTC).
      [AGREEMENT_ACCEPT]: ({ entity }) => {
        entity.attributes[AGREED_AT] = now().toISOString();
        return undefined;
      },
    },
  };
}
