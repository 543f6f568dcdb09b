/**
 * URI Listing rendering (GFD.229 §8): `text/uri-list` (RFC 2483), one
 * absolute URL per line. It renders listings only.
 */
import type { ParseContext, Payload, Rendering } from '@occi/core';
import { OcciError } from '@occi/core';
import { excerpt } from './abnf/field-value.js';
import { checkBodyLength, MAX_LINE_LENGTH } from './limits.js';
import { readReference } from './locations.js';
import { type Note, parseError, report } from './position.js';
import { entityUrl, memberUrls } from './renderings/entity-collection.js';
import { errorText, readErrorText } from './text-rendering.js';

/** §8: asked for anything but a listing, text/uri-list answers 400 Bad Request. */
function notAListing(): never {
  throw new OcciError('bad-request', {
    code: 'other',
    message:
      'text/uri-list can only render listings; use text/plain or text/occi for entities, categories and action invocations',
  });
}

/** Reads the URIs of a list: one per line, `#` comments and blank lines skipped (RFC 2483 §5). */
export function readUriList(body: string): { uri: string; line: number }[] {
  if (typeof body !== 'string') throw parseError({}, 'text/uri-list body is not text');
  checkBodyLength(body, 'text/uri-list');
  const uris: { uri: string; line: number }[] = [];
  let line = 0;
  for (const raw of body.split('\n')) {
    line++;
    if (raw.length > MAX_LINE_LENGTH)
      throw parseError({ line }, `line is longer than ${MAX_LINE_LENGTH} characters`);
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) continue;
    if (/[\s"<>]/.test(text)) throw parseError({ line }, `${excerpt(text)} is not a URI reference`);
    uris.push({ uri: text, line });
  }
  return uris;
}

/** The locations of a list: absolute URLs under the base URL become paths (relative references are noted). */
function readLocations(payload: Payload, context: ParseContext): string[] {
  const notes: Note[] = [];
  const locations = readUriList(payload.body).map(({ uri, line }) =>
    readReference(uri, context, { line }, notes, 'entry', 'maybe-id'),
  );
  report(notes, context);
  return locations;
}

/** One absolute URL per line (RFC 2483 §5: CRLF). */
const listBody = (urls: readonly string[]): Payload => ({
  headers: {},
  body: urls.map((u) => `${u}\r\n`).join(''),
});

/** The text/uri-list rendering (GFD.229 §8). */
export const uriList: Rendering = {
  mediaTypes: ['text/uri-list'],
  renders: ['entity-collection'],
  namesEntitiesBy: 'location',
  parseEntity: notAListing,
  parseCategories: notAListing,
  parseActionInvocation: notAListing,
  parseEntityCollection: (payload, context) => ({
    entities: [],
    locations: readLocations(payload, context),
  }),
  renderEntity: notAListing,
  renderCategories: notAListing,
  renderEntityCollection: (entities, context) => listBody(entities.map((e) => entityUrl(e, context))),
  // One line per entity: a collection's body is its batches' bodies in turn.
  entityCollectionWriter: (context) => ({
    grouped: false,
    locationsOnly: true,
    write: (entities) => listBody(entities.map((e) => entityUrl(e, context))).body,
    end: () => '',
  }),
  renderError: (error) => ({ headers: {}, body: errorText(error) }),

  writeEntity: notAListing,
  writeEntityCollection: (members, context) => listBody(memberUrls(members, context)),
  writeMixinDefinitions: notAListing,
  writeMixinReferences: notAListing,
  writeActionInvocation: notAListing,
  writeFilter: notAListing,
  readEntity: notAListing,
  readEntityCollection: (payload, context) => ({
    entities: [],
    locations: readLocations(payload, context),
  }),
  readCategories: notAListing,
  readError: (payload, status) => readErrorText(payload.body, status),
};
