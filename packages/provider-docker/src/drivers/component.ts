/**
 * Component (Platform §3.2) as a container of its own: the image of its
 * application template (a worker, a service) or, with the database mixin
 * (§4.1), of a database flavour; made and started when the component is
 * created (its initial state is `active`); reached by name only through
 * its component links (it leaves the engine's default network); stopped
 * and started by its actions; removed with it (a database's data too).
 */
import { randomBytes } from 'node:crypto';
import type { Behaviour } from '@occi/core';
import { typeIdentifier } from '@occi/core';
import { COMPONENT_KIND, COMPONENT_START, COMPONENT_STOP, dnsLabel } from '@occi/platform';
import type { DockerEngine } from '../engine.js';
import { entityLabels } from '../labels.js';
import { IMAGE_ATTRIBUTE } from '../os-templates.js';
import {
  createPlatformContainer,
  removePlatformContainer,
  startPlatformContainer,
} from '../platform-containers.js';
import { refreshContext } from '../platform-context.js';
import { shortId } from '../platform-settings.js';
import { APP_ENV_PREFIX, APP_PORT_ATTRIBUTE } from '../platform-templates.js';
import { keepImage, observePlatform, platformActions, templateProblems } from './platform-resource.js';

/** A component's host name on its links' networks: its title as a DNS label, else `component-<8 hex of its id>`. */
export function componentHost(component: { id: string; title?: string }): string {
  return dnsLabel(component.title ?? '') || `component-${shortId(component.id)}`;
}

export function componentDriver(d: DockerEngine): Behaviour {
  return {
    category: COMPONENT_KIND,
    actions: platformActions(d, 'component', { start: COMPONENT_START, stop: COMPONENT_STOP }),
    initialise(entity, context) {
      d.templates.withDefault(context.model, entity);
    },
    validate: (entity, previous, context) =>
      templateProblems(d, context.model, entity, previous, 'component'),
    async create(entity, context) {
      const location = entity.location!;
      const app = d.templates.applicationOf(entity);
      const database = app ? undefined : d.templates.databaseOf(entity)!;
      const env: string[] = [];
      if (app) {
        env.push(`PORT=${app.port}`);
        entity.attributes[APP_PORT_ATTRIBUTE] = app.port;
        for (const variable of app.env) {
          const value = entity.attributes[`${APP_ENV_PREFIX}${variable}`];
          if (value !== undefined) env.push(`${variable}=${String(value)}`);
        }
      } else if (database) {
        // The flavour the engine runs, made visible on a component that named only a version.
        const flavour = typeIdentifier(database.mixin);
        if (!entity.mixins.includes(flavour)) entity.mixins.push(flavour);
        // A secret per component for the image's own set-up (an administrator's password, say).
        for (const [name, value] of Object.entries(database.env))
          env.push(`${name}=${value.replaceAll('{secret}', () => randomBytes(18).toString('base64url'))}`);
      }
      const reference = app?.reference ?? database!.reference;
      entity.attributes[IMAGE_ATTRIBUTE] = reference;
      await createPlatformContainer(d, entity, {
        reference,
        env,
        host: componentHost(entity),
        labels: entityLabels(location, context.user, entity.id),
      });
      await refreshContext(d, location, context);
      // STATE-MACHINES.md: a new component is active, so its container runs before the answer.
      await startPlatformContainer(d, location);
    },
    update(entity, previous) {
      keepImage(d, entity, previous);
    },
    async delete(entity) {
      await removePlatformContainer(d, entity.location!);
    },
    observe: (entity) => observePlatform(d, entity, 'component'),
  };
}
