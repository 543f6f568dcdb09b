/**
 * The context of an application or component (Platform §3.1
 * `occi.app.context`, "URL for contextualizing the app"): what it is and
 * what it reaches through its component links, written into its container
 * as `/etc/occi/context` and written again when its name or its links
 * change, so that a running application learns of a component linked to
 * it without being restarted.
 */
import type { BackendContext, Entity } from '@occi/core';
import { APPLICATION_KIND, COMPONENTLINK_KIND } from '@occi/platform';
import { containerOf } from './containers.js';
import type { DockerEngine } from './engine.js';
import { HOST_LABEL, writeContext } from './platform-containers.js';
import { APP_PORT_ATTRIBUTE } from './platform-templates.js';

/** `db-1` → `DB_1`: a host name as part of an environment variable's name. */
const variable = (host: string) => host.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

/**
 * The entries of the context: `OCCI_LOCATION`, `OCCI_HOST`; for an
 * application `OCCI_APP_NAME`, `OCCI_APP_URL`, `PORT`; `OCCI_COMPONENTS`,
 * the host names of the components it links to; `DATABASE_URL`, the URI
 * of its first database link, and `<HOST>_DATABASE_URL` for each.
 */
export async function contextEntries(
  d: DockerEngine,
  resource: Entity,
  host: string,
  links: readonly Entity[],
  isApplication: boolean,
): Promise<[string, string][]> {
  const entries: [string, string][] = [
    ['OCCI_LOCATION', resource.location ?? ''],
    ['OCCI_HOST', host],
  ];
  if (isApplication) {
    entries.push(
      ['OCCI_APP_NAME', String(resource.attributes['occi.app.name'] ?? '')],
      ['OCCI_APP_URL', String(resource.attributes['occi.app.url'] ?? '')],
      ['PORT', String(resource.attributes[APP_PORT_ATTRIBUTE] ?? '')],
    );
  }
  const hosts: string[] = [];
  const databases: [string, string][] = [];
  for (const link of links) {
    const target = link.target && (await containerOf(d, link.target.location));
    const targetHost = target?.Config.Labels?.[HOST_LABEL];
    if (!targetHost) continue;
    hosts.push(targetHost);
    const uri = link.attributes['occi.database.uri'];
    if (typeof uri === 'string') databases.push([targetHost, uri]);
  }
  entries.push(['OCCI_COMPONENTS', hosts.join(' ')]);
  if (databases[0]) entries.push(['DATABASE_URL', databases[0][1]]);
  for (const [targetHost, uri] of databases) entries.push([`${variable(targetHost)}_DATABASE_URL`, uri]);
  return entries;
}

/**
 * Writes the context of the application or component at `location` as the
 * request leaves it: its component links, without those being deleted (or
 * `without`). Nothing when it has no container (being deleted, or gone).
 */
export async function refreshContext(
  d: DockerEngine,
  location: string,
  context: BackendContext,
  without?: string,
): Promise<void> {
  if (context.deleting.has(location)) return;
  const [resource, container] = await Promise.all([context.lookup(location), containerOf(d, location)]);
  if (!resource || !container) return;
  const links = (resource.links ?? []).filter(
    (l) =>
      context.model.isKindOf(l.kind, COMPONENTLINK_KIND) &&
      l.location !== without &&
      !context.deleting.has(l.location ?? '') &&
      !context.deleting.has(l.target?.location ?? ''),
  );
  const isApplication = context.model.isKindOf(resource.kind, APPLICATION_KIND);
  const host = container.Config.Labels?.[HOST_LABEL] ?? '';
  await writeContext(d, location, await contextEntries(d, resource, host, links, isApplication));
}
