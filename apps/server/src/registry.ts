/**
 * What a server can load, one row each: the extensions (one per document)
 * and the backends that make entities real. The options, `--help`, the
 * start-up banner and the README's tables come from these rows: adding a
 * backend package is one file in `backends/` (its row) and its name in
 * `BACKENDS`.
 */
import { readFileSync } from 'node:fs';
import type { Extension } from '@occi/core';
import { crtp } from '@occi/crtp';
import {
  infrastructure,
  type OsTemplateDefinition,
  osTemplateCatalogue,
  osTemplates,
} from '@occi/infrastructure';
import { platform } from '@occi/platform';
import { type SlaCatalogueDefinition, sla, slaTemplateCatalogue, slaTemplates } from '@occi/sla';
import type { BackendRow } from './backends/backend-row.js';
import { dockerBackend } from './backends/docker.js';
import { libvirtBackend } from './backends/libvirt.js';
import { reference } from './backends/reference.js';
import { ConfigError } from './config-error.js';

export type { BackendOption, BackendRow } from './backends/backend-row.js';
export { ConfigError };

export interface ExtensionRow {
  name: string;
  /** What it adds, for `--help` and the README. */
  summary: string;
  /** Extensions it needs loaded too. */
  requires: readonly string[];
  /** Its extensions, with the catalogues the configuration names (`osTemplates` only when the backend has none). */
  load(config: { osTemplates?: string; slaTemplates?: string; backendTemplates: boolean }): Extension[];
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

/** The backends, one row each (a file of src/backends/). */
export const BACKENDS: readonly BackendRow[] = [reference, dockerBackend, libvirtBackend];

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
