/**
 * Writing request messages: entity drafts (HTTP §8.2, §8.3.1, §9.3.1),
 * action invocations (HTTP §8.4, §9.4), entity references (HTTP §9.2,
 * §9.3.2, §9.5.2) and filters (HTTP §6.2), in the text renderings
 * (GFD.229 §5) or JSON (GFD.225 §3). Drafts may lack an id or a kind, which
 * the renderings' own writers (made for complete entities) require.
 */
import type {
  Attributes,
  AttributeValue,
  CategoryClass,
  EntityDraft,
  EntityRef,
  TypeIdentifier,
} from '@occi/core';
import { CORE_ATTRIBUTES, OcciError, RESOURCE_KIND, splitTypeIdentifier, TERM_PATTERN } from '@occi/core';
import { quote, renderValue, uriReference } from '@occi/render-text';
import type { WireFormat } from './options.js';

/**
 * An entity as the client sends it: any part of an Entity, with inline
 * links as drafts too (core types `Resource.links` as complete entities).
 */
export type EntityInput = Omit<EntityDraft, 'links'> & { links?: readonly EntityDraft[] };

/** The OCCI fields of a text rendering, in order (GFD.229 §4). */
export interface TextFields {
  category: string[];
  link: string[];
  attribute: string[];
  location: string[];
}

const emptyFields = (): TextFields => ({ category: [], link: [], attribute: [], location: [] });

/** A request body with its header fields. */
export interface RequestPayload {
  headers: Record<string, string>;
  body?: string;
}

/** An attribute value (GFD.229 §4.3): strings quoted, numbers and booleans bare, arrays and objects as quoted JSON. */
export function attributeValue(value: AttributeValue, inHeader: boolean): string {
  if (typeof value === 'number' && !Number.isFinite(value))
    throw new OcciError('bad-request', {
      code: 'attribute-type',
      message: `${value} is not a number an OCCI rendering can carry`,
    });
  return renderValue(value, inHeader);
}

/** `term; scheme="..."; class="..."` (GFD.229 §5.1: a category reference). */
export function categoryReference(id: TypeIdentifier, cls: CategoryClass): string {
  const split = splitTypeIdentifier(id);
  if (!split)
    throw new OcciError('bad-request', {
      code: 'parse-error',
      message: `"${id}" is not a type identifier (scheme#term)`,
      category: id,
    });
  const term = TERM_PATTERN.test(split.term) ? split.term : `term=${quote(split.term, true)}`;
  return `${term}; scheme=${quote(split.scheme, true)}; class="${cls}"`;
}

function attributeFields(draft: EntityInput, isLink: boolean, inHeader: boolean): string[] {
  const out: string[] = [];
  const add = (name: string, value: AttributeValue) => out.push(`${name}=${attributeValue(value, inHeader)}`);
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

/** An inline link of a resource as a `Link` value (GFD.229 §4.2, §5.1.1). */
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
  for (const v of attributeFields(rest, true, inHeader)) out += `; ${v}`;
  return out;
}

/** The text fields of an entity draft (GFD.229 §5.1). */
export function entityFields(draft: EntityInput, isLink: boolean, inHeader: boolean): TextFields {
  const f = emptyFields();
  if (draft.kind !== undefined) f.category.push(categoryReference(draft.kind, 'kind'));
  for (const m of draft.mixins ?? []) f.category.push(categoryReference(m, 'mixin'));
  if (!isLink) for (const link of draft.links ?? []) f.link.push(linkValue(link, inHeader));
  f.attribute.push(...attributeFields(draft, isLink, inHeader));
  return f;
}

/** The text fields of an action invocation (GFD.229 §5.1.1.1): the action's Category, then its parameters. */
export function invocationFields(
  action: TypeIdentifier,
  parameters: Attributes,
  inHeader: boolean,
): TextFields {
  const f = emptyFields();
  f.category.push(categoryReference(action, 'action'));
  for (const [name, value] of Object.entries(parameters))
    f.attribute.push(`${name}=${attributeValue(value, inHeader)}`);
  return f;
}

/** The text fields of a filter (HTTP §6.2): the categories to match, and attribute values. */
export function filterFields(
  categories: readonly { id: TypeIdentifier; class: CategoryClass }[],
  attributes: Record<string, AttributeValue>,
): TextFields {
  const f = emptyFields();
  for (const c of categories) f.category.push(categoryReference(c.id, c.class));
  for (const [name, value] of Object.entries(attributes))
    f.attribute.push(`${name}=${attributeValue(value, true)}`);
  return f;
}

/** Entity references as X-OCCI-Location values (GFD.229 §5.3): absolute URLs (spec README erratum 11). */
export function locationFields(urls: readonly string[]): TextFields {
  const f = emptyFields();
  for (const url of urls) f.location.push(uriReference(url));
  return f;
}

/** Text fields as header fields (text/occi, GFD.229 §7: one field per name, comma-separated values). */
export function asHeaders(f: TextFields): Record<string, string> {
  const headers: Record<string, string> = {};
  if (f.category.length > 0) headers.category = f.category.join(', ');
  if (f.link.length > 0) headers.link = f.link.join(', ');
  if (f.attribute.length > 0) headers['x-occi-attribute'] = f.attribute.join(', ');
  if (f.location.length > 0) headers['x-occi-location'] = f.location.join(', ');
  return headers;
}

/** Text fields as lines of a text/plain body (GFD.229 §6). */
export function asLines(f: TextFields): string {
  let body = '';
  for (const v of f.category) body += `Category: ${v}\r\n`;
  for (const v of f.link) body += `Link: ${v}\r\n`;
  for (const v of f.attribute) body += `X-OCCI-Attribute: ${v}\r\n`;
  for (const v of f.location) body += `X-OCCI-Location: ${v}\r\n`;
  return body;
}

/** The payload of text fields in a text wire format. */
export function textPayload(format: Exclude<WireFormat, 'json'>, f: TextFields): RequestPayload {
  if (format === 'occi') return { headers: { 'content-type': 'text/occi', ...asHeaders(f) } };
  return { headers: { 'content-type': 'text/plain' }, body: asLines(f) };
}

/** A JSON payload. */
export function jsonPayload(value: unknown): RequestPayload {
  return { headers: { 'content-type': 'application/occi+json' }, body: JSON.stringify(value) };
}

function jsonRef(ref: EntityRef): Record<string, string> {
  return ref.kind !== undefined ? { location: ref.location, kind: ref.kind } : { location: ref.location };
}

/** An entity draft as a JSON resource or link object (GFD.225 §3.1.1, §3.1.2); only the members given. */
export function entityObject(draft: EntityInput, isLink: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (draft.kind !== undefined) out.kind = draft.kind;
  if (draft.mixins !== undefined) out.mixins = [...draft.mixins];
  if (draft.attributes !== undefined) {
    for (const name of Object.keys(draft.attributes))
      if (name.startsWith('occi.core.'))
        throw new OcciError('bad-request', {
          code: 'reserved-namespace',
          message: `attribute ${name}: give occi.core.* values through the entity's fields (id, title, summary, source, target)`,
          attribute: name,
        });
    out.attributes = { ...draft.attributes };
  }
  if (draft.id !== undefined) out.id = draft.id;
  if (draft.title !== undefined) out.title = draft.title;
  if (isLink) {
    if (draft.source !== undefined) out.source = jsonRef(draft.source);
    if (draft.target !== undefined) out.target = jsonRef(draft.target);
  } else {
    if (draft.summary !== undefined) out.summary = draft.summary;
    if (draft.links !== undefined) out.links = draft.links.map((l) => entityObject(l, true));
  }
  return out;
}

/** What a user mixin is defined with through the query interface (HTTP §7.3). */
export interface MixinDefinitionRequest {
  scheme: string;
  term: string;
  title?: string;
  /** The collection location of the mixin, an absolute path ending in `/` (e.g. `/my_stuff/`). */
  location: string;
  depends?: readonly TypeIdentifier[];
  applies?: readonly TypeIdentifier[];
}

/**
 * A user mixin as a complete Category value (GFD.229 §5.2.2): `rel` lists
 * what it depends on. `applies` has no text form (GFD.229 §5.2).
 */
export function mixinFields(m: MixinDefinitionRequest, inHeader: boolean): TextFields {
  const f = emptyFields();
  let value = categoryReference(m.scheme + m.term, 'mixin');
  if (m.title !== undefined) value += `; title=${quote(m.title, inHeader)}`;
  if (m.depends !== undefined && m.depends.length > 0) value += `; rel=${quote(m.depends.join(' '), true)}`;
  value += `; location="${uriReference(m.location)}"`;
  f.category.push(value);
  return f;
}

/** A user mixin as a JSON mixin object (GFD.225 §3.2.2) in a category collection. */
export function mixinObject(m: MixinDefinitionRequest): Record<string, unknown> {
  const out: Record<string, unknown> = { term: m.term, scheme: m.scheme };
  if (m.title !== undefined) out.title = m.title;
  out.attributes = {};
  out.actions = [];
  out.depends = [...(m.depends ?? [])];
  out.applies = [...(m.applies ?? [])];
  out.location = m.location;
  return out;
}

/** The text fields naming mixins to remove (HTTP §7.4). */
export function mixinReferenceFields(ids: readonly TypeIdentifier[]): TextFields {
  const f = emptyFields();
  for (const id of ids) f.category.push(categoryReference(id, 'mixin'));
  return f;
}
