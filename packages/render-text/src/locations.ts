/**
 * Locations, absolute or not (spec README erratum 11): X-OCCI-Location values
 * and text/uri-list entries are written as absolute URLs; locations inside
 * entity renderings as absolute paths. Parsers accept both and turn absolute
 * URLs under the base URL into paths.
 */

import type { ParseContext } from '@occi/core';
import type { Note, Position } from './position.js';

const ABSOLUTE_URL = /^[A-Za-z][A-Za-z0-9+.-]*:/;

function trimBase(baseUrl: string): string {
  return baseUrl.endsWith('/') ? baseUrl.slice(0, -1) : baseUrl;
}

/** `baseUrl + location` for a path; an absolute URL is returned unchanged. */
export function absoluteUrl(location: string, baseUrl: string): string {
  if (ABSOLUTE_URL.test(location)) return location;
  return trimBase(baseUrl) + (location.startsWith('/') ? location : `/${location}`);
}

/** The path of an absolute URL under `baseUrl`; anything else is returned unchanged. */
export function toPath(uri: string, baseUrl: string): string {
  // Already a path: the common case inside entity renderings.
  if (uri.charCodeAt(0) === 0x2f) return uri;
  const base = trimBase(baseUrl);
  if (base === '' || uri.length < base.length) return uri;
  if (!uri.startsWith(base) && uri.slice(0, base.length).toLowerCase() !== base.toLowerCase()) return uri;
  const rest = uri.slice(base.length);
  if (rest === '') return '/';
  const c = rest[0];
  if (c === '/') return rest;
  if (c === '?' || c === '#') return `/${rest}`;
  return uri;
}

/**
 * What a reference where a location belongs may be besides one: an
 * entity's id, which the provider resolves (`maybe-id`: a reference without
 * a "/" is left as it is), or nothing else (`location`).
 */
export type Reference = 'location' | 'maybe-id';

/**
 * A location as a reader takes it: an absolute URL under the base URL
 * becomes its path, and a relative reference (`compute/1`, `../x`), which
 * no document allows (erratum 11: absolute paths or URLs), is read against
 * the service root — the base URL with "/" — and noted (`relative-location`).
 */
export function readReference(
  uri: string,
  context: ParseContext,
  at: Position,
  notes: Note[],
  what: string,
  reference: Reference,
): string {
  const path = toPath(uri, context.baseUrl);
  const c = path.charCodeAt(0);
  // An absolute path, an absolute URL, or a same-document reference (`?…`, `#…`).
  if (c === 0x2f || c === 0x3f || c === 0x23 || path === '' || ABSOLUTE_URL.test(path)) return path;
  if (reference === 'maybe-id' && !path.includes('/')) return path;
  const root = new URL('http://root.invalid/');
  const url = new URL(path, root);
  const resolved = url.pathname + url.search + url.hash;
  notes.push({
    code: 'relative-location',
    message: `${what} ${JSON.stringify(uri)} is a relative reference, where OCCI renderings write absolute paths or URLs: read as ${resolved}, against the service root ${trimBase(context.baseUrl)}/`,
    at,
    location: resolved,
  });
  return resolved;
}
