/**
 * Text in OCCI header fields (GFD.229 §7), on the client side, with the
 * web platform's TextEncoder and TextDecoder only, so that it runs in
 * browsers as well as Node: header values travel as bytes, one character
 * per byte (latin1) in Node and fetch alike; OCCI text is written
 * as UTF-8 bytes and bytes that form UTF-8 are read as UTF-8 (the server's
 * `header-text.ts` does the same with Node's Buffer).
 */
import type { HeaderFields } from '@occi/core';
import { mapOcciFields } from '../occi-header-fields.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const ENCODER = new TextEncoder();

/** One value: its UTF-8 reading when its bytes are UTF-8 (and not all ASCII), else the value. */
export function headerText(value: string): string {
  // All ASCII, or a character beyond one byte (it did not come from the wire): left alone.
  if (!/[^\u0000-\u007f]/.test(value) || /[^\u0000-\u00ff]/.test(value)) return value;
  const bytes = Uint8Array.from(value, (c) => c.charCodeAt(0));
  try {
    return UTF8.decode(bytes);
  } catch {
    return value;
  }
}

/** One value as its UTF-8 bytes, one character per byte. */
export function headerBytes(value: string): string {
  if (!/[^\u0000-\u007f]/.test(value)) return value;
  let out = '';
  for (const byte of ENCODER.encode(value)) out += String.fromCharCode(byte);
  return out;
}

/** The OCCI header fields of a message read as text; the same object when all of them are ASCII. */
export function occiHeaderText(headers: HeaderFields): HeaderFields {
  return mapOcciFields(headers, headerText);
}

/** The OCCI header fields of a message as they go on the wire; the same object when all of them are ASCII. */
export function occiHeaderBytes(headers: HeaderFields): HeaderFields {
  return mapOcciFields(headers, headerBytes);
}

/** base64 of the UTF-8 bytes of `text` (RFC 7617 §2), with `btoa`, which browsers and Node both have. */
export function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of ENCODER.encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
