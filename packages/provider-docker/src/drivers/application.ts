/**
 * Application (Platform §3.1) as a running container of its application
 * template's image: made and started when the application is created (its
 * initial state is `active`: a new application runs), its port published
 * on the host and `occi.app.url` pointing there (or behind the operator's
 * URL); its context file at `occi.app.context`; stopped and started by its
 * actions; removed with it; its state read from the container's.
 */
import type { Behaviour } from '@occi/core';
import { APPLICATION_KIND, APPLICATION_START, APPLICATION_STOP, dnsLabel } from '@occi/platform';
import { changed } from '../changes.js';
import { containerOf } from '../containers.js';
import type { DockerEngine } from '../engine.js';
import { entityLabels } from '../labels.js';
import { IMAGE_ATTRIBUTE } from '../os-templates.js';
import {
  APP_URL_LABEL,
  CONTEXT_URL,
  chooseHostPort,
  createPlatformContainer,
  publishedPort,
  removePlatformContainer,
  startPlatformContainer,
  waitUntilServing,
} from '../platform-containers.js';
import { refreshContext } from '../platform-context.js';
import { applicationUrl } from '../platform-settings.js';
import { APP_ENV_PREFIX, APP_PORT_ATTRIBUTE } from '../platform-templates.js';
import { keepImage, observePlatform, platformActions, templateProblems } from './platform-resource.js';

export function applicationDriver(d: DockerEngine): Behaviour {
  /** Host ports chosen for applications being made by this process. */
  const reserved = new Set<number>();
  return {
    category: APPLICATION_KIND,
    actions: platformActions(d, 'application', { start: APPLICATION_START, stop: APPLICATION_STOP }),
    initialise(entity, context) {
      d.templates.withDefault(context.model, entity);
    },
    validate: (entity, previous, context) =>
      templateProblems(d, context.model, entity, previous, 'application'),
    async create(entity, context) {
      const location = entity.location!;
      const template = d.templates.applicationOf(entity)!;
      const name = String(entity.attributes['occi.app.name'] ?? '');
      const env = [`PORT=${template.port}`];
      for (const variable of template.env) {
        const value = entity.attributes[`${APP_ENV_PREFIX}${variable}`];
        if (value !== undefined) env.push(`${variable}=${String(value)}`);
      }
      entity.attributes[IMAGE_ATTRIBUTE] = template.reference;
      entity.attributes[APP_PORT_ATTRIBUTE] = template.port;
      // A host port of this machine chosen now, unless the publish address is another machine's.
      const hostPort = await chooseHostPort(d, reserved);
      const known =
        hostPort !== undefined
          ? applicationUrl(d.platform.url, { name, id: entity.id, port: hostPort })
          : undefined;
      let port: number | undefined;
      try {
        port = await createPlatformContainer(d, entity, {
          reference: template.reference,
          env,
          host: dnsLabel(name) || 'app',
          labels: {
            ...entityLabels(location, context.user, entity.id),
            ...(known ? { [APP_URL_LABEL]: known } : {}),
          },
          port: template.port,
          ...(hostPort !== undefined ? { hostPort } : {}),
        });
      } finally {
        if (hostPort !== undefined) reserved.delete(hostPort);
      }
      // An engine that publishes a port only when the container starts tells it then.
      if (port === undefined) {
        await startPlatformContainer(d, location);
        port = publishedPort(await containerOf(d, location), `${template.port}/tcp`);
        if (port === undefined) throw new Error(`the engine published no port for ${location}`);
      }
      // Platform §3.1: the server assigns occi.app.url (the DNS entry) and occi.app.context (immutable).
      entity.attributes['occi.app.url'] = applicationUrl(d.platform.url, { name, id: entity.id, port });
      entity.attributes['occi.app.context'] = CONTEXT_URL;
      await refreshContext(d, location, context);
      // STATE-MACHINES.md: a new application is active, so its container runs before the answer.
      await startPlatformContainer(d, location);
      const why = await waitUntilServing(d, location, port);
      if (why) {
        entity.attributes['occi.app.state'] = 'error';
        entity.attributes['occi.app.state.message'] = why;
      }
    },
    async update(entity, previous, context) {
      keepImage(d, entity, previous);
      // The name is the application's to change; its URL, an immutable DNS entry, keeps the first one.
      if (changed(entity, previous, 'occi.app.name')) await refreshContext(d, entity.location!, context);
    },
    async delete(entity) {
      await removePlatformContainer(d, entity.location!);
    },
    observe: (entity) => observePlatform(d, entity, 'application'),
  };
}
