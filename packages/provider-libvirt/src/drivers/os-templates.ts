/**
 * OS templates (Infrastructure §3.5.1) from the volumes of the image pool:
 * the catalogue of the backend (one mixin per disk image, qcow2 or raw),
 * the default image of a compute created without one, and `save` (§3.1):
 * a compute's disk copied into a new image, whose template the action
 * answers.
 */
import type { Mixin, Model } from '@occi/core';
import { badRequest, mixinFromDefinition, OcciError, TERM_PATTERN, typeIdentifier } from '@occi/core';
import { COMPUTE_KIND, ListedOsTemplates, OS_TPL, type OsTemplateListing } from '@occi/infrastructure';
import type { LibvirtHost } from '../host.js';
import type { VolumeRef } from '../rpc/protocol.js';
import { describeVolume, type VolumeDescription, volumeXml } from '../storage-xml.js';

/** The attribute of an image OS template (and of the computes using it) naming its volume. */
export const IMAGE_ATTRIBUTE = 'org.occi-ts.libvirt.image';

/** A volume of the image pool as its OS template. */
export interface ImageTemplate {
  mixin: Mixin;
  volume: VolumeRef;
  description: VolumeDescription;
}

const MAX_TERM_LENGTH = 64;

/** The term of an image: its volume name without `.qcow2`/`.img`/`.raw`, characters outside the term syntax as `_`. */
export function imageTerm(volume: string): string | undefined {
  const term = volume
    .replace(/\.(qcow2|img|raw)$/i, '')
    .replace(/[^A-Za-z0-9_.-]+/g, '_')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, MAX_TERM_LENGTH);
  return TERM_PATTERN.test(term) ? term : undefined;
}

export class ImageCatalogue extends ListedOsTemplates<ImageTemplate> {
  readonly #host: LibvirtHost;

  constructor(host: LibvirtHost) {
    super(IMAGE_ATTRIBUTE, { templates: [], key: '' });
    this.#host = host;
  }

  protected refreshMs(): number {
    return this.#host.options.imageRefreshMs;
  }

  protected async list(): Promise<OsTemplateListing<ImageTemplate>> {
    const { libvirt, options } = this.#host;
    const pool = this.#host.imagePool;
    await libvirt.refreshPool(pool); // files copied into the pool's directory appear
    const volumes = (await libvirt.volumes(pool))
      .filter((v) => !v.name.startsWith(`${options.namePrefix}_`))
      .sort((a, b) => a.name.localeCompare(b.name));
    const templates: ImageTemplate[] = [];
    const taken = new Set<string>();
    for (const volume of volumes) {
      const term = imageTerm(volume.name);
      if (!term || taken.has(term)) continue;
      const description = describeVolume(await libvirt.volumeXml(volume));
      if (description.format !== 'qcow2' && description.format !== 'raw') continue;
      taken.add(term);
      const mixin = mixinFromDefinition({
        scheme: options.imageScheme,
        term,
        title: `${volume.name} (libvirt pool ${pool.name})`,
        // Infrastructure §3.5.1: a provider OS template MUST depend on os_tpl.
        depends: [OS_TPL],
        applies: [COMPUTE_KIND],
        location: `${options.imageLocationBase}${term}/`,
        attributes: {
          [IMAGE_ATTRIBUTE]: {
            type: 'string',
            mutable: false,
            required: false,
            default: volume.name,
            description:
              'The disk image (a volume of the libvirt pool) the compute boots a copy-on-write overlay of.',
          },
        },
      });
      templates.push({ mixin, volume, description });
    }
    const key = JSON.stringify(
      templates.map((t) => [t.volume.key, t.description.capacity, t.description.format]),
    );
    return { templates, key };
  }

  protected imageName(template: ImageTemplate): string {
    return template.volume.name;
  }

  /** Sets the default image: a volume of the image pool with an OS template. */
  setDefault(volume: string): void {
    if (!this.templates.some((t) => t.volume.name === volume))
      throw badRequest(
        'not-found',
        `the default image ${volume} is not among the disk images of pool ${this.#host.imagePool.name} (${this.templates.map((t) => t.volume.name).join(', ') || 'it has none'}); put it there first`,
      );
    this.useDefault(volume);
  }

  /** A compute that names no OS template needs the default image: refused (400) when there is none. */
  protected missingDefault(defaultImage: string | undefined): Error {
    const names = this.templates.map((t) => typeIdentifier(t.mixin)).join(', ') || 'the pool has none';
    if (defaultImage === undefined)
      return badRequest('missing-required-attribute', `a compute needs an OS template: name one of ${names}`);
    return new OcciError('unavailable', {
      code: 'other',
      message: `the default image ${defaultImage} is no longer in pool ${this.#host.imagePool.name}; name an OS template (${names})`,
    });
  }

  /** Copies a compute's disk (its overlay flattened onto its image) into a new image; answers its template. */
  async saveDisk(
    model: Model,
    disk: VolumeRef,
    requested: string | undefined,
    capacity: number,
  ): Promise<Mixin> {
    const { libvirt, options } = this.#host;
    const name = await this.#freeName(model, requested);
    await libvirt.cloneVolume(
      this.#host.imagePool,
      volumeXml({ name, capacity, format: 'qcow2' }),
      disk,
      name,
      options.timeoutMs * 10,
    );
    await this.refresh(true);
    const template = this.templates.find((t) => t.volume.name === name);
    if (!template) throw new Error(`libvirt copied ${disk.name} to ${name} but does not list the new image`);
    return template.mixin;
  }

  /** A volume name for a saved image, from the client's name when it is free (the provider MAY respect it). */
  async #freeName(model: Model, requested: string | undefined): Promise<string> {
    const base =
      (requested ?? '')
        .normalize('NFKD')
        .replace(/\p{M}+/gu, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 50) || `saved-${Date.now().toString(36)}`;
    for (let n = 1; n < 100; n++) {
      const candidate = `${n === 1 ? base : `${base}-${n}`}.qcow2`;
      const term = imageTerm(candidate);
      if (!term) continue;
      const taken =
        model.get(typeIdentifier({ scheme: this.#host.options.imageScheme, term })) !== undefined ||
        (await this.#host.libvirt.volume(this.#host.imagePool, candidate)) !== undefined;
      if (!taken) return candidate;
    }
    throw new OcciError('conflict', {
      code: 'duplicate',
      message: `save: every name like ${base} is taken in the pool`,
    });
  }
}
