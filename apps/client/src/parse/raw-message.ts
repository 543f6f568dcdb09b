/**
 * The message `occi parse` reads, as it came: an HTTP message (start line,
 * header section, body) whose Content-Type chooses the rendering, a bare
 * body (JSON, text/plain), or a bare header section (text/occi); and where
 * each OCCI field of a text message is in the input, to report problems by
 * line.
 */
import type { HeaderFields, Payload } from '@occi/core';
import type { WireFormat } from '../config.js';

/** One OCCI field as the input carries it: a header field (text/occi) or a logical line of the body (text/plain). */
export interface FieldOccurrence {
  /** `category`, `link`, `x-occi-attribute`, `x-occi-location` (rOCCI's `X-OCCI-Category` and `X-OCCI-Link` read as the first two). */
  name: string;
  value: string;
  /** 1-based input line where the field starts. */
  line: number;
}

export interface RawMessage {
  format: WireFormat;
  payload: Payload;
  /** Input line of each header field (lower-case name → first line), for text/occi problems. */
  fieldLines: Map<string, number>;
  /** Input line where the body starts (1-based). */
  bodyLine: number;
  /** The OCCI fields of a text message in input order (none for JSON). */
  fields: FieldOccurrence[];
}

const START_LINE = /^(HTTP\/\d(\.\d)?\s+\d{3}|[A-Z]+\s+\S+\s+HTTP\/\d(\.\d)?)\s*/;

const OCCI_FIELDS: Record<string, string> = {
  category: 'category',
  'x-occi-category': 'category',
  link: 'link',
  'x-occi-link': 'link',
  'x-occi-attribute': 'x-occi-attribute',
  'x-occi-location': 'x-occi-location',
};

function formatOf(contentType: string | undefined): WireFormat | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (type === undefined) return undefined;
  if (type.includes('json')) return 'json';
  if (type === 'text/occi') return 'occi';
  if (type === 'text/plain' || type === 'text/occi+plain' || type === 'text/uri-list') return 'plain';
  return undefined;
}

/** `Name: value` split at its colon: the lower-case name and the trimmed value. */
function splitField(line: string): { name: string; value: string } {
  const colon = line.indexOf(':');
  return {
    name: (colon > 0 ? line.slice(0, colon) : line).trim().toLowerCase(),
    value: colon > 0 ? line.slice(colon + 1).trim() : '',
  };
}

/** Header fields (`Name: value` lines, folded lines joined) up to the first empty line. */
function readHeaderBlock(
  lines: readonly string[],
  from: number,
): { headers: HeaderFields; fieldLines: Map<string, number>; fields: FieldOccurrence[]; end: number } {
  const headers: Record<string, string | string[]> = {};
  const fieldLines = new Map<string, number>();
  const fields: FieldOccurrence[] = [];
  let i = from;
  let last: string | undefined;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') break;
    if (/^[ \t]/.test(line) && last !== undefined) {
      const v = headers[last]!;
      if (Array.isArray(v)) v[v.length - 1] += ` ${line.trim()}`;
      else headers[last] = `${v} ${line.trim()}`;
      const occurrence = fields.at(-1);
      if (occurrence !== undefined && occurrence.name === OCCI_FIELDS[last])
        occurrence.value += ` ${line.trim()}`;
      continue;
    }
    const { name, value } = splitField(line);
    if (!fieldLines.has(name)) fieldLines.set(name, i + 1);
    const prev = headers[name];
    headers[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    const occi = OCCI_FIELDS[name];
    if (occi !== undefined) fields.push({ name: occi, value, line: i + 1 });
    last = name;
  }
  return { headers, fieldLines, fields, end: i };
}

/**
 * The logical lines of a text/plain body as its reader joins them (GFD.229
 * §6): a line starting with whitespace, or after one ending in ` \`,
 * continues the previous one; blank lines are skipped.
 */
function bodyFields(lines: readonly string[], bodyLine: number): FieldOccurrence[] {
  const fields: FieldOccurrence[] = [];
  let current: { text: string; line: number } | undefined;
  let continued = false;
  const flush = () => {
    if (current === undefined) return;
    const { name, value } = splitField(current.text);
    fields.push({ name: OCCI_FIELDS[name] ?? name, value, line: current.line });
    current = undefined;
  };
  lines.forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') {
      flush();
      continued = false;
      return;
    }
    const marker = /\s\\\s*$/.exec(line) ?? (/^\\\s*$/.test(line) ? { index: 0 } : null);
    const text = marker ? line.slice(0, marker.index) : line;
    if (current !== undefined && (continued || /^[ \t]/.test(line))) current.text += ` ${text.trim()}`;
    else {
      flush();
      current = { text, line: bodyLine + index };
    }
    continued = marker !== null;
  });
  flush();
  return fields;
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
    const { headers, fieldLines, fields, end } = readHeaderBlock(lines, hasStart ? 1 : 0);
    const body = lines.slice(end + 1).join('\n');
    const ct = headers['content-type'];
    const chosen =
      format ??
      formatOf(Array.isArray(ct) ? ct[0] : ct) ??
      (body.trimStart().startsWith('{') ? 'json' : 'plain');
    if (chosen === 'occi')
      return { format: chosen, payload: { headers, body }, fieldLines, bodyLine: end + 2, fields };
    if (hasStart) {
      const bodyLine = end + 2;
      const fieldsOfBody = chosen === 'plain' ? bodyFields(lines.slice(end + 1), bodyLine) : [];
      return { format: chosen, payload: { headers, body }, fieldLines, bodyLine, fields: fieldsOfBody };
    }
  }
  const chosen = format ?? (text.trimStart().startsWith('{') ? 'json' : 'plain');
  return {
    format: chosen,
    payload: { headers: {}, body: text },
    fieldLines: new Map(),
    bodyLine: 1,
    fields: chosen === 'plain' ? bodyFields(lines, 1) : [],
  };
}

/**
 * Splits a field value at the commas that separate its elements (the `#`
 * rule of GFD.229 §4), not those inside quoted strings or `<URI>`s.
 */
export function splitElements(value: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  let angle = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '<') angle = true;
    else if (c === '>') angle = false;
    else if (c === ',' && !angle) {
      out.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(value.slice(start).trim());
  return out.filter((e) => e !== '');
}

/** The type identifier a text Category value names: scheme + term (GFD.229 §4.1), undefined when it names none. */
export function textCategoryId(value: string): string | undefined {
  const term = value.split(';')[0]?.trim();
  const scheme = /[;\s]scheme\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(value);
  if (!term || !scheme) return undefined;
  return (scheme[1] ?? scheme[2] ?? '') + term;
}
