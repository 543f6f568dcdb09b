import type { Problem } from '@occi/core';

/**
 * Locations inside JSON renderings (spec README erratum 11): entity
 * renderings carry absolute paths; parsers accept absolute URLs too and
 * turn those under the base URL into paths.
 */

/**
 * The absolute path of `location` when it is an absolute URL under `baseUrl`
 * (scheme and host compared case-insensitively); otherwise `location`
 * unchanged.
 */
export function pathUnder(location: string, baseUrl: string): string {
  if (location.charCodeAt(0) === 47 /* '/' */ || baseUrl === '') return location;
  const base = baseUrl.endsWith('/') ? baseUrl.slice(0, -1) : baseUrl;
  if (location.length < base.length || location.slice(0, base.length).toLowerCase() !== base.toLowerCase())
    return location;
  const rest = location.slice(base.length);
  if (rest === '') return '/';
  const first = rest.charCodeAt(0);
  // '/', '?' or '#' after the authority; anything else is another host or port.
  if (first === 47) return rest;
  if (first === 63 || first === 35) return `/${rest}`;
  return location;
}

/** What a location read in a request may be besides one: an entity's id (`maybe-id`), or nothing else. */
export type Reference = 'location' | 'maybe-id';

const ABSOLUTE_URL = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * A location as a parser takes it (`pathUnder`); a relative reference
 * (`compute/1`), which OCCI renderings do not write, is read against the
 * service root and noted in `notes` (`relative-location`). A reference
 * without "/" where an id may stand is left as it is.
 */
export function readLocation(
  location: string,
  pointer: string,
  context: { baseUrl: string; notes?: Problem[] },
  reference: Reference,
): string {
  const path = pathUnder(location, context.baseUrl);
  const c = path.charCodeAt(0);
  if (c === 47 || c === 63 || c === 35 || path === '' || ABSOLUTE_URL.test(path)) return path;
  if (reference === 'maybe-id' && !path.includes('/')) return path;
  const url = new URL(path, 'http://root.invalid/');
  const resolved = url.pathname + url.search + url.hash;
  const base = context.baseUrl.endsWith('/') ? context.baseUrl.slice(0, -1) : context.baseUrl;
  context.notes?.push({
    code: 'relative-location',
    message: `${pointer}: ${JSON.stringify(location)} is a relative reference, where OCCI renderings write absolute paths or URLs: read as ${resolved}, against the service root ${base}/`,
    pointer,
    location: resolved,
  });
  return resolved;
}
