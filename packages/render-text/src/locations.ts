/**
 * Locations, absolute or not (spec README erratum 11): X-OCCI-Location values
 * and text/uri-list entries are written as absolute URLs; locations inside
 * entity renderings as absolute paths. Parsers accept both and turn absolute
 * URLs under the base URL into paths.
 */

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
