/**
 * Platform templates (Platform §3.4.1 application templates, §4.1 database
 * flavours) from the engine's images, beside the OS templates: the images
 * the operator labelled or declared in the catalogue, listed with the OS
 * templates' listing; and which template an application or component runs.
 */
import type { Catalogue, Entity, Mixin, Model } from '@occi/core';
import { badRequest, typeIdentifier } from '@occi/core';
import { APP_TPL_MIXIN, DATABASE_MIXIN } from '@occi/platform';
import { IMAGE_ATTRIBUTE } from '../os-templates.js';
import {
  APP_PORT_ATTRIBUTE,
  APP_TEMPLATE_SCHEME,
  type AppTemplate,
  type DatabaseTemplate,
  missingImages,
  type PlatformCatalogueDefinition,
  platformTemplates,
} from '../platform-templates.js';
import type { ImageCatalogue } from './os-templates.js';

export class PlatformCatalogue implements Catalogue {
  readonly #images: ImageCatalogue;
  readonly #catalogue: PlatformCatalogueDefinition;
  readonly #defaultTemplate: string | undefined;
  #listed: readonly unknown[] | undefined;
  #applications: AppTemplate[] = [];
  #databases: DatabaseTemplate[] = [];
  #mixins: readonly Mixin[] = [];

  constructor(images: ImageCatalogue, catalogue: PlatformCatalogueDefinition, defaultTemplate?: string) {
    this.#images = images;
    this.#catalogue = catalogue;
    this.#defaultTemplate = defaultTemplate;
  }

  mixins(): readonly Mixin[] {
    this.#rebuild();
    return this.#mixins;
  }

  async refresh(): Promise<void> {
    await this.#images.refresh();
    this.#rebuild();
  }

  /** Rebuilds the templates when the images were listed again and changed. */
  #rebuild(): void {
    const images = this.#images.images;
    if (images === this.#listed) return;
    this.#listed = images;
    ({ applications: this.#applications, databases: this.#databases } = platformTemplates(
      images,
      this.#catalogue,
    ));
    this.#mixins = [...this.#applications, ...this.#databases].map((t) => t.mixin);
  }

  get applications(): readonly AppTemplate[] {
    this.#rebuild();
    return this.#applications;
  }

  get databases(): readonly DatabaseTemplate[] {
    this.#rebuild();
    return this.#databases;
  }

  /** At start: the catalogue's images are in the engine, and the default template is one of the templates. */
  check(address: string): void {
    const missing = missingImages(this.#images.images, this.#catalogue);
    if (missing.length > 0)
      throw badRequest(
        'not-found',
        `the platform templates name images the engine at ${address} does not have: ${missing.join(', ')}; import or pull them first`,
      );
    if (this.#defaultTemplate !== undefined && !this.#find(this.#defaultTemplate))
      throw badRequest(
        'not-found',
        `the default application template ${this.#defaultTemplate} is none of the engine's (${this.applications.map((t) => t.mixin.term).join(', ') || 'it has none'})`,
      );
  }

  #find(term: string): AppTemplate | undefined {
    return this.applications.find((t) => t.mixin.term === term || typeIdentifier(t.mixin) === term);
  }

  /** The application template among an entity's mixins. */
  applicationOf(entity: { mixins?: readonly string[] }): AppTemplate | undefined {
    const ids = new Set(entity.mixins ?? []);
    return this.applications.find((t) => ids.has(typeIdentifier(t.mixin)));
  }

  /**
   * The database template of a database component: its flavour mixin, or
   * else the first flavour of its `occi.database.version` (the bare
   * `platform#database` mixin with a version).
   */
  databaseOf(entity: Entity): DatabaseTemplate | undefined {
    const ids = new Set(entity.mixins);
    const flavour = this.databases.find((t) => ids.has(typeIdentifier(t.mixin)));
    const version = entity.attributes['occi.database.version'];
    return flavour ?? this.databases.find((t) => t.version === version);
  }

  /** Gives an application (or a component that is no database) without an application template the default one. */
  withDefault(model: Model, entity: Entity): void {
    if (this.#defaultTemplate === undefined) return;
    if (entity.mixins.some((id) => model.dependsOn(id, APP_TPL_MIXIN) || model.dependsOn(id, DATABASE_MIXIN)))
      return;
    const template = this.#find(this.#defaultTemplate);
    if (!template) return;
    entity.mixins.push(typeIdentifier(template.mixin));
    entity.attributes[IMAGE_ATTRIBUTE] ??= template.reference;
    entity.attributes[APP_PORT_ATTRIBUTE] ??= template.port;
  }

  /**
   * What an entity cannot run: application templates of other schemes, two
   * images, and on creation no image at all or a database version the
   * engine has no image of.
   */
  problems(model: Model, entity: Entity, what: 'application' | 'component', creating: boolean): string[] {
    const foreign = entity.mixins.filter(
      (id) =>
        id !== APP_TPL_MIXIN && model.dependsOn(id, APP_TPL_MIXIN) && !this.applicationOf({ mixins: [id] }),
    );
    if (foreign.length > 0)
      return [
        `application template ${foreign.join(', ')} is not an image of the container engine (its application templates are the mixins of ${APP_TEMPLATE_SCHEME})`,
      ];
    const app = this.applicationOf(entity);
    const database = what === 'component' && entity.mixins.some((id) => model.dependsOn(id, DATABASE_MIXIN));
    if (app && database)
      return ['a component runs one image: an application template or a database, not both'];
    if (!creating) return [];
    if (database && !this.databaseOf(entity))
      return [
        `no database image of version ${JSON.stringify(entity.attributes['occi.database.version'])} in the container engine; its databases: ${this.databases.map((t) => `${typeIdentifier(t.mixin)} (version ${t.version})`).join(', ') || 'none'}`,
      ];
    if (!app && !database)
      return [
        `the container engine runs an ${what} from an image: give it one of the application templates (${this.applications.map((t) => typeIdentifier(t.mixin)).join(', ') || 'the operator has declared none'})${what === 'component' ? ' or a database mixin' : ''}`,
      ];
    return [];
  }
}

/** The OS templates and the platform templates as one catalogue of the backend. */
export function combinedCatalogue(images: ImageCatalogue, platform: PlatformCatalogue): Catalogue {
  let parts: [readonly Mixin[], readonly Mixin[]] | undefined;
  let all: readonly Mixin[] = [];
  return {
    mixins() {
      const now: [readonly Mixin[], readonly Mixin[]] = [images.mixins(), platform.mixins()];
      if (!parts || parts[0] !== now[0] || parts[1] !== now[1]) {
        parts = now;
        all = [...now[0], ...now[1]];
      }
      return all;
    },
    refresh: () => platform.refresh(),
  };
}
