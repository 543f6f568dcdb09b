/**
 * What a client writes for an entity (GFD.229 §5.1): a draft to create,
 * replace or update (HTTP §8.2, §8.3.1, §9.3.1), which may lack an id or a
 * kind, with inline links as drafts; and a filter (HTTP §6.2), an entity
 * rendering naming categories and attribute values.
 */
import type {
  AttributeValue,
  EntityDraft,
  EntityFilter,
  EntityInput,
  EntityRef,
  Model,
  RenderContext,
} from '@occi/core';
import { CORE_ATTRIBUTES, OcciError, RESOURCE_KIND } from '@occi/core';
import { uriReference } from '../abnf/write.js';
import type { FieldWriter } from '../fields.js';
import { classOf, requestCategoryReference, requestValue } from './request-values.js';

/** A link by its endpoints, or by its kind when the model knows it (Core §5.4.3). */
function isLinkDraft(draft: EntityInput, model: Model): boolean {
  if (draft.source !== undefined && draft.target !== undefined) return true;
  return draft.kind !== undefined && model.kind(draft.kind) !== undefined && model.isLinkKind(draft.kind);
}

/** The X-OCCI-Attribute values of a draft: its model fields as `occi.core.*` (§5.5.1), then its attributes. */
function attributeValues(draft: EntityInput, isLink: boolean, inHeader: boolean): string[] {
  const out: string[] = [];
  const add = (name: string, value: AttributeValue) => out.push(`${name}=${requestValue(value, inHeader)}`);
  if (draft.id !== undefined) add(CORE_ATTRIBUTES.id, draft.id);
  if (draft.title !== undefined) add(CORE_ATTRIBUTES.title, draft.title);
  if (!isLink && draft.summary !== undefined) add(CORE_ATTRIBUTES.summary, draft.summary);
  const ref = (name: string, kindName: string, r: EntityRef | undefined) => {
    if (r === undefined) return;
    add(name, r.location);
    if (r.kind !== undefined) add(kindName, r.kind);
  };
  ref(CORE_ATTRIBUTES.source, CORE_ATTRIBUTES.sourceKind, draft.source);
  ref(CORE_ATTRIBUTES.target, CORE_ATTRIBUTES.targetKind, draft.target);
  for (const [name, value] of Object.entries(draft.attributes ?? {})) {
    if (name.startsWith('occi.core.'))
      throw new OcciError('bad-request', {
        code: 'reserved-namespace',
        message: `attribute ${name}: give occi.core.* values through the entity's fields (id, title, summary, source, target)`,
        attribute: name,
      });
    add(name, value);
  }
  return out;
}

/** An inline link of a resource as a `Link` value (§4.2, §5.1.1): its target, kind, mixins and attributes. */
function linkValue(link: EntityDraft, inHeader: boolean): string {
  const target = link.target;
  if (!target?.location)
    throw new OcciError('bad-request', {
      code: 'invalid-link',
      message: 'an inline link needs a target location',
    });
  if (!link.kind)
    throw new OcciError('bad-request', {
      code: 'missing-kind',
      message: `the link to ${target.location} names no kind`,
    });
  let out = `<${uriReference(target.location)}>; rel="${target.kind ?? RESOURCE_KIND}"`;
  out += `; category="${[link.kind, ...(link.mixins ?? [])].join(' ')}"`;
  const { target: _t, source: _s, ...rest } = link;
  for (const v of attributeValues(rest, true, inHeader)) out += `; ${v}`;
  return out;
}

/** Writes an entity draft (§5.1): only what it names — kind, mixins, inline links, fields and attributes. */
export function writeEntityDraft(draft: EntityInput, context: RenderContext, w: FieldWriter): void {
  if (draft === null || typeof draft !== 'object')
    throw new OcciError('bad-request', { code: 'parse-error', message: 'the entity draft is not an object' });
  const isLink = isLinkDraft(draft, context.model);
  if (draft.kind !== undefined) w.add('category', requestCategoryReference(draft.kind, 'kind'));
  for (const m of draft.mixins ?? []) w.add('category', requestCategoryReference(m, 'mixin'));
  // §5.1.2: a link has no links of its own.
  if (!isLink) for (const link of draft.links ?? []) w.add('link', linkValue(link, w.inHeader));
  for (const v of attributeValues(draft, isLink, w.inHeader)) w.add('x-occi-attribute', v);
}

/**
 * Writes a filter (HTTP §6.2) as the entity rendering the server reads it
 * from: the categories to match (kinds and mixins, classes from the model),
 * then the attribute values, `occi.core.*` names included.
 */
export function writeFilter(filter: EntityFilter, context: RenderContext, w: FieldWriter): void {
  for (const id of filter.categories ?? [])
    w.add('category', requestCategoryReference(id, classOf(context.model, id, ['kind', 'mixin'])));
  for (const [name, value] of Object.entries(filter.attributes ?? {}))
    w.add('x-occi-attribute', `${name}=${requestValue(value, w.inHeader)}`);
}
