/**
 * The Docker backend: OCCI Infrastructure and Platform over a container
 * engine through the Docker Engine API (Docker, Podman). It is an extension
 * of per-kind drivers (drivers/): the reference provider of @occi/core
 * keeps every rule of the documents and calls the drivers' hooks around its
 * commits; the drivers only make the engine follow, and report what it does.
 */
import type { Extension } from '@occi/core';
import { combinedCatalogue } from './drivers/app-templates.js';
import { applicationDriver } from './drivers/application.js';
import { componentDriver } from './drivers/component.js';
import { componentLinkDriver } from './drivers/component-link.js';
import { computeDriver } from './drivers/compute.js';
import { networkDriver } from './drivers/network.js';
import { networkInterfaceDriver } from './drivers/network-interface.js';
import { storageDriver } from './drivers/storage.js';
import { storageLinkDriver } from './drivers/storage-link.js';
import { DockerEngine, type DockerOptions } from './engine.js';
import { removeLeftovers } from './leftovers.js';

/** The Docker backend as an extension: load it after @occi/infrastructure (and @occi/platform). */
export function docker(options: DockerOptions): Extension & { engine: DockerEngine } {
  const engine = new DockerEngine(options);
  return {
    name: 'docker',
    behaviours: [
      computeDriver(engine),
      storageDriver(engine),
      networkDriver(engine),
      networkInterfaceDriver(engine),
      storageLinkDriver(engine),
      applicationDriver(engine),
      componentDriver(engine),
      componentLinkDriver(engine),
    ],
    catalogue: combinedCatalogue(engine.images, engine.templates),
    start: async (context) => {
      await engine.connect();
      await removeLeftovers(engine, context);
    },
    close: () => engine.close(),
    engine,
  };
}
