/**
 * An OCCI client over the HTTP Protocol (GFD.223), on node:http in Node and
 * fetch in browsers (`transport.ts`): discovery of
 * the model through the query interface (HTTP §7), then every operation on
 * entities (HTTP §8) and collections (HTTP §9) by type identifier or
 * location — collection paths always come from discovery (HTTP §4). The
 * renderings it is given write every request and read every response.
 */

import type { Attributes, Entity, EntityInput, Mixin, Model, Rendering, TypeIdentifier } from '@occi/core';
import { mixinFromDefinition, OcciError, typeIdentifier } from '@occi/core';
import { defaultTransport } from '#default-transport';
import { OcciClientError, responseError } from './client-error.js';
import { BOOTSTRAP_MODEL, discover } from './discovery.js';
import { FetchTransport } from './fetch-transport.js';
import { idOfLocation, requestPath } from './locations.js';
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
import type { Learnt, OcciClientOptions, WireFormat } from './options.js';
import { pages } from './pages.js';
import { isEmpty, ResponseReader } from './responses.js';
import {
  collectionMembers,
  filterHeaders,
  mapLimit,
  message,
  type Session,
  type Written,
  writeIn,
} from './session.js';
import { clientSettings } from './settings.js';
import {
  authorizationOf,
  DEFAULT_MAX_HEADER_SIZE,
  type Transport,
  type TransportOptions,
  userAgentOf,
} from './transport.js';
import { formatOf } from './wire.js';

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
  #learnt: string | undefined;

  constructor(options: OcciClientOptions) {
    const settings = clientSettings(options);
    this.#renderings = settings.renderings;
    this.#preferred = settings.preferred;
    this.#requested = settings.requested;
    this.#pageSize = settings.pageSize;
    this.#learnt = settings.learnt;
    this.userAgent = userAgentOf(options.userAgent);
    const transport: TransportOptions = {
      endpoint: options.endpoint,
      userAgent: this.userAgent,
      authorization: authorizationOf(options.auth),
      timeoutMs: options.timeoutMs,
      maxHeaderSize: options.maxHeaderSize ?? DEFAULT_MAX_HEADER_SIZE,
      errorOf: (exchange, response) => responseError(exchange, response, this.#renderings),
    };
    // node:http(s) in Node, fetch in browsers (package.json `imports`), or the fetch given.
    this.#transport =
      options.fetch !== undefined
        ? new FetchTransport(transport, options.fetch)
        : defaultTransport(transport);
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

  /**
   * Whether the discovered attribute definitions carry types: the text
   * renderings carry only names and `{immutable required}` (spec README
   * erratum 4), so a model discovered in them types every attribute
   * `string` for want of a type.
   */
  async attributeTypesKnown(): Promise<boolean> {
    return (await this.#ready()).attributeTypes;
  }

  /**
   * What this client learnt about its endpoint, to give the next client of
   * it (option `learnt`): undefined while discovery works in the preferred
   * rendering.
   */
  learnt(): Learnt | undefined {
    return this.#learnt === undefined ? undefined : { discoveredIn: this.#learnt };
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
    const result = await pages(pageOf, options, this.#pageSize);
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
    const written = writeIn(session, (r, c) => r.writeEntity(draft, c));
    const response = await this.#transport.send({ method: 'POST', path, ...message(session, written) });
    return this.#reader.created(response, session.model);
  }

  /** Creates or replaces the entity at `location` (HTTP §8.2). */
  async replace(location: string, draft: EntityInput, options: WriteOptions = {}): Promise<PutResult> {
    const session = await this.#ready();
    const path = requestPath(location, this.endpoint);
    const entity = draft && draft.id === undefined ? { ...draft, ...idOfLocation(path) } : draft;
    const written = writeIn(session, (r, c) => r.writeEntity(entity, c));
    const response = await this.#transport.send({
      method: 'PUT',
      path,
      ...message(session, written, options),
    });
    // HTTP §8.2: 201 carries a location, not necessarily the entity; get it then.
    const answer = this.#reader.maybeEntity(response, path, session.model) ?? (await this.get(path));
    return { entity: answer, created: response.status === 201 };
  }

  /** Partial update (HTTP §8.3.1): the given attributes and mixins are added or changed. */
  async update(location: string, partial: EntityInput, options: WriteOptions = {}): Promise<Entity> {
    const session = await this.#ready();
    const path = requestPath(location, this.endpoint);
    const written = writeIn(session, (r, c) => r.writeEntity(partial, c));
    const response = await this.#transport.send({
      method: 'POST',
      path,
      ...message(session, written, options),
    });
    // HTTP §8.3.1: 201 carries a location, not necessarily the entity; get it then.
    return this.#reader.maybeEntity(response, path, session.model) ?? this.get(path);
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
    const written = writeIn(session, (r, c) =>
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
    // A body that is no rendering (an OCCI 1.1 server's `OK`) carries nothing to return either.
    if (path.endsWith('/')) {
      const collection = this.#reader.maybeCollection(response, session.model);
      if (!collection) return {};
      const { entities, locations } = collection;
      return entities.length > 0 ? { entities, locations } : { locations };
    }
    const entity = this.#reader.maybeEntity(response, path, session.model);
    return entity ? { entity } : {};
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
    const written = writeIn(session, (r, c) => r.writeMixinDefinitions([mixin], c));
    const response = await this.#transport.send({
      method: 'POST',
      path: session.queryInterface,
      ...message(session, written),
    });
    this.#session = undefined;
    const id = typeIdentifier(mixin);
    const categories = this.#reader.readIfAny(response, BOOTSTRAP_MODEL, 'category collection', (r, p, c) =>
      r.readCategories(p, c),
    );
    // HTTP §7.3 asks only for 200 OK: a server that does not answer with the mixin has it in its discovery.
    const defined =
      categories?.mixins.find((m) => typeIdentifier(m) === id) ?? (await this.#ready()).model.mixin(id);
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
    const written = writeIn(session, (r, c) => r.writeMixinReferences([mixinId], c));
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
        learnt: this.#learnt,
      });
      this.#session = discovery;
      discovery.then(
        (session) => {
          this.#learnt = session.learnt;
        },
        () => {
          if (this.#session === discovery) this.#session = undefined;
        },
      );
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
    // The collection as it is now (HTTP §9.2, §9.3.2, §9.5.2); got when the answer carries none.
    const collection = this.#reader.maybeCollection(response, session.model);
    if (!collection) return this.list(path);
    const { size: _size, ...result } = collection;
    return result;
  }
}
