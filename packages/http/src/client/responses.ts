/**
 * Reading what the server answered, with the rendering its Content-Type
 * names (HTTP §5.1): an entity (HTTP §8.1) with its version (the ETag), an
 * entity collection (HTTP §9.1), a category collection (HTTP §7.1, §8.4).
 */
import type {
  CategoryCollection,
  Entity,
  EntityCollectionResponse,
  Model,
  ParseContext,
  Payload,
  Rendering,
} from '@occi/core';
import { mediaTypeOf } from '../negotiation.js';
import { OcciClientError } from './client-error.js';
import { occiHeaderText } from './header-fields.js';
import { conventionalLocation, relativeToEndpoint } from './locations.js';
import type { CreateResult, ListResult } from './operations.js';
import type { Response } from './transport.js';

export function headerValue(headers: Payload['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** A response without a rendering (204, or no Content-Type and no body): HTTP §5.4 allows it. */
export function isEmpty(response: Response): boolean {
  return (
    response.status === 204 || (response.headers['content-type'] === undefined && response.body.trim() === '')
  );
}

function unquoteEtag(etag: string | undefined): string | undefined {
  if (etag === undefined) return undefined;
  const v = etag.trim().replace(/^W\//, '');
  return v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
}

/** The entity at `path`, with its version: the ETag of the response. */
function versioned(entity: Entity, response: Response, path: string): Entity {
  entity.location = path;
  const version = unquoteEtag(headerValue(response.headers, 'etag'));
  if (version !== undefined) entity.version = version;
  return entity;
}

/** Reads responses with the client's renderings, in the client's model, under its endpoint. */
export class ResponseReader {
  constructor(
    readonly renderings: readonly Rendering[],
    readonly endpoint: string,
  ) {}

  /** Reads a response with the rendering of its Content-Type; `what` names the message in errors. */
  read<T>(
    response: Response,
    model: Model,
    what: string,
    read: (r: Rendering, p: Payload, c: ParseContext) => T,
  ): T {
    const type = mediaTypeOf(headerValue(response.headers, 'content-type'));
    const rendering =
      type !== undefined ? this.renderings.find((r) => r.mediaTypes.includes(type)) : undefined;
    const details = { method: response.method, url: response.url, status: response.status };
    if (!rendering)
      throw new OcciClientError(
        'not-acceptable',
        [
          {
            code: 'other',
            message: `the server answered ${type ?? 'without a Content-Type'}, which none of the client's renderings reads`,
          },
        ],
        details,
      );
    try {
      return read(
        rendering,
        { headers: occiHeaderText(response.headers), body: response.body },
        { model, baseUrl: this.endpoint },
      );
    } catch (error) {
      throw new OcciClientError(
        'internal',
        [
          {
            code: 'parse-error',
            message: `the ${what} the server answered (${type}) cannot be read: ${error instanceof Error ? error.message : String(error)}`,
          },
        ],
        details,
        { cause: error },
      );
    }
  }

  /** An entity (HTTP §8.1) at `path`, with its version (the ETag) and the actions the rendering lists. */
  entity(response: Response, path: string, model: Model): Entity {
    const entity = this.read(response, model, 'entity rendering', (r, p, c) => r.readEntity(p, c));
    return versioned(entity, response, path);
  }

  /**
   * Reads like `read`, but a body that is no rendering — none (HTTP §5.4
   * allows it), one of a Content-Type none of the renderings reads, or one
   * its rendering cannot read (an OCCI 1.1 server answers `OK`) — is
   * undefined: on a 2xx the status says what happened (HTTP §8, §9).
   */
  readIfAny<T>(
    response: Response,
    model: Model,
    what: string,
    read: (r: Rendering, p: Payload, c: ParseContext) => T,
  ): T | undefined {
    if (isEmpty(response)) return undefined;
    try {
      return this.read(response, model, what, read);
    } catch (error) {
      if (error instanceof OcciClientError) return undefined;
      throw error;
    }
  }

  /** The entity a write answered (HTTP §8.2, §8.3.1), if its body is an entity rendering. */
  maybeEntity(response: Response, path: string, model: Model): Entity | undefined {
    const entity = this.readIfAny(response, model, 'entity rendering', (r, p, c) => r.readEntity(p, c));
    return entity && versioned(entity, response, path);
  }

  /**
   * An entity collection (HTTP §9.1): the locations it lists, and the
   * entities it carries — located where they say, else by the convention
   * of `conventionalLocation`. `size` counts both.
   */
  collection(response: Response, model: Model): ListResult & { size: number } {
    if (isEmpty(response)) return { locations: [], entities: [], size: 0 };
    const message = this.read(response, model, 'entity collection', (r, p, c) =>
      r.readEntityCollection(p, c),
    );
    return this.#located(message, model);
  }

  /** An entity collection a write answered (HTTP §9.2, §9.3, §9.4), if its body is one. */
  maybeCollection(response: Response, model: Model): (ListResult & { size: number }) | undefined {
    const message = this.readIfAny(response, model, 'entity collection', (r, p, c) =>
      r.readEntityCollection(p, c),
    );
    return message && this.#located(message, model);
  }

  /**
   * What a create answered (HTTP §9.3.1): `201 Created` with the location
   * of the entity (the `Location` header, or a location list), or `200 OK`
   * with an entity or collection rendering. A body that is no rendering
   * beside a `Location` (an OCCI 1.1 server's `OK`) is success all the
   * same: the entity is read from its location when it is needed.
   */
  created(response: Response, model: Model): CreateResult {
    const listed = this.maybeCollection(response, model);
    const header = headerValue(response.headers, 'location');
    const location =
      (header !== undefined && header.trim() !== ''
        ? relativeToEndpoint(header.trim(), this.endpoint)
        : undefined) ?? listed?.locations[0];
    const entity = listed?.entities[0];
    if (location === undefined)
      throw new OcciClientError(
        'internal',
        [
          {
            code: 'other',
            message: listed
              ? 'the server created the entity but said neither where nor which'
              : `the server answered ${response.status} to the create with neither a Location nor an entity rendering`,
          },
        ],
        { method: response.method, url: response.url, status: response.status },
      );
    if (entity) entity.location = location;
    return entity ? { location, entity } : { location };
  }

  #located(message: EntityCollectionResponse, model: Model): ListResult & { size: number } {
    const entities = message.entities;
    for (const entity of entities) {
      const location =
        entity.location !== undefined
          ? relativeToEndpoint(entity.location, this.endpoint)
          : conventionalLocation(entity, model);
      if (location !== undefined) entity.location = location;
    }
    const locations = [
      ...message.locations.map((l) => relativeToEndpoint(l, this.endpoint)),
      ...entities.flatMap((e) => (e.location !== undefined ? [e.location] : [])),
    ];
    return { locations, entities, size: message.locations.length + entities.length };
  }

  /**
   * The categories of a response, when it is a non-empty category
   * collection (an action that created some, HTTP §8.4); undefined for
   * anything else the rendering does not read as one.
   */
  maybeCategories(response: Response, model: Model): CategoryCollection | undefined {
    let categories: CategoryCollection;
    try {
      categories = this.read(response, model, 'category collection', (r, p, c) => r.readCategories(p, c));
    } catch {
      return undefined;
    }
    const count = categories.kinds.length + categories.mixins.length + categories.actions.length;
    return count > 0 ? categories : undefined;
  }
}
