/**
 * An OCCI client over the HTTP Protocol (GFD.223), on undici: discovery of
 * the model through the query interface (HTTP §7), then every operation on
 * entities (HTTP §8) and collections (HTTP §9) by type identifier or
 * location — collection paths always come from discovery (HTTP §4).
 */

import type {
  Attributes,
  Category,
  CategoryCollection,
  Entity,
  EntityCollectionMessage,
  Mixin,
  ParseContext,
  Payload,
  Rendering,
  TypeIdentifier,
} from '@occi/core';
import { Model, OcciError, splitTypeIdentifier, typeIdentifier } from '@occi/core';
import { occiHeaderText } from '../header-text.js';
import { mediaTypeOf } from '../negotiation.js';
import { OcciClientError } from './client-error.js';
import { conventionalLocation, relativeToEndpoint, requestPath } from './locations.js';
import type { OcciClientOptions, WireFormat } from './options.js';
import {
  asHeaders,
  type EntityInput,
  entityFields,
  entityObject,
  filterFields,
  invocationFields,
  jsonPayload,
  locationFields,
  type MixinDefinitionRequest,
  mixinFields,
  mixinObject,
  mixinReferenceFields,
  type RequestPayload,
  textPayload,
} from './request-messages.js';
import {
  authorizationOf,
  DEFAULT_MAX_HEADER_SIZE,
  type Request,
  type Response,
  Transport,
  userAgentOf,
} from './transport.js';

/** The media type of each wire format. */
export const WIRE_MEDIA_TYPES: Readonly<Record<WireFormat, string>> = {
  json: 'application/occi+json',
  plain: 'text/plain',
  occi: 'text/occi',
};

/** The query interface paths of HTTP §7 (the second one for discovery only when the first is not there). */
const QUERY_INTERFACE = '/-/';
const WELL_KNOWN_QUERY_INTERFACE = '/.well-known/org/ogf/occi/-/';

const BOOTSTRAP_MODEL = Model.fromCategories([]);

export interface ListOptions {
  /** HTTP §6.2: only entities of all these kinds or mixins, with these attribute values. */
  filter?: { categories?: readonly TypeIdentifier[]; attributes?: Attributes };
  /** HTTP §5: the page to get, counting from 1. */
  page?: number;
  /** HTTP §5: entities per page. With `all`, the page size (default: the client's `pageSize`). */
  number?: number;
  /** Follow the pages until an empty one (HTTP §5). */
  all?: boolean;
  /** Text renderings list locations only: also get each entity. */
  details?: boolean;
}

export interface ListResult {
  /** Locations of the entities, relative to the endpoint. */
  locations: string[];
  /** The entities: rendered by JSON; with text renderings, only when `details` was asked. */
  entities: Entity[];
}

export interface CreateResult {
  /** Where the entity was created (the `Location` header, HTTP §9.3.1). */
  location: string;
  /** The entity, when the rendering carries it (JSON). */
  entity?: Entity;
}

export interface PutResult {
  entity: Entity;
  /** True when the PUT created the entity (201), false when it replaced one (200). */
  created: boolean;
}

export interface InvokeResult {
  /** The entity acted on (an action on an entity, HTTP §8.4). */
  entity?: Entity;
  /** The entities acted on (an action on a collection rendered in JSON, HTTP §9.4). */
  entities?: Entity[];
  /** Their locations (an action on a collection). */
  locations?: string[];
  /** Categories the action created, e.g. the OS template `save` makes (HTTP §8.4). */
  categories?: Category[];
}

export interface WriteOptions {
  /** The version the entity must still have (`If-Match`, RFC 9110 §13.1.1), e.g. `entity.version`. */
  ifMatch?: string;
}

/** An entity to refer to: its location, or the entity itself (as `get` or `list` returned it). */
export type EntityReference = string | Pick<Entity, 'id' | 'kind' | 'location'>;

interface State {
  model: Model;
  format: WireFormat;
  queryInterface: string;
}

function isTypeIdentifier(target: string): boolean {
  return !target.startsWith('/') && !/^[a-z][a-z0-9+.-]*:\/\/[^#]*$/i.test(target) && target.includes('#');
}

function headerValue(headers: Payload['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** A response without a rendering (204, or no Content-Type and no body): HTTP §5.4 allows it. */
function isEmpty(response: Response): boolean {
  return (
    response.status === 204 || (response.headers['content-type'] === undefined && response.body.trim() === '')
  );
}

function unquoteEtag(etag: string | undefined): string | undefined {
  if (etag === undefined) return undefined;
  const v = etag.trim().replace(/^W\//, '');
  return v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
}

/** Runs `f` over `items`, at most `limit` at a time, keeping the order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export class OcciClient {
  /** The endpoint, without a trailing slash. */
  readonly endpoint: string;
  /** The User-Agent sent with every request (ends with `OCCI/1.2`, HTTP §5.3). */
  readonly userAgent: string;
  readonly #transport: Transport;
  readonly #renderings: readonly Rendering[];
  readonly #requested: WireFormat | undefined;
  readonly #pageSize: number;
  #state: Promise<State> | undefined;

  constructor(options: OcciClientOptions) {
    if (!options || typeof options !== 'object')
      throw new OcciError('bad-request', { code: 'other', message: 'OcciClient needs options' });
    if (!Array.isArray(options.renderings) || options.renderings.length === 0)
      throw new OcciError('bad-request', {
        code: 'other',
        message: 'OcciClient needs at least one rendering (e.g. jsonRendering, textPlain)',
      });
    this.#renderings = options.renderings;
    if (options.rendering !== undefined) {
      if (!Object.hasOwn(WIRE_MEDIA_TYPES, options.rendering))
        throw new OcciError('bad-request', {
          code: 'other',
          message: `rendering "${options.rendering}" is not one of json, plain, occi`,
        });
      if (!this.#rendering(options.rendering))
        throw new OcciError('bad-request', {
          code: 'other',
          message: `rendering "${options.rendering}" needs a rendering of ${WIRE_MEDIA_TYPES[options.rendering]} in the renderings option`,
        });
      this.#requested = options.rendering;
    }
    if (!(['json', 'plain', 'occi'] as const).some((f) => this.#rendering(f)))
      throw new OcciError('bad-request', {
        code: 'other',
        message: 'none of the renderings reads application/occi+json, text/plain or text/occi',
      });
    const pageSize = options.pageSize ?? 100;
    if (!Number.isInteger(pageSize) || pageSize < 1)
      throw new OcciError('bad-request', {
        code: 'invalid-pagination',
        message: `pageSize ${pageSize} must be a positive integer`,
      });
    this.#pageSize = pageSize;
    this.userAgent = userAgentOf(options.userAgent);
    this.#transport = new Transport({
      endpoint: options.endpoint,
      userAgent: this.userAgent,
      authorization: authorizationOf(options.auth),
      timeoutMs: options.timeoutMs,
      maxHeaderSize: options.maxHeaderSize ?? DEFAULT_MAX_HEADER_SIZE,
    });
    this.endpoint = this.#transport.base;
  }

  // ------------------------------------------------------------ discovery

  /** The model the server offers (HTTP §7.1), discovered once and cached. */
  async discover(): Promise<Model> {
    return (await this.#ready()).model;
  }

  /** Discovers the model again (after another client changed user mixins, for instance). */
  async refresh(): Promise<Model> {
    this.#state = undefined;
    return this.discover();
  }

  /** The wire format in use: the requested one, or the one chosen at discovery. */
  async wireFormat(): Promise<WireFormat> {
    return (await this.#ready()).format;
  }

  /** The collection location of a kind or mixin, from discovery (HTTP §4). */
  async locationOf(typeId: TypeIdentifier): Promise<string> {
    return this.#locationOf((await this.#ready()).model, typeId);
  }

  // ------------------------------------------------------------ entities

  /** Lists a collection (HTTP §9.1): a kind or mixin by type identifier, or a location (bound or not). */
  async list(target: TypeIdentifier | string, options: ListOptions = {}): Promise<ListResult> {
    const state = await this.#ready();
    const path = this.#collectionPath(state.model, target);
    const headers = {
      accept: WIRE_MEDIA_TYPES[state.format],
      ...this.#filterHeaders(state.model, options.filter),
    };
    const pageOf = async (page: number | undefined, number: number | undefined) => {
      const query = new URLSearchParams();
      if (page !== undefined) query.set('page', String(page));
      if (number !== undefined) query.set('number', String(number));
      const q = query.toString();
      const response = await this.#transport.send({
        method: 'GET',
        path: q ? `${path}?${q}` : path,
        headers,
      });
      return this.#collection(response, state.model);
    };
    for (const [name, value] of [
      ['page', options.page],
      ['number', options.number],
    ] as const)
      if (value !== undefined && (!Number.isInteger(value) || value < 1))
        throw new OcciError('bad-request', {
          code: 'invalid-pagination',
          message: `${name} ${value} must be a positive integer (pages count from 1)`,
        });
    let result: ListResult;
    if (options.all) {
      const number = options.number ?? this.#pageSize;
      result = { locations: [], entities: [] };
      for (let page = options.page ?? 1; ; page++) {
        const one = await pageOf(page, number);
        result.locations.push(...one.locations);
        result.entities.push(...one.entities);
        // HTTP §5: past the last page the server answers an empty collection. A server
        // that ignores pagination answers more than a page: that is everything.
        if (one.size === 0 || one.size > number) break;
      }
    } else {
      result = await pageOf(options.page, options.number);
    }
    if (options.details && result.entities.length < result.locations.length)
      result.entities = await mapLimit(result.locations, 8, (l) => this.get(l));
    return { locations: result.locations, entities: result.entities };
  }

  /** Gets an entity (HTTP §8.1), its `version` from the ETag. */
  async get(location: string): Promise<Entity> {
    const state = await this.#ready();
    const path = requestPath(location, this.endpoint);
    const response = await this.#transport.send({
      method: 'GET',
      path,
      headers: { accept: WIRE_MEDIA_TYPES[state.format] },
    });
    return this.#entity(response, path, state.model);
  }

  /** Creates an entity in the collection of its kind (HTTP §9.3.1). */
  async create(draft: EntityInput): Promise<CreateResult> {
    const state = await this.#ready();
    if (!draft?.kind)
      throw new OcciError('bad-request', {
        code: 'missing-kind',
        message: 'the entity to create names no kind (Core §5.3.6: a client MUST supply it)',
      });
    const kind = state.model.kind(draft.kind);
    if (!kind) throw this.#unknown(state.model, draft.kind, 'a kind');
    const path = this.#locationOf(state.model, draft.kind);
    const response = await this.#transport.send({
      method: 'POST',
      path,
      ...this.#withAccept(state, this.#entityPayload(state, draft)),
    });
    const collection = this.#collection(response, state.model);
    const header = headerValue(response.headers, 'location');
    const location =
      (header !== undefined ? relativeToEndpoint(header.trim(), this.endpoint) : undefined) ??
      collection.locations[0];
    const entity = collection.entities[0];
    if (location === undefined)
      throw new OcciClientError(
        'internal',
        [{ code: 'other', message: 'the server created the entity but said neither where nor which' }],
        { method: response.method, url: response.url, status: response.status },
      );
    if (entity) entity.location = location;
    return entity ? { location, entity } : { location };
  }

  /** Creates or replaces the entity at `location` (HTTP §8.2). */
  async replace(location: string, draft: EntityInput, options: WriteOptions = {}): Promise<PutResult> {
    const state = await this.#ready();
    const path = requestPath(location, this.endpoint);
    const response = await this.#transport.send({
      method: 'PUT',
      path,
      ...this.#withAccept(state, this.#entityPayload(state, draft), options),
    });
    const entity = isEmpty(response) ? await this.get(path) : this.#entity(response, path, state.model);
    return { entity, created: response.status === 201 };
  }

  /** Partial update (HTTP §8.3.1): the given attributes and mixins are added or changed. */
  async update(location: string, partial: EntityInput, options: WriteOptions = {}): Promise<Entity> {
    const state = await this.#ready();
    const path = requestPath(location, this.endpoint);
    const response = await this.#transport.send({
      method: 'POST',
      path,
      ...this.#withAccept(state, this.#entityPayload(state, partial), options),
    });
    return isEmpty(response) ? this.get(path) : this.#entity(response, path, state.model);
  }

  /** Deletes an entity (HTTP §8.5). */
  async delete(location: string, options: WriteOptions = {}): Promise<void> {
    const state = await this.#ready();
    const path = requestPath(location, this.endpoint);
    await this.#transport.send({
      method: 'DELETE',
      path,
      ...this.#withAccept(state, { headers: {} }, options),
    });
  }

  /** Deletes every entity of a kind's collection the caller may delete (HTTP §9.5.1). */
  async deleteAll(kind: TypeIdentifier | string): Promise<void> {
    const state = await this.#ready();
    const path = this.#collectionPath(state.model, kind);
    // HTTP §9.5.2: DELETE on a mixin collection dissociates; that is `dissociate`.
    if (state.model.byLocation(path)?.class === 'mixin')
      throw new OcciError('bad-request', {
        code: 'wrong-category-class',
        message: `${path} is the collection of a mixin; DELETE there dissociates entities: use dissociate()`,
        location: path,
      });
    await this.#transport.send({
      method: 'DELETE',
      path,
      headers: { accept: WIRE_MEDIA_TYPES[state.format] },
    });
  }

  // ------------------------------------------------------------ actions

  /**
   * Invokes an action (HTTP §8.4) on an entity, or on every entity of a
   * collection (HTTP §9.4) named by location or by kind or mixin.
   */
  async invoke(
    target: TypeIdentifier | string,
    actionId: TypeIdentifier,
    parameters: Attributes = {},
  ): Promise<InvokeResult> {
    const state = await this.#ready();
    const action = state.model.action(actionId);
    if (!action) throw this.#unknown(state.model, actionId, 'an action');
    const path = isTypeIdentifier(target)
      ? this.#locationOf(state.model, target)
      : requestPath(target, this.endpoint);
    const payload: RequestPayload =
      state.format === 'json'
        ? jsonPayload({ action: actionId, attributes: parameters })
        : textPayload(state.format, invocationFields(actionId, parameters, state.format === 'occi'));
    const response = await this.#transport.send({
      method: 'POST',
      path: `${path}?action=${encodeURIComponent(action.term)}`,
      ...this.#withAccept(state, payload),
    });
    // HTTP §8.4: the response MAY carry the entity (erratum 8); without one there is nothing to return.
    if (isEmpty(response)) return {};
    const categories = this.#maybeCategories(response);
    if (categories) {
      // The model changed (e.g. a saved OS template): discover it again next time.
      this.#state = undefined;
      return { categories: [...categories.kinds, ...categories.mixins, ...categories.actions] };
    }
    if (path.endsWith('/')) {
      const collection = this.#collection(response, state.model);
      return collection.entities.length > 0 || state.format === 'json'
        ? { entities: collection.entities, locations: collection.locations }
        : { locations: collection.locations };
    }
    return { entity: this.#entity(response, path, state.model) };
  }

  // ------------------------------------------------------------ mixins

  /** Associates entities with a mixin (HTTP §9.3.2); returns the mixin's collection. */
  async associate(mixinId: TypeIdentifier, entities: readonly EntityReference[]): Promise<ListResult> {
    return this.#membership('POST', mixinId, entities);
  }

  /** Dissociates the given entities from a mixin, or all of them (HTTP §9.5.2); returns what remains. */
  async dissociate(mixinId: TypeIdentifier, entities?: readonly EntityReference[]): Promise<ListResult> {
    return this.#membership('DELETE', mixinId, entities);
  }

  /** Makes a mixin's collection exactly the given entities (HTTP §9.2). */
  async setMembership(mixinId: TypeIdentifier, entities: readonly EntityReference[]): Promise<ListResult> {
    return this.#membership('PUT', mixinId, entities);
  }

  /** Defines a user mixin through the query interface (HTTP §7.3); returns it as the server has it. */
  async defineMixin(definition: MixinDefinitionRequest): Promise<Mixin> {
    const state = await this.#ready();
    let format = state.format;
    if (format !== 'json' && (definition.applies?.length ?? 0) > 0) {
      // GFD.229 §5.2: a text Category value has no `applies`; JSON has.
      if (!this.#rendering('json'))
        throw new OcciError('bad-request', {
          code: 'other',
          message: `mixin ${definition.scheme}${definition.term}: "applies" cannot travel in text renderings (GFD.229 §5.2); give the client the JSON rendering`,
          category: definition.scheme + definition.term,
        });
      format = 'json';
    }
    const payload =
      format === 'json'
        ? jsonPayload({ mixins: [mixinObject(definition)] })
        : textPayload(format, mixinFields(definition, format === 'occi'));
    const response = await this.#transport.send({
      method: 'POST',
      path: state.queryInterface,
      headers: { accept: WIRE_MEDIA_TYPES[format], ...payload.headers },
      ...(payload.body !== undefined ? { body: payload.body } : {}),
    });
    this.#state = undefined;
    const id = definition.scheme + definition.term;
    const categories = this.#read(response, BOOTSTRAP_MODEL, 'category collection', (r, p, c) =>
      r.parseCategories(p, c),
    );
    const mixin = categories.mixins.find((m) => typeIdentifier(m) === id);
    if (mixin?.class !== 'mixin')
      throw new OcciClientError(
        'internal',
        [
          {
            code: 'other',
            message: `the server accepted mixin ${id} but did not answer with it`,
            category: id,
          },
        ],
        { method: response.method, url: response.url, status: response.status },
      );
    return mixin;
  }

  /** Removes a user mixin (HTTP §7.4). */
  async removeMixin(mixinId: TypeIdentifier): Promise<void> {
    const state = await this.#ready();
    const split = splitTypeIdentifier(mixinId);
    if (!split)
      throw new OcciError('bad-request', {
        code: 'parse-error',
        message: `"${mixinId}" is not a type identifier (scheme#term)`,
        category: mixinId,
      });
    const payload =
      state.format === 'json'
        ? jsonPayload({ mixins: [{ scheme: split.scheme, term: split.term }] })
        : textPayload(state.format, mixinReferenceFields([mixinId]));
    await this.#transport.send({
      method: 'DELETE',
      path: state.queryInterface,
      ...this.#withAccept(state, payload),
    });
    this.#state = undefined;
  }

  /** Closes the connections. */
  async close(): Promise<void> {
    await this.#transport.close();
  }

  // ------------------------------------------------------------ internals

  #rendering(format: WireFormat): Rendering | undefined {
    const type = WIRE_MEDIA_TYPES[format];
    return this.#renderings.find((r) => r.mediaTypes.includes(type) && r.renders.includes('entity'));
  }

  #ready(): Promise<State> {
    if (!this.#state) {
      const discovery = this.#discover();
      this.#state = discovery;
      discovery.catch(() => {
        if (this.#state === discovery) this.#state = undefined;
      });
    }
    return this.#state;
  }

  async #discover(): Promise<State> {
    const hasJson = this.#rendering('json') !== undefined;
    const hasPlain = this.#rendering('plain') !== undefined;
    // Discovery in JSON when offered (it is complete); text/plain otherwise (erratum 4: lossy),
    // text/occi last (the model rarely fits in header fields).
    const ranges: string[] = [];
    if (hasJson) ranges.push(WIRE_MEDIA_TYPES.json);
    if (hasPlain) ranges.push(hasJson ? 'text/plain;q=0.5' : 'text/plain');
    if (this.#rendering('occi')) ranges.push(ranges.length > 0 ? 'text/occi;q=0.1' : 'text/occi');
    const request = (path: string): Request => ({
      method: 'GET',
      path,
      headers: { accept: ranges.join(', ') },
    });
    let queryInterface = QUERY_INTERFACE;
    let response: Response;
    try {
      response = await this.#transport.send(request(queryInterface));
    } catch (error) {
      if (!(error instanceof OcciClientError) || error.status !== 404) throw error;
      queryInterface = WELL_KNOWN_QUERY_INTERFACE;
      response = await this.#transport.send(request(queryInterface));
    }
    const categories = this.#read(response, BOOTSTRAP_MODEL, 'query interface', (r, p, c) =>
      r.parseCategories(p, c),
    );
    const model = Model.fromCategories([...categories.kinds, ...categories.mixins, ...categories.actions]);
    // HTTP §5.2: the server lists the media types it supports in Accept.
    const accept = headerValue(response.headers, 'accept');
    const answered = mediaTypeOf(headerValue(response.headers, 'content-type'));
    const offered = new Set(
      accept !== undefined
        ? accept
            .split(',')
            .map((t) => mediaTypeOf(t))
            .filter((t): t is string => t !== undefined)
        : answered !== undefined
          ? [answered]
          : [],
    );
    let format = this.#requested;
    if (format !== undefined) {
      if (accept !== undefined && !offered.has(WIRE_MEDIA_TYPES[format]))
        throw new OcciClientError(
          'not-acceptable',
          [
            {
              code: 'other',
              message: `the server does not offer ${WIRE_MEDIA_TYPES[format]} (it offers ${[...offered].join(', ')})`,
            },
          ],
          { method: response.method, url: response.url, status: response.status },
        );
    } else {
      format = (['json', 'plain', 'occi'] as const).find(
        (f) => this.#rendering(f) && offered.has(WIRE_MEDIA_TYPES[f]),
      );
      if (format === undefined)
        throw new OcciClientError(
          'not-acceptable',
          [
            {
              code: 'other',
              message: `the server offers ${[...offered].join(', ') || 'no media type'}; this client reads ${this.#renderings.flatMap((r) => r.mediaTypes).join(', ')}`,
            },
          ],
          { method: response.method, url: response.url, status: response.status },
        );
    }
    return { model, format, queryInterface };
  }

  #unknown(model: Model, id: TypeIdentifier, expected: string | undefined): OcciError {
    const known = model.get(id);
    if (known && expected)
      return new OcciError('bad-request', {
        code: 'wrong-category-class',
        message: `${id} is ${known.class === 'action' ? 'an' : 'a'} ${known.class}, not ${expected}`,
        category: id,
      });
    return new OcciError('not-found', {
      code: 'unknown-category',
      message: `the server's model has no category ${id}${expected ? ` (expected ${expected})` : ''}`,
      category: id,
    });
  }

  #locationOf(model: Model, typeId: TypeIdentifier): string {
    const category = model.get(typeId);
    if (!category) throw this.#unknown(model, typeId, undefined);
    if (category.class === 'action')
      throw new OcciError('bad-request', {
        code: 'wrong-category-class',
        message: `${typeId} is an action; only kinds and mixins have collections`,
        category: typeId,
      });
    if (category.location === undefined)
      throw new OcciError('not-found', {
        code: 'invalid-location',
        message: `${typeId} is not bound to a location on this server (HTTP §4: it cannot be instantiated)`,
        category: typeId,
      });
    return category.location;
  }

  #collectionPath(model: Model, target: TypeIdentifier | string): string {
    if (typeof target !== 'string')
      throw new OcciError('bad-request', {
        code: 'other',
        message: 'a collection is named by a kind or mixin type identifier, or a location',
      });
    return isTypeIdentifier(target) ? this.#locationOf(model, target) : requestPath(target, this.endpoint);
  }

  /** Filters travel as a text/occi rendering in header fields (HTTP §6.2), whatever the wire format. */
  #filterHeaders(model: Model, filter: ListOptions['filter']): Record<string, string> {
    if (!filter) return {};
    const categories = (filter.categories ?? []).map((id) => {
      const c = model.get(id);
      if (!c || c.class === 'action') throw this.#unknown(model, id, c ? 'a kind or mixin' : undefined);
      return { id, class: c.class };
    });
    return asHeaders(filterFields(categories, filter.attributes ?? {}));
  }

  #entityPayload(state: State, draft: EntityInput): RequestPayload {
    if (!draft || typeof draft !== 'object')
      throw new OcciError('bad-request', {
        code: 'parse-error',
        message: 'the entity draft is not an object',
      });
    const isLink =
      (draft.source !== undefined && draft.target !== undefined) ||
      (draft.kind !== undefined &&
        state.model.kind(draft.kind) !== undefined &&
        state.model.isLinkKind(draft.kind));
    if (state.format === 'json') return jsonPayload(entityObject(draft, isLink));
    return textPayload(state.format, entityFields(draft, isLink, state.format === 'occi'));
  }

  #withAccept(
    state: State,
    payload: RequestPayload,
    options: WriteOptions = {},
  ): Pick<Request, 'headers' | 'body'> {
    const headers: Record<string, string> = { accept: WIRE_MEDIA_TYPES[state.format], ...payload.headers };
    if (options.ifMatch !== undefined)
      headers['if-match'] = options.ifMatch === '*' ? '*' : `"${options.ifMatch}"`;
    return payload.body !== undefined ? { headers, body: payload.body } : { headers };
  }

  /** Reads a response with the rendering of its Content-Type. */
  #read<T>(
    response: Response,
    model: Model,
    what: string,
    read: (r: Rendering, p: Payload, c: ParseContext) => T,
  ): T {
    const type = mediaTypeOf(headerValue(response.headers, 'content-type'));
    const rendering =
      type !== undefined ? this.#renderings.find((r) => r.mediaTypes.includes(type)) : undefined;
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

  /** An entity rendering (HTTP §8.1) as an Entity at `path`, with its version and applicable actions. */
  #entity(response: Response, path: string, model: Model): Entity {
    const draft = this.#read(response, model, 'entity rendering', (r, p, c) => r.parseEntity(p, c));
    if (draft.id === undefined || draft.kind === undefined)
      throw new OcciClientError(
        'internal',
        [
          {
            code: 'parse-error',
            message: `the entity rendering of ${path} has no ${draft.id === undefined ? 'id' : 'kind'}`,
          },
        ],
        { method: response.method, url: response.url, status: response.status },
      );
    const entity = { ...draft, mixins: draft.mixins ?? [], attributes: draft.attributes ?? {} } as Entity;
    entity.location = path;
    const version = unquoteEtag(headerValue(response.headers, 'etag'));
    if (version !== undefined) entity.version = version;
    const actions = this.#actionsOf(response);
    if (actions !== undefined) entity.actions = actions;
    return entity;
  }

  /** The actions an entity rendering says are applicable (JSON `actions`, text ActionLinks, GFD.229 §4.2). */
  #actionsOf(response: Response): TypeIdentifier[] | undefined {
    const type = mediaTypeOf(headerValue(response.headers, 'content-type'));
    if (type?.includes('json')) {
      try {
        const actions = (JSON.parse(response.body) as { actions?: unknown }).actions;
        return Array.isArray(actions) ? actions.filter((a): a is string => typeof a === 'string') : undefined;
      } catch {
        return undefined;
      }
    }
    const links =
      type === 'text/occi'
        ? (headerValue(response.headers, 'link') ?? '')
        : response.body
            .split(/\r?\n/)
            .filter((l) => /^link\s*:/i.test(l))
            .join(', ');
    const actions: TypeIdentifier[] = [];
    for (const m of links.matchAll(/<[^>]*\?action=[^>]*>\s*;\s*rel="([^"]+)"/g)) actions.push(m[1]!);
    return actions;
  }

  /** An entity collection (HTTP §9.1): JSON entities (with conventional locations) or text locations. */
  #collection(response: Response, model: Model): ListResult & { size: number } {
    if (isEmpty(response)) return { locations: [], entities: [], size: 0 };
    const message: EntityCollectionMessage = this.#read(response, model, 'entity collection', (r, p, c) =>
      r.parseEntityCollection(p, c),
    );
    const entities: Entity[] = [];
    for (const draft of message.entities) {
      if (draft.id === undefined || draft.kind === undefined) continue;
      const entity = { ...draft, mixins: draft.mixins ?? [], attributes: draft.attributes ?? {} } as Entity;
      const location = conventionalLocation(entity, model);
      if (location !== undefined) entity.location = location;
      entities.push(entity);
    }
    const locations = [
      ...message.locations.map((l) => relativeToEndpoint(l, this.endpoint)),
      ...entities.flatMap((e) => (e.location !== undefined ? [e.location] : [])),
    ];
    return { locations, entities, size: message.locations.length + message.entities.length };
  }

  /** The categories of a response, when it is a category collection (an action that created some). */
  #maybeCategories(response: Response): CategoryCollection | undefined {
    const type = mediaTypeOf(headerValue(response.headers, 'content-type'));
    if (type?.includes('json')) {
      let value: unknown;
      try {
        value = JSON.parse(response.body);
      } catch {
        return undefined;
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
      if ('kind' in value || 'resources' in value || 'links' in value) return undefined;
    }
    let categories: CategoryCollection;
    try {
      categories = this.#read(response, BOOTSTRAP_MODEL, 'category collection', (r, p, c) =>
        r.parseCategories(p, c),
      );
    } catch {
      return undefined;
    }
    const count = categories.kinds.length + categories.mixins.length + categories.actions.length;
    return count > 0 ? categories : undefined;
  }

  async #membership(
    method: 'POST' | 'PUT' | 'DELETE',
    mixinId: TypeIdentifier,
    entities: readonly EntityReference[] | undefined,
  ): Promise<ListResult> {
    const state = await this.#ready();
    const mixin = state.model.get(mixinId);
    if (mixin?.class !== 'mixin') throw this.#unknown(state.model, mixinId, 'a mixin');
    const path = this.#locationOf(state.model, mixinId);
    if (entities !== undefined && !Array.isArray(entities))
      throw new OcciError('bad-request', {
        code: 'other',
        message: 'entities must be an array of locations or entities',
      });
    let payload: RequestPayload = { headers: {} };
    if (entities !== undefined) {
      if (state.format === 'json') {
        payload = jsonPayload(await this.#jsonReferences(state.model, entities));
      } else {
        const urls = entities.map((e) =>
          this.#transport.url(requestPath(this.#referenceLocation(state.model, e), this.endpoint)),
        );
        payload = textPayload(state.format, locationFields(urls));
      }
    }
    const response = await this.#transport.send({ method, path, ...this.#withAccept(state, payload) });
    const { size: _size, ...result } = this.#collection(response, state.model);
    return result;
  }

  #referenceLocation(model: Model, reference: EntityReference): string {
    if (typeof reference === 'string') return reference;
    const location =
      reference?.location ?? (reference?.id ? conventionalLocation(reference, model) : undefined);
    if (location === undefined)
      throw new OcciError('bad-request', {
        code: 'invalid-location',
        message: `entity ${reference?.id ?? '(without id)'} has no location to refer to it by`,
      });
    return location;
  }

  /**
   * Entity references in JSON (GFD.225 §3.3: a collection of resource or
   * link objects; the server resolves their `id`). A location is resolved
   * to the id by getting the entity.
   */
  async #jsonReferences(
    model: Model,
    references: readonly EntityReference[],
  ): Promise<Record<string, unknown>> {
    const refs = await mapLimit(references, 8, async (r) =>
      typeof r === 'string' ? await this.get(r) : { id: r.id, kind: r.kind },
    );
    const resources: Record<string, string>[] = [];
    const links: Record<string, string>[] = [];
    for (const r of refs) {
      if (!r?.id || !r.kind)
        throw new OcciError('bad-request', {
          code: 'parse-error',
          message: 'an entity reference needs an id and a kind',
        });
      (model.kind(r.kind) && model.isLinkKind(r.kind) ? links : resources).push({ id: r.id, kind: r.kind });
    }
    return links.length > 0 ? (resources.length > 0 ? { resources, links } : { links }) : { resources };
  }
}
