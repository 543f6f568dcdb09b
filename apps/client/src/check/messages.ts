/**
 * Requests as the documents write them, in each rendering: entity
 * instances (GFD.229 §5.1, JSON §3.1), action invocations (GFD.229
 * §5.1.1.1, JSON §3.1.1.1), mixin definitions (GFD.229 §5.2.2, JSON
 * §3.2.2), entity collections (GFD.229 §5.3, JSON §3.3) and filters
 * (HTTP §6: in header fields).
 */

export type RenderingKey = 'json' | 'plain' | 'occi';

export const RENDERINGS: Record<RenderingKey, { key: RenderingKey; type: string; name: string }> = {
  json: { key: 'json', type: 'application/occi+json', name: 'application/occi+json' },
  plain: { key: 'plain', type: 'text/plain', name: 'text/plain' },
  occi: { key: 'occi', type: 'text/occi', name: 'text/occi' },
};
export const RENDERING_KEYS: RenderingKey[] = ['json', 'plain', 'occi'];

export interface Message {
  headers: Record<string, string | string[]>;
  body?: string;
}

export interface EndRef {
  location: string;
  kind?: string;
}

export interface EntityDraft {
  kind?: string;
  mixins?: readonly string[];
  attributes?: Record<string, unknown>;
  id?: string;
  title?: string;
  summary?: string;
  source?: EndRef;
  target?: EndRef;
  /** Inline links of a resource (Core §5.4.2): each with its kind, target and attributes. */
  links?: readonly EntityDraft[];
}

/** A type identifier split into scheme and term (Core §5.3.1: scheme + term). */
export function splitId(id: string): { scheme: string; term: string } {
  const hash = id.lastIndexOf('#');
  if (hash >= 0) return { scheme: id.slice(0, hash + 1), term: id.slice(hash + 1) };
  const m = /^(.*?)([A-Za-z0-9][A-Za-z0-9_.-]*)$/.exec(id);
  return { scheme: m?.[1] ?? '', term: m?.[2] ?? id };
}

export function quote(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** An attribute value in the text renderings: a quoted string, a number or a bool (GFD.229 §4.3). */
export function textValue(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return quote(typeof v === 'string' ? v : JSON.stringify(v));
}

export function categoryValue(id: string, cls: 'kind' | 'mixin' | 'action', extra = ''): string {
  const { scheme, term } = splitId(id);
  return `${term}; scheme="${scheme}"; class="${cls}"${extra}`;
}

type Field = [name: string, value: string];

/** Text fields as a message: body lines (text/plain, CRLF) or header fields (text/occi). */
export function textMessage(
  rendering: 'plain' | 'occi',
  fields: readonly Field[],
  options: { repeated?: boolean } = {},
): Message {
  const type = RENDERINGS[rendering].type;
  if (rendering === 'plain')
    return {
      headers: { 'content-type': type, accept: type },
      body: fields.map(([n, v]) => `${n}: ${v}\r\n`).join(''),
    };
  // GFD.229 §7: several values of a field either repeat it or are comma-separated (RECOMMENDED).
  const headers: Record<string, string | string[]> = { 'content-type': type, accept: type };
  for (const [n, v] of fields) {
    const key = n.toLowerCase();
    const had = headers[key];
    if (had === undefined) headers[key] = options.repeated ? [v] : v;
    else if (Array.isArray(had)) had.push(v);
    else headers[key] = `${had}, ${v}`;
  }
  return { headers };
}

function entityFields(d: EntityDraft): Field[] {
  const fields: Field[] = [];
  if (d.kind) fields.push(['Category', categoryValue(d.kind, 'kind')]);
  for (const m of d.mixins ?? []) fields.push(['Category', categoryValue(m, 'mixin')]);
  for (const l of d.links ?? []) {
    const rel = l.target?.kind ?? 'http://schemas.ogf.org/occi/core#resource';
    let v = `<${l.target?.location ?? ''}>; rel="${rel}"`;
    if (l.kind) {
      v += `; category="${l.kind}"`;
      for (const [k, x] of Object.entries(l.attributes ?? {})) v += `; ${k}=${textValue(x)}`;
      if (l.title !== undefined) v += `; occi.core.title=${quote(l.title)}`;
    }
    fields.push(['Link', v]);
  }
  const attrs: Record<string, unknown> = {};
  if (d.id !== undefined) attrs['occi.core.id'] = d.id;
  if (d.title !== undefined) attrs['occi.core.title'] = d.title;
  if (d.summary !== undefined) attrs['occi.core.summary'] = d.summary;
  if (d.source) attrs['occi.core.source'] = d.source.location;
  if (d.target) {
    attrs['occi.core.target'] = d.target.location;
    if (d.target.kind) attrs['occi.core.target.kind'] = d.target.kind;
  }
  Object.assign(attrs, d.attributes ?? {});
  for (const [k, v] of Object.entries(attrs)) fields.push(['X-OCCI-Attribute', `${k}=${textValue(v)}`]);
  return fields;
}

function entityJson(d: EntityDraft): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  if (d.kind) o.kind = d.kind;
  if (d.mixins) o.mixins = [...d.mixins];
  if (d.attributes && Object.keys(d.attributes).length > 0) o.attributes = { ...d.attributes };
  if (d.id !== undefined) o.id = d.id;
  if (d.title !== undefined) o.title = d.title;
  if (d.summary !== undefined) o.summary = d.summary;
  if (d.source) o.source = { ...d.source };
  if (d.target) o.target = { ...d.target };
  if (d.links) o.links = d.links.map(entityJson);
  return o;
}

export function entityMessage(
  r: RenderingKey,
  d: EntityDraft,
  options: { repeated?: boolean } = {},
): Message {
  if (r === 'json') return jsonMessage(entityJson(d));
  return textMessage(r, entityFields(d), options);
}

export function jsonMessage(value: unknown): Message {
  const type = RENDERINGS.json.type;
  return { headers: { 'content-type': type, accept: type }, body: JSON.stringify(value) };
}

export function actionMessage(
  r: RenderingKey,
  action: string,
  parameters: Record<string, unknown> = {},
): Message {
  if (r === 'json')
    return jsonMessage(Object.keys(parameters).length > 0 ? { action, attributes: parameters } : { action });
  const fields: Field[] = [['Category', categoryValue(action, 'action')]];
  for (const [k, v] of Object.entries(parameters)) fields.push(['X-OCCI-Attribute', `${k}=${textValue(v)}`]);
  return textMessage(r, fields);
}

export interface MixinDraft {
  id: string;
  title?: string;
  location?: string;
  depends?: readonly string[];
  applies?: readonly string[];
}

export function mixinMessage(r: RenderingKey, m: MixinDraft): Message {
  const { scheme, term } = splitId(m.id);
  if (r === 'json')
    return jsonMessage({
      mixins: [
        {
          term,
          scheme,
          ...(m.title !== undefined ? { title: m.title } : {}),
          ...(m.depends ? { depends: [...m.depends] } : {}),
          ...(m.applies ? { applies: [...m.applies] } : {}),
          ...(m.location !== undefined ? { location: m.location } : {}),
        },
      ],
    });
  let extra = '';
  if (m.title !== undefined) extra += `; title=${quote(m.title)}`;
  if (m.depends?.[0]) extra += `; rel="${m.depends[0]}"`;
  if (m.location !== undefined) extra += `; location="${m.location}"`;
  return textMessage(r, [['Category', categoryValue(m.id, 'mixin', extra)]]);
}

export interface Member {
  /** Absolute URL or path, as the server gave it. */
  location: string;
  id?: string;
  kind?: string;
}

/** An entity collection naming entities: X-OCCI-Location (GFD.229 §5.3), resources by kind and id (JSON §3.3). */
export function collectionMessage(r: RenderingKey, members: readonly Member[]): Message {
  if (r === 'json') return jsonMessage({ resources: members.map((m) => ({ kind: m.kind, id: m.id })) });
  return textMessage(
    r,
    members.map((m) => ['X-OCCI-Location', m.location]),
  );
}

/** A filter in header fields (HTTP §6): categories and attribute values, as text/occi writes them. */
export function filterHeaders(filter: {
  categories?: readonly { id: string; class: 'kind' | 'mixin' | 'action' }[];
  attributes?: Record<string, unknown>;
}): Record<string, string> {
  const headers: Record<string, string> = {};
  if (filter.categories?.length)
    headers.category = filter.categories.map((c) => categoryValue(c.id, c.class)).join(', ');
  const attrs = Object.entries(filter.attributes ?? {});
  if (attrs.length) headers['x-occi-attribute'] = attrs.map(([k, v]) => `${k}=${textValue(v)}`).join(', ');
  return headers;
}
