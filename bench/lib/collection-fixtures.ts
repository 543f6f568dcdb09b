/**
 * SQLite stores for the collection cases: `count` computes as fixtures.ts
 * writes them, every tenth with the Debian OS template mixin, so that a
 * filter by a mixin has matches spread over the whole collection.
 */
import { SqliteStore } from '../../apps/server/src/stores/sqlite-store.js';
import type { EntityRecord, Store } from '../../packages/core/src/index.js';
import { computeRecord, populate, sqliteWith } from './fixtures.js';
import { sqliteFile } from './workdir.js';

export const DEBIAN = 'http://occi.example/os_tpl#debian-12';
/** The Category header field of a filter by the Debian template. */
export const DEBIAN_FILTER = 'debian-12; scheme="http://occi.example/os_tpl#"; class="mixin"';

const built = new Map<string, Promise<string>>();

/** The i-th compute: tagged with the Debian template when i is a multiple of 10. */
function tagged(record: EntityRecord, i: number): EntityRecord {
  if (i % 10 !== 0) return record;
  return { ...record, mixins: [DEBIAN], entity: { ...record.entity, mixins: [DEBIAN] } };
}

/** An SQLite file of the run holding `count` computes, every tenth tagged with the Debian template. */
export function sqliteTagged(count: number): Promise<string> {
  const name = `tagged-${count}`;
  let file = built.get(name);
  if (!file) {
    file = (async () => {
      const path = sqliteFile(name);
      const store = SqliteStore.open(path);
      try {
        await populateTagged(store, count);
      } finally {
        await store.close();
      }
      return path;
    })();
    built.set(name, file);
  }
  return file;
}

async function populateTagged(store: Store, count: number): Promise<void> {
  // The template record is the one fixtures.ts writes: one compute through `populate`, read back.
  const probe = SqliteStore.open(':memory:');
  await populate(probe, 1);
  const [template] = await probe.query({});
  await probe.close();
  for (let start = 0; start < count; start += 1000) {
    const writes = [];
    for (let i = start; i < Math.min(count, start + 1000); i++)
      writes.push({
        op: 'put' as const,
        record: tagged(computeRecord(template!, i), i),
        expect: 'absent' as const,
      });
    await store.commit(writes);
  }
}

export { sqliteWith };
