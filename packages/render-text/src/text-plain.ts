/**
 * OCCI Text Plain rendering (GFD.229 §6): the fields as lines of the body,
 * media types `text/plain` and `text/occi+plain`.
 */
import type { Payload, Rendering } from '@occi/core';
import { excerpt } from './abnf/field-value.js';
import type { FieldName, Fields, FieldWriter } from './fields.js';
import { emptyFields, FIELD_NAMES, fieldName, readField } from './fields.js';
import { checkBodyLength, MAX_LINE_LENGTH } from './limits.js';
import { parseError } from './position.js';
import { textRendering } from './text-rendering.js';

const SP = 0x20;
const HTAB = 0x09;

function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== SP && c !== HTAB) return false;
  }
  return true;
}

/** The line without a trailing ` \` continuation marker, or undefined when there is none. */
function withoutContinuation(line: string): string | undefined {
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === SP || line.charCodeAt(end - 1) === HTAB)) end--;
  if (end === 0 || line.charCodeAt(end - 1) !== 0x5c) return undefined;
  const before = end - 1;
  if (before > 0 && line.charCodeAt(before - 1) !== SP && line.charCodeAt(before - 1) !== HTAB)
    return undefined;
  return line.slice(0, before);
}

function readLine(fields: Fields, text: string, line: number): void {
  const at = { line };
  const colon = text.indexOf(':');
  if (colon < 0) throw parseError(at, `expected "Name: value", found ${excerpt(text)}`);
  let end = colon;
  while (end > 0 && (text.charCodeAt(end - 1) === SP || text.charCodeAt(end - 1) === HTAB)) end--;
  // One slice and a string comparison (native) beat comparing char codes one by one.
  const raw = text.slice(0, end);
  const name = fieldName(raw);
  if (name === undefined) {
    throw parseError(
      at,
      `unknown field ${excerpt(raw)}; expected Category, Link, X-OCCI-Attribute or X-OCCI-Location`,
    );
  }
  readField(fields, name, text, at, colon + 1);
}

/**
 * Reads the lines of a body. A line starting with whitespace continues the
 * previous one, as does a line after one ending in ` \` (the spec's
 * examples); CRLF and LF both end lines; blank lines are skipped.
 */
export function readLines(body: string, mediaType: string): Fields {
  if (typeof body !== 'string') throw parseError({}, `${mediaType} body is not text`);
  checkBodyLength(body, mediaType);
  let lineCount = 0;
  const fields = emptyFields((_name: FieldName) => ({ line: Math.max(1, lineCount) }));
  let current: string | undefined;
  let currentLine = 0;
  let continued = false;
  let pos = body.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = body.length;
  while (pos < n) {
    let nl = body.indexOf('\n', pos);
    if (nl < 0) nl = n;
    let line = body.slice(pos, body.charCodeAt(nl - 1) === 0x0d && nl > pos ? nl - 1 : nl);
    pos = nl + 1;
    lineCount++;
    if (line.length > MAX_LINE_LENGTH) {
      throw parseError({ line: lineCount }, `line is longer than ${MAX_LINE_LENGTH} characters`);
    }
    const first = line.charCodeAt(0);
    if ((first === SP || first === HTAB || line.length === 0) && isBlank(line)) {
      if (current !== undefined) readLine(fields, current, currentLine);
      current = undefined;
      continued = false;
      continue;
    }
    const stripped = withoutContinuation(line);
    const next = stripped !== undefined;
    if (next) line = stripped;
    if (current !== undefined && (continued || first === SP || first === HTAB)) {
      current += ` ${line.trim()}`;
      if (current.length > MAX_LINE_LENGTH) {
        throw parseError(
          { line: currentLine },
          `continued line is longer than ${MAX_LINE_LENGTH} characters`,
        );
      }
    } else {
      if (current !== undefined) readLine(fields, current, currentLine);
      current = line;
      currentLine = lineCount;
    }
    continued = next;
  }
  if (current !== undefined) readLine(fields, current, currentLine);
  return fields;
}

class LineWriter implements FieldWriter {
  readonly asciiOnly = false;
  body = '';

  add(name: FieldName, value: string): void {
    this.body += `${FIELD_NAMES[name]}: ${value}\r\n`;
  }

  payload(): Payload {
    return { headers: {}, body: this.body };
  }
}

/** The text/plain rendering (GFD.229 §6). */
export const textPlain: Rendering = textRendering(
  ['text/plain', 'text/occi+plain'],
  {
    read: (payload) => readLines(payload.body, 'text/plain'),
    writer: () => new LineWriter(),
  },
  false,
);
