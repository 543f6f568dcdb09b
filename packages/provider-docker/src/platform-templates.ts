/**
 * Platform templates from the engine's images: application templates
 * (Platform §3.4.1, mixins depending on `platform#app_tpl`) and database
 * flavours (§4.1, mixins depending on `platform#database`). The operator
 * marks an image as one with labels, or declares it in a catalogue
 * (`PlatformCatalogueDefinition`, the JSON of `--docker-platform-templates`).
 */
import type { Mixin, MixinDefinition } from '@occi/core';
import { mixinFromDefinition, TERM_PATTERN, typeIdentifier } from '@occi/core';
import { APP_TPL_MIXIN, APPLICATION_KIND, COMPONENT_KIND, databaseFlavour } from '@occi/platform';
import { type EngineImage, IMAGE_ATTRIBUTE, imageTerm, shortReference } from './os-templates.js';

export const APP_TEMPLATE_SCHEME = 'http://occi.example/docker/app_tpl#';
export const APP_TEMPLATE_LOCATION_BASE = '/app_tpl/docker/';
export const DATABASE_SCHEME = 'http://occi.example/docker/database#';
export const DATABASE_LOCATION_BASE = '/database/docker/';
/** The attribute of an application template naming the port its image serves HTTP on. */
export const APP_PORT_ATTRIBUTE = 'org.occi-ts.app.port';
/** Prefix of the attributes an application template needs, one per environment variable. */
export const APP_ENV_PREFIX = 'org.occi-ts.app.env.';

/** Labels marking an image as an application: the port it serves, a title, the variables it needs (`A,B`). */
export const APP_LABELS = {
  port: 'org.occi-ts.app.port',
  title: 'org.occi-ts.app.title',
  env: 'org.occi-ts.app.env',
} as const;
/** Labels marking an image as a database (see `DatabaseTemplateDefinition`); `env.<NAME>` for each variable. */
export const DATABASE_LABELS = {
  version: 'org.occi-ts.database.version',
  port: 'org.occi-ts.database.port',
  title: 'org.occi-ts.database.title',
  uri: 'org.occi-ts.database.uri',
  grant: 'org.occi-ts.database.grant',
  revoke: 'org.occi-ts.database.revoke',
  env: 'org.occi-ts.database.env.',
} as const;

export interface AppTemplateDefinition {
  /** The image reference, e.g. `shop:1.4`. */
  image: string;
  /** The mixin's term; default from the image (`shop_1.4`). */
  term?: string;
  title?: string;
  /** The port the image serves HTTP on, in its container. */
  port: number;
  /** The environment variables it needs, each an attribute `org.occi-ts.app.env.<NAME>`. */
  env?: Record<string, { description?: string; default?: string; required?: boolean }>;
}

export interface DatabaseTemplateDefinition {
  image: string;
  term?: string;
  title?: string;
  /** `occi.database.version` of the flavour. */
  version: string;
  /** The port the database listens on, in its container. */
  port: number;
  /** The connection URI of a link: `{username}`, `{token}`, `{host}`, `{port}` are filled in. */
  uri: string;
  /** Shell command run in the database's container to create a link's credentials (`$OCCI_DB_USERNAME`, `$OCCI_DB_TOKEN`). */
  grant: string;
  /** Shell command run there when the link is deleted. */
  revoke?: string;
  /** The database container's environment; `{secret}` becomes a random secret per component. */
  env?: Record<string, string>;
}

export interface PlatformCatalogueDefinition {
  applications?: AppTemplateDefinition[];
  databases?: DatabaseTemplateDefinition[];
}

export interface AppTemplate {
  mixin: Mixin;
  reference: string;
  port: number;
  /** The names of the environment variables its attributes give. */
  env: string[];
}

export interface DatabaseTemplate {
  mixin: Mixin;
  reference: string;
  version: string;
  port: number;
  uri: string;
  grant: string;
  revoke?: string;
  env: Record<string, string>;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function fail(at: string, message: string): never {
  throw new Error(`${at}: ${message}`);
}

function text(value: unknown, at: string, optional = false): string | undefined {
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string' || value.trim() === '') fail(at, 'must be a non-empty string');
  return value;
}

function port(value: unknown, at: string): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 65535)
    fail(at, 'must be a port number (1 to 65535)');
  return n;
}

function term(value: unknown, image: string, at: string): string {
  const t = value === undefined ? imageTerm(image) : text(value, at);
  if (t === undefined || !TERM_PATTERN.test(t)) fail(at, `${JSON.stringify(t ?? image)} is not a term`);
  return t;
}

const object = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks a catalogue (the JSON of `--docker-platform-templates`); a mistake throws naming where it is. */
export function parsePlatformCatalogue(json: unknown): PlatformCatalogueDefinition {
  if (!object(json)) fail('catalogue', 'must be an object with "applications" and/or "databases"');
  for (const key of Object.keys(json))
    if (key !== 'applications' && key !== 'databases')
      fail(key, 'unknown key; known: applications, databases');
  const list = (key: string) => {
    const value = json[key] ?? [];
    if (!Array.isArray(value)) fail(key, 'must be a list');
    return value as unknown[];
  };
  const applications = list('applications').map((raw, i): AppTemplateDefinition => {
    const at = `applications[${i}]`;
    if (!object(raw)) fail(at, 'must be an object');
    const image = text(raw.image, `${at}.image`)!;
    const env: AppTemplateDefinition['env'] = {};
    if (raw.env !== undefined && !object(raw.env)) fail(`${at}.env`, 'must be an object');
    for (const [name, spec] of Object.entries((raw.env ?? {}) as Record<string, unknown>)) {
      if (!ENV_NAME.test(name)) fail(`${at}.env.${name}`, 'is not an environment variable name');
      if (!object(spec)) fail(`${at}.env.${name}`, 'must be an object');
      const description = text(spec.description, `${at}.env.${name}.description`, true);
      const fallback = spec.default === undefined ? undefined : String(spec.default);
      env[name] = {
        ...(description !== undefined ? { description } : {}),
        ...(fallback !== undefined ? { default: fallback } : {}),
        required: spec.required === true,
      };
    }
    const title = text(raw.title, `${at}.title`, true);
    return {
      image,
      term: term(raw.term, image, `${at}.term`),
      ...(title !== undefined ? { title } : {}),
      port: port(raw.port, `${at}.port`),
      env,
    };
  });
  const databases = list('databases').map((raw, i): DatabaseTemplateDefinition => {
    const at = `databases[${i}]`;
    if (!object(raw)) fail(at, 'must be an object');
    return databaseDefinition((key) => raw[key], at);
  });
  return { applications, databases };
}

/** A database definition from named values (a catalogue entry, or an image's labels). */
function databaseDefinition(get: (key: string) => unknown, at: string): DatabaseTemplateDefinition {
  const image = text(get('image'), `${at}.image`)!;
  const uri = text(get('uri'), `${at}.uri`)!;
  if (!uri.includes('{host}')) fail(`${at}.uri`, 'must contain {host}');
  const env: Record<string, string> = {};
  const rawEnv = get('env') ?? {};
  if (!object(rawEnv)) fail(`${at}.env`, 'must be an object');
  for (const [name, value] of Object.entries(rawEnv)) {
    if (!ENV_NAME.test(name)) fail(`${at}.env.${name}`, 'is not an environment variable name');
    env[name] = String(value);
  }
  const title = text(get('title'), `${at}.title`, true);
  const revoke = text(get('revoke'), `${at}.revoke`, true);
  return {
    image,
    term: term(get('term'), image, `${at}.term`),
    ...(title !== undefined ? { title } : {}),
    version: text(get('version'), `${at}.version`)!,
    port: port(get('port'), `${at}.port`),
    uri,
    grant: text(get('grant'), `${at}.grant`)!,
    ...(revoke !== undefined ? { revoke } : {}),
    env,
  };
}

/** The image a catalogue reference names, among the local images (`web` is `docker.io/library/web:latest`). */
function findTag(images: readonly EngineImage[], reference: string): string | undefined {
  const wanted = shortReference(reference);
  for (const image of images)
    for (const tag of image.RepoTags ?? []) if (shortReference(tag) === wanted) return tag;
  return undefined;
}

function appMixin(definition: AppTemplateDefinition, reference: string): Mixin {
  const attributes: NonNullable<MixinDefinition['attributes']> = {
    [IMAGE_ATTRIBUTE]: {
      type: 'string',
      mutable: false,
      required: false,
      default: reference,
      description: 'The container image the application runs.',
    },
    [APP_PORT_ATTRIBUTE]: {
      type: 'number',
      mutable: false,
      required: false,
      default: definition.port,
      description: 'The port the image serves HTTP on, in its container.',
    },
  };
  for (const [name, spec] of Object.entries(definition.env ?? {}))
    attributes[`${APP_ENV_PREFIX}${name}`] = {
      type: 'string',
      mutable: false,
      required: spec.required === true && spec.default === undefined,
      ...(spec.default !== undefined ? { default: spec.default } : {}),
      description: spec.description ?? `The environment variable ${name} of the application.`,
    };
  return mixinFromDefinition({
    scheme: APP_TEMPLATE_SCHEME,
    term: definition.term!,
    title: definition.title ?? reference,
    // Platform §3.4.1: a provider application template MUST depend on app_tpl.
    depends: [APP_TPL_MIXIN],
    applies: [APPLICATION_KIND, COMPONENT_KIND],
    location: `${APP_TEMPLATE_LOCATION_BASE}${definition.term}/`,
    attributes,
  });
}

function databaseMixin(definition: DatabaseTemplateDefinition, reference: string): Mixin {
  // Platform §4.1: a provider database mixin depends on platform#database and gives its version.
  const flavour = databaseFlavour({
    scheme: DATABASE_SCHEME,
    term: definition.term!,
    title: definition.title ?? `${reference} (version ${definition.version})`,
    version: definition.version,
    location: `${DATABASE_LOCATION_BASE}${definition.term}/`,
  });
  flavour.attributes = {
    ...flavour.attributes,
    [IMAGE_ATTRIBUTE]: {
      type: 'string',
      mutable: false,
      required: false,
      default: reference,
      description: 'The container image the database runs.',
    },
  };
  return mixinFromDefinition(flavour);
}

/** The definitions an image's labels make: an application, a database, or neither. */
function labelled(image: EngineImage, reference: string): PlatformCatalogueDefinition {
  const labels = image.Labels ?? {};
  const out: PlatformCatalogueDefinition = { applications: [], databases: [] };
  const at = `image ${reference}`;
  try {
    if (labels[APP_LABELS.port] !== undefined) {
      const env = Object.fromEntries(
        (labels[APP_LABELS.env] ?? '')
          .split(',')
          .map((name) => name.trim())
          .filter((name) => ENV_NAME.test(name))
          .map((name) => [name, { required: true }]),
      );
      out.applications!.push({
        image: reference,
        term: term(undefined, reference, at),
        ...(labels[APP_LABELS.title] ? { title: labels[APP_LABELS.title] } : {}),
        port: port(labels[APP_LABELS.port], `${at} label ${APP_LABELS.port}`),
        env,
      });
    }
    if (labels[DATABASE_LABELS.version] !== undefined) {
      const env = Object.fromEntries(
        Object.entries(labels)
          .filter(([name]) => name.startsWith(DATABASE_LABELS.env))
          .map(([name, value]) => [name.slice(DATABASE_LABELS.env.length), value]),
      );
      const fields: Record<string, unknown> = { image: reference, env };
      for (const key of ['version', 'port', 'title', 'uri', 'grant', 'revoke'] as const)
        fields[key] = labels[DATABASE_LABELS[key]];
      out.databases!.push(databaseDefinition((key) => fields[key], at));
    }
  } catch {
    // An image labelled wrongly is no template; the catalogue file is where mistakes are reported.
  }
  return out;
}

/**
 * The platform templates of the listed images: those of the catalogue whose
 * image is present, then those of labelled images (one per tag); a term
 * already taken is skipped.
 */
export function platformTemplates(
  images: readonly EngineImage[],
  catalogue: PlatformCatalogueDefinition,
): { applications: AppTemplate[]; databases: DatabaseTemplate[] } {
  const applications: AppTemplate[] = [];
  const databases: DatabaseTemplate[] = [];
  const add = (definitions: PlatformCatalogueDefinition, reference?: string) => {
    for (const d of definitions.applications ?? []) {
      const tag = reference ?? findTag(images, d.image);
      if (!tag || applications.some((t) => t.mixin.term === d.term)) continue;
      applications.push({
        mixin: appMixin(d, tag),
        reference: tag,
        port: d.port,
        env: Object.keys(d.env ?? {}),
      });
    }
    for (const d of definitions.databases ?? []) {
      const tag = reference ?? findTag(images, d.image);
      if (!tag || databases.some((t) => t.mixin.term === d.term)) continue;
      databases.push({
        mixin: databaseMixin(d, tag),
        reference: tag,
        version: d.version,
        port: d.port,
        uri: d.uri,
        grant: d.grant,
        ...(d.revoke !== undefined ? { revoke: d.revoke } : {}),
        env: d.env ?? {},
      });
    }
  };
  add(catalogue);
  const tags = images.flatMap((image) =>
    (image.RepoTags ?? []).filter((t) => !t.includes('<none>')).map((reference) => ({ image, reference })),
  );
  tags.sort((a, b) => a.reference.localeCompare(b.reference));
  for (const { image, reference } of tags) add(labelled(image, reference), reference);
  return { applications, databases };
}

/** The images a catalogue names that the engine lacks. */
export function missingImages(
  images: readonly EngineImage[],
  catalogue: PlatformCatalogueDefinition,
): string[] {
  return [...(catalogue.applications ?? []), ...(catalogue.databases ?? [])]
    .map((d) => d.image)
    .filter((image) => findTag(images, image) === undefined);
}

export const templateId = (t: { mixin: Mixin }) => typeIdentifier(t.mixin);
