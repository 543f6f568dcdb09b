/**
 * A valid message written again by its rendering's own writer: what
 * `occi parse` prints. Only what the message carried is written: an entity
 * or inline link without an id gets none (never `occi.core.id="undefined"`
 * nor `""`), a partial update only its parts.
 */
import type {
  Entity,
  EntityCollectionContext,
  EntityDraft,
  HeaderFields,
  Payload,
  RenderContext,
  Rendering,
  TypeIdentifier,
} from '@occi/core';
import type { WireFormat } from '../config.js';
import { json } from '../output.js';
import type { Parsed } from './check-message.js';
import { jsonDocument } from './positions.js';
import type { RawMessage } from './raw-message.js';

const HEADER_NAMES: Record<string, string> = {
  category: 'Category',
  link: 'Link',
  'x-occi-attribute': 'X-OCCI-Attribute',
  'x-occi-location': 'X-OCCI-Location',
};

function headerText(headers: HeaderFields): string {
  let out = '';
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const display =
      HEADER_NAMES[name] ?? name.replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase());
    for (const v of Array.isArray(value) ? value : [value]) out += `${display}: ${v}\n`;
  }
  return out;
}

/**
 * The writers of a server's answers expect complete entities. An entity or
 * link the message gave no id gets this one, taken out of what is written.
 */
const NO_ID = `urn:x-occi-parse:no-id:${Math.random().toString(36).slice(2)}`;

function complete(draft: EntityDraft): Entity {
  const entity = {
    ...draft,
    id: draft.id ?? NO_ID,
    kind: draft.kind as TypeIdentifier,
    mixins: draft.mixins ?? [],
    attributes: draft.attributes ?? {},
  } as Entity;
  if (draft.links !== undefined) entity.links = draft.links.map((l) => complete(l as EntityDraft));
  return entity;
}

/** Takes the stand-in id out of a JSON value. */
function dropJsonId(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropJsonId);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!(k === 'id' && v === NO_ID)) out[k] = dropJsonId(v);
  return out;
}

/** Takes the stand-in id out of text fields: an X-OCCI-Attribute line, a header list element, a Link attribute. */
function dropTextId(text: string): string {
  const attribute = `occi.core.id="${NO_ID}"`;
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== `X-OCCI-Attribute: ${attribute}`)
    .join('\n')
    .replaceAll(`; ${attribute}`, '')
    .replaceAll(`${attribute}, `, '')
    .replaceAll(`, ${attribute}`, '');
}

function withoutStandIn(payload: Payload): Payload {
  const headers: HeaderFields = {};
  for (const [k, v] of Object.entries(payload.headers)) {
    if (typeof v !== 'string') headers[k] = v;
    else if (v !== `occi.core.id="${NO_ID}"`) headers[k] = dropTextId(v);
  }
  return { headers, body: dropTextId(payload.body) };
}

function textAction(format: WireFormat, parsed: Extract<Parsed, { type: 'action' }>): Payload {
  const { action, attributes } = parsed.value;
  const hash = action.lastIndexOf('#');
  const category = `${action.slice(hash + 1)}; scheme="${action.slice(0, hash + 1)}"; class="action"`;
  const attrs = Object.entries(attributes ?? {}).map(
    ([k, v]) => `${k}=${JSON.stringify(typeof v === 'object' ? JSON.stringify(v) : v)}`,
  );
  return format === 'occi'
    ? {
        headers: { category, ...(attrs.length > 0 ? { 'x-occi-attribute': attrs.join(', ') } : {}) },
        body: 'OK',
      }
    : {
        headers: {},
        body: [`Category: ${category}`, ...attrs.map((a) => `X-OCCI-Attribute: ${a}`)].join('\n'),
      };
}

function textLocations(format: WireFormat, locations: readonly string[], baseUrl: string): Payload {
  const urls = locations.map((l) => (l.startsWith('/') ? baseUrl + l : l));
  if (format === 'occi')
    return { headers: urls.length > 0 ? { 'x-occi-location': urls.join(', ') } : {}, body: 'OK' };
  return { headers: {}, body: urls.map((u) => `X-OCCI-Location: ${u}`).join('\n') };
}

function payloadOf(
  rendering: Rendering,
  format: WireFormat,
  parsed: Parsed,
  context: RenderContext,
): Payload {
  switch (parsed.type) {
    case 'entity':
      // Printed only when valid, so with its kind.
      return rendering.renderEntity(complete(parsed.value), context);
    case 'update':
      // Written as the request it is: only what it names.
      return rendering.writeEntity(parsed.value, context);
    case 'collection':
      return format === 'json'
        ? rendering.renderEntityCollection(parsed.value.entities.map(complete), context)
        : textLocations(format, parsed.value.locations, context.baseUrl);
    case 'categories':
      return rendering.renderCategories(parsed.value, context);
    case 'model': {
      const entities = rendering.renderEntityCollection(parsed.value.entities.map(complete), context);
      const categories = rendering.renderCategories(parsed.value.categories, context);
      const merged = {
        ...(parsed.value.entities.length > 0 ? (JSON.parse(entities.body) as object) : {}),
        ...(JSON.parse(categories.body) as object),
      };
      return { headers: {}, body: JSON.stringify(merged) };
    }
    case 'action':
      return format === 'json'
        ? rendering.writeActionInvocation(parsed.value, context)
        : textAction(format, parsed);
  }
}

/** The message written again by the rendering's own writer, as `occi parse` prints it. */
export function normalised(
  rendering: Rendering,
  message: RawMessage,
  parsed: Parsed,
  context: RenderContext,
): string {
  const { format } = message;
  let payload: Payload;
  // JSON §3.3.2: an empty collection of links stays `{"links": []}`.
  const document = format === 'json' ? jsonDocument(message) : {};
  const collection: EntityCollectionContext = {
    ...context,
    holds: 'links' in document && !('resources' in document) ? 'links' : 'resources',
  };
  try {
    payload = withoutStandIn(payloadOf(rendering, format, parsed, collection));
  } catch {
    // What a writer refuses to write (a JSON link draft without a kind) is printed as read, in JSON.
    return json(parsed.value);
  }
  if (format === 'json') return json(dropJsonId(JSON.parse(payload.body)));
  if (format === 'occi') return headerText(payload.headers);
  return `${payload.body.replace(/\r\n/g, '\n').replace(/\n+$/, '')}\n`;
}
