/**
 * What a server can load, one row each: the extensions (one per document)
 * and the backends that make entities real. The options, `--help`, the
 * start-up banner and the README's tables come from these rows: adding a
 * backend package is one row in `BACKENDS`.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { Extension } from '@occi/core';
import { crtp } from '@occi/crtp';
import {
  infrastructure,
  type OsTemplateDefinition,
  osTemplateCatalogue,
  osTemplates,
} from '@occi/infrastructure';
import { platform } from '@occi/platform';
import {
  checkUrlTemplate,
  docker,
  type PlatformCatalogueDefinition,
  parsePlatformCatalogue,
} from '@occi/provider-docker';
import { libvirt, parseUri } from '@occi/provider-libvirt';
import { type SlaCatalogueDefinition, sla, slaTemplateCatalogue, slaTemplates } from '@occi/sla';

/** Thrown for a configuration mistake: the message names the option. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** An option of a backend: its flag, environment variable and config key; `convert` checks a raw value. */
export interface BackendOption {
  key: string;
  flag: string;
  env: string;
  /** The placeholder of its value in `--help`; none for a boolean flag. */
  value?: string;
  help: string;
  default?: string;
  /** The backend cannot run without it. */
  required?: boolean;
  /** The typed value, or a message saying what is wrong with `raw`. */
  convert(raw: string): { value: unknown } | { problem: string };
}

export interface ExtensionRow {
  name: string;
  /** What it adds, for `--help` and the README. */
  summary: string;
  /** Extensions it needs loaded too. */
  requires: readonly string[];
  /** Its extensions, with the catalogues the configuration names (`osTemplates` only when the backend has none). */
  load(config: { osTemplates?: string; slaTemplates?: string; backendTemplates: boolean }): Extension[];
}

export interface BackendRow {
  name: string;
  /** What it runs entities on, for `--help`, the banner and the README. */
  summary: string;
  /** Extensions it needs loaded. */
  requires: readonly string[];
  /** It offers the OS templates itself (no catalogue from the configuration is loaded). */
  osTemplates: boolean;
  options: readonly BackendOption[];
  /** The backend extension, from its options' values; none for the reference backend. */
  create(options: Record<string, unknown>): Extension | undefined;
  /** The banner line, e.g. `docker engine at unix:///run/podman/podman.sock`. */
  describe(options: Record<string, unknown>): string;
}

function readJson(flag: string, file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(
      `${flag}: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** An extension built from a catalogue file; mistakes in the file name the flag. */
function catalogue<T>(flag: string, file: string, build: (definitions: T) => Extension): Extension {
  try {
    return build(readJson(flag, file) as T);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${flag}: ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export const EXTENSIONS: readonly ExtensionRow[] = [
  {
    name: 'infrastructure',
    summary: 'GFD.224: compute, storage, network, links, OS and resource templates',
    requires: [],
    load: (config) => [
      infrastructure,
      ...(config.backendTemplates
        ? []
        : [
            config.osTemplates
              ? catalogue<OsTemplateDefinition[]>('--os-templates', config.osTemplates, (d) =>
                  osTemplateCatalogue(d),
                )
              : osTemplates,
          ]),
    ],
  },
  {
    name: 'platform',
    summary: 'GFD.227: applications, components, component links, databases',
    requires: [],
    load: () => [platform],
  },
  {
    name: 'sla',
    summary: 'GFD.228: agreements, agreement links, terms and templates',
    requires: [],
    load: (config) => [
      sla,
      config.slaTemplates
        ? catalogue<SlaCatalogueDefinition>('--sla-templates', config.slaTemplates, (d) =>
            slaTemplateCatalogue(d),
          )
        : slaTemplates,
    ],
  },
  {
    name: 'crtp',
    summary: 'GWD.222: the six compute resource templates and the conformance claim',
    requires: ['infrastructure'],
    load: () => [crtp],
  },
];

const ENGINE_ADDRESS = /^(unix:\/\/\/.+|tcp:\/\/[^/\s]+:\d+\/?)$/;

export const BACKENDS: readonly BackendRow[] = [
  {
    name: 'reference',
    summary: 'entities live in the store only',
    requires: [],
    osTemplates: false,
    options: [],
    create: () => undefined,
    describe: () => 'reference (entities in the store)',
  },
  {
    name: 'docker',
    summary:
      'computes, storages and networks are containers, volumes and networks of a Docker or Podman engine; applications and components run containers',
    requires: ['infrastructure'],
    osTemplates: true,
    options: [
      {
        key: 'dockerHost',
        flag: '--docker-host',
        env: 'OCCI_DOCKER_HOST',
        value: 'address',
        help: 'the engine for --provider docker: unix:///path/to.sock or tcp://127.0.0.1:PORT',
        required: true,
        convert: (raw) =>
          ENGINE_ADDRESS.test(raw)
            ? { value: raw }
            : { problem: `"${raw}" is not unix:///path/to.sock or tcp://host:port` },
      },
      {
        key: 'dockerDefaultImage',
        flag: '--docker-default-image',
        env: 'OCCI_DOCKER_DEFAULT_IMAGE',
        value: 'image',
        help: 'image of a compute created without an os_tpl (--provider docker)',
        required: true,
        convert: (raw) => (raw.trim() === '' ? { problem: 'an image reference is needed' } : { value: raw }),
      },
      {
        key: 'dockerStartOnCreate',
        flag: '--docker-start-on-create',
        env: 'OCCI_DOCKER_START_ON_CREATE',
        help: 'start computes, bring storages online and networks up when created (default: the documents’ initial states)',
        convert: (raw) =>
          ['true', '1', 'yes', ''].includes(raw.toLowerCase())
            ? { value: true }
            : ['false', '0', 'no'].includes(raw.toLowerCase())
              ? { value: false }
              : { problem: `"${raw}" is not a boolean` },
      },
      {
        key: 'dockerPlatformTemplates',
        flag: '--docker-platform-templates',
        env: 'OCCI_DOCKER_PLATFORM_TEMPLATES',
        value: 'file',
        help: 'JSON catalogue of application templates and databases (--provider docker; labelled images are templates too)',
        convert: (raw) => {
          try {
            return { value: parsePlatformCatalogue(JSON.parse(readFileSync(raw, 'utf8'))) };
          } catch (error) {
            return { problem: `${raw}: ${error instanceof Error ? error.message : String(error)}` };
          }
        },
      },
      {
        key: 'dockerDefaultAppTemplate',
        flag: '--docker-default-app-template',
        env: 'OCCI_DOCKER_DEFAULT_APP_TEMPLATE',
        value: 'term',
        help: 'application template of an application or component created without one (--provider docker)',
        convert: (raw) =>
          raw.trim() === '' ? { problem: 'a template term is needed' } : { value: raw.trim() },
      },
      {
        key: 'dockerAppAddress',
        flag: '--docker-app-address',
        env: 'OCCI_DOCKER_APP_ADDRESS',
        value: 'address',
        help: 'host address the ports of applications are published on (--provider docker)',
        default: '127.0.0.1',
        convert: (raw) => (isIP(raw) ? { value: raw } : { problem: `"${raw}" is not an IP address` }),
      },
      {
        key: 'dockerAppUrl',
        flag: '--docker-app-url',
        env: 'OCCI_DOCKER_APP_URL',
        value: 'url',
        help: 'occi.app.url behind your proxy, with {name} and/or {port} (--provider docker; default http://<app address>:{port}/)',
        convert: (raw) => {
          try {
            checkUrlTemplate(raw);
            return { value: raw };
          } catch (error) {
            return { problem: error instanceof Error ? error.message : String(error) };
          }
        },
      },
    ],
    create: (options) =>
      docker({
        engine: options.dockerHost as string,
        defaultImage: options.dockerDefaultImage as string,
        startOnCreate: options.dockerStartOnCreate === true,
        platform: {
          ...(options.dockerPlatformTemplates !== undefined
            ? { templates: options.dockerPlatformTemplates as PlatformCatalogueDefinition }
            : {}),
          ...(options.dockerDefaultAppTemplate !== undefined
            ? { defaultTemplate: options.dockerDefaultAppTemplate as string }
            : {}),
          ...(options.dockerAppAddress !== undefined
            ? { publishAddress: options.dockerAppAddress as string }
            : {}),
          ...(options.dockerAppUrl !== undefined ? { url: options.dockerAppUrl as string } : {}),
        },
      }),
    describe: (options) => `docker engine at ${options.dockerHost as string}`,
  },
  {
    name: 'libvirt',
    summary:
      'computes are QEMU/KVM virtual machines, storages volumes of a storage pool, networks libvirt networks',
    requires: ['infrastructure'],
    osTemplates: true,
    options: [
      {
        key: 'libvirtUri',
        flag: '--libvirt-uri',
        env: 'OCCI_LIBVIRT_URI',
        value: 'uri',
        help: 'the libvirt connection for --provider libvirt: qemu:///system, qemu+ssh://user@host/system',
        default: 'qemu:///system',
        convert: (raw) => {
          try {
            parseUri(raw);
            return { value: raw };
          } catch (error) {
            return { problem: error instanceof Error ? error.message : String(error) };
          }
        },
      },
      {
        key: 'libvirtPool',
        flag: '--libvirt-pool',
        env: 'OCCI_LIBVIRT_POOL',
        value: 'pool',
        help: 'the storage pool of disks and storages, whose disk images are the OS templates (--provider libvirt; made in /var/lib/libvirt/images when absent)',
        default: 'default',
        convert: (raw) => (raw.trim() === '' ? { problem: 'a pool name is needed' } : { value: raw }),
      },
      {
        key: 'libvirtDefaultImage',
        flag: '--libvirt-default-image',
        env: 'OCCI_LIBVIRT_DEFAULT_IMAGE',
        value: 'volume',
        help: 'disk image (a volume of the pool) of a compute created without an os_tpl (--provider libvirt)',
        convert: (raw) => (raw.trim() === '' ? { problem: 'a volume name is needed' } : { value: raw }),
      },
      {
        key: 'libvirtStartOnCreate',
        flag: '--libvirt-start-on-create',
        env: 'OCCI_LIBVIRT_START_ON_CREATE',
        help: 'boot computes, bring storages online and start networks when created (default: the documents’ initial states)',
        convert: (raw) =>
          ['true', '1', 'yes', ''].includes(raw.toLowerCase())
            ? { value: true }
            : ['false', '0', 'no'].includes(raw.toLowerCase())
              ? { value: false }
              : { problem: `"${raw}" is not a boolean` },
      },
    ],
    create: (options) =>
      libvirt({
        uri: (options.libvirtUri as string | undefined) ?? 'qemu:///system',
        pool: (options.libvirtPool as string | undefined) ?? 'default',
        ...(options.libvirtDefaultImage !== undefined
          ? { defaultImage: options.libvirtDefaultImage as string }
          : {}),
        startOnCreate: options.libvirtStartOnCreate === true,
      }),
    describe: (options) =>
      `libvirt at ${(options.libvirtUri as string | undefined) ?? 'qemu:///system'}, pool ${(options.libvirtPool as string | undefined) ?? 'default'}`,
  },
];

/** The row of a backend by name. */
export function backendRow(name: string): BackendRow {
  const row = BACKENDS.find((b) => b.name === name);
  if (!row)
    throw new ConfigError(`unknown backend "${name}"; known: ${BACKENDS.map((b) => b.name).join(', ')}`);
  return row;
}

/**
 * The extensions of a configuration, in the order of `EXTENSIONS`, then the
 * backend's (it adds to the behaviour of the kinds it makes real).
 */
export function loadExtensions(config: {
  extensions: readonly string[];
  osTemplates?: string;
  slaTemplates?: string;
  provider?: string;
  backendOptions?: Record<string, unknown>;
}): Extension[] {
  const backend = backendRow(config.provider ?? 'reference');
  const out: Extension[] = [];
  for (const row of EXTENSIONS)
    if (config.extensions.includes(row.name))
      out.push(
        ...row.load({
          ...(config.osTemplates !== undefined ? { osTemplates: config.osTemplates } : {}),
          ...(config.slaTemplates !== undefined ? { slaTemplates: config.slaTemplates } : {}),
          backendTemplates: backend.osTemplates,
        }),
      );
  const extension = backend.create(config.backendOptions ?? {});
  if (extension) out.push(extension);
  return out;
}
