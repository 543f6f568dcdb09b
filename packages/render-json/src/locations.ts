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
