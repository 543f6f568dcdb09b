/**
 * The kinds a link of Infrastructure may join (§3.4): a NetworkInterface
 * "connects a Compute instance to a Network instance" (§3, §3.4.1); a
 * StorageLink is "a link from a Resource to a target Storage instance"
 * (§3.4.2). Core's Kind definitions have no field for a link's endpoint
 * kinds, so the constraints are data here and are enforced by the link
 * behaviours' `validate`.
 */
import type { Entity, LifecycleContext, Problem, TypeIdentifier } from '@occi/core';
import {
  COMPUTE_KIND,
  NETWORK_KIND,
  NETWORKINTERFACE_KIND,
  STORAGE_KIND,
  STORAGELINK_KIND,
} from './identifiers.js';

/** The kind (or an ancestor of it) a link's source and target must have; absent means any resource. */
export interface LinkEndpoints {
  source?: TypeIdentifier;
  target?: TypeIdentifier;
  /** Where the document says so, for messages. */
  section: string;
}

export const LINK_ENDPOINTS: Readonly<Record<TypeIdentifier, LinkEndpoints>> = {
  [NETWORKINTERFACE_KIND]: { source: COMPUTE_KIND, target: NETWORK_KIND, section: 'Infrastructure §3.4.1' },
  // §3.4.2: "from a Resource": any resource may hold storage; §3's overview names Compute, the section does not.
  [STORAGELINK_KIND]: { target: STORAGE_KIND, section: 'Infrastructure §3.4.2' },
};

/** The kind of a link's endpoint: the entity's own when this server holds it, else the one the client named. */
async function endpointKind(
  end: { location: string; kind?: TypeIdentifier } | undefined,
  context: LifecycleContext,
): Promise<TypeIdentifier | undefined> {
  if (!end) return undefined;
  const entity = await context.lookup(end.location);
  return entity?.kind ?? end.kind;
}

/**
 * Refuses a link whose source or target is not of the kind its link kind
 * joins (problem code `invalid-link`, 400). A target outside this server
 * whose kind the client did not name cannot be judged and is let through.
 */
export async function validateLinkEndpoints(link: Entity, context: LifecycleContext): Promise<Problem[]> {
  const problems: Problem[] = [];
  const rule = Object.entries(LINK_ENDPOINTS).find(([kind]) => context.model.isKindOf(link.kind, kind));
  if (!rule) return problems;
  const [linkKind, endpoints] = rule;
  const ends = [
    ['source', link.source, endpoints.source],
    ['target', link.target, endpoints.target],
  ] as const;
  for (const [role, end, expected] of ends) {
    if (!end || expected === undefined) continue;
    const actual = await endpointKind(end, context);
    if (actual === undefined || context.model.isKindOf(actual, expected)) continue;
    problems.push({
      code: 'invalid-link',
      message: `link ${role} ${end.location} is a ${actual}; a ${linkKind} link's ${role} must be a ${expected} (${endpoints.section})`,
      attribute: `occi.core.${role}`,
      category: linkKind,
      location: end.location,
    });
  }
  return problems;
}
