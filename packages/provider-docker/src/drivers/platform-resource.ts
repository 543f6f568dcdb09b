/**
 * What the application and component drivers share (Platform §3.1, §3.2):
 * start and stop on the container, the state read from it, and the image
 * fixed when the container is made.
 */
import type { Behaviour, Entity, Model, Observation, Problem } from '@occi/core';
import { conflict, typeIdentifier } from '@occi/core';
import { APP_TPL_MIXIN } from '@occi/platform';
import { containerOf } from '../containers.js';
import type { DockerEngine } from '../engine.js';
import { IMAGE_ATTRIBUTE } from '../os-templates.js';
import {
  platformState,
  publishedPort,
  startPlatformContainer,
  stopPlatformContainer,
  waitUntilServing,
} from '../platform-containers.js';
import { APP_PORT_ATTRIBUTE } from '../platform-templates.js';
import { engineStep } from './compute-actions.js';

export type PlatformWhat = 'application' | 'component';

/** The attribute prefix of a platform kind's state: `occi.app` or `occi.component`. */
export const statePrefix = (what: PlatformWhat) => (what === 'application' ? 'occi.app' : 'occi.component');

/**
 * start and stop (Platform §3.1, §3.2) on the container, after the state
 * machine allowed them: start runs (or unpauses) it and, for an
 * application, waits until its port answers; an application whose process
 * ends meanwhile fails the action (the instance enters `error` with why).
 */
export function platformActions(
  d: DockerEngine,
  what: PlatformWhat,
  ids: { start: string; stop: string },
): NonNullable<Behaviour['actions']> {
  const message = `${statePrefix(what)}.state.message`;
  return {
    [ids.start]: engineStep(async ({ entity }) => {
      const location = entity.location!;
      await startPlatformContainer(d, location);
      if (what === 'application') {
        const port = publishedPort(
          await containerOf(d, location),
          `${entity.attributes[APP_PORT_ATTRIBUTE]}/tcp`,
        );
        const why = await waitUntilServing(d, location, port);
        if (why) throw new Error(why);
      }
      delete entity.attributes[message];
      return undefined;
    }),
    [ids.stop]: engineStep(async ({ entity }) => {
      await stopPlatformContainer(d, entity.location!);
      delete entity.attributes[message];
      return undefined;
    }),
  };
}

/** What the container's state says of the instance's; gone with its container. */
export async function observePlatform(
  d: DockerEngine,
  entity: Entity,
  what: PlatformWhat,
): Promise<Observation> {
  const container = await containerOf(d, entity.location!);
  if (!container) return { gone: 'its container was removed outside OCCI' };
  const prefix = statePrefix(what);
  const { state, message } = platformState(container.State, entity.attributes[`${prefix}.state`], what);
  return message !== undefined
    ? { attributes: { [`${prefix}.state`]: state, [`${prefix}.state.message`]: message } }
    : { attributes: { [`${prefix}.state`]: state }, cleared: [`${prefix}.state.message`] };
}

/** The image an instance runs: its application template's or its database's. */
export function imageOf(d: DockerEngine, entity: Entity): { id: string; reference: string } | undefined {
  const app = d.templates.applicationOf(entity);
  if (app) return { id: typeIdentifier(app.mixin), reference: app.reference };
  const database = d.templates.databases.find((t) => entity.mixins.includes(typeIdentifier(t.mixin)));
  return database && { id: typeIdentifier(database.mixin), reference: database.reference };
}

/**
 * The image is fixed when the container is made: another template is
 * refused (409); a replacement naming none keeps the one it had.
 */
export function keepImage(d: DockerEngine, entity: Entity, previous: Entity): void {
  const before = imageOf(d, previous);
  const after = imageOf(d, entity);
  if (before && after && before.id !== after.id)
    throw conflict(
      'other',
      `${entity.location}: the image of an application or component (${before.id}) is fixed when its container is made; create another instead`,
      { location: entity.location! },
    );
  if (before && !after) {
    entity.mixins.push(before.id);
    entity.attributes[IMAGE_ATTRIBUTE] = before.reference;
    for (const name of [APP_PORT_ATTRIBUTE, 'occi.database.version'])
      if (previous.attributes[name] !== undefined) entity.attributes[name] ??= previous.attributes[name];
  }
}

/** The checks of an instance's templates: on creation it needs one the engine can run; later only foreign ones are refused. */
export function templateProblems(
  d: DockerEngine,
  model: Model,
  entity: Entity,
  previous: Entity | undefined,
  what: PlatformWhat,
): Problem[] {
  return d.templates
    .problems(model, entity, what, previous === undefined)
    .map((message) => ({ code: 'unknown-mixin', message, category: APP_TPL_MIXIN }));
}
