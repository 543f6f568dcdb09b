/**
 * Writing field values canonically: quoted strings with `\"` and `\\`
 * escapes (RFC 7230 §3.2.6), and URI references safe to place in a field.
 */

/** Characters a text/plain quoted string cannot carry as they are: `"`, `\` and control characters. */
const NEEDS_ESCAPE_PLAIN = /["\\\x00-\x08\x0a-\x1f\x7f]/;
/**
 * In header fields (text/occi) surrogates are escaped too: the transport
 * writes header text as UTF-8 (@occi/http), which has no lone surrogates.
 */
const NEEDS_ESCAPE_HEADER = /["\\\x00-\x08\x0a-\x1f\x7f\ud800-\udfff]/;

function hex4(code: number): string {
  return code.toString(16).padStart(4, '0');
}

/**
 * A quoted-string. `"` and `\` are escaped with a backslash; characters a
 * field cannot carry (line breaks and other controls; in header fields also
 * surrogates) are written `\uXXXX`, which this package reads back (see README).
 */
export function quote(value: string, inHeader: boolean): string {
  if (!(inHeader ? NEEDS_ESCAPE_HEADER : NEEDS_ESCAPE_PLAIN).test(value)) return `"${value}"`;
  let out = '"';
  let from = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    let escaped: string | undefined;
    if (c === 0x22) escaped = '\\"';
    else if (c === 0x5c) escaped = '\\\\';
    else if ((c < 0x20 && c !== 0x09) || c === 0x7f || (inHeader && c >= 0xd800 && c <= 0xdfff))
      escaped = `\\u${hex4(c)}`;
    if (escaped !== undefined) {
      out += value.slice(from, i) + escaped;
      from = i + 1;
    }
  }
  return `${out}${value.slice(from)}"`;
}

const UNSAFE_IN_URI = /[^\x21-\x7e]|["<>\\]/;

/**
 * A URI reference as it may appear unquoted in a field (`<...>`,
 * X-OCCI-Location, text/uri-list): characters RFC 3986 does not allow in a
 * URI (space, controls, non-ASCII, `"`, `<`, `>`, `\`) are percent-encoded
 * as UTF-8. Well-formed locations are written unchanged.
 */
export function uriReference(uri: string): string {
  if (!UNSAFE_IN_URI.test(uri)) return uri;
  let out = '';
  for (const ch of uri) {
    const c = ch.codePointAt(0)!;
    if (c > 0x20 && c < 0x7f && ch !== '"' && ch !== '<' && ch !== '>' && ch !== '\\') {
      out += ch;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += '%EF%BF%BD'; // a lone surrogate has no UTF-8 form: U+FFFD
    } else {
      for (const byte of Buffer.from(ch, 'utf8'))
        out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return out;
}

/**
 * A number in plain decimal notation, or a boolean. §4.3 allows only
 * `int = *DIGIT` and `float = *DIGIT "." *DIGIT`: where JavaScript would
 * print an exponent (`1e-7`, `1e+22`), its shortest digits are written out
 * with zeros instead (`0.0000001`, `10000000000000000000000`), the same
 * value exactly. Integers have no dot; negative numbers keep their sign.
 */
export function bare(value: number | boolean): string {
  const s = String(value);
  if (typeof value === 'boolean' || !Number.isFinite(value)) return s;
  const e = s.indexOf('e');
  if (e < 0) return s;
  const negative = s.charCodeAt(0) === 0x2d;
  const mantissa = s.slice(negative ? 1 : 0, e);
  const dot = mantissa.indexOf('.');
  const digits = dot < 0 ? mantissa : mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  // Where the decimal point falls within `digits` once the exponent is applied.
  const point = (dot < 0 ? mantissa.length : dot) + Number(s.slice(e + 1));
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${out}` : out;
}
