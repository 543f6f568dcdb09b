/**
 * SLA §3.1.2 AgreementTerm Mixin: the mixin provider terms depend on, the
 * `{term_name}.term.*` attributes of table 4, the term states
 * (figs/terms-states.png) and the rule that an agreement with a Violated
 * term is violated.
 */
import type { AttributeSpec, Entity, MixinDefinition, Model, Problem, TypeIdentifier } from '@occi/core';
import { badRequest, didYouMean, OcciError, typeIdentifier } from '@occi/core';
import {
  AGREEMENT_TERM_MIXIN,
  SLA_LOCATIONS,
  SLA_SCHEME,
  TERM_STATES,
  TERM_TYPES,
  type TermState,
  type TermType,
} from './identifiers.js';

/** SLA §3.1.2: the AgreementTerm mixin; it defines no attributes of its own. */
export const agreementTermMixin: MixinDefinition = {
  scheme: SLA_SCHEME,
  term: 'agreement_term',
  title: 'Mixin defining a Term collection for an agreement',
  location: SLA_LOCATIONS.agreement_term,
};

/** What table 4 lets a provider term say about itself. */
export interface AgreementTermProperties {
  type: TermType;
  /** Default of `{term}.term.desc`. */
  desc?: string;
  /** Default of `{term}.term.remedy`. */
  remedy?: string;
}

/** The names of the table 4 attributes of term `term`. */
export function termAttributeNames(term: string): {
  type: string;
  state: string;
  desc: string;
  remedy: string;
} {
  return {
    type: `${term}.term.type`,
    state: `${term}.term.state`,
    desc: `${term}.term.desc`,
    remedy: `${term}.term.remedy`,
  };
}

/** SLA §3.1.2, table 4: the attributes of a provider term mixin whose term is `term`. */
export function agreementTermAttributes(
  term: string,
  properties: AgreementTermProperties,
): Record<string, AttributeSpec> {
  const names = termAttributeNames(term);
  const desc: AttributeSpec = {
    type: 'string',
    mutable: false,
    required: false,
    description: 'The description of the agreement term defined with this mixin.',
  };
  const remedy: AttributeSpec = {
    type: 'string',
    mutable: false,
    required: false,
    description:
      'The remedy value (e.g., price penalty) or action (e.g., command) when an SLO term is being violated.',
  };
  if (properties.desc !== undefined) desc.default = properties.desc;
  if (properties.remedy !== undefined) remedy.default = properties.remedy;
  return {
    [names.type]: {
      type: 'string',
      mutable: false,
      required: true,
      pattern: { type: 'string', enum: [...TERM_TYPES] },
      default: properties.type,
      description: 'The type of the term that is being defined.',
    },
    [names.state]: {
      type: 'string',
      mutable: false,
      required: true,
      pattern: { type: 'string', enum: [...TERM_STATES] },
      default: 'Undefined',
      description: 'The state of fulfillment of the specific term.',
    },
    [names.desc]: desc,
    [names.remedy]: remedy,
  };
}

/** One provider term of an agreement, with its current state. */
export interface AgreementTermState {
  /** The term mixin's type identifier. */
  mixin: TypeIdentifier;
  /** The mixin's term: the `{term_name}` of its attributes. */
  term: string;
  state: TermState;
}

function isTermState(value: unknown): value is TermState {
  return typeof value === 'string' && (TERM_STATES as readonly string[]).includes(value);
}

/**
 * The provider terms of an agreement: every mixin of the entity (or one it
 * depends on) that depends on `sla#agreement_term` and defines
 * `{term}.term.state` after its own term, with its
 * `{term}.term.state` (its default, else Undefined, when absent).
 */
export function agreementTerms(
  entity: Pick<Entity, 'kind' | 'mixins' | 'attributes'>,
  model: Model,
): AgreementTermState[] {
  const definitions = model.attributes(entity.kind, entity.mixins);
  const terms: AgreementTermState[] = [];
  for (const mixin of model.mixinClosure(entity.mixins)) {
    const id = typeIdentifier(mixin);
    if (id === AGREEMENT_TERM_MIXIN || !model.dependsOn(id, AGREEMENT_TERM_MIXIN)) continue;
    const name = termAttributeNames(mixin.term).state;
    // A template that brings terms depends on agreement_term too, but is no term:
    // a term is a mixin whose `{term}.term.state` is defined.
    if (!definitions.has(name)) continue;
    const value = entity.attributes[name] ?? definitions.get(name)?.default;
    terms.push({ mixin: id, term: mixin.term, state: isTermState(value) ? value : 'Undefined' });
  }
  return terms;
}

/** SLA §3.1.2: an agreement with at least one Violated term is violated. */
export function isViolated(entity: Pick<Entity, 'kind' | 'mixins' | 'attributes'>, model: Model): boolean {
  return agreementTerms(entity, model).some((t) => t.state === 'Violated');
}

/** figs/terms-states.png: Undefined → Fulfilled | Violated, Fulfilled ⇄ Violated; nothing returns to Undefined. */
export function termTransitionAllowed(from: TermState, to: TermState): boolean {
  return from === to || to !== 'Undefined';
}

/**
 * Checks the term states of an agreement against the previous version:
 * a newly associated term starts Undefined, and no term returns to Undefined.
 */
export function termStateProblems(entity: Entity, previous: Entity | undefined, model: Model): Problem[] {
  const before = new Map(previous ? agreementTerms(previous, model).map((t) => [t.mixin, t.state]) : []);
  const problems: Problem[] = [];
  for (const { mixin, term, state } of agreementTerms(entity, model)) {
    const attribute = termAttributeNames(term).state;
    const old = before.get(mixin);
    if (old === undefined && state !== 'Undefined')
      problems.push({
        code: 'immutable-attribute',
        message: `${attribute} of a newly associated term must start Undefined (it is ${state}); assessment sets it later`,
        attribute,
        category: mixin,
      });
    else if (old !== undefined && !termTransitionAllowed(old, state))
      problems.push({
        code: 'attribute-pattern',
        message: `${attribute} cannot go from ${old} back to ${state}; once assessed, a term is Fulfilled or Violated`,
        attribute,
        category: mixin,
      });
  }
  return problems;
}

/**
 * Records the assessment of one term of an agreement (monitoring code calls
 * this): returns a copy of the agreement with `{term}.term.state` set;
 * `isViolated` on the copy tells whether the agreement is now violated.
 * `term` is the term mixin's type identifier or term.
 */
export function assessTerm(agreement: Entity, model: Model, term: string, state: TermState): Entity {
  if (!isTermState(state))
    throw badRequest(
      'attribute-pattern',
      `term state ${JSON.stringify(state)} is not one of ${TERM_STATES.join(', ')}`,
    );
  const terms = agreementTerms(agreement, model);
  const found = terms.find((t) => t.mixin === term || t.term === term);
  if (!found) {
    const known = terms.map((t) => t.term);
    throw badRequest(
      'unknown-mixin',
      `agreement ${agreement.location ?? agreement.id} has no term ${term}${known.length > 0 ? didYouMean(term, known) : ' (it has no terms)'}`,
      { category: term },
    );
  }
  const attribute = termAttributeNames(found.term).state;
  if (!termTransitionAllowed(found.state, state))
    throw new OcciError('conflict', {
      code: 'attribute-pattern',
      message: `${attribute} cannot go from ${found.state} back to ${state}`,
      attribute,
      category: found.mixin,
    });
  return { ...agreement, attributes: { ...agreement.attributes, [attribute]: state } };
}
