/**
 * Locations on the client side (spec README erratum 11): servers write
 * absolute URLs in `Location`, `X-OCCI-Location` and text/uri-list, and
 * absolute paths elsewhere; the client works with paths relative to its
 * endpoint, which it resolves against the endpoint again to send requests.
 */
import type { Entity, Model } from '@occi/core';
import { OcciError } from '@occi/core';

const ABSOLUTE_URL = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** The path, relative to the endpoint `base`, of an absolute URL under it; a path is returned unchanged. */
export function relativeToEndpoint(uri: string, base: string): string {
  if (!ABSOLUTE_URL.test(uri)) return uri;
  if (uri.length >= base.length && uri.slice(0, base.length).toLowerCase() === base.toLowerCase()) {
    const rest = uri.slice(base.length);
    if (rest === '') return '/';
    if (rest[0] === '/') return rest;
    if (rest[0] === '?' || rest[0] === '#') return `/${rest}`;
  }
  return uri;
}

/** A location the client can request: an absolute path, or an absolute URL under the endpoint. */
export function requestPath(location: string, base: string): string {
  const path = relativeToEndpoint(location.trim(), base);
  if (ABSOLUTE_URL.test(path))
    throw new OcciError('bad-request', {
      code: 'invalid-location',
      message: `${location} is not under the endpoint ${base}; this client only talks to its endpoint`,
      location,
    });
  if (!path.startsWith('/') || /[\s#]/.test(path))
    throw new OcciError('bad-request', {
      code: 'invalid-location',
      message: `"${location}" is not a location: expected an absolute path such as /compute/123 or a URL under ${base}`,
      location,
    });
  return path;
}

const UUID_URN = /^urn:uuid:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/**
 * The location of an entity the JSON rendering lists without one (GFD.225
 * entity collections carry ids, not locations): by the convention of the
 * reference provider, the location of the entity's kind followed by the
 * UUID of a `urn:uuid:` id. Undefined when the id is not such a URN or the
 * kind has no location.
 */
export function conventionalLocation(entity: Pick<Entity, 'id' | 'kind'>, model: Model): string | undefined {
  const uuid = UUID_URN.exec(entity.id)?.[1];
  const kindLocation = model.kind(entity.kind)?.location;
  return uuid !== undefined && kindLocation !== undefined ? kindLocation + uuid : undefined;
}

/**
 * The id a replace (PUT) sends when the draft has none: `urn:uuid:` and the
 * location's last segment when that is a UUID — the id the entity at that
 * location has by the reference provider's convention — so that the JSON
 * rendering, which requires an id, does not make one up that disagrees with
 * the entity being replaced. Nothing otherwise (a fresh id is made then).
 */
export function idOfLocation(path: string): { id?: string } {
  const last = path.replace(/\/+$/, '').split('/').at(-1) ?? '';
  const id = `urn:uuid:${last}`;
  return UUID_URN.test(id) ? { id } : {};
}
