/** What the drivers share: the engine, the options, the host's limits and the images. */

import { conflict } from '@occi/core';
import type { HostLimits } from './container.js';
import { PlatformCatalogue } from './drivers/app-templates.js';
import { ImageCatalogue } from './drivers/os-templates.js';
import { EngineClient, isEngineError, parseEngineAddress } from './engine-client.js';
import { engineName } from './labels.js';
import { checkUrlTemplate, type PlatformOptions, probeHost } from './platform-settings.js';

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
  /** Applications and components (OCCI Platform): their templates, where applications are published. */
  platform?: PlatformOptions;
}

/** The platform options with their defaults. */
export interface PlatformSettings {
  publishAddress: string;
  url: string;
  readyTimeoutSeconds: number;
  /** Where the backend checks that an application answers: the engine's host. */
  probeHost: string;
}

export class DockerEngine {
  readonly client: EngineClient;
  readonly options: Required<Omit<DockerOptions, 'network' | 'platform'>> & { internal: boolean };
  readonly platform: PlatformSettings;
  readonly images: ImageCatalogue;
  /** The application templates and database flavours. */
  readonly templates: PlatformCatalogue;
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
    const platform = options.platform ?? {};
    const publishAddress = platform.publishAddress ?? '127.0.0.1';
    const host = /:/.test(publishAddress) ? `[${publishAddress}]` : publishAddress;
    const url =
      platform.url ??
      `http://${publishAddress === '0.0.0.0' || publishAddress === '::' ? 'localhost' : host}:{port}/`;
    checkUrlTemplate(url);
    this.platform = {
      publishAddress,
      url,
      readyTimeoutSeconds: platform.readyTimeoutSeconds ?? 30,
      probeHost: probeHost(publishAddress, parseEngineAddress(options.engine)),
    };
    this.images = new ImageCatalogue(this);
    this.templates = new PlatformCatalogue(this.images, platform.templates ?? {}, platform.defaultTemplate);
  }

  /** The engine name of the object of the entity at `location` (`/compute/4f…` → `occi-compute-4f…`). */
  name(location: string): string {
    return engineName(this.options.namePrefix, location);
  }

  /** Checks the engine answers, learns the host's limits, lists the images and resolves the default image. */
  async connect(): Promise<void> {
    const info = await this.client.request<{ NCPU?: number; MemTotal?: number }>('GET', '/info', {
      doing: 'describe itself (GET /info)',
    });
    this.host = { cpus: info?.NCPU ?? 1, memoryBytes: info?.MemTotal ?? 0 };
    await this.images.refresh(true);
    await this.images.setDefault(this.options.defaultImage);
    this.templates.check(this.client.address);
  }

  /**
   * Removes an engine object of the entity at `location` (`/volumes/<name>`…):
   * one already gone is no error; one the engine keeps (in use) is a 409
   * naming the engine's reason.
   */
  async remove(
    path: string,
    doing: string,
    location: string,
    query?: Record<string, boolean>,
  ): Promise<void> {
    try {
      await this.client.request('DELETE', path, { ...(query ? { query } : {}), doing });
    } catch (error) {
      if (isEngineError(error, 404)) return;
      if (isEngineError(error, 409))
        throw conflict('other', `cannot delete ${location}: ${error.engineMessage}`, { location });
      throw error;
    }
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
