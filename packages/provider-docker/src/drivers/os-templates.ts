/**
 * OS templates (Infrastructure §3.5.1) from the engine's local images: the
 * catalogue of the backend (one mixin per image tag, os-templates.ts), the
 * default image of a compute created without one, and `save` (§3.1): a
 * container committed to a new image, whose template the action answers.
 */
import { randomUUID } from 'node:crypto';
import type { ActionContext, ActionOutcome, Model } from '@occi/core';
import { badRequest, OcciError, TERM_PATTERN, typeIdentifier } from '@occi/core';
import { ListedOsTemplates, type OsTemplateListing } from '@occi/infrastructure';
import type { EngineClient } from '../engine-client.js';
import { OWNER_LABEL, SAVED_FROM_LABEL } from '../labels.js';
import {
  type EngineImage,
  IMAGE_ATTRIBUTE,
  type ImageTemplate,
  imageTemplates,
  imageTerm,
} from '../os-templates.js';

const enc = encodeURIComponent;

/** What the catalogue needs of the backend. */
export interface ImageCatalogueEngine {
  readonly client: EngineClient;
  readonly options: { imageRefreshMs: number; imageScheme: string; imageLocationBase: string };
  name(location: string): string;
}

/** The listing of the engine: its image templates, and its images. */
interface EngineListing extends OsTemplateListing<ImageTemplate> {
  readonly images: readonly EngineImage[];
}

export class ImageCatalogue extends ListedOsTemplates<ImageTemplate, EngineListing> {
  readonly #docker: ImageCatalogueEngine;

  constructor(docker: ImageCatalogueEngine) {
    super(IMAGE_ATTRIBUTE, { templates: [], images: [], key: '' });
    this.#docker = docker;
  }

  /** The engine's images, as last listed: the same array while nothing changed. */
  get images(): readonly EngineImage[] {
    return this.listing.images;
  }

  protected refreshMs(): number {
    return this.#docker.options.imageRefreshMs;
  }

  protected async list(): Promise<EngineListing> {
    const images = await this.#docker.client.request<EngineImage[]>('GET', '/images/json', {
      doing: 'list images',
    });
    const templates = imageTemplates(images, {
      scheme: this.#docker.options.imageScheme,
      locationBase: this.#docker.options.imageLocationBase,
    });
    const key = JSON.stringify(templates.map((t) => [t.reference, t.imageId, typeIdentifier(t.mixin)]));
    return { templates, images, key };
  }

  protected imageName(template: ImageTemplate): string {
    return template.reference;
  }

  /** Sets the default image: the engine resolves `reference` to an image that has an OS template. */
  async setDefault(reference: string): Promise<void> {
    const image = await this.#docker.client.find<{ Id: string }>(
      `/images/${enc(reference)}/json`,
      `inspect image ${reference}`,
    );
    const template = image && this.templates.find((t) => t.imageId === image.Id);
    if (!template)
      throw badRequest(
        'not-found',
        `the default image ${reference} is not among the images of the engine at ${this.#docker.client.address} (${this.templates.map((t) => t.reference).join(', ') || 'it has none'}); import or pull it first`,
      );
    this.useDefault(template.reference);
  }

  protected missingDefault(defaultImage: string | undefined): Error {
    return new OcciError('unavailable', {
      code: 'other',
      message: `the default image ${defaultImage} is no longer in the engine at ${this.#docker.client.address}; name an OS template (one of ${this.#docker.options.imageScheme})`,
    });
  }

  /** `save` (Infrastructure §3.1): commits the container to a new image, whose OS template is the answer. */
  async save(context: ActionContext): Promise<ActionOutcome> {
    const location = context.entity.location as string;
    const requested = context.parameters.name;
    if (requested !== undefined && typeof requested !== 'string')
      throw badRequest('attribute-type', 'save: parameter "name" must be a string', { attribute: 'name' });
    const repository = await this.#freeRepository(context.model, requested);
    const name = this.#docker.name(location);
    const committed = await this.#docker.client.request<{ Id: string }>('POST', '/commit', {
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
    await this.refresh(true);
    const id = committed?.Id?.startsWith('sha256:') ? committed.Id : `sha256:${committed?.Id ?? ''}`;
    const template =
      this.templates.find((t) => t.imageId === id && imageTerm(t.reference) === repository) ??
      this.templates.find((t) => t.imageId === id);
    if (!template)
      throw new Error(`the engine committed ${name} to ${repository} but does not list the new image`);
    // Infrastructure §3.1: the response MUST contain the rendering of the new OS template.
    return { categories: [template.mixin] };
  }

  /** A repository name for a saved image, from the client's name when it is free (the provider MAY respect it). */
  async #freeRepository(model: Model, requested: string | undefined): Promise<string> {
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
        model.get(typeIdentifier({ scheme: this.#docker.options.imageScheme, term })) !== undefined ||
        (await this.#docker.client.find(`/images/${enc(candidate)}/json`, `inspect image ${candidate}`)) !==
          undefined;
      if (!taken) return candidate;
    }
    return `${base}-${randomUUID().slice(0, 8)}`;
  }
}
