/**
 * `occi parse`: reads one OCCI message as another server or client wrote
 * it, checks it with the renderings of GFD.229 (text/plain, text/occi) and
 * GFD.225 (JSON), and reports every problem with its line.
 */
import type { Category, HeaderFields, Model, Payload, Problem, Rendering } from '@occi/core';
import type { WireFormat } from './config.js';

export type MessageType = 'entity' | 'collection' | 'categories' | 'action';
export const MESSAGE_TYPES: readonly MessageType[] = ['entity', 'collection', 'categories', 'action'];

export interface RawMessage {
  format: WireFormat;
  payload: Payload;
  /** Input line of each header field (lower-case name → first line), for text/occi problems. */
  fieldLines: Map<string, number>;
  /** Input line where the body starts (1-based). */
  bodyLine: number;
}

const START_LINE = /^(HTTP\/\d(\.\d)?\s+\d{3}|[A-Z]+\s+\S+\s+HTTP\/\d(\.\d)?)\s*/;

function formatOf(contentType: string | undefined): WireFormat | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (type === undefined) return undefined;
  if (type.includes('json')) return 'json';
  if (type === 'text/occi') return 'occi';
  if (type === 'text/plain' || type === 'text/occi+plain' || type === 'text/uri-list') return 'plain';
  return undefined;
}

/** Header fields (`Name: value` lines, folded lines joined) up to the first empty line. */
function readHeaderBlock(
  lines: readonly string[],
  from: number,
): { headers: HeaderFields; fieldLines: Map<string, number>; end: number } {
  const headers: Record<string, string | string[]> = {};
  const fieldLines = new Map<string, number>();
  let i = from;
  let last: string | undefined;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') break;
    if (/^[ \t]/.test(line) && last !== undefined) {
      const v = headers[last]!;
      if (Array.isArray(v)) v[v.length - 1] += ` ${line.trim()}`;
      else headers[last] = `${v} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    const name = (colon > 0 ? line.slice(0, colon) : line).trim().toLowerCase();
    const value = colon > 0 ? line.slice(colon + 1).trim() : '';
    if (!fieldLines.has(name)) fieldLines.set(name, i + 1);
    const prev = headers[name];
    headers[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    last = name;
  }
  return { headers, fieldLines, end: i };
}

/**
 * The message in `text`: an HTTP message (start line, headers, body) whose
 * Content-Type chooses the rendering, or a bare body (JSON, text/plain), or
 * bare header fields (text/occi).
 */
export function readMessage(text: string, format?: WireFormat): RawMessage {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const hasStart = START_LINE.test(lines[0] ?? '');
  if (hasStart || format === 'occi') {
    const { headers, fieldLines, end } = readHeaderBlock(lines, hasStart ? 1 : 0);
    const body = lines.slice(end + 1).join('\n');
    const ct = headers['content-type'];
    const chosen =
      format ??
      formatOf(Array.isArray(ct) ? ct[0] : ct) ??
      (body.trimStart().startsWith('{') ? 'json' : 'plain');
    if (chosen === 'occi' || hasStart)
      return { format: chosen, payload: { headers, body }, fieldLines, bodyLine: end + 2 };
  }
  const chosen = format ?? (text.trimStart().startsWith('{') ? 'json' : 'plain');
  return { format: chosen, payload: { headers: {}, body: text }, fieldLines: new Map(), bodyLine: 1 };
}

/** What the message most likely is, when `--as` does not say. */
export function detectType(message: RawMessage): MessageType {
  const { format, payload } = message;
  if (format === 'json') {
    let value: unknown;
    try {
      value = JSON.parse(payload.body);
    } catch {
      return 'entity';
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'entity';
    const o = value as Record<string, unknown>;
    if (typeof o.action === 'string') return 'action';
    // An entity names its kind; its `mixins`, `actions` and `links` are lists of it (JSON rendering §3.4–3.6).
    if (typeof o.kind === 'string') return 'entity';
    const described = (list: unknown) =>
      Array.isArray(list) && list.some((c) => c !== null && typeof c === 'object');
    if ('kinds' in o || described(o.mixins) || described(o.actions)) return 'categories';
    if ('resources' in o || 'links' in o) return 'collection';
    return 'entity';
  }
  const fields: string[] = [];
  if (format === 'occi') {
    const category = payload.headers.category;
    fields.push(
      ...(Array.isArray(category) ? category : category !== undefined ? [category] : []).map(
        (c) => `category: ${c}`,
      ),
    );
    if (payload.headers['x-occi-location'] !== undefined) fields.push('x-occi-location: x');
    if (payload.headers['x-occi-attribute'] !== undefined) fields.push('x-occi-attribute: x');
  } else fields.push(...payload.body.split(/\r?\n/).map((l) => l.toLowerCase()));
  const categories = fields.filter((f) => f.startsWith('category:'));
  const kinds = categories.filter((c) => /class\s*=\s*"?kind/.test(c));
  const actions = categories.filter((c) => /class\s*=\s*"?action/.test(c));
  const described = categories.some((c) => /(location|attributes|rel)\s*=/.test(c));
  if (categories.length === 0)
    return fields.some((f) => f.startsWith('x-occi-attribute:')) ? 'entity' : 'collection';
  if (actions.length === categories.length && !described) return 'action';
  if (kinds.length === 1 && (!described || fields.some((f) => f.startsWith('x-occi-attribute:'))))
    return 'entity';
  return 'categories';
}

export interface Finding extends Problem {
  /** The input line the problem is on, when known. */
  inputLine?: number;
}

type Parsed =
  | { type: 'entity'; value: ReturnType<Rendering['parseEntity']> }
  | { type: 'collection'; value: ReturnType<Rendering['parseEntityCollection']> }
  | { type: 'categories'; value: ReturnType<Rendering['parseCategories']> }
  | { type: 'action'; value: ReturnType<Rendering['parseActionInvocation']> };

function parseOnce(
  rendering: Rendering,
  type: MessageType,
  payload: Payload,
  model: Model,
  baseUrl: string,
): Parsed {
  const context = { model, baseUrl };
  switch (type) {
    case 'entity':
      return { type, value: rendering.parseEntity(payload, context) };
    case 'collection':
      return { type, value: rendering.parseEntityCollection(payload, context) };
    case 'categories':
      return { type, value: rendering.parseCategories(payload, context) };
    default:
      return { type: 'action', value: rendering.parseActionInvocation(payload, context) };
  }
}

function problemsOf(error: unknown): Problem[] {
  const problems = (error as { problems?: unknown }).problems;
  if (Array.isArray(problems) && problems.length > 0) return problems as Problem[];
  return [{ code: 'parse-error', message: error instanceof Error ? error.message : String(error) }];
}

/**
 * Parses the message; on a problem, leaves out the line (text/plain) or
 * field (text/occi) it is on and parses again, to report every problem.
 */
export function checkMessage(
  rendering: Rendering,
  type: MessageType,
  message: RawMessage,
  model: Model,
  baseUrl: string,
): { parsed?: Parsed; findings: Finding[] } {
  const findings: Finding[] = [];
  const headers: Record<string, string | string[] | undefined> = { ...message.payload.headers };
  const bodyLines = message.payload.body.split(/\r?\n/);
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const parsed = parseOnce(rendering, type, { headers, body: bodyLines.join('\n') }, model, baseUrl);
      return findings.length > 0 ? { findings } : { parsed, findings };
    } catch (error) {
      const problems = problemsOf(error);
      let progressed = false;
      for (const p of problems) {
        const finding: Finding = { ...p };
        if (message.format === 'plain' && typeof p.line === 'number' && bodyLines[p.line - 1] !== undefined) {
          finding.inputLine = message.bodyLine + p.line - 1;
          if (bodyLines[p.line - 1] !== '') {
            bodyLines[p.line - 1] = '';
            progressed = true;
          }
        } else if (message.format === 'occi') {
          const field = (p.field ?? /^([A-Za-z-]+)[: ]/.exec(p.message)?.[1])?.toLowerCase();
          if (field !== undefined && headers[field] !== undefined) {
            finding.inputLine = message.fieldLines.get(field);
            delete headers[field];
            progressed = true;
          }
        }
        if (!findings.some((f) => f.message === finding.message && f.inputLine === finding.inputLine))
          findings.push(finding);
      }
      if (!progressed) return { findings };
    }
  }
  return { findings };
}

/** Checks against a server's model: known categories and attributes, and value types (Core §5.3.2). */
export function checkAgainstModel(parsed: Parsed, model: Model): Finding[] {
  const findings: Finding[] = [];
  const known = (id: string | undefined, what: string) => {
    if (id !== undefined && !model.get(id))
      findings.push({ code: 'unknown-category', message: `the model has no ${what} ${id}`, category: id });
  };
  if (parsed.type === 'entity') {
    const e = parsed.value;
    known(e.kind, 'kind');
    for (const m of e.mixins ?? []) known(m, 'mixin');
    if (e.kind !== undefined && model.kind(e.kind)) {
      const defs = model.attributes(
        e.kind,
        (e.mixins ?? []).filter((m) => model.mixin(m)),
      );
      for (const [name, value] of Object.entries(e.attributes ?? {})) {
        const d = defs.get(name);
        if (!d)
          findings.push({
            code: 'unknown-attribute',
            message: `${e.kind} and its mixins define no attribute ${name}`,
            attribute: name,
          });
        else {
          const actual = Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : typeof value;
          if (actual !== d.type)
            findings.push({
              code: 'attribute-type',
              message: `${name} is a ${d.type}, the message gives a ${actual}`,
              attribute: name,
            });
        }
      }
    }
  } else if (parsed.type === 'action') known(parsed.value.action, 'action');
  else if (parsed.type === 'categories')
    for (const c of [...parsed.value.kinds, ...parsed.value.mixins, ...parsed.value.actions] as Category[])
      if (c.class === 'mixin') for (const d of c.depends) known(d, 'mixin');
  return findings;
}

export type { Parsed };
