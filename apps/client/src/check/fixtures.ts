/**
 * What the run creates for itself — entities titled `occi-check-<runId>`
 * and user mixins of the scheme `http://occi-check.example/<runId>#` —
 * and removes at the end, interrupted or not. Nothing else is ever deleted
 * or changed: only locations the server answered to our own requests.
 */
import { randomUUID } from 'node:crypto';
import { categoriesOf, type Discovered, LINK, RESOURCE } from './discovery.js';
import {
  type EndRef,
  type EntityDraft,
  entityMessage,
  filterHeaders,
  type MixinDraft,
  mixinMessage,
  RENDERINGS,
  type RenderingKey,
} from './messages.js';
import { answered, Fail, fail, needing, serverSays, skip } from './outcome.js';
import type { Probe } from './probe.js';
import { type ReadEntity, readCollection, readEntity } from './read.js';
import { header, type WireResponse } from './wire.js';

export interface Created {
  /** Relative to the endpoint (or an absolute URL when the server put it elsewhere). */
  location: string;
  kind: string;
  mixins: string[];
  id?: string;
  response: WireResponse;
}

export interface CreateOptions {
  attributes?: Record<string, unknown>;
  mixins?: readonly string[];
  summary?: string;
  source?: EndRef;
  target?: EndRef;
  links?: readonly EntityDraft[];
  rendering?: RenderingKey;
  /** Fill required attributes without a default (Core §5.3.2) with a value of their type. Default true. */
  fill?: boolean;
}

/** Values for attributes of the documents a creation needs (types and forms from their tables). */
const KNOWN_VALUES: Record<string, unknown> = {
  'occi.storage.size': 1,
  'occi.network.address': '192.0.2.0/24',
  'occi.network.gateway': '192.0.2.1',
  'occi.network.allocation': 'static',
  'occi.networkinterface.address': '192.0.2.10',
  'occi.networkinterface.gateway': '192.0.2.1',
  'occi.networkinterface.allocation': 'static',
  'occi.storagelink.deviceid': 'vdb',
  'occi.credentials.ssh.publickey':
    'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOcciCheckOcciCheckOcciCheckOcciCheck occi-check',
  'occi.compute.userdata': 'echo occi-check',
  'occi.compute.hostname': 'occi-check',
};

const UUID = /^urn:uuid:([0-9a-f-]{36})$/i;

export class Fixtures {
  readonly created: Created[] = [];
  readonly mixins: { id: string; location?: string }[] = [];
  /** What was created but could not be located (so not removed): ids. */
  readonly orphans: string[] = [];
  readonly #gone = new Set<string>();

  constructor(readonly probe: Probe) {}

  /** The title of everything the run creates. */
  get title(): string {
    return `occi-check-${this.probe.options.runId}`;
  }

  /** The scheme of the run's user mixins: a provider-unique scheme outside schemas.ogf.org (Core §5.5.1). */
  get scheme(): string {
    return `http://occi-check.example/${this.probe.options.runId}#`;
  }

  /** The draft of an entity of `kind`, with required attributes filled. */
  async draft(kind: string, options: CreateOptions = {}): Promise<EntityDraft> {
    const model = await this.probe.model();
    const attributes = { ...(options.attributes ?? {}) };
    if (options.fill !== false) fillRequired(model, kind, options.mixins ?? [], attributes, this.title);
    const resource = model.isA(kind, RESOURCE) && !model.isA(kind, LINK);
    return {
      kind,
      ...(options.mixins?.length ? { mixins: options.mixins } : {}),
      attributes,
      title: this.title,
      ...(resource && options.summary !== undefined ? { summary: options.summary } : {}),
      ...(options.source ? { source: options.source } : {}),
      ...(options.target ? { target: options.target } : {}),
      ...(options.links ? { links: options.links } : {}),
      ...((options.rendering ?? (await this.probe.rendering())) === 'json'
        ? { id: `urn:uuid:${randomUUID()}` }
        : {}),
    };
  }

  /** POST to the kind's collection (HTTP §9.3.1); fails with the server's answer when it refuses. */
  async create(kind: string, options: CreateOptions = {}): Promise<Created> {
    this.probe.needWrites();
    const model = await this.probe.model();
    const cat = model.kind(kind);
    if (!cat?.location) skip(`the server offers no location for ${kind}`);
    const r = options.rendering ?? (await this.probe.rendering());
    const draft = await this.draft(kind, { ...options, rendering: r });
    const response = await this.probe.wire.send({
      method: 'POST',
      path: cat.location,
      ...entityMessage(r, draft),
    });
    if (response.status !== 201 && response.status !== 200)
      fail(`creating a ${cat.term}: ${answered(response)}${serverSays(response)}`, response);
    const location = await this.#locate(response, r, cat.location, draft.id);
    const created: Created = { location, kind, mixins: [...(options.mixins ?? [])], response };
    const id = await this.#idAt(location, r).catch(() => undefined);
    if (id !== undefined) created.id = id;
    this.created.push(created);
    return created;
  }

  /** Keeps a location the run created another way (PUT at a location of its own, HTTP §8.2). */
  track(created: Created): void {
    this.created.push(created);
  }

  /** One entity of `kind` for the checks that read it, created once per `key`; a refusal skips them. */
  shared(key: string, kind: string, options: CreateOptions = {}): Promise<Created> {
    return this.probe.once(`fx:${key}`, async () => {
      const term = kind.slice(kind.lastIndexOf('#') + 1);
      return needing(`the server did not create the ${term} this check needs`, () =>
        this.create(kind, options),
      );
    });
  }

  /** A resource of the kind the generic checks use: Compute when offered, else the first creatable resource kind. */
  anyResource(): Promise<Created> {
    return this.probe.once('fx:any-resource', async () => {
      this.probe.needWrites();
      const model = await this.probe.model();
      const candidates = model.kinds
        .filter((k) => k.location && model.isA(k.id, RESOURCE) && !model.isA(k.id, LINK))
        .sort((a, b) => rank(a.id) - rank(b.id));
      if (candidates.length === 0) skip('the server offers no resource kind with a location');
      const refusals: string[] = [];
      for (const k of candidates.slice(0, 4)) {
        try {
          return await this.create(k.id, { summary: 'any resource' });
        } catch (error) {
          if (!(error instanceof Fail)) throw error;
          refusals.push(error.message);
        }
      }
      skip(`the server created none of the resources tried: ${refusals.join('; ')}`);
    });
  }

  /** GET an entity in a rendering (the run's by default); fails unless 200. */
  async read(location: string, r?: RenderingKey): Promise<{ response: WireResponse; entity: ReadEntity }> {
    const rendering = r ?? (await this.probe.rendering());
    const type = RENDERINGS[rendering].type;
    const response = await this.probe.wire.send({ method: 'GET', path: location, headers: { accept: type } });
    if (response.status !== 200) fail(`${answered(response)}${serverSays(response)}`, response);
    return { response, entity: readEntity(response, rendering) };
  }

  /** A user mixin of the run (HTTP §7.3), defined once per key; a refusal skips what needs it. */
  userMixin(key = 'tag', options: Partial<MixinDraft> = {}): Promise<{ id: string; location: string }> {
    return this.probe.once(`mixin:${key}`, () =>
      needing('the server did not define the user mixin this check needs', () =>
        this.defineMixin(key, options),
      ),
    );
  }

  /** POST /-/ with a mixin of the run's scheme; its location from discovery afterwards. */
  async defineMixin(
    term: string,
    options: Partial<MixinDraft> & { rendering?: RenderingKey } = {},
  ): Promise<{ id: string; location: string; response: WireResponse }> {
    this.probe.needWrites();
    const r = options.rendering ?? (await this.probe.rendering());
    const id = `${this.scheme}${term}`;
    const location = options.location ?? `/occi-check-${this.probe.options.runId}/${term}/`;
    const response = await this.probe.wire.send({
      method: 'POST',
      path: '/-/',
      ...mixinMessage(r, { title: this.title, ...options, id, location }),
    });
    if (response.status !== 200 && response.status !== 201)
      fail(`defining the user mixin ${id}: ${answered(response)}${serverSays(response)}`, response);
    this.mixins.push({ id, location });
    // The server may bind it elsewhere: its discovery says where (HTTP §4).
    const again = await this.probe.wire.send({
      method: 'GET',
      path: '/-/',
      headers: { accept: RENDERINGS[r].type },
    });
    const found = categoriesOf(again, r)?.find((c) => c.id === id);
    if (found?.location) this.mixins.at(-1)!.location = found.location;
    return { id, location: found?.location ?? location, response };
  }

  /** A user mixin of the run that a check deleted: the clean-up leaves it. */
  mixinGone(id: string): void {
    const i = this.mixins.findIndex((m) => m.id === id);
    if (i >= 0) this.mixins.splice(i, 1);
  }

  /** Deletes an entity of the run now (HTTP §8.5); it is not deleted again at the end. */
  async remove(location: string): Promise<WireResponse> {
    if (!this.created.some((c) => c.location === location)) throw new Error(`${location} is not the run's`);
    const response = await this.probe.wire.send({
      method: 'DELETE',
      path: location,
      headers: { accept: '*/*' },
    });
    if (response.status < 300) this.#gone.add(location);
    return response;
  }

  /**
   * Removes what the run created: links, then resources (newest first),
   * then user mixins; then looks for entities titled as the run's that a
   * lost answer left unknown, and removes those whose title is exactly ours.
   */
  async cleanup(): Promise<{ deleted: number; failed: string[] }> {
    const wire = this.probe.wire;
    let deleted = 0;
    const failed: string[] = [];
    const model = await this.probe.model().catch(() => undefined);
    const isLink = (c: Created) => model?.isA(c.kind, LINK) ?? false;
    const order = [
      ...this.created.filter(isLink).reverse(),
      ...this.created.filter((c) => !isLink(c)).reverse(),
    ];
    const del = async (location: string) => {
      if (this.#gone.has(location)) return;
      this.#gone.add(location);
      try {
        const r = await wire.send({ method: 'DELETE', path: location, headers: { accept: '*/*' } });
        if (r.status < 300) deleted++;
        else if (r.status !== 404 && r.status !== 410) failed.push(`${location} (${r.status})`);
      } catch (error) {
        failed.push(`${location} (${error instanceof Error ? error.message : String(error)})`);
      }
    };
    for (const c of order) await del(c.location);
    await this.#sweep(model, del).catch(() => undefined);
    for (const m of [...this.mixins].reverse()) {
      try {
        const r = await wire.send({
          method: 'DELETE',
          path: '/-/',
          ...mixinMessage(await this.probe.rendering(), {
            id: m.id,
            ...(m.location ? { location: m.location } : {}),
          }),
        });
        if (r.status >= 300 && r.status !== 404) failed.push(`user mixin ${m.id} (${r.status})`);
      } catch (error) {
        failed.push(`user mixin ${m.id} (${error instanceof Error ? error.message : String(error)})`);
      }
    }
    return { deleted, failed };
  }

  /** Entities titled as the run's in the collections it created in, found by filter (HTTP §6.2), checked one by one. */
  async #sweep(model: Discovered | undefined, del: (l: string) => Promise<void>): Promise<void> {
    if (!model || this.created.length === 0 || !(await this.probe.offers('plain'))) return;
    const kinds = new Set(this.created.map((c) => c.kind));
    for (const kind of kinds) {
      const location = model.kind(kind)?.location;
      if (!location) continue;
      const r = await this.probe.wire.send({
        method: 'GET',
        path: location,
        headers: {
          accept: 'text/plain',
          ...filterHeaders({ attributes: { 'occi.core.title': this.title } }),
        },
      });
      if (r.status !== 200) continue;
      for (const found of readCollection(r, 'plain').locations.slice(0, 200)) {
        const rel = this.probe.wire.relative(found);
        if (this.#gone.has(rel)) continue;
        const got = await this.read(rel, 'plain').catch(() => undefined);
        if (got?.entity.title === this.title) await del(rel);
      }
    }
  }

  async #locate(response: WireResponse, r: RenderingKey, kindLocation: string, id?: string): Promise<string> {
    const wire = this.probe.wire;
    const loc = header(response, 'location');
    if (loc) return wire.relative(loc.trim());
    if (r !== 'json') {
      const listed = readCollection(response, r).locations[0];
      if (listed) return wire.relative(listed);
    }
    // A 200 with an entity rendering says which, not where: try the kind's location and the id's UUID.
    const entity = readEntity(response, r);
    const uuid = UUID.exec(entity.id ?? id ?? '')?.[1];
    if (uuid) {
      const guess = `${kindLocation}${uuid}`;
      const got = await this.read(guess, r).catch(() => undefined);
      if (got && got.entity.id === (entity.id ?? id)) return guess;
    }
    this.orphans.push(entity.id ?? id ?? '(no id)');
    fail(
      `the server created an entity but said neither where (no Location) nor in a way to find it`,
      response,
    );
  }

  async #idAt(location: string, r: RenderingKey): Promise<string | undefined> {
    return (await this.read(location, r)).entity.id;
  }
}

function rank(id: string): number {
  if (id === 'http://schemas.ogf.org/occi/infrastructure#compute') return 0;
  if (id === RESOURCE) return 2;
  return 1;
}

/** Fills required attributes without a default (Core §5.3.2) that the caller did not give. */
export function fillRequired(
  model: Discovered,
  kind: string,
  mixins: readonly string[],
  attributes: Record<string, unknown>,
  title: string,
): void {
  for (const [name, def] of model.attributesOf(kind, mixins)) {
    if (name in attributes || !def.required || def.default !== undefined || def.mutable === false) continue;
    if (name.startsWith('occi.core.')) continue;
    if (name in KNOWN_VALUES) attributes[name] = KNOWN_VALUES[name];
    else {
      const pattern = def.pattern as { enum?: unknown[] } | undefined;
      if (Array.isArray(pattern?.enum) && pattern.enum.length > 0) attributes[name] = pattern.enum[0];
      else if (def.type === 'number') attributes[name] = 1;
      else if (def.type === 'boolean') attributes[name] = false;
      else attributes[name] = name.endsWith('.name') ? title : 'occi-check';
    }
  }
}
