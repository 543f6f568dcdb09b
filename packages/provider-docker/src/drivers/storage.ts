/**
 * Storage (Infrastructure §3.3) as a volume: made with the storage, removed
 * with it (its storage links go first, which unmounts it). online and
 * offline change the state only: a volume is always there to mount.
 * `occi.storage.size` is recorded only (local volumes have no size).
 */
import type { Behaviour } from '@occi/core';
import { conflict } from '@occi/core';
import { STORAGE_KIND } from '@occi/infrastructure';
import type { DockerEngine } from '../engine.js';
import { entityLabels } from '../labels.js';

const enc = encodeURIComponent;

export function storageDriver(d: DockerEngine): Behaviour {
  const volume = (location: string) =>
    d.client.find(`/volumes/${enc(d.name(location))}`, `inspect volume ${d.name(location)}`);
  return {
    category: STORAGE_KIND,
    async create(entity, context) {
      const name = d.name(entity.location!);
      if (await volume(entity.location!))
        throw conflict(
          'duplicate',
          `the engine already has a volume named ${name} that OCCI does not know: remove it or use another location`,
          {
            location: entity.location!,
          },
        );
      await d.client.request('POST', '/volumes/create', {
        json: { Name: name, Labels: entityLabels(entity.location!, context.user, entity.id) },
        doing: `create volume ${name}`,
      });
      if (d.options.startOnCreate) entity.attributes['occi.storage.state'] = 'online';
    },
    async delete(entity) {
      const name = d.name(entity.location!);
      await d.remove(`/volumes/${enc(name)}`, `remove volume ${name}`, entity.location!);
    },
    async observe(entity) {
      const found = await volume(entity.location!);
      if (!found) return { gone: 'its volume was removed outside OCCI' };
      return undefined;
    },
  };
}
