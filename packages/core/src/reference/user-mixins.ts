/**
 * User-defined mixins (Core §5.5.3, HTTP §7.3, §7.4): defining them
 * through the query interface (or an action, e.g. `save`), and removing
 * them with their associations.
 */
import type { Mixin, TypeIdentifier } from '../category.js';
import { typeIdentifier } from '../category.js';
import { categoryDefinition, mixinFromDefinition } from '../category-definitions.js';
import { badRequest, conflict, forbidden, notFound, OcciError, type Problem } from '../errors.js';
import type { MixinDefinition } from '../extension-document.js';
import type { Model } from '../model.js';
import type { Caller } from '../provider.js';
import type { EntityRecord, MixinRecord, StoreWrite } from '../store.js';
import { validateUserMixin } from '../validation/user-mixin-rules.js';
import { commitUpdates } from './backend.js';
import { invalid } from './building.js';
import { modelOf, type Reference } from './context.js';
import { definitionDifferences } from './definition-differences.js';
import { withoutMixin } from './mixin-membership.js';
import { commit } from './writes.js';

/** Bounds on user mixins (HTTP §7.3): per definition request, and per user. */
const MIXINS_PER_REQUEST = 100;
const MIXINS_PER_USER = 1000;

/** The write defining a user mixin; `stored` are every user's mixin records (ids and locations are unique). */
export function mixinWrite(
  model: Model,
  owner: string,
  definition: MixinDefinition,
  stored: readonly MixinRecord[],
): { mixin: Mixin; write: StoreWrite } {
  const mixin = mixinFromDefinition(definition, owner);
  const id = typeIdentifier(mixin);
  const problems = validateUserMixin(model, mixin);
  if (problems.length > 0) throw invalid(problems);
  if (model.get(id)) throw conflict('duplicate', `the category ${id} exists already`, { category: id });
  // HTTP §4: a location is unique; and none lies below a Kind's, where its entities live (it
  // would hide the entity at that path).
  const location = mixin.location ?? '';
  const taken = [...model.locations()].find(
    ([l, c]) => l === location || (c.class === 'kind' && location.startsWith(l)),
  )?.[1];
  if (taken)
    throw conflict(
      'duplicate',
      location === taken.location
        ? `location ${location} is bound to ${typeIdentifier(taken)} already`
        : `location ${location} lies below ${taken.location}, where the entities of ${typeIdentifier(taken)} live`,
      { category: id },
    );
  const other = stored.find((s) => s.id === id || s.definition.location === location);
  if (other)
    throw conflict('duplicate', `the mixin ${id} or its location ${mixin.location} is taken`, {
      category: id,
    });
  return { mixin, write: { op: 'put-mixin', mixin: { id, owner, definition }, expect: 'absent' } };
}

/** A collection location for `term` bound to nothing yet, in the caller's model nor by any user's mixin. */
function freeLocation(model: Model, term: string, stored: readonly MixinRecord[]): string {
  const taken = new Set(stored.map((s) => s.definition.location));
  for (let n = 1; ; n++) {
    const location = n === 1 ? `/${term}/` : `/${term}-${n}/`;
    if (!model.byLocation(location) && !taken.has(location)) return location;
  }
}

export async function defineMixins(r: Reference, caller: Caller, mixins: Mixin[]): Promise<void> {
  let model = await modelOf(r, caller);
  // Bounded work and storage per request and per user: each definition is checked against all.
  if (mixins.length > MIXINS_PER_REQUEST)
    throw badRequest(
      'other',
      `a request may define at most ${MIXINS_PER_REQUEST} mixins; this one defines ${mixins.length}`,
    );
  const stored = await r.store.mixins();
  const owned = stored.filter((s) => s.owner === caller.user);
  const fresh = mixins.filter((m) => !owned.some((s) => s.id === typeIdentifier(m))).length;
  if (owned.length + fresh > MIXINS_PER_USER)
    throw conflict(
      'other',
      `a user may define at most ${MIXINS_PER_USER} mixins; you have ${owned.length}: remove some before defining ${fresh} more`,
    );
  const writes: StoreWrite[] = [];
  const prefix = r.userScheme?.(caller.user);
  for (const m of mixins) {
    // Core §5.5.3: a separate scheme per user (RECOMMENDED), when the provider is configured for it.
    if (prefix !== undefined && !m.scheme.startsWith(prefix))
      throw forbidden(`mixin ${typeIdentifier(m)}: your mixins use a scheme starting with ${prefix}`, {
        category: typeIdentifier(m),
      });
    const definition = categoryDefinition(m) as MixinDefinition;
    // HTTP §7.3: a definition is idempotent for its owner: the same one again changes nothing
    // (200), another one of the same identifier is a conflict naming what differs.
    const id = typeIdentifier(m);
    const own = stored.find((s) => s.id === id && s.owner === caller.user);
    if (own) {
      const differences = definitionDifferences(own.definition, definition);
      if (differences.length === 0) continue;
      throw conflict(
        'duplicate',
        `you defined mixin ${id} already, differently: ${differences.join('; ')}. Remove it first (DELETE /-/) to define it anew`,
        { category: id },
      );
    }
    // HTTP §4: the provider chooses locations; a mixin defined without one gets /<term>/ (or /<term>-<n>/ when taken).
    if (definition.location === undefined) definition.location = freeLocation(model, m.term, stored);
    const { mixin, write } = mixinWrite(model, caller.user, definition, stored);
    model = model.withMixins([mixin]);
    writes.push(write);
    if (write.op === 'put-mixin') stored.push(write.mixin);
  }
  if (writes.length > 0) await commit(r, writes);
}

export async function removeMixins(r: Reference, caller: Caller, ids: TypeIdentifier[]): Promise<void> {
  const model = await modelOf(r, caller);
  const records = await r.store.mixins(caller.admin ? undefined : caller.user);
  const removed = new Set(ids);
  for (const id of removed) {
    if (records.some((m) => m.id === id)) continue;
    // HTTP §7.4: only user-defined mixins can be removed.
    if (model.get(id))
      throw forbidden(`${id} is defined by the provider's extensions and cannot be removed`, {
        category: id,
      });
    throw notFound(`no user-defined mixin ${id}`, { category: id });
  }
  // Core §5.3.4: a mixin others depend on stays while they do (unless they go in the same request).
  const problems: Problem[] = [];
  const all = await r.store.mixins();
  for (const id of removed) {
    const dependents = all.filter((m) => !removed.has(m.id) && (m.definition.depends ?? []).includes(id));
    if (dependents.length === 0) continue;
    const named = dependents.filter((m) => caller.admin || m.owner === caller.user).map((m) => m.id);
    const others = dependents.length - named.length;
    const who = [...named, ...(others > 0 ? [`${others} mixin(s) of other users`] : [])].join(', ');
    problems.push({
      code: 'other',
      message: `${id} cannot be removed: ${who} depend${dependents.length === 1 ? 's' : ''} on it; remove ${dependents.length === 1 ? 'it' : 'them'} first, or in the same request`,
      category: id,
    });
  }
  if (problems.length > 0) throw new OcciError('conflict', problems);
  // Removing a mixin first dissociates its members, each entity once for all removed mixins.
  const updates: { record: EntityRecord; previous: EntityRecord }[] = [];
  const members = new Map<string, EntityRecord>();
  for (const id of removed)
    for (const member of await r.store.query({ withMixins: [id] })) members.set(member.location, member);
  for (const member of members.values()) {
    let next: EntityRecord | undefined;
    for (const id of removed) {
      const without = await withoutMixin(r, model, caller, next ?? member, id);
      if (without) next = { ...without, version: member.version + 1 };
    }
    if (next) updates.push({ record: next, previous: member });
  }
  await commitUpdates(
    r,
    model,
    caller,
    updates,
    [...removed].map((id): StoreWrite => ({ op: 'delete-mixin', id })),
  );
}
