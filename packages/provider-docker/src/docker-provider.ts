/**
 * The Docker provider: OCCI Infrastructure over a container engine through
 * the Docker Engine API. The reference provider keeps the OCCI semantics
 * (validation, templates, links, mixins, ownership) over the Store; this
 * provider drives the engine around it and takes the engine's word for the
 * state of every compute, storage and network on each read.
 */
import { randomUUID } from 'node:crypto';
import type {
  ActionContext,
  ActionInvocation,
  ActionOutcome,
  ActionResult,
  Caller,
  CollectionSelector,
  Entity,
  EntityDraft,
  EntityFilter,
  EntityRecord,
  Extension,
  ListRequest,
  Mixin,
  Model as ModelType,
  Provider,
  Store,
  StoreWrite,
  TypeIdentifier,
  WriteConditions,
} from '@occi/core';
import {
  badRequest,
  checkConditions,
  conflict,
  createReferenceProvider,
  isOcciError,
  Model,
  notFound,
  OcciError,
  type ReferenceProvider,
  TERM_PATTERN,
  typeIdentifier,
} from '@occi/core';
import {
  COMPUTE_KIND,
  IPNETWORK_MIXIN,
  IPNETWORKINTERFACE_MIXIN,
  NETWORK_KIND,
  NETWORKINTERFACE_KIND,
  OS_TPL,
  STORAGE_KIND,
  STORAGELINK_KIND,
} from '@occi/infrastructure';
import {
  BOOTSTRAP,
  BOOTSTRAP_NAME,
  type ContainerState,
  computeState,
  type HostLimits,
  imageCommand,
  provisioningArchive,
  resourceLimits,
} from './compute.js';
import { computeActionBehaviour } from './compute-actions.js';
import { EngineClient, isEngineError } from './engine-client.js';
import { engineName, entityLabels, LOCATION_LABEL, OWNER_LABEL, SAVED_FROM_LABEL } from './labels.js';
import { type EngineNetwork, networkCreateBody } from './network.js';
import { type Endpoint, endpointAttributes, endpointConfig } from './network-interface.js';
import {
  type EngineImage,
  IMAGE_LOCATION_BASE,
  IMAGE_SCHEME,
  type ImageTemplate,
  imageTemplates,
  imageTerm,
} from './os-templates.js';
import { mountpointOf, storageLinkFixed } from './storage-link.js';

export interface DockerProviderOptions {
  /** The model: Infrastructure (`@occi/infrastructure`) and any other extensions. */
  model: ModelType;
  /** Where entities are kept; the engine objects are found again from their locations. */
  store: Store;
  /** The engine's address: `unix:///run/podman/podman.sock`, `tcp://127.0.0.1:2375`. */
  engine: string;
  /** The image of a compute created without an OS template, e.g. `debian:12`; must be in the engine. */
  defaultImage: string;
  /** Networks are internal (no route out of the host) unless `internal: false`. */
  network?: { internal?: boolean };
  /** How old the list of images may get before a read refreshes it (ms); default 30 000. */
  imageRefreshMs?: number;
  /** Scheme of the image OS templates; default `http://occi.example/docker/image#`. */
  imageScheme?: string;
  /** Base of their locations; default `/os_tpl/docker/` (`/os_tpl/docker/<term>/`). */
  imageLocationBase?: string;
  /** Prefix of the engine names of containers, volumes and networks; default `occi`. */
  namePrefix?: string;
  /** Start a compute's container when the compute is created (as a cloud boots a VM); default true. */
  startOnCreate?: boolean;
  /** Seconds a graceful stop waits before killing; default 10. */
  stopTimeoutSeconds?: number;
  /** New entity keys (the reference provider's). */
  newKey?: () => string;
}

interface ContainerInspect {
  Id: string;
  State: ContainerState;
  Config: { Labels?: Record<string, string> | null; Hostname?: string };
  NetworkSettings?: { Networks?: Record<string, Endpoint> | null };
}

interface ImageInspect {
  Id: string;
  Config?: { Entrypoint?: string[] | null; Cmd?: string[] | null } | null;
}

const enc = encodeURIComponent;

/** The refusal of a change the engine cannot make to an existing object. */
const fixed = (location: string, message: string) =>
  conflict('other', `${location}: ${message}`, { location });

export class DockerProvider implements Provider {
  readonly engine: EngineClient;
  readonly #store: Store;
  readonly #behaved: ModelType;
  readonly #host: HostLimits;
  readonly #options: Required<
    Pick<
      DockerProviderOptions,
      | 'imageRefreshMs'
      | 'imageScheme'
      | 'imageLocationBase'
      | 'namePrefix'
      | 'startOnCreate'
      | 'stopTimeoutSeconds'
    >
  > & { internal: boolean; newKey: () => string };
  #ref: ReferenceProvider;
  #templates: ImageTemplate[] = [];
  #templatesKey = '';
  #refreshedAt = 0;
  #refreshing: Promise<void> | undefined;
  #defaultImage = '';

  constructor(options: DockerProviderOptions, engine: EngineClient, host: HostLimits) {
    this.engine = engine;
    this.#store = options.store;
    this.#host = host;
    this.#options = {
      imageRefreshMs: options.imageRefreshMs ?? 30_000,
      imageScheme: options.imageScheme ?? IMAGE_SCHEME,
      imageLocationBase: options.imageLocationBase ?? IMAGE_LOCATION_BASE,
      namePrefix: options.namePrefix ?? 'occi',
      startOnCreate: options.startOnCreate ?? true,
      stopTimeoutSeconds: options.stopTimeoutSeconds ?? 10,
      internal: options.network?.internal ?? true,
      newKey: options.newKey ?? randomUUID,
    };
    // The compute behaviour replaces Infrastructure's: its actions drive the container.
    const docker: Extension = {
      name: 'provider-docker',
      behaviours: [
        computeActionBehaviour({
          engine,
          containerName: (location) => this.#name(location),
          stopTimeoutSeconds: this.#options.stopTimeoutSeconds,
          save: (context) => this.#save(context),
        }),
      ],
    };
    this.#behaved = Model.create([...options.model.extensions, docker]);
    this.#ref = this.#newReference();
  }

  #newReference(): ReferenceProvider {
    return createReferenceProvider({
      model: this.#behaved.withMixins(this.#templates.map((t) => t.mixin)),
      store: this.#store,
      newKey: this.#options.newKey,
    });
  }

  #name(location: string): string {
    return engineName(`${this.#options.namePrefix}`, location);
  }

  /** The image OS templates, as last listed from the engine. */
  get imageTemplates(): readonly ImageTemplate[] {
    return this.#templates;
  }

  /** The reference of the default image. */
  get defaultImage(): string {
    return this.#defaultImage;
  }

  // ---------------------------------------------------------------- images

  /** Lists the engine's images again and rebuilds the OS templates. */
  async refreshImages(): Promise<void> {
    const images = await this.engine.request<EngineImage[]>('GET', '/images/json', { doing: 'list images' });
    const templates = imageTemplates(images, {
      scheme: this.#options.imageScheme,
      locationBase: this.#options.imageLocationBase,
    });
    const key = JSON.stringify(templates.map((t) => [t.reference, t.imageId, typeIdentifier(t.mixin)]));
    this.#refreshedAt = Date.now();
    if (key === this.#templatesKey) return;
    this.#templates = templates;
    this.#templatesKey = key;
    this.#ref = this.#newReference();
  }

  /** Refreshes the images when the list is older than `imageRefreshMs`; keeps the old list if the engine is down. */
  async #fresh(): Promise<void> {
    if (Date.now() - this.#refreshedAt < this.#options.imageRefreshMs) return;
    this.#refreshing ??= this.refreshImages()
      .catch((error) => {
        if (!isOcciError(error)) throw error;
      })
      .finally(() => {
        this.#refreshing = undefined;
      });
    await this.#refreshing;
  }

  /** Sets the default image: the engine resolves `reference` to an image that has an OS template. */
  async setDefaultImage(reference: string): Promise<void> {
    const image = await this.engine.find<ImageInspect>(
      `/images/${enc(reference)}/json`,
      `inspect image ${reference}`,
    );
    const template = image && this.#templates.find((t) => t.imageId === image.Id);
    if (!template)
      throw badRequest(
        'not-found',
        `the default image ${reference} is not among the images of the engine at ${this.engine.address} (${this.#templates.map((t) => t.reference).join(', ') || 'it has none'}); import or pull it first`,
      );
    this.#defaultImage = template.reference;
  }

  #templateOf(entity: { mixins?: readonly TypeIdentifier[] }): ImageTemplate | undefined {
    const ids = new Set(entity.mixins ?? []);
    return this.#templates.find((t) => ids.has(typeIdentifier(t.mixin)));
  }

  /** The draft of a new compute with its image: its OS template, or the default image's. */
  #withImage(model: ModelType, draft: EntityDraft): EntityDraft {
    const templates = (draft.mixins ?? []).filter((id) => id !== OS_TPL && model.dependsOn(id, OS_TPL));
    for (const id of templates) {
      if (!this.#templateOf({ mixins: [id] }))
        throw badRequest(
          'unknown-mixin',
          `OS template ${id} is not an image of the container engine (its images are the mixins of ${this.#options.imageScheme})`,
          { category: id },
        );
    }
    if (templates.length > 0) return draft;
    const fallback = this.#templates.find((t) => t.reference === this.#defaultImage);
    if (!fallback)
      throw new OcciError('unavailable', {
        code: 'other',
        message: `the default image ${this.#defaultImage} is no longer in the engine at ${this.engine.address}; name an OS template (one of ${this.#options.imageScheme})`,
      });
    return { ...draft, mixins: [...(draft.mixins ?? []), typeIdentifier(fallback.mixin)] };
  }

  // ---------------------------------------------------------------- reading

  async model(caller: Caller): Promise<ModelType> {
    await this.#fresh();
    return this.#ref.model(caller);
  }

  #is(model: ModelType, kind: TypeIdentifier, ancestor: TypeIdentifier): boolean {
    return model.kind(kind) !== undefined && model.isKindOf(kind, ancestor);
  }

  async list(caller: Caller, request: ListRequest): Promise<Entity[]> {
    await this.#fresh();
    const entities = await this.#ref.list(caller, request);
    const { changed } = await this.#reconcile(entities);
    return changed ? this.#ref.list(caller, request) : entities;
  }

  async get(caller: Caller, location: string): Promise<Entity> {
    await this.#fresh();
    const entity = await this.#ref.get(caller, location);
    const { changed, gone } = await this.#reconcile([entity]);
    if (gone.has(entity.location ?? location))
      throw notFound(`${location} is gone: its engine object was removed outside OCCI`, { location });
    return changed ? this.#ref.get(caller, location) : entity;
  }

  /**
   * Takes the engine's word for the entities' states (and their links'):
   * writes what differs to the store, forgets entities whose engine object
   * is gone. Answers whether anything changed, and what is gone.
   */
  async #reconcile(entities: readonly Entity[]): Promise<{ changed: boolean; gone: Set<string> }> {
    const model = this.#behaved;
    const computes = new Set<string>();
    const others: EntityRecord[] = [];
    for (const entity of entities) {
      if (!entity.location) continue;
      if (this.#is(model, entity.kind, COMPUTE_KIND)) computes.add(entity.location);
      else if (model.kind(entity.kind) && model.isLinkKind(entity.kind) && entity.source?.location)
        computes.add(entity.source.location);
      else if (this.#is(model, entity.kind, STORAGE_KIND) || this.#is(model, entity.kind, NETWORK_KIND)) {
        const record = await this.#store.get(entity.location);
        if (record) others.push(record);
      }
    }
    const gone = new Set<string>();
    let changed = false;
    for (const location of computes) {
      const result = await this.#reconcileCompute(location);
      if (result === 'gone') gone.add(location);
      if (result !== 'same') changed = true;
    }
    for (const record of others) {
      const isStorage = this.#is(model, record.kind, STORAGE_KIND);
      const name = this.#name(record.location);
      const found = isStorage
        ? await this.engine.find(`/volumes/${enc(name)}`, `inspect volume ${name}`)
        : await this.engine.find(`/networks/${enc(name)}`, `inspect network ${name}`);
      if (!found) {
        await this.#forget(record.location);
        gone.add(record.location);
        changed = true;
      }
    }
    // Links of a compute that is gone went with it.
    for (const entity of entities)
      if (entity.source?.location && gone.has(entity.source.location) && entity.location)
        gone.add(entity.location);
    return { changed, gone };
  }

  async #container(location: string): Promise<ContainerInspect | undefined> {
    const name = this.#name(location);
    const container = await this.engine.find<ContainerInspect>(
      `/containers/${enc(name)}/json`,
      `inspect container ${name}`,
    );
    // A container of that name made for another entity is not this compute's.
    if (container && container.Config.Labels?.[LOCATION_LABEL] !== location) return undefined;
    return container;
  }

  async #reconcileCompute(location: string): Promise<'same' | 'changed' | 'gone'> {
    const record = await this.#store.get(location);
    if (!record) return 'same';
    const container = await this.#container(location);
    if (!container) {
      await this.#forget(location);
      return 'gone';
    }
    let changed = false;
    const { state, message } = computeState(container.State);
    changed =
      (await this.#patch(record, (entity) => {
        const before = JSON.stringify(entity.attributes);
        entity.attributes['occi.compute.state'] = state;
        if (message !== undefined) entity.attributes['occi.compute.state.message'] = message;
        else delete entity.attributes['occi.compute.state.message'];
        return JSON.stringify(entity.attributes) !== before;
      })) || changed;
    const networks = container.NetworkSettings?.Networks ?? {};
    for (const link of await this.#store.query({ source: location })) {
      if (!this.#is(this.#behaved, link.kind, NETWORKINTERFACE_KIND) || !link.target) continue;
      const endpoint = networks[this.#name(link.target)];
      changed =
        (await this.#patch(link, (entity) => {
          const before = JSON.stringify([entity.attributes, entity.mixins]);
          if (endpoint) {
            const reported = endpointAttributes(endpoint);
            if (
              reported['occi.networkinterface.address'] &&
              !entity.mixins.includes(IPNETWORKINTERFACE_MIXIN)
            ) {
              entity.mixins.push(IPNETWORKINTERFACE_MIXIN);
              entity.attributes['occi.networkinterface.allocation'] ??= 'dynamic';
            }
            for (const [name, value] of Object.entries(reported)) {
              if (name !== 'occi.networkinterface.mac' && !entity.mixins.includes(IPNETWORKINTERFACE_MIXIN))
                continue;
              entity.attributes[name] = value;
            }
            entity.attributes['occi.networkinterface.state'] = 'active';
            delete entity.attributes['occi.networkinterface.state.message'];
          } else {
            entity.attributes['occi.networkinterface.state'] = 'inactive';
            entity.attributes['occi.networkinterface.state.message'] =
              'the container is not connected to this network (disconnected outside OCCI)';
          }
          return JSON.stringify([entity.attributes, entity.mixins]) !== before;
        })) || changed;
    }
    return changed ? 'changed' : 'same';
  }

  /** Writes a change of a record made by the engine's truth; a concurrent write wins (the next read reconciles). */
  async #patch(record: EntityRecord, change: (entity: Entity) => boolean): Promise<boolean> {
    const entity = structuredClone(record.entity);
    if (!change(entity)) return false;
    const next: EntityRecord = { ...record, entity, mixins: entity.mixins, version: record.version + 1 };
    try {
      await this.#store.commit([{ op: 'put', record: next, expect: record.version }]);
    } catch (error) {
      if (!isOcciError(error) || error.code !== 'version-mismatch') throw error;
    }
    return true;
  }

  /** Removes an entity and its links from the store (its engine object is gone). */
  async #forget(location: string): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const record = await this.#store.get(location);
      if (!record) return;
      const writes: StoreWrite[] = [{ op: 'delete', location, expect: record.version }];
      const links = [
        ...(await this.#store.query({ source: location })),
        ...(await this.#store.query({ target: location })),
      ];
      for (const link of links)
        if (!writes.some((w) => w.op === 'delete' && w.location === link.location))
          writes.push({ op: 'delete', location: link.location, expect: link.version });
      try {
        await this.#store.commit(writes);
        return;
      } catch (error) {
        if (!isOcciError(error) || error.code !== 'version-mismatch') throw error;
      }
    }
  }

  // ---------------------------------------------------------------- creating

  /** Refuses what the engine cannot do before anything is written. */
  #precheckNew(model: ModelType, draft: EntityDraft): EntityDraft {
    const kind = draft.kind;
    if (!kind || !model.kind(kind)) return draft;
    if (this.#is(model, kind, STORAGELINK_KIND))
      throw storageLinkFixed('create', draft.source?.location ?? 'its source');
    if (this.#is(model, kind, COMPUTE_KIND)) return this.#withImage(model, draft);
    return draft;
  }

  async create(caller: Caller, draft: EntityDraft): Promise<Entity> {
    const model = await this.model(caller);
    const entity = await this.#ref.create(caller, this.#precheckNew(model, draft));
    return this.#created(caller, entity);
  }

  async #created(caller: Caller, entity: Entity): Promise<Entity> {
    const location = entity.location as string;
    try {
      await this.#realise(entity, caller);
    } catch (error) {
      await this.#unrealise(entity).catch(() => undefined);
      await this.#forget(location);
      throw error;
    }
    return this.get(caller, location);
  }

  /** Makes the engine object(s) of a new entity. */
  async #realise(entity: Entity, caller: Caller): Promise<void> {
    const model = this.#behaved;
    const location = entity.location as string;
    const labels = entityLabels(location, caller.user, entity.id);
    const name = this.#name(location);
    if (this.#is(model, entity.kind, COMPUTE_KIND)) return this.#createContainer(entity, labels);
    if (this.#is(model, entity.kind, STORAGE_KIND)) {
      await this.engine.request('POST', '/volumes/create', {
        json: { Name: name, Labels: labels },
        doing: `create volume ${name}`,
      });
      // The volume exists and can be mounted: the storage is online.
      await this.#patchAt(location, (e) => {
        e.attributes['occi.storage.state'] = 'online';
        return true;
      });
      return;
    }
    if (this.#is(model, entity.kind, NETWORK_KIND)) {
      await this.engine.request('POST', '/networks/create', {
        json: networkCreateBody(name, entity, labels, this.#options.internal),
        doing: `create network ${name}`,
      });
      const network = await this.engine.request<EngineNetwork>('GET', `/networks/${enc(name)}`, {
        doing: `inspect network ${name}`,
      });
      const ipam = network.IPAM?.Config?.[0];
      await this.#patchAt(location, (e) => {
        // The engine network exists: the network is up.
        e.attributes['occi.network.state'] = 'active';
        if (ipam?.Subnet && e.attributes['occi.network.address'] === undefined) {
          if (!e.mixins.includes(IPNETWORK_MIXIN)) e.mixins.push(IPNETWORK_MIXIN);
          e.attributes['occi.network.address'] = ipam.Subnet;
          if (ipam.Gateway) e.attributes['occi.network.gateway'] = ipam.Gateway;
          e.attributes['occi.network.allocation'] ??= 'dynamic';
        }
        return true;
      });
      return;
    }
    if (this.#is(model, entity.kind, NETWORKINTERFACE_KIND)) {
      const source = entity.source?.location;
      const record = source ? await this.#store.get(source) : undefined;
      if (!record || !this.#is(model, record.kind, COMPUTE_KIND))
        throw badRequest(
          'invalid-link',
          `a network interface links a compute to a network; ${source} is not a compute`,
          {
            attribute: 'occi.core.source',
          },
        );
      await this.#connect(entity, source as string);
    }
  }

  async #patchAt(location: string, change: (entity: Entity) => boolean): Promise<void> {
    const record = await this.#store.get(location);
    if (record) await this.#patch(record, change);
  }

  /** Checks a link's target is one of this provider's networks or storages, in a state that allows linking. */
  async #linkTarget(link: Entity, kind: TypeIdentifier): Promise<EntityRecord> {
    const target = link.target?.location;
    const record = target?.startsWith('/') ? await this.#store.get(target) : undefined;
    const what = kind === NETWORK_KIND ? 'network' : 'storage';
    if (!record || !this.#is(this.#behaved, record.kind, kind))
      throw badRequest(
        'invalid-link',
        `${link.location ?? 'the link'}: its target ${target} is not a ${what} of this provider`,
        {
          attribute: 'occi.core.target',
        },
      );
    const stateName = kind === NETWORK_KIND ? 'occi.network.state' : 'occi.storage.state';
    const ready = kind === NETWORK_KIND ? 'active' : 'online';
    const state = record.entity.attributes[stateName];
    if (state !== ready)
      throw conflict(
        'action-not-applicable',
        `${what} ${record.location} is ${state}: bring it ${kind === NETWORK_KIND ? 'up' : 'online'} before linking it`,
        {
          location: record.location,
        },
      );
    return record;
  }

  async #connect(link: Entity, computeLocation: string): Promise<void> {
    const network = await this.#linkTarget(link, NETWORK_KIND);
    const name = this.#name(network.location);
    await this.engine.request('POST', `/networks/${enc(name)}/connect`, {
      json: { Container: this.#name(computeLocation), EndpointConfig: endpointConfig(link) },
      doing: `connect container ${this.#name(computeLocation)} to network ${name}`,
    });
  }

  async #createContainer(entity: Entity, labels: Record<string, string>): Promise<void> {
    const location = entity.location as string;
    const name = this.#name(location);
    const template = this.#templateOf(entity);
    if (!template)
      throw badRequest('unknown-mixin', `${location} names no OS template of the engine's images`);
    const image = await this.engine.find<ImageInspect>(
      `/images/${enc(template.reference)}/json`,
      `inspect image ${template.reference}`,
    );
    if (!image)
      throw badRequest(
        'unknown-mixin',
        `the image ${template.reference} of OS template ${typeIdentifier(template.mixin)} is no longer in the engine`,
        { category: typeIdentifier(template.mixin) },
      );
    const limits = resourceLimits(entity, this.#host);
    const links = entity.links ?? [];
    const interfaces = links.filter((l) => this.#is(this.#behaved, l.kind, NETWORKINTERFACE_KIND));
    const mounts: Record<string, unknown>[] = [];
    const seen = new Set<string>();
    for (const link of links.filter((l) => this.#is(this.#behaved, l.kind, STORAGELINK_KIND))) {
      const storage = await this.#linkTarget(link, STORAGE_KIND);
      const target = mountpointOf(link);
      if (seen.has(target))
        throw badRequest('invalid-link', `two storage links of ${location} mount at ${target}`, {
          attribute: 'occi.storagelink.mountpoint',
        });
      seen.add(target);
      mounts.push({ Type: 'volume', Source: this.#name(storage.location), Target: target });
      await this.#patchAt(link.location as string, (e) => {
        e.attributes['occi.storagelink.mountpoint'] = target;
        return true;
      });
    }
    const networks = [];
    for (const link of interfaces) networks.push(await this.#linkTarget(link, NETWORK_KIND));
    const first = interfaces[0];
    const hostname = entity.attributes['occi.compute.hostname'];
    const hostConfig: Record<string, unknown> = {
      Mounts: mounts,
      NetworkMode: first ? this.#name(networks[0]!.location) : 'bridge',
    };
    if (limits.NanoCpus > 0) hostConfig.NanoCpus = limits.NanoCpus;
    if (limits.Memory > 0) hostConfig.Memory = limits.Memory;
    if (limits.CpuShares > 0) hostConfig.CpuShares = limits.CpuShares;
    const body: Record<string, unknown> = {
      Image: template.reference,
      Entrypoint: ['/bin/sh', '-c', BOOTSTRAP, BOOTSTRAP_NAME],
      Cmd: imageCommand(image.Config ?? {}),
      Env: [`OCCI_INSTANCE=${entity.id}`],
      Labels: labels,
      // A terminal and an open stdin keep an image's interactive shell running, as on a VM's console.
      Tty: true,
      OpenStdin: true,
      HostConfig: hostConfig,
    };
    if (typeof hostname === 'string') body.Hostname = hostname;
    if (first)
      body.NetworkingConfig = {
        EndpointsConfig: { [this.#name(networks[0]!.location)]: endpointConfig(first) },
      };
    const taken = async () =>
      (await this.engine.find(`/containers/${enc(name)}/json`, `inspect container ${name}`)) !== undefined;
    const nameConflict = () =>
      conflict(
        'duplicate',
        `the engine already has a container named ${name} that OCCI does not know: remove it or use another location`,
        { location },
      );
    if (await taken()) throw nameConflict();
    try {
      await this.engine.request('POST', '/containers/create', {
        query: { name },
        json: body,
        doing: `create container ${name} from ${template.reference}`,
      });
    } catch (error) {
      // Podman answers a name in use with 500 rather than 409.
      if (isEngineError(error, 409) || (isEngineError(error) && (await taken()))) throw nameConflict();
      if (isEngineError(error, 404))
        throw badRequest(
          'unknown-mixin',
          `the engine does not have the image ${template.reference}: ${error.engineMessage}`,
          {
            category: typeIdentifier(template.mixin),
          },
        );
      throw error;
    }
    // Without interfaces, the container leaves the engine's default network: a compute is reachable only through its links.
    if (!first) {
      const created = await this.#container(location);
      for (const network of Object.keys(created?.NetworkSettings?.Networks ?? {}))
        await this.engine.request('POST', `/networks/${enc(network)}/disconnect`, {
          json: { Container: name, Force: true },
          doing: `disconnect container ${name} from network ${network}`,
        });
    }
    for (const link of interfaces.slice(1)) await this.#connect(link, location);
    await this.#provision(entity);
    if (this.#options.startOnCreate)
      await this.engine.request('POST', `/containers/${enc(name)}/start`, {
        doing: `start container ${name}`,
      });
  }

  /** Places the SSH key and user_data script in the container (Infrastructure §3.5.2.1, §3.5.2.2). */
  async #provision(entity: Entity): Promise<void> {
    const archive = provisioningArchive(entity);
    if (!archive) return;
    const name = this.#name(entity.location as string);
    await this.engine.request('PUT', `/containers/${enc(name)}/archive`, {
      query: { path: '/' },
      tar: archive,
      doing: `copy the SSH key and user_data into container ${name}`,
    });
  }

  /** Removes the engine object of an entity (best effort for rollbacks, checked for deletes). */
  async #unrealise(entity: Entity): Promise<void> {
    const model = this.#behaved;
    const location = entity.location as string;
    const name = this.#name(location);
    const ignoreMissing = async (run: () => Promise<unknown>) => {
      try {
        await run();
      } catch (error) {
        if (!isEngineError(error, 404)) throw error;
      }
    };
    if (this.#is(model, entity.kind, COMPUTE_KIND)) {
      if (!(await this.#container(location))) return;
      await ignoreMissing(() =>
        this.engine.request('DELETE', `/containers/${enc(name)}`, {
          query: { force: true, v: false },
          doing: `remove container ${name}`,
        }),
      );
    } else if (this.#is(model, entity.kind, STORAGE_KIND)) {
      await ignoreMissing(() =>
        this.engine.request('DELETE', `/volumes/${enc(name)}`, { doing: `remove volume ${name}` }),
      );
    } else if (this.#is(model, entity.kind, NETWORK_KIND)) {
      await ignoreMissing(() =>
        this.engine.request('DELETE', `/networks/${enc(name)}`, { doing: `remove network ${name}` }),
      );
    } else if (this.#is(model, entity.kind, NETWORKINTERFACE_KIND) && entity.source && entity.target) {
      const network = this.#name(entity.target.location);
      const container = await this.#container(entity.source.location);
      if (!container?.NetworkSettings?.Networks?.[network]) return;
      await ignoreMissing(() =>
        this.engine.request('POST', `/networks/${enc(network)}/disconnect`, {
          json: { Container: this.#name(entity.source!.location), Force: true },
          doing: `disconnect container ${this.#name(entity.source!.location)} from network ${network}`,
        }),
      );
    }
  }

  // ---------------------------------------------------------------- writing

  async put(
    caller: Caller,
    location: string,
    draft: EntityDraft,
    conditions?: WriteConditions,
  ): Promise<{ entity: Entity; created: boolean }> {
    const model = await this.model(caller);
    const existing = await this.#store.get(location);
    if (!existing) {
      const result = await this.#ref.put(caller, location, this.#precheckNew(model, draft), conditions);
      if (!result.created) return result;
      return { entity: await this.#created(caller, result.entity), created: true };
    }
    let replacement = draft;
    // A replacement without an OS template keeps the compute's image.
    if (this.#is(model, existing.kind, COMPUTE_KIND)) {
      const image = this.#templateOf(existing);
      const named = (draft.mixins ?? []).some((id) => id !== OS_TPL && model.dependsOn(id, OS_TPL));
      if (image && !named)
        replacement = { ...draft, mixins: [...(draft.mixins ?? []), typeIdentifier(image.mixin)] };
    }
    const before = await this.#snapshot([location]);
    const result = await this.#ref.put(caller, location, replacement, conditions);
    await this.#apply(before);
    return { entity: await this.get(caller, location), created: result.created };
  }

  async update(
    caller: Caller,
    location: string,
    draft: EntityDraft,
    conditions?: WriteConditions,
  ): Promise<Entity> {
    await this.#fresh();
    const before = await this.#snapshot([location]);
    await this.#ref.update(caller, location, draft, conditions);
    await this.#apply(before);
    return this.get(caller, location);
  }

  async associate(caller: Caller, mixin: TypeIdentifier, locations: string[]): Promise<Entity[]> {
    await this.#fresh();
    const before = await this.#snapshot(locations);
    await this.#ref.associate(caller, mixin, locations);
    await this.#apply(before);
    return this.list(caller, { collection: { mixin } });
  }

  async dissociate(caller: Caller, mixin: TypeIdentifier, locations?: string[]): Promise<void> {
    await this.#fresh();
    const members =
      locations ?? (await this.#ref.list(caller, { collection: { mixin } })).map((e) => e.location as string);
    const before = await this.#snapshot(members);
    await this.#ref.dissociate(caller, mixin, locations);
    await this.#apply(before);
  }

  async setMembership(caller: Caller, mixin: TypeIdentifier, locations: string[]): Promise<Entity[]> {
    await this.#fresh();
    const members = (await this.#ref.list(caller, { collection: { mixin } })).map(
      (e) => e.location as string,
    );
    const before = await this.#snapshot([...members, ...locations]);
    await this.#ref.setMembership(caller, mixin, locations);
    await this.#apply(before);
    return this.list(caller, { collection: { mixin } });
  }

  async #snapshot(references: readonly string[]): Promise<EntityRecord[]> {
    const records: EntityRecord[] = [];
    for (const reference of new Set(references)) {
      const record = reference.startsWith('/')
        ? await this.#store.get(reference)
        : await this.#store.getById(reference);
      if (record) records.push(record);
    }
    return records;
  }

  /**
   * Carries the changes the reference provider wrote onto the engine: new
   * limits, keys and scripts. What the engine cannot change is refused and
   * the records are put back as they were.
   */
  async #apply(before: readonly EntityRecord[]): Promise<void> {
    try {
      for (const previous of before) {
        const current = await this.#store.get(previous.location);
        if (current && current.version !== previous.version) await this.#applyOne(previous.entity, current);
      }
    } catch (error) {
      for (const previous of before) {
        const current = await this.#store.get(previous.location);
        if (!current || current.version === previous.version) continue;
        const restored: EntityRecord = { ...previous, version: current.version + 1 };
        await this.#store
          .commit([{ op: 'put', record: restored, expect: current.version }])
          .catch(() => undefined);
      }
      throw error;
    }
  }

  async #applyOne(previous: Entity, current: EntityRecord): Promise<void> {
    const model = this.#behaved;
    const location = current.location;
    const was = previous.attributes;
    const now = current.entity.attributes;
    const differs = (name: string) => JSON.stringify(was[name]) !== JSON.stringify(now[name]);
    if (this.#is(model, current.kind, COMPUTE_KIND)) {
      const image = this.#templateOf(previous);
      const next = this.#templateOf(current.entity);
      if (image && next !== image)
        throw fixed(
          location,
          `the image (OS template ${typeIdentifier(image.mixin)}) of a compute is fixed when its container is created; create another compute instead`,
        );
      if (differs('occi.compute.hostname'))
        throw fixed(location, 'occi.compute.hostname is fixed when the container is created');
      if (differs('occi.compute.cores') || differs('occi.compute.memory') || differs('occi.compute.share'))
        await this.#updateLimits(current);
      if (differs('occi.credentials.ssh.publickey') || differs('occi.compute.userdata'))
        await this.#provision({ ...current.entity, location });
      return;
    }
    if (this.#is(model, current.kind, NETWORK_KIND)) {
      if (differs('occi.network.address') || differs('occi.network.gateway'))
        throw fixed(location, 'the address and gateway of an engine network are fixed when it is created');
      return;
    }
    if (this.#is(model, current.kind, NETWORKINTERFACE_KIND)) {
      if (differs('occi.networkinterface.mac') || differs('occi.networkinterface.address'))
        throw fixed(
          location,
          "the MAC and address of a network interface are the engine's; delete the link and create another to change them",
        );
      return;
    }
    if (this.#is(model, current.kind, STORAGELINK_KIND)) {
      if (
        differs('occi.storagelink.mountpoint') ||
        differs('occi.storagelink.deviceid') ||
        current.target !== previous.target?.location
      )
        throw storageLinkFixed('change', location);
    }
  }

  async #updateLimits(record: EntityRecord): Promise<void> {
    const limits = resourceLimits(record.entity, this.#host);
    const name = this.#name(record.location);
    if (!(await this.#container(record.location)))
      throw notFound(`${record.location} is gone`, { location: record.location });
    try {
      await this.engine.request('POST', `/containers/${enc(name)}/update`, {
        json: limits,
        doing: `update the limits of container ${name}`,
      });
    } catch (error) {
      // The container exists: a 404 means the engine has no update endpoint (Podman before 4.4).
      if (isEngineError(error, 404) || isEngineError(error, 405))
        throw fixed(
          record.location,
          `the engine at ${this.engine.address} cannot change the CPU and memory limits of an existing container (${error.engineMessage}); create a new compute with the new size`,
        );
      throw error;
    }
  }

  #checkConditions(entity: Entity, conditions: WriteConditions | undefined): void {
    checkConditions(conditions, entity.location ?? '', entity.version);
  }

  async delete(caller: Caller, location: string, conditions?: WriteConditions): Promise<void> {
    const entity = await this.#ref.get(caller, location);
    this.#checkConditions(entity, conditions);
    await this.#deleteEntity(caller, entity, conditions);
  }

  async #deleteEntity(caller: Caller, entity: Entity, conditions?: WriteConditions): Promise<void> {
    const model = this.#behaved;
    const location = entity.location as string;
    if (
      this.#is(model, entity.kind, STORAGELINK_KIND) &&
      (await this.#store.get(entity.source?.location ?? ''))
    )
      throw storageLinkFixed('delete', location);
    if (this.#is(model, entity.kind, STORAGE_KIND)) {
      const mounts = (await this.#store.query({ target: location })).filter((l) =>
        this.#is(model, l.kind, STORAGELINK_KIND),
      );
      if (mounts.length > 0)
        throw conflict(
          'other',
          `storage ${location} is mounted by ${mounts.map((l) => `${l.source} (${l.location})`).join(', ')}: the engine cannot unmount it from a container; delete the compute first`,
          { location },
        );
    }
    if (this.#is(model, entity.kind, NETWORK_KIND)) {
      // The network's interfaces go with it (Core §5.4.2): their containers are disconnected first.
      for (const link of await this.#store.query({ target: location }))
        if (this.#is(model, link.kind, NETWORKINTERFACE_KIND))
          await this.#unrealise({ ...link.entity, location: link.location });
    }
    try {
      await this.#unrealise(entity);
    } catch (error) {
      if (isEngineError(error, 409))
        throw conflict('other', `cannot delete ${location}: ${error.engineMessage}`, { location });
      throw error;
    }
    try {
      await this.#ref.delete(caller, location, conditions);
    } catch (error) {
      if (!isOcciError(error) || error.kind !== 'not-found') throw error;
    }
  }

  async deleteAll(caller: Caller, collection: CollectionSelector, filter?: EntityFilter): Promise<number> {
    const entities = await this.list(caller, { collection, ...(filter ? { filter } : {}) });
    const model = this.#behaved;
    // Computes first: their storage links and interfaces go with them, then what they used is free.
    const rank = (e: Entity) =>
      this.#is(model, e.kind, COMPUTE_KIND) ? 0 : model.kind(e.kind) && model.isLinkKind(e.kind) ? 1 : 2;
    let count = 0;
    for (const entity of [...entities].sort((a, b) => rank(a) - rank(b))) {
      const current = await this.#store.get(entity.location as string);
      if (!current) continue;
      await this.#deleteEntity(caller, { ...current.entity, location: current.location });
      count++;
    }
    return count;
  }

  // ---------------------------------------------------------------- mixins

  async defineMixins(caller: Caller, mixins: Mixin[]): Promise<void> {
    await this.#fresh();
    return this.#ref.defineMixins(caller, mixins);
  }

  async removeMixins(caller: Caller, ids: TypeIdentifier[]): Promise<void> {
    await this.#fresh();
    return this.#ref.removeMixins(caller, ids);
  }

  // ---------------------------------------------------------------- actions

  async invoke(
    caller: Caller,
    target: { location: string } | { collection: CollectionSelector },
    invocation: ActionInvocation,
  ): Promise<ActionResult> {
    // The state machine decides on the engine's state, not a stale one.
    if ('location' in target) await this.get(caller, target.location);
    else await this.list(caller, { collection: target.collection });
    const result = await this.#ref.invoke(caller, target, invocation);
    const entities: Entity[] = [];
    for (const entity of result.entities) entities.push(await this.get(caller, entity.location as string));
    return { entities, categories: result.categories };
  }

  /** `save` (Infrastructure §3.1): commits the container to a new image, its OS template the answer. */
  async #save(context: ActionContext): Promise<ActionOutcome> {
    const location = context.entity.location as string;
    const requested = context.parameters.name;
    if (requested !== undefined && typeof requested !== 'string')
      throw badRequest('attribute-type', 'save: parameter "name" must be a string', { attribute: 'name' });
    const repository = await this.#freeRepository(context.model, requested);
    const name = this.#name(location);
    const committed = await this.engine.request<{ Id: string }>('POST', '/commit', {
      query: {
        container: name,
        repo: repository,
        tag: 'latest',
        pause: true,
        comment: `saved from ${location}`,
        changes: [`LABEL ${SAVED_FROM_LABEL}=${location}`, `LABEL ${OWNER_LABEL}=${context.user}`],
      },
      json: {},
      doing: `commit container ${name} to image ${repository}`,
    });
    await this.refreshImages();
    const id = committed?.Id?.startsWith('sha256:') ? committed.Id : `sha256:${committed?.Id ?? ''}`;
    const template =
      this.#templates.find((t) => t.imageId === id && imageTerm(t.reference) === repository) ??
      this.#templates.find((t) => t.imageId === id);
    if (!template)
      throw new Error(`the engine committed ${name} to ${repository} but does not list the new image`);
    // Infrastructure §3.1: the response MUST contain the rendering of the new OS template.
    return { categories: [template.mixin] };
  }

  /** A repository name for a saved image, from the client's name when it is free (the provider MAY respect it). */
  async #freeRepository(model: ModelType, requested: string | undefined): Promise<string> {
    const base =
      (requested ?? '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 50) || `saved-${randomUUID().slice(0, 8)}`;
    for (let n = 1; n < 100; n++) {
      const candidate = n === 1 ? base : `${base}-${n}`;
      const term = imageTerm(candidate);
      if (!term || !TERM_PATTERN.test(term)) continue;
      const taken =
        model.get(typeIdentifier({ scheme: this.#options.imageScheme, term })) !== undefined ||
        (await this.engine.find(`/images/${enc(candidate)}/json`, `inspect image ${candidate}`)) !==
          undefined;
      if (!taken) return candidate;
    }
    return `${base}-${randomUUID().slice(0, 8)}`;
  }

  /** Closes the connection to the engine; the engine's objects stay. */
  close(): Promise<void> {
    return this.engine.close();
  }
}

/**
 * A Docker provider on the engine at `options.engine`: checks the engine
 * answers, lists its images as OS templates and resolves the default image.
 * Throws an `OcciError`: `unavailable` when the engine cannot be reached,
 * `bad-request` when the address or the default image is wrong.
 */
export async function createDockerProvider(options: DockerProviderOptions): Promise<DockerProvider> {
  const engine = new EngineClient(options.engine);
  try {
    const info = await engine.request<{ NCPU?: number; MemTotal?: number }>('GET', '/info', {
      doing: 'describe itself (GET /info)',
    });
    const provider = new DockerProvider(options, engine, {
      cpus: info?.NCPU ?? 1,
      memoryBytes: info?.MemTotal ?? 0,
    });
    await provider.refreshImages();
    await provider.setDefaultImage(options.defaultImage);
    return provider;
  } catch (error) {
    await engine.close();
    throw error;
  }
}
