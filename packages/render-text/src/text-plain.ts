/**
 * OCCI Text Plain rendering (GFD.229 §6): the fields as lines of the body,
 * media types `text/plain` and `text/occi+plain`.
 */
import type { Payload, Rendering } from '@occi/core';
import { excerpt, FieldValue } from './abnf/field-value.js';
import type { FieldName, Fields, FieldWriter } from './fields.js';
import {
  documentFieldNameAt,
  emptyFields,
  FIELD_NAMES,
  FieldOrder,
  noteFieldName,
  otherFieldName,
  readField,
} from './fields.js';
import { checkBodyLength, MAX_LINE_LENGTH } from './limits.js';
import { parseError } from './position.js';
import { textRendering } from './text-rendering.js';

const SP = 0x20;
const HTAB = 0x09;
const CR = 0x0d;
const BACKSLASH = 0x5c;

/** True when `s` holds only spaces and tabs from `start` to `end`. */
function isBlank(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c !== SP && c !== HTAB) return false;
  }
  return true;
}

/**
 * Where the line from `start` to `end` stops when it ends in a ` \`
 * continuation marker (the spec's examples), or -1 when there is none.
 */
function continuationAt(s: string, start: number, end: number): number {
  let e = end;
  while (e > start && (s.charCodeAt(e - 1) === SP || s.charCodeAt(e - 1) === HTAB)) e--;
  if (e === start || s.charCodeAt(e - 1) !== BACKSLASH) return -1;
  const before = e - 1;
  if (before > start && s.charCodeAt(before - 1) !== SP && s.charCodeAt(before - 1) !== HTAB) return -1;
  return before;
}

/**
 * Reads the logical line from `start` to `end` of the cursor's text (1-based
 * `line`): `Name: value`.
 */
function readLine(
  fields: Fields,
  c: FieldValue,
  start: number,
  end: number,
  line: number,
  order: FieldOrder,
): void {
  const s = c.s;
  const at = { line };
  const colon = s.indexOf(':', start);
  if (colon < 0 || colon >= end) {
    throw parseError(at, `expected "Name: value", found ${excerpt(s.slice(start, end))}`);
  }
  let nameEnd = colon;
  while (nameEnd > start && (s.charCodeAt(nameEnd - 1) === SP || s.charCodeAt(nameEnd - 1) === HTAB))
    nameEnd--;
  let name = documentFieldNameAt(s, start, nameEnd);
  if (name === undefined) {
    // Only a name spelt otherwise than the document's can be rOCCI's.
    const raw = s.slice(start, nameEnd);
    name = otherFieldName(raw);
    if (name === undefined) {
      throw parseError(
        at,
        `unknown field ${excerpt(raw)}; expected Category, Link, X-OCCI-Attribute or X-OCCI-Location`,
      );
    }
    noteFieldName(fields, raw, name, at);
  }
  order.note(fields, name, line);
  c.moveTo(at, colon + 1, end);
  readField(fields, name, c);
}

/**
 * Reads the logical line gathered so far, if any: `joined`, else `start`..`end`
 * of the body through the body's cursor.
 */
function readLogicalLine(
  fields: Fields,
  body: FieldValue,
  start: number,
  end: number,
  joined: string | undefined,
  line: number,
  order: FieldOrder,
): void {
  if (joined !== undefined) readLine(fields, new FieldValue(joined, {}), 0, joined.length, line, order);
  else if (start >= 0) readLine(fields, body, start, end, line, order);
}

/**
 * Reads the lines of a body. A line starting with whitespace continues the
 * previous one, as does a line after one ending in ` \` (the spec's
 * examples); CRLF and LF both end lines; blank lines are skipped.
 *
 * A logical line made of one physical line (the usual case) is read in
 * place, as a range of the body; only continued lines are joined into a
 * new string.
 */
export function readLines(body: string, mediaType: string): Fields {
  if (typeof body !== 'string') throw parseError({}, `${mediaType} body is not text`);
  checkBodyLength(body, mediaType);
  let lineCount = 0;
  const fields = emptyFields((_name: FieldName) => ({ line: Math.max(1, lineCount) }));
  // The first line of each field read so far, for the order of §5.1.
  const order = new FieldOrder();
  // The logical line read so far: the range `start`..`end` of the body, or
  // `joined` once a continuation line was added; `start` < 0 when none.
  let start = -1;
  let end = -1;
  let joined: string | undefined;
  let currentLine = 0;
  let continued = false;
  // One cursor reads the lines in place, one after the other.
  const cursor = new FieldValue(body, {});
  let pos = body.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = body.length;
  while (pos < n) {
    let nl = body.indexOf('\n', pos);
    if (nl < 0) nl = n;
    // Lines end in LF or CRLF; a CR opening a line is the tail of a "\n\r" end (pOCCI writes those).
    const lineStart = pos < nl && body.charCodeAt(pos) === CR ? pos + 1 : pos;
    let lineEnd = nl > lineStart && body.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
    pos = nl + 1;
    lineCount++;
    if (lineEnd - lineStart > MAX_LINE_LENGTH) {
      throw parseError({ line: lineCount }, `line is longer than ${MAX_LINE_LENGTH} characters`);
    }
    const first = lineEnd > lineStart ? body.charCodeAt(lineStart) : Number.NaN;
    if ((first === SP || first === HTAB || lineEnd === lineStart) && isBlank(body, lineStart, lineEnd)) {
      readLogicalLine(fields, cursor, start, end, joined, currentLine, order);
      start = -1;
      joined = undefined;
      continued = false;
      continue;
    }
    const marker = continuationAt(body, lineStart, lineEnd);
    const next = marker >= 0;
    if (next) lineEnd = marker;
    if (start >= 0 && (continued || first === SP || first === HTAB)) {
      joined = `${joined ?? body.slice(start, end)} ${body.slice(lineStart, lineEnd).trim()}`;
      if (joined.length > MAX_LINE_LENGTH) {
        throw parseError(
          { line: currentLine },
          `continued line is longer than ${MAX_LINE_LENGTH} characters`,
        );
      }
    } else {
      readLogicalLine(fields, cursor, start, end, joined, currentLine, order);
      joined = undefined;
      start = lineStart;
      end = lineEnd;
      currentLine = lineCount;
    }
    continued = next;
  }
  readLogicalLine(fields, cursor, start, end, joined, currentLine, order);
  return fields;
}

class LineWriter implements FieldWriter {
  readonly inHeader = false;
  body = '';

  add(name: FieldName, value: string): void {
    this.body += `${FIELD_NAMES[name]}: ${value}\r\n`;
  }

  payload(): Payload {
    return { headers: {}, body: this.body };
  }

  request(): Payload {
    return this.payload();
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
