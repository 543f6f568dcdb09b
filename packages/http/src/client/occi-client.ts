/**
 * An OCCI client over the HTTP Protocol (GFD.223), on undici: discovery of
 * the model through the query interface (HTTP §7), then every operation on
 * entities (HTTP §8) and collections (HTTP §9) by type identifier or
 * location — collection paths always come from discovery (HTTP §4). The
 * renderings it is given write every request and read every response.
 */

import type { Attributes, Entity, EntityInput, Mixin, Model, Rendering, TypeIdentifier } from '@occi/core';
import { mixinFromDefinition, OcciError, typeIdentifier } from '@occi/core';
import { OcciClientError, responseError } from './client-error.js';
import { BOOTSTRAP_MODEL, discover } from './discovery.js';
import { relativeToEndpoint, requestPath } from './locations.js';
import { collectionPath, isTypeIdentifier, locationOf, unknownCategory } from './model-lookups.js';
import type {
  CreateResult,
  EntityReference,
  InvokeResult,
  ListOptions,
  ListResult,
  MixinDefinitionRequest,
  PutResult,
  WriteOptions,
} from './operations.js';
import type { OcciClientOptions, WireFormat } from './options.js';
import { headerValue, isEmpty, ResponseReader } from './responses.js';
import {
  collectionMembers,
  filterHeaders,
  mapLimit,
  message,
  type Session,
  type Written,
  writeIn,
} from './session.js';
import { authorizationOf, DEFAULT_MAX_HEADER_SIZE, Transport, userAgentOf } from './transport.js';
import { formatOf, mediaTypeOfFormat, preferredRenderings, renderingOf } from './wire.js';

function configurationError(message: string): OcciError {
  return new OcciError('bad-request', { code: 'other', message });
}

export class OcciClient {
  /** The endpoint, without a trailing slash. */
  readonly endpoint: string;
  /** The User-Agent sent with every request (ends with `OCCI/1.2`, HTTP §5.3). */
  readonly userAgent: string;
  readonly #transport: Transport;
  readonly #renderings: readonly Rendering[];
  /** The renderings that carry whole messages, preferred first. */
  readonly #preferred: readonly Rendering[];
  readonly #requested: string | undefined;
  readonly #reader: ResponseReader;
  readonly #pageSize: number;
  #session: Promise<Session> | undefined;

  constructor(options: OcciClientOptions) {
    if (!options || typeof options !== 'object') throw configurationError('OcciClient needs options');
    if (!Array.isArray(options.renderings) || options.renderings.length === 0)
      throw configurationError('OcciClient needs at least one rendering (e.g. jsonRendering, textPlain)');
    this.#renderings = options.renderings;
    this.#preferred = preferredRenderings(options.renderings);
    if (options.rendering !== undefined) {
      const type = mediaTypeOfFormat(options.rendering);
      if (!renderingOf(this.#preferred, type))
        throw configurationError(
          `rendering "${options.rendering}" needs a rendering of ${type} in the renderings option`,
        );
      this.#requested = type;
    }
    if (this.#preferred.length === 0)
      throw configurationError(
        'none of the renderings carries entities (text/uri-list carries only listings); give one such as jsonRendering or textPlain',
      );
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
      errorOf: (exchange, response) => responseError(exchange, response, this.#renderings),
    });
    this.endpoint = this.#transport.base;
    this.#reader = new ResponseReader(this.#renderings, this.endpoint);
  }

  // ------------------------------------------------------------ discovery

  /** The model the server offers (HTTP §7.1), discovered once and cached. */
  async discover(): Promise<Model> {
    return (await this.#ready()).model;
  }

  /** Discovers the model again (after another client changed user mixins, for instance). */
  async refresh(): Promise<Model> {
    this.#session = undefined;
    return this.discover();
  }

  /** The wire format in use: the requested one, or the one chosen at discovery (`json`, `plain`, `occi` or a media type). */
  async wireFormat(): Promise<WireFormat> {
    return formatOf((await this.#ready()).mediaType);
  }

  /** The collection location of a kind or mixin, from discovery (HTTP §4). */
  async locationOf(typeId: TypeIdentifier): Promise<string> {
    return locationOf((await this.#ready()).model, typeId);
  }

  // ------------------------------------------------------------ entities

  /** Lists a collection (HTTP §9.1): a kind or mixin by type identifier, or a location (bound or not). */
  async list(target: TypeIdentifier | string, options: ListOptions = {}): Promise<ListResult> {
    const session = await this.#ready();
    const path = collectionPath(session.model, target, this.endpoint);
    const headers = {
      accept: session.mediaType,
      ...filterHeaders(session, this.#renderings, options.filter),
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
      return this.#reader.collection(response, session.model);
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
    const session = await this.#ready();
    const path = requestPath(location, this.endpoint);
    const response = await this.#transport.send({
      method: 'GET',
      path,
      headers: { accept: session.mediaType },
    });
    return this.#reader.entity(response, path, session.model);
  }

  /** Creates an entity in the collection of its kind (HTTP §9.3.1). */
  async create(draft: EntityInput): Promise<CreateResult> {
    const session = await this.#ready();
    if (!draft?.kind)
      throw new OcciError('bad-request', {
        code: 'missing-kind',
        message: 'the entity to create names no kind (Core §5.3.6: a client MUST supply it)',
      });
    const kind = session.model.kind(draft.kind);
    if (!kind) throw unknownCategory(session.model, draft.kind, 'a kind');
    const path = locationOf(session.model, draft.kind);
    const written = writeIn(session, this.#preferred, (r, c) => r.writeEntity(draft, c));
    const response = await this.#transport.send({ method: 'POST', path, ...message(session, written) });
    const collection = this.#reader.collection(response, session.model);
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
    const session = await this.#ready();
    const path = requestPath(location, this.endpoint);
    const written = writeIn(session, this.#preferred, (r, c) => r.writeEntity(draft, c));
    const response = await this.#transport.send({
      method: 'PUT',
      path,
      ...message(session, written, options),
    });
    const entity = isEmpty(response)
      ? await this.get(path)
      : this.#reader.entity(response, path, session.model);
    return { entity, created: response.status === 201 };
  }

  /** Partial update (HTTP §8.3.1): the given attributes and mixins are added or changed. */
  async update(location: string, partial: EntityInput, options: WriteOptions = {}): Promise<Entity> {
    const session = await this.#ready();
    const path = requestPath(location, this.endpoint);
    const written = writeIn(session, this.#preferred, (r, c) => r.writeEntity(partial, c));
    const response = await this.#transport.send({
      method: 'POST',
      path,
      ...message(session, written, options),
    });
    return isEmpty(response) ? this.get(path) : this.#reader.entity(response, path, session.model);
  }

  /** Deletes an entity (HTTP §8.5). */
  async delete(location: string, options: WriteOptions = {}): Promise<void> {
    const session = await this.#ready();
    const path = requestPath(location, this.endpoint);
    await this.#transport.send({ method: 'DELETE', path, ...message(session, undefined, options) });
  }

  /** Deletes every entity of a kind's collection the caller may delete (HTTP §9.5.1). */
  async deleteAll(kind: TypeIdentifier | string): Promise<void> {
    const session = await this.#ready();
    const path = collectionPath(session.model, kind, this.endpoint);
    // HTTP §9.5.2: DELETE on a mixin collection dissociates; that is `dissociate`.
    if (session.model.byLocation(path)?.class === 'mixin')
      throw new OcciError('bad-request', {
        code: 'wrong-category-class',
        message: `${path} is the collection of a mixin; DELETE there dissociates entities: use dissociate()`,
        location: path,
      });
    await this.#transport.send({ method: 'DELETE', path, headers: { accept: session.mediaType } });
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
    const session = await this.#ready();
    const action = session.model.action(actionId);
    if (!action) throw unknownCategory(session.model, actionId, 'an action');
    const path = isTypeIdentifier(target)
      ? locationOf(session.model, target)
      : requestPath(target, this.endpoint);
    const written = writeIn(session, this.#preferred, (r, c) =>
      r.writeActionInvocation({ action: actionId, attributes: parameters }, c),
    );
    const response = await this.#transport.send({
      method: 'POST',
      path: `${path}?action=${encodeURIComponent(action.term)}`,
      ...message(session, written),
    });
    // HTTP §8.4: the response MAY carry the entity (erratum 8); without one there is nothing to return.
    if (isEmpty(response)) return {};
    const categories = this.#reader.maybeCategories(response, session.model);
    if (categories) {
      // The model changed (e.g. a saved OS template): discover it again next time.
      this.#session = undefined;
      return { categories: [...categories.kinds, ...categories.mixins, ...categories.actions] };
    }
    if (path.endsWith('/')) {
      const { entities, locations } = this.#reader.collection(response, session.model);
      return entities.length > 0 ? { entities, locations } : { locations };
    }
    return { entity: this.#reader.entity(response, path, session.model) };
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

  /**
   * Defines a user mixin through the query interface (HTTP §7.3); returns it
   * as the server has it. A definition the wire format cannot carry whole
   * (`applies` in the text renderings, GFD.229 §5.2) goes in another
   * rendering both sides speak.
   */
  async defineMixin(definition: MixinDefinitionRequest): Promise<Mixin> {
    const session = await this.#ready();
    const mixin = mixinFromDefinition({
      ...definition,
      depends: [...(definition.depends ?? [])],
      applies: [...(definition.applies ?? [])],
    });
    const written = writeIn(session, this.#preferred, (r, c) => r.writeMixinDefinitions([mixin], c));
    const response = await this.#transport.send({
      method: 'POST',
      path: session.queryInterface,
      ...message(session, written),
    });
    this.#session = undefined;
    const id = typeIdentifier(mixin);
    const categories = this.#reader.read(response, BOOTSTRAP_MODEL, 'category collection', (r, p, c) =>
      r.readCategories(p, c),
    );
    const defined = categories.mixins.find((m) => typeIdentifier(m) === id);
    if (defined?.class !== 'mixin')
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
    return defined;
  }

  /** Removes a user mixin (HTTP §7.4). */
  async removeMixin(mixinId: TypeIdentifier): Promise<void> {
    const session = await this.#ready();
    const written = writeIn(session, this.#preferred, (r, c) => r.writeMixinReferences([mixinId], c));
    await this.#transport.send({
      method: 'DELETE',
      path: session.queryInterface,
      ...message(session, written),
    });
    this.#session = undefined;
  }

  /** Closes the connections. */
  async close(): Promise<void> {
    await this.#transport.close();
  }

  // ------------------------------------------------------------ internals

  #ready(): Promise<Session> {
    if (!this.#session) {
      const discovery = discover({
        transport: this.#transport,
        reader: this.#reader,
        renderings: this.#renderings,
        preferred: this.#preferred,
        requested: this.#requested,
      });
      this.#session = discovery;
      discovery.catch(() => {
        if (this.#session === discovery) this.#session = undefined;
      });
    }
    return this.#session;
  }

  async #membership(
    method: 'POST' | 'PUT' | 'DELETE',
    mixinId: TypeIdentifier,
    entities: readonly EntityReference[] | undefined,
  ): Promise<ListResult> {
    const session = await this.#ready();
    const mixin = session.model.get(mixinId);
    if (mixin?.class !== 'mixin') throw unknownCategory(session.model, mixinId, 'a mixin');
    const path = locationOf(session.model, mixinId);
    if (entities !== undefined && !Array.isArray(entities))
      throw new OcciError('bad-request', {
        code: 'other',
        message: 'entities must be an array of locations or entities',
      });
    let written: Written | undefined;
    if (entities !== undefined) {
      const members = await collectionMembers(session, entities, (l) => this.get(l));
      const payload = session.rendering.writeEntityCollection(members, session.context);
      written = { rendering: session.rendering, mediaType: session.mediaType, payload };
    }
    const response = await this.#transport.send({ method, path, ...message(session, written) });
    const { size: _size, ...result } = this.#reader.collection(response, session.model);
    return result;
  }
}
