/**
 * The typed SDK facade: `connect()` gives an `OcciClient` (on every
 * rendering) plus helpers typed by a model description — the interface
 * `occi codegen` writes for whatever a server offers.
 */
import type {
  Attributes,
  Category,
  CategoryClass,
  Entity,
  EntityRef,
  Model,
  Rendering,
  TypeIdentifier,
} from '@occi/core';
import { LINK_KIND, RESOURCE_KIND } from '@occi/core';
import { jsonRendering } from '@occi/render-json';
import { textOcci, textPlain } from '@occi/render-text';
import {
  type CreateResult,
  type EntityInput,
  type InvokeResult,
  type ListOptions,
  type ListResult,
  OcciClient,
  type OcciClientOptions,
  type WriteOptions,
} from './http-client.js';
import { resolveCategory } from './resolve.js';
import { type WaitOptions, waitForState } from './wait.js';

/**
 * A description of a server's model as TypeScript types: for each kind and
 * mixin (by type identifier) the attributes a client may set, and for each
 * action its parameters. `occi codegen` writes one; `AnyModel` accepts all.
 */
export interface ModelTypes {
  kinds: object;
  mixins: object;
  actions: object;
}

/** The untyped model: any category, any attributes. */
export interface AnyModel extends ModelTypes {
  kinds: Record<TypeIdentifier, Attributes>;
  mixins: Record<TypeIdentifier, Attributes>;
  actions: Record<TypeIdentifier, Attributes>;
}

type Key<T> = Extract<keyof T, string>;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void
  ? I
  : never;
/** The attributes the given mixins bring. */
type MixinAttributes<M extends ModelTypes, X extends Key<M['mixins']>> = [X] extends [never]
  ? unknown
  : UnionToIntersection<M['mixins'][X]>;

/** What `create` takes: the kind's attributes (and those of the mixins named), title, summary, inline links. */
export interface CreateInput<
  M extends ModelTypes,
  K extends Key<M['kinds']>,
  X extends Key<M['mixins']> = never,
> {
  attributes?: M['kinds'][K] & Partial<MixinAttributes<M, X>>;
  mixins?: readonly X[];
  title?: string;
  summary?: string;
  /** Inline links (Core §5.4.3): created with the resource. */
  links?: readonly EntityInput[];
  /** Link kinds: the source and target resources. */
  source?: EntityRef;
  target?: EntityRef;
}

/** What `update` takes: any of the kind's attributes (and those of the mixins named). */
export interface UpdateInput<
  M extends ModelTypes,
  K extends Key<M['kinds']>,
  X extends Key<M['mixins']> = never,
> {
  attributes?: Partial<M['kinds'][K]> & Partial<MixinAttributes<M, X>>;
  mixins?: readonly X[];
  title?: string;
  summary?: string;
}

export interface ConnectOptions extends Omit<OcciClientOptions, 'renderings'> {
  /** The renderings to speak; default all three (application/occi+json, text/plain, text/occi). */
  renderings?: readonly Rendering[];
}

/** The client, plus helpers typed by `M`. */
export interface Occi<M extends ModelTypes = AnyModel> {
  readonly client: OcciClient;
  /** The model the server offers (HTTP §7.1). */
  discover(): Promise<Model>;
  /** The category a short name stands for (`compute`, `os_tpl#ubuntu`, `/compute/`); ambiguity throws. */
  resolve(name: string, classes?: readonly CategoryClass[]): Promise<Category>;
  create<K extends Key<M['kinds']>, X extends Key<M['mixins']> = never>(
    kind: K,
    input?: CreateInput<M, K, X>,
  ): Promise<CreateResult>;
  get(location: string): Promise<Entity>;
  list(target: Key<M['kinds']> | Key<M['mixins']> | string, options?: ListOptions): Promise<ListResult>;
  update<K extends Key<M['kinds']>, X extends Key<M['mixins']> = never>(
    location: string,
    input: UpdateInput<M, K, X>,
    options?: WriteOptions,
  ): Promise<Entity>;
  invoke<A extends Key<M['actions']>>(
    target: string,
    action: A,
    parameters?: M['actions'][A],
  ): Promise<InvokeResult>;
  delete(location: string, options?: WriteOptions): Promise<void>;
  /** The location of the entity with this id (`urn:uuid:…`, or the bare UUID). */
  findById(id: string): Promise<string | undefined>;
  /** Polls the entity until its state attribute has the value `state` (see `WaitOptions`). */
  waitFor(location: string, state: string, options?: WaitOptions): Promise<Entity>;
  close(): Promise<void>;
}

/** The client on all three renderings. */
export function createClient(options: ConnectOptions): OcciClient {
  return new OcciClient({
    ...options,
    renderings: options.renderings ?? [jsonRendering, textPlain, textOcci],
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The location of the entity with this id, found by filtering the resource and link collections (HTTP §6.2). */
export async function findById(client: OcciClient, id: string): Promise<string | undefined> {
  const ids = UUID.test(id) ? [`urn:uuid:${id}`, id] : [id];
  const model = await client.discover();
  const roots = [RESOURCE_KIND, LINK_KIND].filter((k) => model.kind(k)?.location !== undefined);
  for (const root of roots)
    for (const candidate of ids) {
      const found = await client.list(root, { filter: { attributes: { 'occi.core.id': candidate } } });
      if (found.locations[0] !== undefined) return found.locations[0];
    }
  return undefined;
}

/**
 * Connects to an OCCI server. Type the helpers with the model `occi codegen`
 * wrote: `const occi = connect<Model>({ endpoint })`.
 */
export function connect<M extends ModelTypes = AnyModel>(options: ConnectOptions): Occi<M> {
  const client = createClient(options);
  return {
    client,
    discover: () => client.discover(),
    resolve: async (name, classes = ['kind', 'mixin', 'action']) =>
      resolveCategory(await client.discover(), name, classes, { endpoint: client.endpoint }),
    create: (kind, input = {}) => client.create({ ...(input as EntityInput), kind }),
    get: (location) => client.get(location),
    list: (target, options) => client.list(target, options),
    update: (location, input, options) => client.update(location, input as EntityInput, options),
    invoke: (target, action, parameters) => client.invoke(target, action, (parameters ?? {}) as Attributes),
    delete: (location, options) => client.delete(location, options),
    findById: (id) => findById(client, id),
    waitFor: (location, state, options) => waitForState(client, location, state, options),
    close: () => client.close(),
  };
}
