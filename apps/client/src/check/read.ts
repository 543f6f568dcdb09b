/**
 * What a response carries, read the way each document writes it: the text
 * fields (GFD.229 §6: body lines; §7: header fields), an entity instance
 * (GFD.229 §5.1, JSON §3.1), an entity collection (GFD.229 §5.3, §8; JSON
 * §3.3). Grammar problems are collected, not repaired.
 */
import type { RenderingKey } from './messages.js';
import {
  locationProblems,
  parseAttribute,
  parseCategory,
  parseLink,
  splitValues,
  type TextCategory,
  type TextLink,
} from './text-abnf.js';
import type { WireResponse } from './wire.js';

export type Field = [name: string, value: string];

const OCCI_FIELDS = ['category', 'link', 'x-occi-attribute', 'x-occi-location'];

/** The OCCI fields of a text response, in order (text/plain: body lines; text/occi: header fields, each value apart). */
export function textFields(
  response: WireResponse,
  r: 'plain' | 'occi',
): { fields: Field[]; problems: string[] } {
  const fields: Field[] = [];
  const problems: string[] = [];
  if (r === 'occi') {
    for (const [name, values] of Object.entries(response.headers))
      if (OCCI_FIELDS.includes(name))
        for (const v of values) for (const one of splitValues(v)) fields.push([name, one]);
    return { fields, problems };
  }
  const lines = response.body.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  for (const [i, line] of lines.entries()) {
    const m = /^([A-Za-z0-9-]+):[ \t]*(.*?)[ \t]*$/.exec(line);
    if (!m) {
      problems.push(`line ${i + 1} "${line.slice(0, 80)}" is not "Name: value"`);
      continue;
    }
    const name = m[1]!.toLowerCase();
    if (!OCCI_FIELDS.includes(name)) {
      problems.push(`line ${i + 1}: "${m[1]}" is none of Category, Link, X-OCCI-Attribute, X-OCCI-Location`);
      continue;
    }
    for (const one of splitValues(m[2]!)) fields.push([name, one]);
  }
  return { fields, problems };
}

export interface ReadLink {
  id?: string;
  kind?: string;
  /** The link's own location (text: `self`). */
  location?: string;
  target?: string;
  targetKind?: string;
  source?: string;
  attributes: Record<string, unknown>;
}

export interface ReadEntity {
  kind?: string;
  kinds: string[];
  mixins: string[];
  attributes: Record<string, unknown>;
  actions: string[];
  /** The URIs of the action links (text renderings). */
  actionLinks: TextLink[];
  links: ReadLink[];
  id?: string;
  title?: string;
  summary?: string;
  source?: string;
  target?: string;
  targetKind?: string;
  problems: string[];
  json?: Record<string, unknown>;
  categories: TextCategory[];
}

function emptyEntity(): ReadEntity {
  return {
    kinds: [],
    mixins: [],
    attributes: {},
    actions: [],
    actionLinks: [],
    links: [],
    problems: [],
    categories: [],
  };
}

const typeId = (c: TextCategory) => `${c.scheme ?? ''}${c.term}`;

function fromText(fields: readonly Field[], problems: string[]): ReadEntity {
  const e = emptyEntity();
  e.problems.push(...problems);
  for (const [name, value] of fields) {
    if (name === 'category') {
      const c = parseCategory(value);
      e.categories.push(c);
      e.problems.push(...c.problems);
      if (c.class === 'kind') e.kinds.push(typeId(c));
      else if (c.class === 'mixin') e.mixins.push(typeId(c));
      else e.problems.push(`Category ${typeId(c)} of class ${c.class} in an entity rendering`);
    } else if (name === 'link') {
      const l = parseLink(value);
      e.problems.push(...l.problems);
      if (l.action) {
        e.actionLinks.push(l);
        if (l.rel) e.actions.push(l.rel);
      } else
        e.links.push({
          target: l.target,
          ...(l.rel !== undefined ? { targetKind: l.rel } : {}),
          ...(l.self !== undefined ? { location: l.self } : {}),
          ...(l.category !== undefined ? { kind: l.category.split(/ +/)[0]! } : {}),
          attributes: l.attributes,
          ...(typeof l.attributes['occi.core.id'] === 'string' ? { id: l.attributes['occi.core.id'] } : {}),
        });
    } else if (name === 'x-occi-attribute') {
      const a = parseAttribute(value);
      e.problems.push(...a.problems);
      e.attributes[a.name] = a.value;
    } else e.problems.push(`X-OCCI-Location in an entity rendering (GFD.229 §5.1 has none)`);
  }
  e.kind = e.kinds[0];
  const a = e.attributes;
  if (typeof a['occi.core.id'] === 'string') e.id = a['occi.core.id'];
  if (typeof a['occi.core.title'] === 'string') e.title = a['occi.core.title'];
  if (typeof a['occi.core.summary'] === 'string') e.summary = a['occi.core.summary'];
  if (typeof a['occi.core.source'] === 'string') e.source = a['occi.core.source'];
  if (typeof a['occi.core.target'] === 'string') e.target = a['occi.core.target'];
  if (typeof a['occi.core.target.kind'] === 'string') e.targetKind = a['occi.core.target.kind'];
  return e;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const record = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function endOf(v: unknown): { location?: string; kind?: string } {
  const o = record(v);
  return {
    ...(str(o.location) ? { location: str(o.location)! } : {}),
    ...(str(o.kind) ? { kind: str(o.kind)! } : {}),
  };
}

export function fromJson(value: unknown): ReadEntity {
  const e = emptyEntity();
  const o = record(value);
  e.json = o;
  if (str(o.kind)) {
    e.kind = str(o.kind);
    e.kinds.push(e.kind!);
  }
  e.mixins = strings(o.mixins);
  e.attributes = { ...record(o.attributes) };
  e.actions = strings(o.actions);
  if (str(o.id)) e.id = str(o.id);
  if (str(o.title)) e.title = str(o.title);
  if (str(o.summary)) e.summary = str(o.summary);
  const source = endOf(o.source);
  const target = endOf(o.target);
  if (source.location) e.source = source.location;
  if (target.location) e.target = target.location;
  if (target.kind) e.targetKind = target.kind;
  if (Array.isArray(o.links))
    for (const l of o.links) {
      const lo = record(l);
      const t = endOf(lo.target);
      const s = endOf(lo.source);
      e.links.push({
        ...(str(lo.id) ? { id: str(lo.id)! } : {}),
        ...(str(lo.kind) ? { kind: str(lo.kind)! } : {}),
        ...(t.location ? { target: t.location } : {}),
        ...(t.kind ? { targetKind: t.kind } : {}),
        ...(s.location ? { source: s.location } : {}),
        attributes: record(lo.attributes),
      });
    }
  return e;
}

/** Parses a JSON body; undefined when it is none. */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** The entity instance a response carries, read in the rendering `r`. */
export function readEntity(response: WireResponse, r: RenderingKey): ReadEntity {
  if (r === 'json') {
    const value = parseJson(response.body);
    if (value === undefined) {
      const e = emptyEntity();
      e.problems.push('the body is not JSON');
      return e;
    }
    return fromJson(value);
  }
  const { fields, problems } = textFields(response, r);
  return fromText(fields, problems);
}

export interface ReadCollection {
  locations: string[];
  entities: ReadEntity[];
  problems: string[];
}

/** An entity collection: X-OCCI-Location lines (GFD.229 §5.3), `resources`/`links` (JSON §3.3), or a URI list (§8). */
export function readCollection(response: WireResponse, r: RenderingKey | 'urilist'): ReadCollection {
  const out: ReadCollection = { locations: [], entities: [], problems: [] };
  if (r === 'json') {
    const value = record(parseJson(response.body));
    if (!Array.isArray(value.resources) && !Array.isArray(value.links))
      out.problems.push('the body is no JSON object with "resources" or "links"');
    for (const key of ['resources', 'links'])
      if (Array.isArray(value[key])) out.entities.push(...(value[key] as unknown[]).map(fromJson));
    return out;
  }
  if (r === 'urilist') {
    for (const line of response.body.split(/\r?\n/)) {
      const l = line.trim();
      if (l === '' || l.startsWith('#')) continue;
      out.locations.push(l);
    }
    return out;
  }
  const { fields, problems } = textFields(response, r);
  out.problems.push(...problems);
  for (const [name, value] of fields) {
    if (name !== 'x-occi-location') {
      out.problems.push(`${name} field in an entity collection (GFD.229 §5.3 has X-OCCI-Location only)`);
      continue;
    }
    out.problems.push(...locationProblems(value));
    out.locations.push(value);
  }
  return out;
}
