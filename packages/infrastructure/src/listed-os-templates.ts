/**
 * A backend's images as provider OS templates (Infrastructure §3.5.1): the
 * catalogue machinery a provider needs whatever its images are (container
 * images, disk images of a pool). A subclass lists the images; this class
 * lists again when the list is older than the backend allows, shares one
 * listing between concurrent callers, keeps the old list while the backend
 * is down, keeps the same arrays while nothing changed, finds an entity's
 * template and gives a compute that names none the default one.
 */
import type { Catalogue, Entity, Mixin, Model } from '@occi/core';
import { isOcciError, typeIdentifier } from '@occi/core';
import { OS_TPL } from './identifiers.js';

/** One image as its OS template: a mixin depending on os_tpl, and whatever the backend needs of the image. */
export interface ListedOsTemplate {
  readonly mixin: Mixin;
}

/** One listing of the backend's images. */
export interface OsTemplateListing<T extends ListedOsTemplate> {
  readonly templates: readonly T[];
  /** The same while nothing that matters changed: then the previous listing (and its arrays) is kept. */
  readonly key: string;
}

export abstract class ListedOsTemplates<
  T extends ListedOsTemplate,
  L extends OsTemplateListing<T> = OsTemplateListing<T>,
> implements Catalogue
{
  readonly #imageAttribute: string;
  #listing: L;
  #mixins: readonly Mixin[] = [];
  #refreshedAt = 0;
  #refreshing: Promise<void> | undefined;
  #default: string | undefined;

  /**
   * `imageAttribute` is the attribute a compute given the default template
   * gets, naming its image; `empty` is the listing before the first one.
   */
  constructor(imageAttribute: string, empty: L) {
    this.#imageAttribute = imageAttribute;
    this.#listing = empty;
  }

  /** Lists the backend's images; throws an `OcciError` when the backend cannot be reached. */
  protected abstract list(): Promise<L>;

  /** How long a listing stays fresh, in milliseconds. */
  protected abstract refreshMs(): number;

  /** The name of a template's image: the value of the image attribute, and what `defaultImage` names. */
  protected abstract imageName(template: T): string;

  /** The error `withDefault` throws when the default image is not (or no longer) listed. */
  protected abstract missingDefault(defaultImage: string | undefined): Error;

  mixins(): readonly Mixin[] {
    return this.#mixins;
  }

  /** The templates, as last listed: the same array while nothing changed. */
  get templates(): readonly T[] {
    return this.#listing.templates;
  }

  /** The last listing: the same object while nothing changed. */
  protected get listing(): L {
    return this.#listing;
  }

  /**
   * Lists the images again when the list is older than `refreshMs()` (or
   * `now`); concurrent callers share one listing. Keeps the old list if the
   * backend is down (an `OcciError`), unless `now`.
   */
  async refresh(now = false): Promise<void> {
    if (!now && Date.now() - this.#refreshedAt < this.refreshMs()) return;
    this.#refreshing ??= this.#relist()
      .catch((error: unknown) => {
        if (now || !isOcciError(error)) throw error;
      })
      .finally(() => {
        this.#refreshing = undefined;
      });
    await this.#refreshing;
  }

  async #relist(): Promise<void> {
    const listing = await this.list();
    this.#refreshedAt = Date.now();
    if (listing.key === this.#listing.key) return;
    this.#listing = listing;
    this.#mixins = listing.templates.map((t) => t.mixin);
  }

  /** The name of the default image, once set. */
  get defaultImage(): string | undefined {
    return this.#default;
  }

  /** Sets the default image (the subclass checks that it is listed). */
  protected useDefault(name: string): void {
    this.#default = name;
  }

  /** The listed template among an entity's mixins. */
  templateOf(entity: { mixins?: readonly string[] }): T | undefined {
    const ids = new Set(entity.mixins ?? []);
    return this.templates.find((t) => ids.has(typeIdentifier(t.mixin)));
  }

  /**
   * Gives a compute that names no OS template (no mixin depending on
   * os_tpl) the default image's, and the image attribute naming it; throws
   * `missingDefault` when the default image is not listed.
   */
  withDefault(model: Model, entity: Entity): void {
    if (entity.mixins.some((id) => id !== OS_TPL && model.dependsOn(id, OS_TPL))) return;
    const name = this.#default;
    const fallback = name === undefined ? undefined : this.templates.find((t) => this.imageName(t) === name);
    if (!fallback) throw this.missingDefault(name);
    entity.mixins.push(typeIdentifier(fallback.mixin));
    entity.attributes[this.#imageAttribute] = this.imageName(fallback);
  }

  /** The OS templates of an entity (mixins depending on os_tpl) that are none of the listed images. */
  foreignTemplates(model: Model, entity: Entity): string[] {
    return entity.mixins.filter(
      (id) => id !== OS_TPL && model.dependsOn(id, OS_TPL) && !this.templateOf({ mixins: [id] }),
    );
  }
}
