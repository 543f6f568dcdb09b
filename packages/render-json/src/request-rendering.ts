/**
 * What a client writes (JSON §3): an entity draft as a resource or link
 * object with only the members given (§3.1.1, §3.1.2), a filter as such an
 * object, and existing entities as an entity collection of objects naming
 * their `id` and `kind` (§3.3). Drafts come from a client's input, not a
 * provider: they are checked for what JSON cannot carry.
 */
import type {
  AttributeValue,
  CollectionMember,
  EntityFilter,
  EntityInput,
  EntityRef,
  Mixin,
  Model,
  TypeIdentifier,
} from '@occi/core';
import { OcciError, splitTypeIdentifier } from '@occi/core';
import { type MixinRendering, renderMixin } from './category-rendering.js';
import type { EntityCollectionRendering } from './entity-collection-rendering.js';
import { isLinkKind } from './entity-rendering.js';
import type { KindedUri, LinkRendering } from './link-rendering.js';
import type { ResourceRendering } from './resource-rendering.js';

/** A value JSON carries back as it was: no number out of range (JSON.stringify would write null). */
function checkValue(value: AttributeValue, name: string): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new OcciError('bad-request', {
        code: 'attribute-type',
        message: `${value} is not a number an OCCI rendering can carry`,
        attribute: name,
      });
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) checkValue(item, name);
  }
}

/** A type identifier from a client's input (`scheme#term`); anything else is refused. */
export function checkTypeIdentifier(id: unknown): TypeIdentifier {
  if (typeof id !== 'string' || !splitTypeIdentifier(id))
    throw new OcciError('bad-request', {
      code: 'parse-error',
      message: `"${id}" is not a type identifier (scheme#term)`,
      category: String(id),
    });
  return id;
}

function kindedUri(ref: EntityRef): KindedUri {
  return ref.kind !== undefined ? { location: ref.location, kind: ref.kind } : { location: ref.location };
}

/** A link by its endpoints, or by its kind when the model knows it (Core §5.4.3). */
function isLinkDraft(draft: EntityInput, model: Model): boolean {
  if (draft.source !== undefined && draft.target !== undefined) return true;
  return draft.kind !== undefined && (isLinkKind(draft.kind, model) ?? false);
}

/** The members of a resource or link object that a draft gives, and no others. */
export type EntityDraftRendering = Partial<ResourceRendering> | Partial<LinkRendering>;

/** An entity draft as a resource (§3.1.1) or link (§3.1.2) object. */
export function renderEntityDraftObject(
  draft: EntityInput,
  model: Model,
  isLink?: boolean,
): EntityDraftRendering {
  if (draft === null || typeof draft !== 'object')
    throw new OcciError('bad-request', { code: 'parse-error', message: 'the entity draft is not an object' });
  const link = isLink ?? isLinkDraft(draft, model);
  const out: Record<string, unknown> = {};
  if (draft.kind !== undefined) out.kind = checkTypeIdentifier(draft.kind);
  if (draft.mixins !== undefined) out.mixins = draft.mixins.map(checkTypeIdentifier);
  if (draft.attributes !== undefined) {
    for (const [name, value] of Object.entries(draft.attributes)) {
      if (name.startsWith('occi.core.'))
        throw new OcciError('bad-request', {
          code: 'reserved-namespace',
          message: `attribute ${name}: give occi.core.* values through the entity's fields (id, title, summary, source, target)`,
          attribute: name,
        });
      checkValue(value, name);
    }
    out.attributes = { ...draft.attributes };
  }
  if (draft.id !== undefined) out.id = draft.id;
  if (draft.title !== undefined) out.title = draft.title;
  if (link) {
    if (draft.source !== undefined) out.source = kindedUri(draft.source);
    if (draft.target !== undefined) out.target = kindedUri(draft.target);
  } else {
    if (draft.summary !== undefined) out.summary = draft.summary;
    if (draft.links !== undefined)
      out.links = draft.links.map((l) => renderEntityDraftObject(l, model, true));
  }
  return out as EntityDraftRendering;
}

/**
 * A filter (HTTP §6.2) as the entity object a server reads it from: its one
 * kind, its mixins (classes from the model) and the attribute values, among
 * which `occi.core.*` names stand for the entity's fields.
 */
export function renderFilterObject(filter: EntityFilter, model: Model): EntityDraftRendering {
  const out: { kind?: string; mixins?: string[]; attributes?: Record<string, AttributeValue> } = {};
  for (const id of filter.categories ?? []) {
    const category = model.get(id);
    if (category?.class === 'kind') {
      if (out.kind !== undefined)
        throw new OcciError('bad-request', {
          code: 'wrong-category-class',
          message: `a filter names one kind in JSON (§3.1: "kind" is one); it names ${out.kind} and ${id}`,
          category: id,
        });
      out.kind = id;
    } else if (category?.class === 'mixin') out.mixins = [...(out.mixins ?? []), id];
    else
      throw new OcciError(category ? 'bad-request' : 'not-found', {
        code: category ? 'wrong-category-class' : 'unknown-category',
        message: category ? `${id} is an action, not a kind or mixin` : `the model has no category ${id}`,
        category: id,
      });
  }
  const attributes = filter.attributes ?? {};
  for (const [name, value] of Object.entries(attributes)) checkValue(value, name);
  if (Object.keys(attributes).length > 0) out.attributes = { ...attributes };
  return out;
}

/**
 * Existing entities as an entity collection (§3.3) of resource and link
 * objects naming their `id` and `kind` (the server finds them by id): JSON
 * objects carry no location.
 */
export function renderCollectionMembersObject(
  members: readonly CollectionMember[],
  model: Model,
): EntityCollectionRendering {
  const resources: ResourceRendering[] = [];
  const links: LinkRendering[] = [];
  for (const m of members) {
    if (typeof m?.id !== 'string' || typeof m.kind !== 'string')
      throw new OcciError('bad-request', {
        code: 'parse-error',
        message: 'an entity reference needs an id and a kind',
      });
    const named = { id: m.id, kind: m.kind };
    if (isLinkKind(m.kind, model)) links.push(named as LinkRendering);
    else resources.push(named as ResourceRendering);
  }
  if (links.length === 0) return { resources };
  return resources.length > 0 ? { resources, links } : { links };
}

/** User mixins to define (HTTP §7.3): `{"mixins": [...]}`, whole (§3.2.2: `depends` and `applies` included). */
export function renderMixinDefinitionsObject(mixins: readonly Mixin[]): { mixins: MixinRendering[] } {
  return {
    mixins: mixins.map((m) => {
      checkTypeIdentifier(m.scheme + m.term);
      return renderMixin(m);
    }),
  };
}

/** User mixins to remove (HTTP §7.4): `{"mixins": [{"scheme": ..., "term": ...}]}` (§3.4.2). */
export function renderMixinReferencesObject(ids: readonly TypeIdentifier[]): {
  mixins: { scheme: string; term: string }[];
} {
  return {
    mixins: ids.map((id) => {
      const split = splitTypeIdentifier(checkTypeIdentifier(id))!;
      return { scheme: split.scheme, term: split.term };
    }),
  };
}
