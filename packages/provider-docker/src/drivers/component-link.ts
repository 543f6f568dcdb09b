/**
 * ComponentLink (Platform §3.3) as a network of its own joining the two
 * containers, on which the target answers to its host name (its title):
 * the application (or component) reaches the component by name, and its
 * context lists it. A link to a database component is a database link
 * (§4.1.1, "SHOULD be applied"): credentials are made for the link in the
 * database (its template's `grant` command) and `occi.database.uri`
 * carries them to the application; deleting the link revokes them.
 */
import { randomBytes } from 'node:crypto';
import type { Behaviour, Entity, LifecycleContext } from '@occi/core';
import { conflict } from '@occi/core';
import { COMPONENTLINK_KIND, DATABASELINK_MIXIN } from '@occi/platform';
import { containerOf } from '../containers.js';
import type { DockerEngine } from '../engine.js';
import { isEngineError } from '../engine-client.js';
import { entityLabels } from '../labels.js';
import { execIn, HOST_LABEL } from '../platform-containers.js';
import { refreshContext } from '../platform-context.js';
import { shortId } from '../platform-settings.js';
import type { DatabaseTemplate } from '../platform-templates.js';
import { componentHost } from './component.js';

const enc = encodeURIComponent;

/** The database template of a link's target, when it is a database component. */
async function databaseOf(d: DockerEngine, link: Entity, context: LifecycleContext) {
  const target = link.target && (await context.lookup(link.target.location));
  const template = target && d.templates.databaseOf(target);
  return template && target ? { template, target } : undefined;
}

/**
 * Runs the database's grant or revoke command for a link's credentials. A
 * grant needs the database running (409 otherwise: start it first); a
 * revocation must not wait for it, nor be skipped: a stopped (or paused)
 * database runs for the revocation and is stopped (paused) again.
 */
async function credentials(
  d: DockerEngine,
  link: Entity,
  template: DatabaseTemplate,
  doing: 'grant' | 'revoke',
): Promise<void> {
  const target = link.target!.location;
  const command = doing === 'grant' ? template.grant : template.revoke;
  const container = await containerOf(d, target);
  if (!container || command === undefined) return;
  const name = d.name(target);
  const idle = container.State.Paused ? 'paused' : container.State.Running ? undefined : 'stopped';
  if (idle && doing === 'grant')
    throw conflict(
      'other',
      `${link.location}: the database ${target} is ${idle}; it grants the credentials of a link only while it runs: start it first`,
      { location: target },
    );
  const post = (action: string) =>
    d.client.request('POST', `/containers/${enc(name)}/${action}`, { doing: `${action} container ${name}` });
  if (idle) await post(idle === 'paused' ? 'unpause' : 'start');
  try {
    const env = [
      `OCCI_DB_USERNAME=${String(link.attributes['occi.database.username'])}`,
      `OCCI_DB_TOKEN=${String(link.attributes['occi.database.token'])}`,
    ];
    const { exitCode, output } = await execIn(d, target, command, env, `${doing} credentials in ${name}`);
    if (exitCode !== 0)
      throw conflict(
        'other',
        `${link.location}: the database ${target} did not ${doing} the link's credentials (${template.reference}: exit code ${exitCode}${output ? `: ${output.slice(-300)}` : ''})`,
        { location: target },
      );
  } finally {
    if (idle) await post(idle === 'paused' ? 'pause' : 'stop');
  }
}

async function disconnect(d: DockerEngine, network: string, location: string): Promise<void> {
  const container = await containerOf(d, location);
  if (!container?.NetworkSettings?.Networks?.[network]) return;
  await d.client
    .request('POST', `/networks/${enc(network)}/disconnect`, {
      json: { Container: d.name(location), Force: true },
      doing: `disconnect container ${d.name(location)} from network ${network}`,
    })
    .catch((error: unknown) => {
      if (!isEngineError(error, 404)) throw error;
    });
}

export function componentLinkDriver(d: DockerEngine): Behaviour {
  return {
    category: COMPONENTLINK_KIND,
    /** A link to a database is a database link: its credentials and URI, chosen here (Platform §4.1.1). */
    async initialise(link, context) {
      const found = await databaseOf(d, link, context);
      if (!found) return;
      const host =
        (await containerOf(d, found.target.location!))?.Config.Labels?.[HOST_LABEL] ??
        componentHost(found.target);
      if (!link.mixins.includes(DATABASELINK_MIXIN)) link.mixins.push(DATABASELINK_MIXIN);
      const username = `occi_${shortId(link.id)}`;
      const token = randomBytes(18).toString('base64url');
      link.attributes['occi.database.username'] = username;
      link.attributes['occi.database.token'] = token;
      link.attributes['occi.database.uri'] = found.template.uri
        .replaceAll('{username}', username)
        .replaceAll('{token}', token)
        .replaceAll('{host}', host)
        .replaceAll('{port}', String(found.template.port));
    },
    async create(link, context) {
      const source = link.source!.location;
      const target = link.target!.location;
      const [from, to] = await Promise.all([containerOf(d, source), containerOf(d, target)]);
      if (!from || !to) return;
      const host = to.Config.Labels?.[HOST_LABEL] ?? '';
      // Two components of one name would be one name for two addresses on the source's networks.
      const others = (await context.lookup(source))?.links ?? [];
      for (const other of others) {
        if (other.location === link.location || !other.target || other.target.location === target) continue;
        if (!context.model.isKindOf(other.kind, COMPONENTLINK_KIND)) continue;
        const theirs = await containerOf(d, other.target.location);
        if (theirs?.Config.Labels?.[HOST_LABEL] === host)
          throw conflict(
            'duplicate',
            `${source} already reaches a component named ${host} (${other.target.location}): give ${target} another title (occi.core.title) before linking it`,
            { location: target },
          );
      }
      const network = d.name(link.location!);
      if (!(await d.client.find(`/networks/${enc(network)}`, `inspect network ${network}`)))
        await d.client.request('POST', '/networks/create', {
          json: {
            Name: network,
            Internal: d.options.internal,
            Labels: entityLabels(link.location!, context.user, link.id),
            CheckDuplicate: true,
          },
          doing: `create network ${network}`,
        });
      for (const [container, location] of [
        [to, target],
        [from, source],
      ] as const)
        if (!container.NetworkSettings?.Networks?.[network])
          await d.client.request('POST', `/networks/${enc(network)}/connect`, {
            json: {
              Container: d.name(location),
              EndpointConfig: { Aliases: [container.Config.Labels?.[HOST_LABEL] ?? ''].filter(Boolean) },
            },
            doing: `connect container ${d.name(location)} to network ${network}`,
          });
      const database = await databaseOf(d, link, context);
      if (database) await credentials(d, link, database.template, 'grant');
      await refreshContext(d, source, context);
    },
    update(link, previous) {
      if (
        link.source?.location !== previous.source?.location ||
        link.target?.location !== previous.target?.location ||
        link.mixins.includes(DATABASELINK_MIXIN) !== previous.mixins.includes(DATABASELINK_MIXIN)
      )
        throw conflict(
          'other',
          `${link.location}: the ends of a component link and its database credentials are fixed when it is made; delete it and link again`,
          { location: link.location! },
        );
    },
    async delete(link, context) {
      const source = link.source!.location;
      const target = link.target!.location;
      const database = await databaseOf(d, link, context);
      // The credentials of a deleted link must not outlive it (unless the database goes too).
      if (database && !context.deleting.has(target)) await credentials(d, link, database.template, 'revoke');
      const network = d.name(link.location!);
      await disconnect(d, network, source);
      await disconnect(d, network, target);
      await d.remove(`/networks/${enc(network)}`, `remove network ${network}`, link.location!);
      await refreshContext(d, source, context, link.location);
    },
    async observe(link) {
      const network = d.name(link.location!);
      if (!(await d.client.find(`/networks/${enc(network)}`, `inspect network ${network}`)))
        return { gone: 'its network was removed outside OCCI' };
      return undefined;
    },
  };
}
