/**
 * OS templates (Infrastructure §3.5.1) from the engine's local images: one
 * Mixin per image tag, depending on `…/infrastructure#os_tpl` and applying
 * to Compute, with a provider scheme and the image reference as its title.
 */
import type { Mixin, TypeIdentifier } from '@occi/core';
import { mixinFromDefinition, TERM_PATTERN, typeIdentifier } from '@occi/core';
import { COMPUTE_KIND, OS_TPL } from '@occi/infrastructure';
import { SAVED_FROM_LABEL } from './labels.js';

/** The default scheme of image OS templates. */
export const IMAGE_SCHEME = 'http://occi.example/docker/image#';
/** The default base of their locations: `/os_tpl/docker/<term>/`. */
export const IMAGE_LOCATION_BASE = '/os_tpl/docker/';
/** The attribute of an image OS template (and of the computes using it) naming the image. */
export const IMAGE_ATTRIBUTE = 'org.occi-ts.docker.image';
/** On OS templates made by `save`: the compute they were saved from. */
export const SAVED_FROM_ATTRIBUTE = 'org.occi-ts.saved.from';

/** An image as `GET /images/json` lists it. */
export interface EngineImage {
  Id: string;
  RepoTags?: string[] | null;
  Labels?: Record<string, string> | null;
}

/** An image tag as its OS template. */
export interface ImageTemplate {
  mixin: Mixin;
  /** The image reference, e.g. `docker.io/library/debian:12`. */
  reference: string;
  imageId: string;
}

const MAX_TERM_LENGTH = 64;

/** The short form of a reference: without the default registry, `library/` or `:latest`. */
export function shortReference(reference: string): string {
  return reference
    .replace(/^(docker\.io|localhost)\//, '')
    .replace(/^library\//, '')
    .replace(/:latest$/, '');
}

/**
 * The OS template term of an image reference: its short form with every
 * run of characters outside the term syntax made `_`
 * (`docker.io/library/debian:12` → `debian_12`), or undefined when nothing
 * usable remains.
 */
export function imageTerm(reference: string): string | undefined {
  const term = shortReference(reference)
    .replace(/[^A-Za-z0-9_.-]+/g, '_')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, MAX_TERM_LENGTH);
  return TERM_PATTERN.test(term) ? term : undefined;
}

export interface ImageTemplateOptions {
  scheme: string;
  locationBase: string;
}

/** The OS templates of the listed images: one per tag, terms made unique with the image's short id. */
export function imageTemplates(
  images: readonly EngineImage[],
  options: ImageTemplateOptions,
): ImageTemplate[] {
  const tags: { reference: string; image: EngineImage }[] = [];
  for (const image of images)
    for (const reference of image.RepoTags ?? [])
      if (!reference.includes('<none>')) tags.push({ reference, image });
  tags.sort((a, b) => a.reference.localeCompare(b.reference));
  const taken = new Set<string>();
  const templates: ImageTemplate[] = [];
  for (const { reference, image } of tags) {
    let term = imageTerm(reference);
    if (term === undefined) continue;
    if (taken.has(term))
      term = `${term.slice(0, MAX_TERM_LENGTH - 13)}-${image.Id.replace(/^sha256:/, '').slice(0, 12)}`;
    if (taken.has(term)) continue;
    taken.add(term);
    const savedFrom = image.Labels?.[SAVED_FROM_LABEL];
    const mixin = mixinFromDefinition({
      scheme: options.scheme,
      term,
      title: reference,
      // Infrastructure §3.5.1: a provider OS template MUST depend on os_tpl.
      depends: [OS_TPL],
      applies: [COMPUTE_KIND],
      location: `${options.locationBase}${term}/`,
      attributes: {
        [IMAGE_ATTRIBUTE]: {
          type: 'string',
          mutable: false,
          required: false,
          default: reference,
          description: 'The container image the compute runs.',
        },
        ...(savedFrom
          ? {
              [SAVED_FROM_ATTRIBUTE]: {
                type: 'string' as const,
                mutable: false,
                required: false,
                default: savedFrom,
                description: 'The compute this OS template was saved from.',
              },
            }
          : {}),
      },
    });
    templates.push({ mixin, reference, imageId: image.Id });
  }
  return templates;
}

export function templateIndex(templates: readonly ImageTemplate[]): Map<TypeIdentifier, ImageTemplate> {
  return new Map(templates.map((t) => [typeIdentifier(t.mixin), t]));
}
