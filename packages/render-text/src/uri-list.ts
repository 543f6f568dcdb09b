/**
 * URI Listing rendering (GFD.229 §8): `text/uri-list` (RFC 2483), one
 * absolute URL per line. It renders listings only.
 */
import type { Payload, Rendering } from '@occi/core';
import { OcciError } from '@occi/core';
import { excerpt } from './abnf/field-value.js';
import { checkBodyLength, MAX_LINE_LENGTH } from './limits.js';
import { toPath } from './locations.js';
import { parseError } from './position.js';
import { entityUrl } from './renderings/entity-collection.js';
import { errorText } from './text-rendering.js';

/** §8: asked for anything but a listing, text/uri-list answers 400 Bad Request. */
function notAListing(): never {
  throw new OcciError('bad-request', {
    code: 'other',
    message:
      'text/uri-list can only render listings; use text/plain or text/occi for entities, categories and action invocations',
  });
}

/** Reads the URIs of a list: one per line, `#` comments and blank lines skipped (RFC 2483 §5). */
export function readUriList(body: string): string[] {
  if (typeof body !== 'string') throw parseError({}, 'text/uri-list body is not text');
  checkBodyLength(body, 'text/uri-list');
  const uris: string[] = [];
  let line = 0;
  for (const raw of body.split('\n')) {
    line++;
    if (raw.length > MAX_LINE_LENGTH)
      throw parseError({ line }, `line is longer than ${MAX_LINE_LENGTH} characters`);
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) continue;
    if (/[\s"<>]/.test(text)) throw parseError({ line }, `${excerpt(text)} is not a URI reference`);
    uris.push(text);
  }
  return uris;
}

/** The text/uri-list rendering (GFD.229 §8). */
export const uriList: Rendering = {
  mediaTypes: ['text/uri-list'],
  renders: ['entity-collection'],
  parseEntity: notAListing,
  parseCategories: notAListing,
  parseActionInvocation: notAListing,
  parseEntityCollection(payload, context) {
    return { entities: [], locations: readUriList(payload.body).map((u) => toPath(u, context.baseUrl)) };
  },
  renderEntity: notAListing,
  renderCategories: notAListing,
  renderEntityCollection(entities, context): Payload {
    let body = '';
    for (const e of entities) body += `${entityUrl(e, context)}\r\n`;
    return { headers: {}, body };
  },
  renderError: (error) => ({ headers: {}, body: errorText(error) }),
};
