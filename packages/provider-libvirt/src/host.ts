/** What the drivers share: the connection to libvirt, the options, the pools, the host and the images. */

import { badRequest, OcciError } from '@occi/core';
import { type DomainDescription, describeDomain } from './domain-xml.js';
import { ImageCatalogue } from './drivers/os-templates.js';
import { DEFAULT_NAME_PREFIX, locationOf, objectName } from './names.js';
import { isLibvirtError, LibvirtClient } from './rpc/client.js';
import { type DomainRef, ErrorCode, type NamedRef, type VolumeRef } from './rpc/protocol.js';
import { Libvirt } from './rpc/remote.js';
import { hasProcess } from './state.js';
import { describeCapabilities, dirPoolXml, type HostCapabilities } from './storage-xml.js';

export interface LibvirtOptions {
  /** The connection URI: `qemu:///system` (default), `qemu+ssh://user@host/system`, `…?socket=/path`. */
  uri?: string;
  /** The pool of the volumes this backend makes (disks, seeds, storages); default `default`. */
  pool?: string;
  /** Where to make the pool (a directory pool) when libvirt has none of that name; default `/var/lib/libvirt/images`. */
  poolPath?: string;
  /** The pool whose volumes are the OS templates; default the same pool. */
  imagePool?: string;
  /** The image (a volume of the image pool) of a compute created without an OS template. */
  defaultImage?: string;
  /** `auto` (default): KVM where the host has it, QEMU's TCG otherwise; or force `kvm` or `qemu`. */
  virtualization?: 'auto' | 'kvm' | 'qemu';
  /** Networks are isolated (no route out of the host) unless `forward: 'nat'`. */
  network?: { forward?: 'none' | 'nat' };
  /**
   * Bring resources into service when they are created: a compute's domain
   * is started (active), a storage online, a network started. Default
   * false: the documents' initial states until start, online or up.
   */
  startOnCreate?: boolean;
  /** Seconds a graceful or ACPI stop waits for the guest to power off; default 60. */
  stopTimeoutSeconds?: number;
  /** Memory (GiB) of a compute that names none; default 0.5. */
  defaultMemoryGiB?: number;
  /** How long one libvirt call may take (ms); default 60 000 (copies of disks get ten times that). */
  timeoutMs?: number;
  /** How long connecting to libvirt may take (ms); default 10 000. */
  connectTimeoutMs?: number;
  /** How old the list of images may get before a read lists them again (ms); default 30 000. */
  imageRefreshMs?: number;
  /** Scheme of the image OS templates; default `http://occi.example/libvirt/image#`. */
  imageScheme?: string;
  /** Base of their locations; default `/os_tpl/libvirt/`. */
  imageLocationBase?: string;
  /** Prefix of the names of domains, volumes and networks; default `occi`. */
  namePrefix?: string;
  /** Directory (on the libvirt host) of the serial console logs, `<domain>.console.log`; default `/var/log/libvirt/qemu`. */
  consoleLogDir?: string;
}

type Resolved = Required<Omit<LibvirtOptions, 'network' | 'defaultImage' | 'imagePool'>> & {
  forward: 'none' | 'nat';
  imagePool: string;
  defaultImage: string | undefined;
};

export class LibvirtHost {
  readonly libvirt: Libvirt;
  readonly options: Resolved;
  readonly images: ImageCatalogue;
  #pool: NamedRef | undefined;
  #imagePool: NamedRef | undefined;
  capabilities: HostCapabilities = { arch: 'x86_64', guests: new Map() };
  node = { cpus: 1, memoryKiB: 0 };

  constructor(options: LibvirtOptions) {
    this.options = {
      uri: options.uri ?? 'qemu:///system',
      pool: options.pool ?? 'default',
      poolPath: options.poolPath ?? '/var/lib/libvirt/images',
      imagePool: options.imagePool ?? options.pool ?? 'default',
      defaultImage: options.defaultImage,
      virtualization: options.virtualization ?? 'auto',
      forward: options.network?.forward ?? 'none',
      startOnCreate: options.startOnCreate ?? false,
      stopTimeoutSeconds: options.stopTimeoutSeconds ?? 60,
      defaultMemoryGiB: options.defaultMemoryGiB ?? 0.5,
      timeoutMs: options.timeoutMs ?? 60_000,
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      imageRefreshMs: options.imageRefreshMs ?? 30_000,
      imageScheme: options.imageScheme ?? 'http://occi.example/libvirt/image#',
      imageLocationBase: options.imageLocationBase ?? '/os_tpl/libvirt/',
      namePrefix: options.namePrefix ?? DEFAULT_NAME_PREFIX,
      consoleLogDir: options.consoleLogDir ?? '/var/log/libvirt/qemu',
    };
    this.libvirt = new Libvirt(
      new LibvirtClient(this.options.uri, {
        timeoutMs: this.options.timeoutMs,
        connectTimeoutMs: this.options.connectTimeoutMs,
      }),
    );
    this.images = new ImageCatalogue(this);
  }

  /** The libvirt name of the object of the entity at `location` (`/compute/4f…` → `occi_compute_4f…`). */
  name(location: string): string {
    return objectName(this.options.namePrefix, location);
  }

  get pool(): NamedRef {
    if (!this.#pool)
      throw new OcciError('unavailable', { code: 'other', message: 'the libvirt backend is not started' });
    return this.#pool;
  }

  get imagePool(): NamedRef {
    return this.#imagePool ?? this.pool;
  }

  /** Connects, learns the host, finds (or makes) the pools, lists the images and checks the default image. */
  async connect(): Promise<void> {
    const info = await this.libvirt.nodeInfo();
    this.node = { cpus: info.cpus, memoryKiB: info.memory };
    this.capabilities = describeCapabilities(await this.libvirt.capabilities());
    if (this.options.virtualization === 'kvm' && this.virtType('x86_64') !== 'kvm')
      throw badRequest(
        'other',
        `virtualization kvm: libvirt at ${this.options.uri} offers no KVM (no /dev/kvm?)`,
      );
    this.#pool = await this.#preparePool(this.options.pool, true);
    this.#imagePool =
      this.options.imagePool === this.options.pool
        ? this.#pool
        : await this.#preparePool(this.options.imagePool, false);
    await this.images.refresh(true);
    if (this.options.defaultImage !== undefined) this.images.setDefault(this.options.defaultImage);
  }

  /** The pool `name`, started; made as a directory pool at `poolPath` when absent and `make`. */
  async #preparePool(name: string, make: boolean): Promise<NamedRef> {
    let pool = await this.libvirt.pool(name);
    if (!pool) {
      if (!make)
        throw badRequest(
          'other',
          `libvirt at ${this.options.uri} has no storage pool ${name} (the image pool)`,
        );
      pool = await this.libvirt.definePool(dirPoolXml(name, this.options.poolPath), name);
      await this.libvirt.preparePool(pool);
    }
    if (!(await this.libvirt.poolActive(pool))) await this.libvirt.startPool(pool);
    return pool;
  }

  /** The domain type for a guest architecture: `kvm` where the host offers it (and it is not refused), else `qemu`. */
  virtType(arch: string): 'kvm' | 'qemu' {
    if (this.options.virtualization === 'qemu') return 'qemu';
    return this.capabilities.guests.get(arch)?.has('kvm') ? 'kvm' : 'qemu';
  }

  /** Whether the host runs guests of an architecture at all. */
  runs(arch: string): boolean {
    return (this.capabilities.guests.get(arch)?.size ?? 0) > 0;
  }

  /** The domain of the compute at `location`, with its XML; one of that name made for another entity is not it. */
  async domainOf(
    location: string,
    inactive = false,
  ): Promise<{ ref: DomainRef; description: DomainDescription } | undefined> {
    const ref = await this.libvirt.domain(this.name(location));
    if (!ref) return undefined;
    const description = describeDomain(await this.libvirt.domainXml(ref, inactive ? 2 : 0));
    return description.tie?.location === location ? { ref, description } : undefined;
  }

  /**
   * The backend's domains (named with the prefix, tied by their metadata),
   * with their definitions and whether QEMU runs them.
   */
  async ownDomains(): Promise<{ ref: DomainRef; description: DomainDescription; running: boolean }[]> {
    const out = [];
    for (const ref of await this.libvirt.domains()) {
      const location = locationOf(this.options.namePrefix, ref.name);
      if (location === undefined) continue;
      const description = describeDomain(await this.libvirt.domainXml(ref, 2));
      if (description.tie?.location !== location) continue;
      out.push({ ref, description, running: hasProcess(await this.libvirt.domainState(ref)) });
    }
    return out;
  }

  /** A volume of the backend's pool by name. */
  volume(name: string): Promise<VolumeRef | undefined> {
    return this.libvirt.volume(this.pool, name);
  }

  /** Deletes a volume of the backend's pool; one already gone is no error. */
  async removeVolume(name: string): Promise<void> {
    const volume = await this.volume(name);
    if (!volume) return;
    await this.libvirt.deleteVolume(volume).catch((error: unknown) => {
      if (!isLibvirtError(error, ErrorCode.NO_STORAGE_VOL)) throw error;
    });
  }

  close(): Promise<void> {
    return this.libvirt.close();
  }
}
