import type { StartContext } from '@occi/core';
import { isOcciError } from '@occi/core';
import { rename } from './containers.js';
import type { DockerEngine } from './engine.js';
import { LOCATION_LABEL } from './labels.js';

/**
 * Removes the objects a crash left behind: labelled with a location the
 * store does not hold (made, then never committed), or named otherwise than
 * their location's (a container being made again for a new mount); a
 * container whose re-making stopped between its two renames gets its name
 * back.
 */
export async function removeLeftovers(d: DockerEngine, context: StartContext): Promise<void> {
  const filters = JSON.stringify({ label: [LOCATION_LABEL] });
  const kinds = [
    { list: '/containers/json', query: { all: true, filters }, path: '/containers/', force: true },
    { list: '/volumes', query: { filters }, path: '/volumes/', force: false },
    { list: '/networks', query: { filters }, path: '/networks/', force: false },
  ];
  for (const kind of kinds) {
    const listed = await d.client.request<unknown>('GET', kind.list, {
      query: kind.query,
      doing: `list ${kind.path.slice(1, -1)}`,
    });
    const objects = (
      Array.isArray(listed) ? listed : ((listed as { Volumes?: unknown[] })?.Volumes ?? [])
    ) as {
      Id?: string;
      Name?: string;
      Names?: string[];
      Labels?: Record<string, string> | null;
    }[];
    const names = new Set(objects.map((o) => (o.Names?.[0] ?? o.Name ?? '').replace(/^\//, '')));
    for (const object of objects) {
      const location = object.Labels?.[LOCATION_LABEL];
      const name = (object.Names?.[0] ?? object.Name ?? '').replace(/^\//, '');
      if (!location || !name.startsWith(d.options.namePrefix)) continue;
      const own = d.name(location);
      if (name === own && (await context.exists(location))) continue;
      // A re-making interrupted between its two renames: the previous container takes its name back.
      if (name === `${own}-old` && !names.has(own) && (await context.exists(location))) {
        await rename(d, name, own);
        names.add(own);
        continue;
      }
      await d.client
        .request('DELETE', `${kind.path}${encodeURIComponent(object.Id ?? name)}`, {
          query: kind.force ? { force: true } : {},
          doing: `remove ${name}, left without an entity`,
        })
        .catch((error: unknown) => {
          if (!isOcciError(error)) throw error;
        });
    }
  }
}
