/** What the drivers share: the engine, the options, the host's limits and the images. */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { badRequest, conflict } from '@occi/core';
import { type HostLimits, imageCommand } from './container.js';
import { PlatformCatalogue } from './drivers/app-templates.js';
import { ImageCatalogue } from './drivers/os-templates.js';
import { EngineClient, isEngineError, parseEngineAddress } from './engine-client.js';
import { engineName } from './labels.js';
import type { ImageTemplate } from './os-templates.js';
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
  /**
   * A directory with `ca.pem`, `cert.pem` and `key.pem` (Docker's
   * `DOCKER_CERT_PATH` convention): a `tcp://` engine is then reached over
   * TLS with that client certificate.
   */
  certPath?: string;
  /** How long a request to the engine may wait for its answer (s); default 300. */
  requestTimeoutSeconds?: number;
  /** The memory limit of a container whose compute asks for none (MiB); default 512, 0 for none. */
  defaultMemoryMiB?: number;
  /** The most processes a container may run; default 1024. */
  pidsLimit?: number;
}

/**
 * The capabilities a container keeps: what a service needs to own its files,
 * change users and bind low ports. Every other default capability (raw
 * sockets, mknod, audit, chroot…) is dropped.
 */
export const CAPABILITIES = [
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'SETGID',
  'SETUID',
  'NET_BIND_SERVICE',
];

/** The TLS material of a `DOCKER_CERT_PATH`-style directory, or a 400 naming what is missing. */
function tlsOf(certPath: string): { ca: Buffer; cert: Buffer; key: Buffer } {
  const read = (file: string) => {
    try {
      return readFileSync(join(certPath, file));
    } catch (error) {
      throw badRequest(
        'other',
        `the engine's TLS material: cannot read ${join(certPath, file)} (${(error as Error).message})`,
      );
    }
  };
  return { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') };
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
  /** The commands of OS template images, by reference, while the catalogue knows the same image id for it. */
  readonly #commands = new Map<string, { imageId: string; command: string[] }>();
  /** The networks a container created with NetworkMode `bridge` joins, as the last inspection found them. */
  #defaultNetworks: string[] | undefined;

  constructor(options: DockerOptions) {
    this.client = new EngineClient(options.engine, {
      ...(options.certPath !== undefined ? { tls: tlsOf(options.certPath) } : {}),
      requestTimeoutMs: (options.requestTimeoutSeconds ?? 300) * 1000,
    });
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
      certPath: options.certPath ?? '',
      requestTimeoutSeconds: options.requestTimeoutSeconds ?? 300,
      defaultMemoryMiB: options.defaultMemoryMiB ?? 512,
      pidsLimit: options.pidsLimit ?? 1024,
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

  /**
   * What every container's HostConfig gets: no privilege escalation, the
   * reduced capability set, a process limit, and the operator's memory limit
   * where the compute asks for none.
   */
  confined(hostConfig: Record<string, unknown>): Record<string, unknown> {
    const memory =
      typeof hostConfig.Memory === 'number' && hostConfig.Memory > 0
        ? hostConfig.Memory
        : this.defaultMemoryBytes;
    return {
      ...hostConfig,
      SecurityOpt: ['no-new-privileges'],
      CapDrop: ['ALL'],
      CapAdd: CAPABILITIES,
      PidsLimit: this.options.pidsLimit,
      ...(memory > 0 ? { Memory: memory } : {}),
    };
  }

  /**
   * The command an OS template's image runs (`imageCommand`), or undefined
   * when the engine no longer has the image. An image's configuration never
   * changes, so it is inspected once for each image id the catalogue
   * (refreshed every `imageRefreshMs`) gives the reference.
   */
  async imageCommand(template: ImageTemplate): Promise<string[] | undefined> {
    const known = this.#commands.get(template.reference);
    if (known?.imageId === template.imageId) return known.command;
    const image = await this.client.find<{
      Id?: string;
      Config?: { Entrypoint?: string[] | null; Cmd?: string[] | null } | null;
    }>(`/images/${encodeURIComponent(template.reference)}/json`, `inspect image ${template.reference}`);
    this.#commands.delete(template.reference);
    if (!image) return undefined;
    const command = imageCommand(image.Config ?? {});
    if (image.Id === template.imageId) this.#commands.set(template.reference, { imageId: image.Id, command });
    return command;
  }

  /** Forgets what `imageCommand` knows of an image (the engine answered that it has no such image). */
  forgetImage(reference: string): void {
    this.#commands.delete(reference);
  }

  /**
   * Takes a container just created with NetworkMode `bridge` off the
   * engine's default network, so that it has none until a network interface
   * connects it (a container created with NetworkMode `none` could never be
   * connected). The default network's name (Docker's `bridge`, Podman's
   * `podman`) is learned from the first such container's inspection; when
   * the engine refuses to disconnect a later one from it (not connected: the
   * engine's default changed), the container is inspected again.
   */
  async leaveDefaultNetwork(container: string): Promise<void> {
    const disconnect = (network: string) =>
      this.client.request('POST', `/networks/${encodeURIComponent(network)}/disconnect`, {
        json: { Container: container, Force: true },
        doing: `disconnect container ${container} from network ${network}`,
      });
    const known = this.#defaultNetworks;
    if (known) {
      try {
        for (const network of known) await disconnect(network);
        return;
      } catch (error) {
        if (!isEngineError(error)) throw error;
      }
    }
    const created = await this.client.request<{
      NetworkSettings?: { Networks?: Record<string, unknown> | null };
    }>('GET', `/containers/${encodeURIComponent(container)}/json`, {
      doing: `inspect container ${container}`,
    });
    const networks = Object.keys(created.NetworkSettings?.Networks ?? {});
    for (const network of networks) await disconnect(network);
    this.#defaultNetworks = networks.length > 0 ? networks : undefined;
  }

  /** The memory limit of a container whose compute asks for none (bytes; 0 for none). */
  get defaultMemoryBytes(): number {
    return this.options.defaultMemoryMiB * 1024 * 1024;
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
