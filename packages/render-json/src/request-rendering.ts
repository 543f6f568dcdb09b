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

/** A new entity's id: a fresh `urn:uuid:` (Core §5.4.1: the URN form is RECOMMENDED), which our server keeps. */
const newId = (): string => `urn:uuid:${globalThis.crypto.randomUUID()}`;

/** A link by its endpoints, or by its kind when the model knows it (Core §5.4.3). */
function isLinkDraft(draft: EntityInput, model: Model): boolean {
  if (draft.source !== undefined && draft.target !== undefined) return true;
  return draft.kind !== undefined && (isLinkKind(draft.kind, model) ?? false);
}

/** The members of a resource or link object that a draft gives, and no others. */
export type EntityDraftRendering = Partial<ResourceRendering> | Partial<LinkRendering>;

const refused = (code: 'invalid-link' | 'missing-kind', message: string) =>
  new OcciError('bad-request', { code, message });

/**
 * The members every entity object has, as far as the draft gives them:
 * `kind`, `mixins`, `attributes`, `id` and `title`.
 */
function entityMembers(draft: EntityInput, id: string | undefined): Record<string, unknown> {
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
  if (id !== undefined) out.id = id;
  if (draft.title !== undefined) out.title = draft.title;
  return out;
}

/**
 * An inline link of a resource (JSON §3.1.1, §3.1.2): complete, as the
 * schema's link is — its kind, an id (a fresh one when it has none), its
 * source (its own, else the resource's: `source`) and its target.
 */
function renderInlineLink(
  link: EntityInput,
  index: number,
  source: EntityRef | undefined,
): Partial<LinkRendering> {
  if (link === null || typeof link !== 'object')
    throw new OcciError('bad-request', {
      code: 'parse-error',
      message: `inline link ${index + 1} is not an object`,
    });
  const to = link.target?.location;
  if (!to) throw refused('invalid-link', `inline link ${index + 1} needs a target location`);
  if (link.kind === undefined) throw refused('missing-kind', `the link to ${to} names no kind`);
  const from = link.source ?? source;
  if (from === undefined)
    throw refused(
      'invalid-link',
      `the link to ${to}: JSON names its source (JSON §3.1.2: multiplicity 1), the resource's location or id, and this request gives the resource neither; give its location or id, or send the request in a text rendering, where inline links name no source`,
    );
  const out = entityMembers(link, link.id ?? newId());
  out.source = kindedUri(from);
  out.target = kindedUri(link.target!);
  return out as Partial<LinkRendering>;
}

/**
 * An entity draft as a resource (§3.1.1) or link (§3.1.2) object. A draft
 * that names its kind (a create or a replace) is written complete, with
 * every member the schema requires: an id (a fresh `urn:uuid:` when it has
 * none), a link's source and target, each inline link's kind, id, source
 * (the resource's location when the draft gives it, else its id) and
 * target. A partial update, which names no kind, has only the members given.
 */
export function renderEntityDraftObject(draft: EntityInput, model: Model): EntityDraftRendering {
  if (draft === null || typeof draft !== 'object')
    throw new OcciError('bad-request', { code: 'parse-error', message: 'the entity draft is not an object' });
  const link = isLinkDraft(draft, model);
  const complete = draft.kind !== undefined;
  const id = complete ? (draft.id ?? newId()) : draft.id;
  const out = entityMembers(draft, id);
  if (link) {
    for (const end of ['source', 'target'] as const) {
      const ref = draft[end];
      if (ref !== undefined) out[end] = kindedUri(ref);
      else if (complete)
        throw refused(
          'invalid-link',
          `a link names its ${end} (JSON §3.1.2: multiplicity 1); this one has none`,
        );
    }
  } else {
    if (draft.summary !== undefined) out.summary = draft.summary;
    if (draft.links !== undefined) {
      const self = draft.location ?? id;
      const source = self === undefined ? undefined : ref(self, draft.kind);
      out.links = draft.links.map((l, i) => renderInlineLink(l, i, source));
    }
  }
  return out as EntityDraftRendering;
}

function ref(location: string, kind: string | undefined): EntityRef {
  return kind === undefined ? { location } : { location, kind };
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
 * objects carry no location. A link object has a source and a target too
 * (the schema's link requires them): a link member without them is refused,
 * so that it is named in a rendering that names entities by location.
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
    if (!isLinkKind(m.kind, model)) {
      resources.push({ id: m.id, kind: m.kind } as ResourceRendering);
      continue;
    }
    // A member read as an entity (a link) may carry its ends.
    const { source, target } = m as CollectionMember & Partial<Pick<LinkRendering, 'source' | 'target'>>;
    if (!source?.location || !target?.location)
      throw refused(
        'invalid-link',
        `link ${m.id}: a JSON link names its source and target (JSON §3.1.2: multiplicity 1), which this reference lacks; name it by location (text/plain, text/occi) or with its source and target`,
      );
    links.push({
      id: m.id,
      kind: m.kind,
      source: kindedUri(source),
      target: kindedUri(target),
    } as LinkRendering);
  }
  if (links.length === 0) return { resources };
  return resources.length > 0 ? { resources, links } : { links };
}

/**
 * User mixins to define (HTTP §7.3): `{"mixins": [...]}`, whole (§3.2.2:
 * `depends` and `applies` included). The schema's mixin requires a
 * location: a definition without one is refused, so that it travels in a
 * text rendering, where the provider chooses one (HTTP §4).
 */
export function renderMixinDefinitionsObject(mixins: readonly Mixin[]): { mixins: MixinRendering[] } {
  return {
    mixins: mixins.map((m) => {
      const id = checkTypeIdentifier(m.scheme + m.term);
      if (typeof m.location !== 'string' || m.location === '')
        throw new OcciError('bad-request', {
          code: 'invalid-location',
          message: `mixin ${id}: a JSON mixin names its location (the schema requires it); give one, e.g. /${m.term}/, or send the definition in text/plain or text/occi, where the provider chooses one`,
          category: id,
        });
      return renderMixin(m);
    }),
  };
}

/**
 * User mixins to remove (HTTP §7.4): `{"mixins": [{"scheme", "term",
 * "location"}]}` (§3.4.2), the location the model gives each (the schema's
 * mixin requires one); a mixin the model does not know is refused.
 */
export function renderMixinReferencesObject(
  ids: readonly TypeIdentifier[],
  model: Model,
): {
  mixins: { scheme: string; term: string; location: string }[];
} {
  return {
    mixins: ids.map((id) => {
      const split = splitTypeIdentifier(checkTypeIdentifier(id))!;
      const location = model.mixin(id)?.location;
      if (location === undefined)
        throw new OcciError(model.get(id) ? 'bad-request' : 'not-found', {
          code: model.get(id) ? 'wrong-category-class' : 'unknown-mixin',
          message: model.get(id)
            ? `${id} is not a mixin with a location (HTTP §7.4 removes user mixins)`
            : `the model has no mixin ${id}: a JSON mixin names its location (the schema requires it)`,
          category: id,
        });
      return { scheme: split.scheme, term: split.term, location };
    }),
  };
}
