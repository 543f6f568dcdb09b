/**
 * Compute (Infrastructure §3.1) as a container: made when the compute is
 * created (started only with `startOnCreate`), its limits and credentials
 * following the compute, removed with it; its state read from the
 * container's; its actions carried out on it (compute-actions.ts).
 */
import type { Behaviour, Entity, Observation, Problem } from '@occi/core';
import { conflict, isOcciError, typeIdentifier } from '@occi/core';
import { COMPUTE_KIND } from '@occi/infrastructure';
import { changed } from '../changes.js';
import { computeState, resourceLimits } from '../container.js';
import { containerOf, createContainer, provision, recreate } from '../containers.js';
import type { DockerEngine } from '../engine.js';
import { isEngineError } from '../engine-client.js';
import { entityLabels } from '../labels.js';
import { IMAGE_ATTRIBUTE } from '../os-templates.js';
import { computeActions } from './compute-actions.js';

const enc = encodeURIComponent;

/** The limits the host cannot give, as problems of the request (400) before anything is made. */
function limitProblems(d: DockerEngine, entity: Entity): Problem[] {
  try {
    resourceLimits(entity, d.host);
    return [];
  } catch (error) {
    if (isOcciError(error)) return [...error.problems];
    throw error;
  }
}

async function start(d: DockerEngine, location: string): Promise<void> {
  const name = d.name(location);
  await d.client.request('POST', `/containers/${enc(name)}/start`, { doing: `start container ${name}` });
}

/** New limits on the container: live where the engine can, else by making a stopped container again. */
async function updateLimits(d: DockerEngine, entity: Entity): Promise<void> {
  const limits = resourceLimits(entity, d.host);
  const name = d.name(entity.location!);
  try {
    await d.client.request('POST', `/containers/${enc(name)}/update`, {
      json: { ...limits, Memory: limits.Memory || d.defaultMemoryBytes, PidsLimit: d.options.pidsLimit },
      doing: `update the limits of container ${name}`,
    });
  } catch (error) {
    // The container exists: a 404 or 405 means the engine has no update endpoint (Podman before 4.4).
    if (!isEngineError(error, 404) && !isEngineError(error, 405)) throw error;
    await recreate(
      d,
      entity,
      `the engine at ${d.client.address} cannot change the CPU and memory limits of a running container`,
    );
  }
}

export function computeDriver(d: DockerEngine): Behaviour {
  return {
    category: COMPUTE_KIND,
    actions: computeActions({
      engine: d.client,
      containerName: (location) => d.name(location),
      stopTimeoutSeconds: d.options.stopTimeoutSeconds,
      save: (context) => d.images.save(context),
    }),
    initialise(entity, context) {
      d.images.withDefault(context.model, entity);
    },
    validate(entity, _previous, context) {
      const problems = limitProblems(d, entity);
      for (const id of d.images.foreignTemplates(context.model, entity))
        problems.push({
          code: 'unknown-mixin',
          message: `OS template ${id} is not an image of the container engine (its images are the mixins of ${d.options.imageScheme})`,
          category: id,
        });
      return problems;
    },
    async create(entity, context) {
      // The memory the container gets: the operator's default where the compute asks for none.
      if (!entity.attributes['occi.compute.memory'] && d.defaultMemoryBytes > 0)
        entity.attributes['occi.compute.memory'] = d.options.defaultMemoryMiB / 1024;
      await createContainer(d, entity, entityLabels(entity.location!, context.user, entity.id));
      if (!d.options.startOnCreate) return;
      await start(d, entity.location!);
      entity.attributes['occi.compute.state'] = 'active';
    },
    async update(entity, previous) {
      const image = d.images.templateOf(previous);
      const next = d.images.templateOf(entity);
      if (image && next && next !== image)
        throw conflict(
          'other',
          `${entity.location}: the image (OS template ${typeIdentifier(image.mixin)}) of a compute is fixed when its container is created; create another compute instead`,
          { location: entity.location! },
        );
      // A replacement that names no OS template keeps the compute's image.
      if (image && !next) {
        entity.mixins.push(typeIdentifier(image.mixin));
        entity.attributes[IMAGE_ATTRIBUTE] = image.reference;
      }
      if (changed(entity, previous, 'occi.compute.hostname'))
        await recreate(d, entity, 'occi.compute.hostname is set when the container is created');
      else if (changed(entity, previous, 'occi.compute.cores', 'occi.compute.memory', 'occi.compute.share'))
        await updateLimits(d, entity);
      if (changed(entity, previous, 'occi.credentials.ssh.publickey', 'occi.compute.userdata'))
        await provision(d, entity);
    },
    async delete(entity) {
      if (!(await containerOf(d, entity.location!))) return;
      const name = d.name(entity.location!);
      await d.remove(`/containers/${enc(name)}`, `remove container ${name}`, entity.location!, {
        force: true,
        v: false,
      });
    },
    async observe(entity): Promise<Observation> {
      const container = await containerOf(d, entity.location!);
      if (!container) return { gone: 'its container was removed outside OCCI' };
      const { state, message } = computeState(container.State);
      return message !== undefined
        ? { attributes: { 'occi.compute.state': state, 'occi.compute.state.message': message } }
        : { attributes: { 'occi.compute.state': state }, cleared: ['occi.compute.state.message'] };
    },
  };
}
