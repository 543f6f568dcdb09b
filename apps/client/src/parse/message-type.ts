/**
 * What a message is (`--as`), and guessing it from the message when `--as`
 * does not say. The guess names a type only where the content decides it;
 * where two readings would judge the message differently (an entity
 * without its kind is invalid, the same fields as a partial update are
 * not), it says it cannot tell, and why.
 */
import type { RawMessage } from './raw-message.js';
import { splitElements } from './raw-message.js';

/**
 * - `entity`: an entity instance rendering (GFD.229 §5.1, JSON §3.1): a
 *   create or replace request (HTTP §8.2, §9.3.1), a server's answer (§8.1).
 * - `update`: a partial entity rendering (HTTP §8.3.1): any part of one.
 * - `collection`: an entity collection (GFD.229 §5.3, JSON §3.3).
 * - `categories`: a category collection (GFD.229 §5.4, JSON §3.4), or one category.
 * - `action`: an action invocation (GFD.229 §5.1.1.1, JSON §3.1.1.1).
 * - `model`: the JSON schema's `model` document, entities and categories together.
 */
export type MessageType = 'entity' | 'update' | 'collection' | 'categories' | 'action' | 'model';
export const MESSAGE_TYPES: readonly MessageType[] = [
  'entity',
  'update',
  'collection',
  'categories',
  'action',
  'model',
];

/** The guess: a type, or why there is none. */
export type Detection =
  | { type: MessageType }
  /** Readings that judge the message differently: `--as` must say. */
  | { cannotTell: string }
  /** No reading can accept it (not JSON, not a JSON object): the problem. */
  | { notOcci: string };

const NO_KIND_JSON =
  'it names no kind: as an entity it is invalid (JSON §3.1.1 Table 1: kind, multiplicity 1), as a partial update (HTTP §8.3.1) it is not';
const NO_KIND_TEXT =
  'it has no Category of class "kind": as an entity it is invalid (GFD.229 §5.1.1), as a partial update (HTTP §8.3.1) it is not';

const COLLECTION_MEMBERS = new Set(['resources', 'links', 'kinds', 'mixins', 'actions']);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function detectJson(body: string): Detection {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return {
      notOcci: `invalid JSON: ${body.trim() === '' ? 'the body is empty' : (error as Error).message}`,
    };
  }
  if (!isObject(value))
    return {
      notOcci: `an OCCI JSON message is an object (JSON §3: entities, categories and collections are hashmaps); this is ${describeJson(value)}`,
    };
  const keys = Object.keys(value);
  if ('action' in value) return { type: 'action' };
  // A lone kind, mixin or action (JSON §3.2) names its term and scheme; nothing else does.
  if ('term' in value || 'scheme' in value) return { type: 'categories' };
  // JSON §3.1: a resource or link names its kind, whatever else it has (mixins, actions, links).
  if ('kind' in value) return { type: 'entity' };
  if (keys.length === 0)
    return {
      cannotTell:
        'it is empty: as an entity it lacks its kind (JSON §3.1.1 Table 1), as a partial update (HTTP §8.3.1) or a collection it is an empty one',
    };
  // Type identifiers in `mixins` or `actions` are an entity's members (JSON §3.1.1), not a collection's.
  const identifiers = (v: unknown) => Array.isArray(v) && v.some((item) => typeof item === 'string');
  if (
    keys.every((k) => COLLECTION_MEMBERS.has(k)) &&
    !identifiers(value.mixins) &&
    !identifiers(value.actions)
  ) {
    const entities = 'resources' in value || 'links' in value;
    const categories = 'kinds' in value || 'mixins' in value || 'actions' in value;
    if (entities && categories) return { type: 'model' };
    return { type: entities ? 'collection' : 'categories' };
  }
  return { cannotTell: NO_KIND_JSON };
}

interface TextCategory {
  cls: string | undefined;
  described: boolean;
}

function detectText(message: RawMessage): Detection {
  const categories: TextCategory[] = [];
  let attributes = false;
  let links = false;
  let locations = false;
  for (const f of message.fields) {
    if (f.name === 'category')
      for (const c of splitElements(f.value))
        categories.push({
          cls: /[;\s]class\s*=\s*"?\s*(kind|mixin|action)\b/i.exec(c)?.[1]?.toLowerCase(),
          described: /[;\s](location|attributes|rel|actions|title)\s*=/i.test(c),
        });
    else if (f.name === 'x-occi-attribute') attributes = true;
    else if (f.name === 'link') links = true;
    else if (f.name === 'x-occi-location') locations = true;
  }
  if (categories.length === 0 && !attributes && !links) {
    if (locations) return { type: 'collection' };
    return {
      cannotTell:
        'it carries no OCCI field: as an entity it lacks its Category (GFD.229 §5.1.1), as an entity collection (§5.3) or a category collection (§5.4) it is an empty one',
    };
  }
  if (categories.length === 0) return { cannotTell: NO_KIND_TEXT };
  const count = (cls: string) => categories.filter((c) => c.cls === cls).length;
  const kinds = count('kind');
  const actions = count('action');
  const described = categories.some((c) => c.described);
  // §5.1.1.1: one Category of class action, then its parameters.
  if (actions === categories.length && categories.length === 1 && !links)
    return { type: attributes || !described ? 'action' : 'categories' };
  if (actions === categories.length) return { type: 'categories' };
  // Links and attributes belong to entities (§5.1); a category collection has Category only (§5.4).
  if (attributes || links) return kinds > 0 ? { type: 'entity' } : { cannotTell: NO_KIND_TEXT };
  // A kind and its mixins, named only: an entity to create; described categories are definitions.
  if (kinds === 1 && actions === 0 && !described) return { type: 'entity' };
  return { type: 'categories' };
}

/** What the message most likely is, when `--as` does not say. */
export function detectType(message: RawMessage): Detection {
  return message.format === 'json' ? detectJson(message.payload.body) : detectText(message);
}
