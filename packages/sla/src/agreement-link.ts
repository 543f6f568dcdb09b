/**
 * SLA §3.2 AgreementLink: links an Agreement to any other Resource.
 */
import type { Behaviour, Entity, KindDefinition, LifecycleContext, Problem } from '@occi/core';
import { LINK_KIND } from '@occi/core';
import { AGREEMENT_KIND, AGREEMENT_LINK_KIND, SLA_LOCATIONS, SLA_SCHEME } from './identifiers.js';

/** SLA §3.2: the AgreementLink Kind, related to core#link. */
export const agreementLinkKind: KindDefinition = {
  scheme: SLA_SCHEME,
  term: 'agreement_link',
  title: 'Link between a SLA and its associated resources',
  parent: LINK_KIND,
  location: SLA_LOCATIONS.agreement_link,
};

const invalidLink = (message: string, location: string): Problem => ({
  code: 'invalid-link',
  message,
  category: AGREEMENT_LINK_KIND,
  location,
});

/** SLA §3.2: the source is an Agreement, the target any Resource (not a Link). */
export async function validateAgreementLink(entity: Entity, context: LifecycleContext): Promise<Problem[]> {
  const problems: Problem[] = [];
  const source = entity.source?.location;
  const target = entity.target?.location;
  if (source !== undefined) {
    const agreement = await context.lookup(source);
    if (agreement === undefined)
      problems.push(invalidLink(`agreement_link source ${source} was not found`, source));
    else if (!context.model.isKindOf(agreement.kind, AGREEMENT_KIND))
      problems.push(
        invalidLink(
          `agreement_link source ${source} is a ${agreement.kind}; it must be an agreement`,
          source,
        ),
      );
  }
  if (target !== undefined) {
    const resource = await context.lookup(target);
    if (resource !== undefined && !context.model.isResourceKind(resource.kind))
      problems.push(
        invalidLink(`agreement_link target ${target} is a ${resource.kind}; it must be a resource`, target),
      );
  }
  return problems;
}

export const agreementLinkBehaviour: Behaviour = {
  category: AGREEMENT_LINK_KIND,
  validate: (entity, _previous, context) => validateAgreementLink(entity, context),
};
