/**
 * Platform §3.3 Linking to Components: ComponentLink connects an Application
 * to a hosting Component, or two Components, and the links form acyclic
 * graphs.
 */
import type { Behaviour, Entity, KindDefinition, LifecycleContext, Problem } from '@occi/core';
import { LINK_KIND } from '@occi/core';
import {
  APPLICATION_KIND,
  COMPONENT_KIND,
  COMPONENTLINK_KIND,
  PLATFORM_LOCATIONS,
  PLATFORM_SCHEME,
} from './identifiers.js';

/** Platform §3.3: the ComponentLink Kind, related to core#link. */
export const componentLinkKind: KindDefinition = {
  scheme: PLATFORM_SCHEME,
  term: 'componentlink',
  title: 'ComponentLink',
  parent: LINK_KIND,
  location: PLATFORM_LOCATIONS.componentlink,
};

const invalidLink = (message: string, location?: string): Problem => ({
  code: 'invalid-link',
  message,
  category: COMPONENTLINK_KIND,
  ...(location !== undefined ? { location } : {}),
});

/**
 * Looks for a path of component links from `from` to `to`, not through the
 * link being validated. Returns the locations along it, or undefined.
 */
async function findPath(
  from: string,
  to: string,
  self: Entity,
  context: LifecycleContext,
): Promise<string[] | undefined> {
  const seen = new Set<string>();
  const walk = async (node: string, path: string[]): Promise<string[] | undefined> => {
    if (node === to) return [...path, node];
    if (seen.has(node)) return undefined;
    seen.add(node);
    const resource = await context.lookup(node);
    for (const link of resource?.links ?? []) {
      if (link.id === self.id || (self.location !== undefined && link.location === self.location)) continue;
      if (!context.model.isKindOf(link.kind, COMPONENTLINK_KIND) || link.target === undefined) continue;
      const found = await walk(link.target.location, [...path, node]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(from, []);
}

/**
 * Refuses a component link whose ends are not an application or component
 * (source) and a component (target), and one that would close a cycle.
 */
export async function validateComponentLink(entity: Entity, context: LifecycleContext): Promise<Problem[]> {
  const source = entity.source?.location;
  const target = entity.target?.location;
  if (source === undefined || target === undefined)
    return [invalidLink('a componentlink needs a source and a target')];
  const problems: Problem[] = [];
  const [sourceEntity, targetEntity] = await Promise.all([context.lookup(source), context.lookup(target)]);
  const { model } = context;
  // Platform §3.3: ComponentLink connects an Application to a Component, or two Components.
  if (sourceEntity === undefined)
    problems.push(invalidLink(`componentlink source ${source} was not found`, source));
  else if (
    !model.isKindOf(sourceEntity.kind, APPLICATION_KIND) &&
    !model.isKindOf(sourceEntity.kind, COMPONENT_KIND)
  )
    problems.push(
      invalidLink(
        `componentlink source ${source} is a ${sourceEntity.kind}; it must be an application or a component`,
        source,
      ),
    );
  if (targetEntity === undefined)
    problems.push(invalidLink(`componentlink target ${target} was not found`, target));
  else if (!model.isKindOf(targetEntity.kind, COMPONENT_KIND))
    problems.push(
      invalidLink(`componentlink target ${target} is a ${targetEntity.kind}; it must be a component`, target),
    );
  if (problems.length > 0) return problems;
  // Platform §3.3: applications and components form acyclic graphs.
  const path = source === target ? [target] : await findPath(target, source, entity, context);
  if (path !== undefined) {
    const cycle = [source, ...path].join(' → ');
    problems.push(invalidLink(`componentlink ${source} → ${target} would close the cycle ${cycle}`, target));
  }
  return problems;
}

export const componentLinkBehaviour: Behaviour = {
  category: COMPONENTLINK_KIND,
  validate: (entity, _previous, context) => validateComponentLink(entity, context),
};
