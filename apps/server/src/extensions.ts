/** The extensions a server loads, with the template catalogues from configuration. */
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
import { ConfigError, type ServerConfig } from './config.js';

function readJson(flag: string, file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(
      `${flag}: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function catalogue<T>(flag: string, file: string, build: (definitions: T) => Extension): Extension {
  try {
    return build(readJson(flag, file) as T);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${flag}: ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The extensions of the configuration. With `--provider docker` the OS
 * templates are the engine's images, so no OS template catalogue is loaded.
 */
export function loadExtensions(
  config: Pick<ServerConfig, 'extensions' | 'osTemplates' | 'slaTemplates'> &
    Partial<Pick<ServerConfig, 'provider'>>,
): Extension[] {
  const out: Extension[] = [];
  for (const name of config.extensions) {
    if (name === 'infrastructure') {
      out.push(infrastructure);
      if (config.provider === 'docker') continue;
      out.push(
        config.osTemplates
          ? catalogue<OsTemplateDefinition[]>('--os-templates', config.osTemplates, (d) =>
              osTemplateCatalogue(d),
            )
          : osTemplates,
      );
    } else if (name === 'platform') {
      out.push(platform);
    } else if (name === 'sla') {
      out.push(sla);
      out.push(
        config.slaTemplates
          ? catalogue<SlaCatalogueDefinition>('--sla-templates', config.slaTemplates, (d) =>
              slaTemplateCatalogue(d),
            )
          : slaTemplates,
      );
    } else if (name === 'crtp') {
      out.push(crtp);
    }
  }
  return out;
}
