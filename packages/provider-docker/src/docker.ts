/**
 * The Docker backend: OCCI Infrastructure over a container engine through
 * the Docker Engine API (Docker, Podman). It is an extension of per-kind
 * drivers (drivers/): the reference provider of @occi/core keeps every rule
 * of the documents and calls the drivers' hooks around its commits; the
 * drivers only make the engine follow, and report what it does.
 */
import type { Extension, StartContext } from '@occi/core';
import { isOcciError } from '@occi/core';
import type { HostLimits } from './container.js';
import { rename } from './containers.js';
import { computeDriver } from './drivers/compute.js';
import { networkDriver } from './drivers/network.js';
import { networkInterfaceDriver } from './drivers/network-interface.js';
import { ImageCatalogue } from './drivers/os-templates.js';
import { storageDriver } from './drivers/storage.js';
import { storageLinkDriver } from './drivers/storage-link.js';
import { EngineClient } from './engine-client.js';
import { engineName, LOCATION_LABEL } from './labels.js';

export interface DockerOptions {
  /** The engine's address: `unix:///run/podman/podman.sock`, `tcp://127.0.0.1:2375`. */
  engine: string;
  /** The image of a compute created without an OS template, e.g. `debian:12`; must be in the engine. */
  defaultImage: string;
  /** Networks are internal (no route out of the host) unless `internal: false`. */
  network?: { internal?: boolean };
  /** How old the list of images may get before a read lists them again (ms); default 30 000. */
  imageRefreshMs?: number;
  /** Scheme of the image OS templates; default `http://occi.example/docker/image#`. */
  imageScheme?: string;
  /** Base of their locations; default `/os_tpl/docker/` (`/os_tpl/docker/<term>/`). */
  imageLocationBase?: string;
  /** Prefix of the engine names of containers, volumes and networks; default `occi`. */
  namePrefix?: string;
  /**
   * Bring resources into service when they are created, as a cloud boots a
   * VM: a compute's container is started (active), a storage online, a
   * network up. Default false: the documents' initial states (inactive,
   * offline, inactive) until the client's start, online or up.
   */
  startOnCreate?: boolean;
  /** Seconds a graceful stop waits before killing; default 10. */
  stopTimeoutSeconds?: number;
}

/** What the drivers share: the engine, the options, the host's limits and the images. */
export class DockerEngine {
  readonly client: EngineClient;
  readonly options: Required<Omit<DockerOptions, 'network'>> & { internal: boolean };
  readonly images: ImageCatalogue;
  host: HostLimits = { cpus: 1, memoryBytes: 0 };

  constructor(options: DockerOptions) {
    this.client = new EngineClient(options.engine);
    this.options = {
      engine: options.engine,
      defaultImage: options.defaultImage,
      imageRefreshMs: options.imageRefreshMs ?? 30_000,
      imageScheme: options.imageScheme ?? 'http://occi.example/docker/image#',
      imageLocationBase: options.imageLocationBase ?? '/os_tpl/docker/',
      namePrefix: options.namePrefix ?? 'occi',
      startOnCreate: options.startOnCreate ?? false,
      stopTimeoutSeconds: options.stopTimeoutSeconds ?? 10,
      internal: options.network?.internal ?? true,
    };
    this.images = new ImageCatalogue(this);
  }

  /** The engine name of the object of the entity at `location` (`/compute/4f…` → `occi-compute-4f…`). */
  name(location: string): string {
    return engineName(this.options.namePrefix, location);
  }

  /**
   * Checks the engine answers, lists its images, resolves the default image,
   * and removes the objects a crash left behind: labelled with a location
   * the store does not hold (made, then not committed), or with a name that
   * is not their location's (a container re-created for a new mount).
   */
  async start(context: StartContext): Promise<void> {
    const info = await this.client.request<{ NCPU?: number; MemTotal?: number }>('GET', '/info', {
      doing: 'describe itself (GET /info)',
    });
    this.host = { cpus: info?.NCPU ?? 1, memoryBytes: info?.MemTotal ?? 0 };
    await this.images.refresh(true);
    await this.images.setDefault(this.options.defaultImage);
    await this.#removeLeftovers(context);
  }

  async #removeLeftovers(context: StartContext): Promise<void> {
    const filters = JSON.stringify({ label: [LOCATION_LABEL] });
    const kinds = [
      { list: '/containers/json', query: { all: true, filters }, path: '/containers/', force: true },
      { list: '/volumes', query: { filters }, path: '/volumes/', force: false },
      { list: '/networks', query: { filters }, path: '/networks/', force: false },
    ];
    for (const kind of kinds) {
      const listed = await this.client.request<unknown>('GET', kind.list, {
        query: kind.query,
        doing: `list ${kind.path.slice(1, -1)}`,
      });
      const objects = (
        Array.isArray(listed) ? listed : ((listed as { Volumes?: unknown[] })?.Volumes ?? [])
      ) as {
        Id?: string;
        Name?: string;
        Names?: string[];
        Labels?: Record<string, string> | null;
      }[];
      const names = new Set(objects.map((o) => (o.Names?.[0] ?? o.Name ?? '').replace(/^\//, '')));
      for (const object of objects) {
        const location = object.Labels?.[LOCATION_LABEL];
        const name = (object.Names?.[0] ?? object.Name ?? '').replace(/^\//, '');
        if (!location || !name.startsWith(this.options.namePrefix)) continue;
        const own = this.name(location);
        if (name === own && (await context.exists(location))) continue;
        // A re-making interrupted between its two renames: the previous container takes its name back.
        if (name === `${own}-old` && !names.has(own) && (await context.exists(location))) {
          await rename(this, name, own);
          names.add(own);
          continue;
        }
        await this.client
          .request('DELETE', `${kind.path}${encodeURIComponent(object.Id ?? name)}`, {
            query: kind.force ? { force: true } : {},
            doing: `remove ${name}, left without an entity`,
          })
          .catch((error: unknown) => {
            if (!isOcciError(error)) throw error;
          });
      }
    }
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

/** The Docker backend as an extension: load it after @occi/infrastructure. */
export function docker(options: DockerOptions): Extension & { engine: DockerEngine } {
  const engine = new DockerEngine(options);
  return {
    name: 'docker',
    behaviours: [
      computeDriver(engine),
      storageDriver(engine),
      networkDriver(engine),
      networkInterfaceDriver(engine),
      storageLinkDriver(engine),
    ],
    catalogue: engine.images,
    start: (context) => engine.start(context),
    close: () => engine.close(),
    engine,
  };
}
