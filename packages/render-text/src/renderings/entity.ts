/**
 * Entity instance rendering (GFD.229 §5.1): a Resource as Category, Link and
 * Attribute fields (§5.1.1), a Link as Category, ActionLink and Attribute
 * fields (§5.1.2), and reading either back into an entity draft.
 */
import type {
  Attributes,
  Entity,
  EntityDraft,
  EntityRef,
  Model,
  ParseContext,
  RenderContext,
  TypeIdentifier,
} from '@occi/core';
import { CORE_ATTRIBUTES, LINK_KIND, OcciError, RESOURCE_KIND, splitTypeIdentifier } from '@occi/core';
import type { AttributeRepr } from '../abnf/attribute.js';
import { renderValue } from '../abnf/attribute.js';
import { categoryReference, typeIdentifiers } from '../abnf/category.js';
import type { LinkValue } from '../abnf/link.js';
import { quote, uriReference } from '../abnf/write.js';
import type { Fields, FieldWriter } from '../fields.js';
import { readReference } from '../locations.js';
import type { Note, Position } from '../position.js';
import { parseError, report } from '../position.js';
import { AttributeTypes, addAttribute } from './attributes.js';
import { readClass } from './category-class.js';

const linkKinds = new WeakMap<Model, Map<TypeIdentifier, boolean>>();

/** `model.isLinkKind`, remembered per model (models are immutable). */
function isLinkKind(model: Model, kind: TypeIdentifier): boolean {
  let known = linkKinds.get(model);
  if (known === undefined) {
    known = new Map();
    linkKinds.set(model, known);
  }
  let is = known.get(kind);
  if (is === undefined) {
    is = model.isLinkKind(kind);
    if (known.size < 10_000) known.set(kind, is);
  }
  return is;
}

function isLinkEntity(entity: Entity, context: RenderContext): boolean {
  return (
    (entity.source !== undefined && entity.target !== undefined) || isLinkKind(context.model, entity.kind)
  );
}

/** `name=value; name=value` or `name=value, name=value`: the attributes of an entity after its model fields (§5.5.1). */
function attributeValues(entity: Entity, isLink: boolean, inHeader: boolean, out: string[]): void {
  // An entity without an id (a draft read back, say) has none to write: never `occi.core.id="undefined"`.
  if (typeof entity.id === 'string') out.push(`${CORE_ATTRIBUTES.id}=${quote(entity.id, inHeader)}`);
  if (entity.title !== undefined) out.push(`${CORE_ATTRIBUTES.title}=${quote(entity.title, inHeader)}`);
  if (!isLink && entity.summary !== undefined)
    out.push(`${CORE_ATTRIBUTES.summary}=${quote(entity.summary, inHeader)}`);
  if (isLink) {
    if (entity.source !== undefined) {
      out.push(`${CORE_ATTRIBUTES.source}=${quote(entity.source.location, inHeader)}`);
      if (entity.source.kind !== undefined)
        out.push(`${CORE_ATTRIBUTES.sourceKind}=${quote(entity.source.kind, inHeader)}`);
    }
    if (entity.target !== undefined) {
      out.push(`${CORE_ATTRIBUTES.target}=${quote(entity.target.location, inHeader)}`);
      if (entity.target.kind !== undefined)
        out.push(`${CORE_ATTRIBUTES.targetKind}=${quote(entity.target.kind, inHeader)}`);
    }
  }
  const attributes = entity.attributes;
  for (const name in attributes) out.push(`${name}=${renderValue(attributes[name]!, inHeader)}`);
}

/**
 * One `Link:` value for a link of a resource (§4.2): target, its kind as
 * `rel`, the link's location as `self`, its kind and mixins as `category`,
 * then its attributes.
 */
function linkValue(link: Entity, inHeader: boolean): string {
  const target = link.target;
  // §4.2: a Link value starts with its target; none is invented for a link that has none.
  if (!target?.location)
    throw new OcciError('internal', {
      code: 'invalid-link',
      message: `link ${link.id ?? link.location ?? '(without id)'} has no target, which its Link value needs (§4.2)`,
    });
  let out = `<${uriReference(target.location)}>; rel="${target.kind ?? RESOURCE_KIND}"`;
  if (link.location !== undefined) out += `; self="${uriReference(link.location)}"`;
  out += `; category="${link.kind}`;
  for (const m of link.mixins) out += ` ${m}`;
  out += '"';
  const values: string[] = [];
  attributeValues(link, true, inHeader, values);
  for (const v of values) out += `; ${v}`;
  return out;
}

/** `<location?action=term>; rel="action id"` (§4.2 ActionLink), location as an absolute path (erratum 11). */
function actionLink(location: string, action: TypeIdentifier): string {
  const term = splitTypeIdentifier(action)?.term ?? action;
  return `<${uriReference(location)}?action=${encodeURIComponent(term)}>; rel="${action}"`;
}

export function writeEntity(entity: Entity, context: RenderContext, w: FieldWriter): void {
  const inHeader = w.inHeader;
  w.add('category', categoryReference(entity.kind, 'kind'));
  for (const m of entity.mixins) w.add('category', categoryReference(m, 'mixin'));
  const isLink = isLinkEntity(entity, context);
  // §5.1.1: a resource lists its links; §5.1.2: a link has none.
  if (!isLink && entity.links !== undefined)
    for (const link of entity.links) w.add('link', linkValue(link, inHeader));
  // §5.1.1 and §5.1.2: associated actions as ActionLinks.
  if (entity.actions !== undefined)
    for (const a of entity.actions) w.add('link', actionLink(entity.location ?? '', a));
  const values: string[] = [];
  attributeValues(entity, isLink, inHeader, values);
  for (const v of values) w.add('x-occi-attribute', v);
}

function givenTwice(repr: AttributeRepr): never {
  throw parseError(repr.at, `attribute ${repr.name} is given twice`);
}

/** What reading one message needs besides its fields: the context, and where to note what it accepted. */
export interface Reader {
  context: ParseContext;
  notes: Note[];
}

/** The model fields of §5.5.1 an entity draft is built from; everything else goes to `attributes`. */
function applyAttribute(
  draft: EntityDraft,
  attributes: Attributes,
  repr: AttributeRepr,
  types: AttributeTypes,
  reader: Reader,
): void {
  const name = repr.name;
  // Only names starting with "o" can be occi.core.*; the switch compares whole names.
  if (name.charCodeAt(0) === 0x6f) {
    const text = repr.text;
    switch (name) {
      case CORE_ATTRIBUTES.id:
        if (draft.id !== undefined) givenTwice(repr);
        draft.id = text;
        return;
      case CORE_ATTRIBUTES.title:
        if (draft.title !== undefined) givenTwice(repr);
        draft.title = text;
        return;
      case CORE_ATTRIBUTES.summary:
        if (draft.summary !== undefined) givenTwice(repr);
        draft.summary = text;
        return;
      case CORE_ATTRIBUTES.source:
        if (draft.source?.location !== undefined) givenTwice(repr);
        draft.source = ref(endpoint(text, repr, reader), draft.source?.kind);
        return;
      case CORE_ATTRIBUTES.sourceKind:
        if (draft.source?.kind !== undefined) givenTwice(repr);
        draft.source = ref(draft.source?.location, text);
        return;
      case CORE_ATTRIBUTES.target:
        if (draft.target?.location !== undefined) givenTwice(repr);
        draft.target = ref(endpoint(text, repr, reader), draft.target?.kind);
        return;
      case CORE_ATTRIBUTES.targetKind:
        if (draft.target?.kind !== undefined) givenTwice(repr);
        draft.target = ref(draft.target?.location, text);
        return;
    }
  }
  addAttribute(attributes, repr, types.value(repr));
}

/** A source or target given as an attribute: a location, or an entity's id. */
const endpoint = (text: string, repr: AttributeRepr, reader: Reader) =>
  readReference(text, reader.context, repr.at, reader.notes, repr.name, 'maybe-id');

/**
 * A source or target while it is read: its kind may come before its
 * location, so the location may be missing until `checkRef` (never `""`).
 */
function ref(location: string | undefined, kind: string | undefined): EntityRef {
  const out: Partial<EntityRef> = {};
  if (location !== undefined) out.location = location;
  if (kind !== undefined) out.kind = kind;
  return out as EntityRef;
}

function checkRef(ref: EntityRef | undefined, name: string, at: Position): void {
  if (ref !== undefined && ref.location === undefined)
    throw parseError(at, `${name}.kind is given without ${name}`);
}

function linkDraft(link: LinkValue, reader: Reader): EntityDraft {
  const { context } = reader;
  const ids =
    link.category !== undefined ? typeIdentifiers(link.category, `Link <${link.uri}> category`, link.at) : [];
  const rel = typeIdentifiers(link.rel, `Link <${link.uri}> rel`, link.at);
  // §4.2: `category` is optional; without one the link is of OCCI Core's Link kind.
  const draft: EntityDraft = { kind: ids[0] ?? LINK_KIND, mixins: ids.slice(1), attributes: {} };
  if (link.self !== undefined)
    draft.location = readReference(
      link.self,
      context,
      link.at,
      reader.notes,
      `Link <${link.uri}> self`,
      'location',
    );
  const types = new AttributeTypes(context.model, draft.kind, draft.mixins!);
  for (const repr of link.attributes) applyAttribute(draft, draft.attributes!, repr, types, reader);
  checkRef(draft.source, 'occi.core.source', link.at);
  // §4.2: the link's URI is its target; occi.core.target.kind, when given, is the target's kind, else rel.
  const location = readReference(link.uri, context, link.at, reader.notes, 'Link target', 'maybe-id');
  const given = draft.target?.location;
  if (given !== undefined && given !== location) {
    throw parseError(link.at, `Link <${link.uri}>: occi.core.target "${given}" is not the link's URI`);
  }
  const kind = draft.target?.kind ?? rel[0];
  draft.target = kind !== undefined ? { location, kind } : { location };
  return draft;
}

/**
 * The action an ActionLink (§4.2) names: a Link without `category` whose
 * URI has `?action=`, its `rel` the action. A Link without `category` whose
 * `rel` is an action of the model but whose URI lacks `?action=` is one
 * too, noted: it is never read as a link whose target is an action.
 */
export function actionOfLink(link: LinkValue, reader: Reader): TypeIdentifier | undefined {
  if (link.category !== undefined) return undefined;
  const [action] = typeIdentifiers(link.rel, `Link <${link.uri}> rel`, link.at);
  if (link.uri.includes('?action=')) return action;
  if (action === undefined || reader.context.model.action(action) === undefined) return undefined;
  reader.notes.push({
    code: 'invalid-link',
    message: `Link <${link.uri}>: rel names the action ${action}, but the URI has no "?action=" (§4.2 ActionLink: <location?action=term>); read as an action link`,
    at: link.at,
    category: action,
  });
  return action;
}

interface RememberedId {
  readonly scheme: string;
  readonly term: string;
  readonly id: TypeIdentifier;
}
const lastCategories = new WeakMap<Model, RememberedId[]>();
/** Type identifiers remembered per model, the newest first: an entity's kind and a few mixins. */
const REMEMBERED_IDS = 8;

/**
 * `scheme + term` of a Category value, one interned string per category
 * (the last few remembered per model for the next message), so that the
 * lookups by it (`isLinkKind`, attribute types) find a string whose hash is
 * known instead of joining and hashing a new one each time.
 */
function categoryId(model: Model, scheme: string, term: string): TypeIdentifier {
  let remembered = lastCategories.get(model);
  if (remembered === undefined) {
    remembered = [];
    lastCategories.set(model, remembered);
  }
  for (let i = 0; i < remembered.length; i++) {
    const r = remembered[i]!;
    if (r.term === term && r.scheme === scheme) return r.id;
  }
  // Interned copies, not the message's strings: those are views of the whole message, which must not stay alive.
  const id = intern(scheme + term);
  remembered.unshift({ scheme: intern(scheme), term: intern(term), id });
  if (remembered.length > REMEMBERED_IDS) remembered.pop();
  return id;
}

function intern(text: string): string {
  return Object.keys({ [text]: true })[0]!;
}

/** Reads an entity draft (§5.1): kind and mixins from Category, links from Link, the rest from X-OCCI-Attribute. */
export function readEntity(fields: Fields, context: ParseContext): EntityDraft {
  const reader: Reader = { context, notes: fields.notes };
  const draft: EntityDraft = {};
  const mixins: TypeIdentifier[] = [];
  for (const c of fields.categories) {
    const id = categoryId(context.model, c.scheme, c.term);
    const cls = readClass(c, context, reader.notes);
    if (cls === 'kind') {
      if (draft.kind !== undefined)
        throw parseError(c.at, `a second kind ${id}; an entity has exactly one kind (${draft.kind})`);
      draft.kind = id;
    } else if (cls === 'mixin') {
      if (!mixins.includes(id)) mixins.push(id);
    } else {
      throw parseError(
        c.at,
        `Category ${id} is an action; an entity rendering carries only kind and mixin categories`,
      );
    }
  }
  draft.mixins = mixins;
  const attributes: Attributes = {};
  const types = new AttributeTypes(context.model, draft.kind, mixins);
  for (const repr of fields.attributes) applyAttribute(draft, attributes, repr, types, reader);
  draft.attributes = attributes;
  checkRef(draft.source, 'occi.core.source', fields.missing('x-occi-attribute'));
  checkRef(draft.target, 'occi.core.target', fields.missing('x-occi-attribute'));
  const isLink =
    draft.source !== undefined ||
    draft.target !== undefined ||
    (draft.kind !== undefined && isLinkKind(context.model, draft.kind));
  const links: EntityDraft[] = [];
  for (const link of fields.links) {
    // Action links (§4.2 ActionLink) describe what the server offers; they are ignored on input.
    if (actionOfLink(link, reader) !== undefined) continue;
    if (isLink)
      throw parseError(link.at, `Link <${link.uri}>: a Link instance has no links of its own (§5.1.2)`);
    links.push(linkDraft(link, reader));
  }
  // Core types Resource.links as entities; a draft's links are drafts too.
  if (links.length > 0) draft.links = links as Entity[];
  report(reader.notes, context);
  return draft;
}
