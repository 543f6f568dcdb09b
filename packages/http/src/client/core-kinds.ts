/**
 * What the client knows without asking: the Core model. Core §5.4 defines
 * Entity, Resource and Link for every implementation, so a server that
 * leaves them out of its discovery (an OCCI 1.1 server, say) still has
 * them; its link kinds are still kinds of Link.
 */
import type { Category, Kind } from '@occi/core';
import { coreExtension, kindFromDefinition, typeIdentifier } from '@occi/core';

let coreKinds: readonly Kind[] | undefined;

/**
 * The Core kinds (Core §5.4.1–§5.4.3) with their attributes, bound to no
 * location: a server binds them where it chooses, or not at all (HTTP §4),
 * and a client learns where only from its discovery.
 */
function unboundCoreKinds(): readonly Kind[] {
  coreKinds ??= (coreExtension.kinds ?? []).map(({ location: _location, ...definition }) =>
    kindFromDefinition(definition),
  );
  return coreKinds;
}

/** The discovered categories, with the Core kinds the server did not list (Core §5.4: every server has them). */
export function withCoreKinds(categories: readonly Category[]): Category[] {
  const listed = new Set(categories.map(typeIdentifier));
  const missing = unboundCoreKinds().filter((k) => !listed.has(typeIdentifier(k)));
  return [...missing, ...categories];
}
