/**
 * Text in OCCI header fields (GFD.229 §7). HTTP header values are bytes,
 * which Node (and undici) hand over and take one character per byte
 * (latin1). Peers send non-ASCII text in them as UTF-8 (e.g. MartServer's
 * `occi.core.title="Adaptateur réseau"`): bytes that form UTF-8 are read as
 * UTF-8 (anything else stays as it came), and text is written as UTF-8.
 * The renderings deal in text; only the OCCI fields are converted.
 */
import { Buffer, isAscii } from 'node:buffer';
import type { HeaderFields } from '@occi/core';
import { mapOcciFields } from './occi-header-fields.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** One value: its UTF-8 reading when its bytes are UTF-8 (and not all ASCII), else the value. */
export function headerText(value: string): string {
  const bytes = Buffer.from(value, 'latin1');
  // (A character beyond one byte did not come from the wire: such a value is left alone.)
  if (isAscii(bytes) || /[^\u0000-\u00ff]/.test(value)) return value;
  try {
    return UTF8.decode(bytes);
  } catch {
    return value;
  }
}

/** The OCCI header fields of a message read as text; the same object when all of them are ASCII. */
export function occiHeaderText(headers: HeaderFields): HeaderFields {
  return mapOcciFields(headers, headerText);
}

/** One value as its UTF-8 bytes, one character per byte (what Node writes as they are). */
export function headerBytes(value: string): string {
  return /[^\u0000-\u007f]/.test(value) ? Buffer.from(value, 'utf8').toString('latin1') : value;
}

/** The OCCI header fields of a message as they go on the wire; the same object when all of them are ASCII. */
export function occiHeaderBytes(headers: HeaderFields): HeaderFields {
  return mapOcciFields(headers, headerBytes);
}
