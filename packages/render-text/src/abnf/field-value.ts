/**
 * Lexing of one field value (RFC 7230 §3.2.6 as GFD.229 §4 uses it): the
 * `#` list form, `;`-separated parameters, tokens and quoted strings.
 *
 * The scanner is hand-written and linear: every loop advances the index,
 * and the position of the next backslash is cached so that quoted strings
 * are sliced without rescanning the rest of the value.
 */
import type { Position } from '../position.js';
import { parseError } from '../position.js';
import { knownName, rememberName } from './known-names.js';

const SP = 0x20;
const HTAB = 0x09;
const QUOTE = 0x22;
const COMMA = 0x2c;
const SEMICOLON = 0x3b;
const EQUALS = 0x3d;
const BACKSLASH = 0x5c;

/** Characters that end a token: whitespace, `,`, `;`, `"` (1), and also `=` (2). */
const TOKEN_STOP = new Uint8Array(128);
for (const c of [SP, HTAB, 0x0d, 0x0a, COMMA, SEMICOLON, QUOTE]) TOKEN_STOP[c] = 3;
TOKEN_STOP[EQUALS] = 2;

/** §4.3 `attribute-name`, matched at `lastIndex` (no nested quantifiers). */
const NAME = /[A-Za-z0-9][A-Za-z0-9_.-]*/y;

function isWhitespace(c: number): boolean {
  return c === SP || c === HTAB || c === 0x0d || c === 0x0a;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** A short, printable excerpt of the input for messages. */
export function excerpt(s: string): string {
  const short = s.length > 40 ? `${s.slice(0, 37)}...` : s;
  return JSON.stringify(short);
}

/**
 * A cursor over one field value: `s` from `i` up to `end`. The value may be
 * a range of a larger text (a line of a text/plain body, read in place); one
 * cursor then reads the lines one after the other (`moveTo`), so that what
 * it remembers of the text (the next backslash) stays valid and the text is
 * searched once, not once per line.
 */
export class FieldValue {
  readonly s: string;
  at: Position;
  /** Where the value ends (exclusive): nothing at or after it is read. */
  end: number;
  i = 0;
  /** Index of the next backslash at or after `i`, or `s.length` when there is none. */
  #backslash = -1;

  /** The last parameter read by `parameter()`. */
  paramName = '';
  paramText = '';
  paramQuoted = false;
  /** True when the last parameter name has the §4.3 `attribute-name` syntax. */
  paramNameIsName = false;

  constructor(s: string, at: Position, start = 0, end = s.length) {
    this.s = s;
    this.at = at;
    this.i = start;
    this.end = end;
  }

  /** Moves on to the value from `start` to `end`, further along the same text. */
  moveTo(at: Position, start: number, end: number): void {
    this.at = at;
    this.i = start;
    this.end = end;
    this.paramQuoted = false;
  }

  fail(message: string): never {
    throw parseError(this.at, message);
  }

  atEnd(): boolean {
    return this.i >= this.end;
  }

  /** The character code at the cursor; NaN at the end of the value. */
  peek(): number {
    return this.i < this.end ? this.s.charCodeAt(this.i) : Number.NaN;
  }

  /** What follows the cursor, for messages. */
  rest(): string {
    return this.i >= this.end
      ? 'end of value'
      : excerpt(this.s.slice(this.i, Math.min(this.i + 20, this.end)));
  }

  /**
   * Skips whitespace. A backslash followed by whitespace or the end of the
   * value is skipped too: it is the line continuation the spec's examples
   * print (GFD.229 §6.1, §7.1). Returns the character code at the new
   * cursor, as `peek()` would (NaN at the end).
   */
  skipWhitespace(): number {
    const s = this.s;
    const end = this.end;
    let i = this.i;
    if (i >= end) return Number.NaN;
    let c = s.charCodeAt(i);
    // Most calls find no whitespace at all: leave before the loop.
    if (c > SP && c !== BACKSLASH) return c;
    for (;;) {
      if (isWhitespace(c)) i++;
      else if (c === BACKSLASH && (i + 1 >= end || isWhitespace(s.charCodeAt(i + 1)))) i++;
      else break;
      if (i >= end) {
        c = Number.NaN;
        break;
      }
      c = s.charCodeAt(i);
    }
    this.i = i;
    return c;
  }

  /**
   * Steps over the separator between list elements (RFC 7230 §7: empty
   * elements are ignored). Returns false at the end of the value.
   */
  nextElement(): boolean {
    for (;;) {
      const c = this.skipWhitespace();
      if (this.atEnd()) return false;
      if (c !== COMMA) return true;
      this.i++;
    }
  }

  /** After an element: the end of the value or a comma must follow. */
  endElement(what: string): void {
    const c = this.skipWhitespace();
    if (this.atEnd()) return;
    if (c !== COMMA)
      this.fail(`unexpected ${this.rest()} after ${what}; expected "," or the end of the field`);
    this.i++;
  }

  /** A quoted-string (RFC 7230 §3.2.6) at the cursor, unescaped; `\uXXXX` is read as that code unit. */
  quoted(): string {
    const s = this.s;
    const end = this.end;
    const start = this.i + 1;
    const close = s.indexOf('"', start);
    if (close < 0 || close >= end)
      this.fail(`unterminated quoted string starting at ${excerpt(s.slice(this.i, end))}`);
    if (this.#backslash < start) {
      const b = s.indexOf('\\', start);
      this.#backslash = b < 0 ? s.length : b;
    }
    if (this.#backslash > close) {
      this.i = close + 1;
      return s.slice(start, close);
    }
    // Escapes: jump from one backslash to the next with indexOf, keeping
    // the next quote found; both searches only move forward (linear).
    let quote = close;
    let backslash = this.#backslash;
    let out = '';
    let from = start;
    for (;;) {
      if (backslash >= quote) break;
      if (backslash + 1 >= end) this.fail('a quoted string ends in a lone backslash');
      out += s.slice(from, backslash);
      from = backslash + 2;
      const next = s.charCodeAt(backslash + 1);
      if (next === 0x75 && backslash + 5 < end) {
        const h1 = hexValue(s.charCodeAt(backslash + 2));
        const h2 = hexValue(s.charCodeAt(backslash + 3));
        const h3 = hexValue(s.charCodeAt(backslash + 4));
        const h4 = hexValue(s.charCodeAt(backslash + 5));
        if (h1 >= 0 && h2 >= 0 && h3 >= 0 && h4 >= 0) {
          out += String.fromCharCode((h1 << 12) | (h2 << 8) | (h3 << 4) | h4);
          from = backslash + 6;
        }
      }
      if (from === backslash + 2) out += s[backslash + 1];
      if (quote < from) {
        // The quote was escaped: find the next one; none before the end of the value means none.
        quote = s.indexOf('"', from);
        if (quote < 0 || quote > end) quote = end;
      }
      backslash = s.indexOf('\\', from);
      if (backslash < 0) backslash = s.length;
    }
    if (quote >= end) this.fail(`unterminated quoted string starting at ${excerpt(s.slice(start - 1, end))}`);
    this.#backslash = backslash;
    this.i = quote + 1;
    return out + s.slice(from, quote);
  }

  /**
   * A run of characters up to whitespace, `,`, `;`, `"` or (when `stopAtEquals`) `=`.
   * May be empty.
   */
  token(stopAtEquals: boolean): string {
    const s = this.s;
    const start = this.i;
    const n = this.end;
    const mask = stopAtEquals ? 3 : 1;
    let i = start;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 128 && (TOKEN_STOP[c]! & mask) !== 0) break;
    }
    this.i = i;
    return s.slice(start, i);
  }

  /**
   * A name (§4.3 `attribute-name`): letters, digits, `-`, `_`, `.`, starting
   * with a letter or digit. Returns the empty string when there is none;
   * other characters right after the name are left for the caller to report.
   */
  name(): string {
    const s = this.s;
    const start = this.i;
    const end = this.end;
    if (start >= end) return '';
    // A name is usually followed by "=": look the text before it up first.
    const equals = s.indexOf('=', start);
    const known = equals < end ? knownName(s, start, equals) : undefined;
    if (known !== undefined) {
      this.i = equals;
      return known;
    }
    // A sticky regular expression runs as native code: faster than a loop over char codes.
    NAME.lastIndex = start;
    if (!NAME.test(s)) return '';
    this.i = Math.min(NAME.lastIndex, end);
    const name = s.slice(start, this.i);
    return this.i === equals ? rememberName(name) : name;
  }

  /** A value that is a quoted-string or a token; sets `paramQuoted`. */
  value(): string {
    if (this.peek() === QUOTE) {
      this.paramQuoted = true;
      return this.quoted();
    }
    this.paramQuoted = false;
    return this.token(false);
  }

  /**
   * The usual parameter in one step: `; name="text"` with a plain name and
   * a quoted string without escapes. It reads
   * what the steps of `parameter()` read from the same text; anything else,
   * every error included, is left to them (returns false, the cursor unmoved).
   */
  #knownQuoted(): boolean {
    const s = this.s;
    const i = this.i;
    const end = this.end;
    if (i + 2 >= end || s.charCodeAt(i) !== SEMICOLON || s.charCodeAt(i + 1) !== SP) return false;
    const equals = s.indexOf('=', i + 2);
    if (equals < 0 || equals + 1 >= end || s.charCodeAt(equals + 1) !== QUOTE) return false;
    const name = this.#nameBefore(i + 2, equals);
    if (name === undefined || !this.#plainQuoted(equals + 1)) return false;
    this.paramName = name;
    this.paramNameIsName = true;
    return true;
  }

  /**
   * The usual attribute in one step (§4.3 `attribute-repr`): `name="text"`
   * or `name=token` at the cursor, with a plain name and a quoted
   * string without escapes or a non-empty token right after the `=`; sets
   * `paramName`, `paramText` and `paramQuoted`. As `#knownQuoted`, it reads
   * what the general steps read, and leaves anything else to them (returns
   * false, the cursor unmoved).
   */
  knownAttribute(): boolean {
    const s = this.s;
    const i = this.i;
    const end = this.end;
    const equals = s.indexOf('=', i);
    if (equals < 0 || equals + 1 >= end) return false;
    const name = this.#nameBefore(i, equals);
    if (name === undefined) return false;
    const first = s.charCodeAt(equals + 1);
    if (first === QUOTE) {
      if (!this.#plainQuoted(equals + 1)) return false;
    } else {
      // Whitespace, a separator or a continuation backslash: the general steps read those.
      if (first === BACKSLASH || (first < 128 && TOKEN_STOP[first] !== 0)) return false;
      this.i = equals + 1;
      this.paramText = this.token(false);
      this.paramQuoted = false;
    }
    this.paramName = name;
    this.paramNameIsName = true;
    return true;
  }

  /**
   * The name (§4.3 `attribute-name`) from `start` right up to the `=` at
   * `equals`, as `name()` reads it there (remembered when it is new), or
   * undefined when the text is not a name.
   */
  #nameBefore(start: number, equals: number): string | undefined {
    const known = knownName(this.s, start, equals);
    if (known !== undefined) return known;
    NAME.lastIndex = start;
    if (!NAME.test(this.s) || NAME.lastIndex !== equals) return undefined;
    return rememberName(this.s.slice(start, equals));
  }

  /**
   * A quoted string at `open` (its opening quote) that closes before the
   * end of the value and holds no backslash: read as `quoted()` would, the
   * cursor after it. False, nothing read, for any other.
   */
  #plainQuoted(open: number): boolean {
    const s = this.s;
    const start = open + 1;
    const close = s.indexOf('"', start);
    if (close < 0 || close >= this.end) return false;
    if (this.#backslash < start) {
      const b = s.indexOf('\\', start);
      this.#backslash = b < 0 ? s.length : b;
    }
    if (this.#backslash < close) return false;
    this.paramText = s.slice(start, close);
    this.paramQuoted = true;
    this.i = close + 1;
    return true;
  }

  /**
   * Reads the next `; name=value` parameter into `paramName`, `paramText`
   * and `paramQuoted`. Returns false when the element ends (a comma or the
   * end of the value). A trailing `;` is accepted, and so is a missing `;`
   * after a quoted value when whitespace separates it from the next
   * parameter, as in the spec's own example (GFD.229 §6.1).
   */
  parameter(): boolean {
    if (this.#knownQuoted()) return true;
    const afterQuoted = this.paramQuoted;
    const before = this.i;
    let c = this.skipWhitespace();
    if (this.atEnd() || c === COMMA) return false;
    if (c === SEMICOLON) {
      this.i++;
      c = this.skipWhitespace();
      if (this.atEnd() || c === COMMA) return false;
    } else if (!(afterQuoted && this.i > before)) {
      this.fail(`expected ";" before ${this.rest()}`);
    }
    const start = this.i;
    let name = this.name();
    const next = this.peek();
    this.paramNameIsName = name !== '' && (next === EQUALS || next === SP || next === HTAB);
    if (!this.paramNameIsName) {
      this.i = start;
      name = this.token(true);
    }
    if (name === '') this.fail(`expected a parameter name, found ${this.rest()}`);
    if (this.skipWhitespace() !== EQUALS) this.fail(`parameter ${excerpt(name)} has no "=" value`);
    this.i++;
    this.skipWhitespace();
    if (this.atEnd()) this.fail(`parameter ${excerpt(name)} has no value`);
    const text = this.value();
    if (text === '' && !this.paramQuoted)
      this.fail(`parameter ${excerpt(name)} has no value, found ${this.rest()}`);
    this.paramName = name;
    this.paramText = text;
    return true;
  }

  /** Forgets the quoting of the last value (before the first parameter of an element). */
  resetParameters(quoted: boolean): void {
    this.paramQuoted = quoted;
  }
}
