/**
 * Ids and locations (Core §5.4, HTTP §4): how a client's id becomes the
 * last segment of a location, when two ids are the same, where an entity
 * of a kind may live, and which paths can hold an entity at all.
 */
import type { TypeIdentifier } from '../category.js';
import { badRequest, type Problem } from '../errors.js';
import type { Model } from '../model.js';
import type { Caller } from '../provider.js';

/** An id longer than this could not be addressed (it becomes part of the location). */
export const MAX_ID_LENGTH = 1024;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An absolute URI (RFC 3986 §4.3): a scheme, then anything. */
export const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;

export function isAbsolutePath(s: string): boolean {
  return s.startsWith('/') && !s.startsWith('//');
}

/**
 * A client's id as the last segment of the entity's location, when it can
 * be one (`urn:uuid:<uuid>` gives the uuid, a plain token itself), so that
 * the entity is found where its id says (e.g. `/compute/<uuid>` for
 * `urn:uuid:<uuid>`, as rOCCI and the JSON rendering's examples expect).
 */
export function pathSegmentOf(id: string | undefined): string | undefined {
  if (id === undefined) return undefined;
  const uuid = /^urn:uuid:(.+)$/i.exec(id)?.[1];
  if (uuid !== undefined) return UUID.test(uuid) ? uuid.toLowerCase() : undefined;
  return /^[A-Za-z0-9][A-Za-z0-9._~-]*$/.test(id) ? id : undefined;
}

/** The same id: equal, or `urn:uuid:<uuid>` and the bare uuid (MartServer renders ids bare, rOCCI sends them so). */
export function sameId(a: string, b: string): boolean {
  if (a === b) return true;
  const bare = (id: string) => (/^urn:uuid:/i.test(id) ? id.slice('urn:uuid:'.length) : id).toLowerCase();
  return UUID.test(bare(a)) && bare(a) === bare(b);
}

/** The problem with a client's id, if any: too long to address, or not a URI (Core §5.4.1). */
export function idProblem(id: string | undefined): Problem | undefined {
  if (id === undefined) return undefined;
  if (id.length > MAX_ID_LENGTH)
    return {
      code: 'parse-error',
      message: `occi.core.id is ${id.length} characters long; at most ${MAX_ID_LENGTH} are accepted`,
      attribute: 'occi.core.id',
    };
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S+$|^[A-Za-z0-9][A-Za-z0-9._~-]*$/.test(id))
    return {
      code: 'parse-error',
      message: `occi.core.id "${id}" is not a valid URI`,
      attribute: 'occi.core.id',
    };
  return undefined;
}

/** The refusal of a changed id: occi.core.id is immutable (Core §5.4.1). */
export function changedIdProblem(given: string | undefined, stored: string): Problem | undefined {
  if (given === undefined || sameId(given, stored)) return undefined;
  return {
    code: 'immutable-attribute',
    message: `occi.core.id is immutable: it is ${stored}`,
    attribute: 'occi.core.id',
  };
}

/**
 * True for an id a client may have made up for a new entity: `urn:uuid:`
 * and a UUID. Given with a write to an existing entity, one that no entity
 * holds is what a JSON client writes in every complete rendering (the
 * schema requires an id, and a PUT may create or replace, HTTP §8.2) and
 * says nothing about the entity written (see `entity-writes.ts`).
 */
export function isUuidUrn(id: string | undefined): id is string {
  return id !== undefined && /^urn:uuid:/i.test(id) && UUID.test(id.slice('urn:uuid:'.length));
}

/** `location` names an entity directly below the collection location `home` (e.g. `/compute/x` below `/compute/`). */
export const isDirectlyBelow = (location: string, home: string) =>
  location.startsWith(home) && location.length > home.length && !location.slice(home.length).includes('/');

/** The location of a new entity of `kind` with the key `key` (HTTP §4: below the kind's location). */
export function newLocation(model: Model, kind: TypeIdentifier, key: string): string {
  const location = model.kind(kind)?.location;
  if (!location)
    throw badRequest('not-instantiable', `${kind} is not bound to a location and cannot be instantiated`, {
      category: kind,
    });
  return location + key;
}

/** Refuses a PUT location that cannot hold an entity: not absolute, a collection, or a reserved path. */
export function checkPutLocation(location: string): void {
  if (
    !isAbsolutePath(location) ||
    location.endsWith('/') ||
    /[?#\s]/.test(location) ||
    location.startsWith('/-/') ||
    location.startsWith('/.well-known/')
  )
    throw badRequest(
      'invalid-location',
      `cannot put an entity at ${location}: expected an absolute path that is not a collection`,
      { location },
    );
}

/** Whose view of the store a caller has: an administrator's, or one user's. */
export const callerKey = (caller: Caller) => (caller.admin ? '\u0000admin' : caller.user);
