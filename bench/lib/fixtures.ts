/**
 * Entities for the benchmarks. A template compute is created once through
 * the reference provider (so its record is exactly what the server stores),
 * then cloned under fresh ids and written straight through the Store API in
 * batches: 100,000 computes take seconds instead of 100,000 HTTP requests.
 */

import { parseConfig } from '../../apps/server/src/config.js';
import { loadExtensions } from '../../apps/server/src/registry.js';
import { SqliteStore } from '../../apps/server/src/stores/sqlite-store.js';
import type { EntityDraft, EntityRecord, Store } from '../../packages/core/src/index.js';
import { createReferenceProvider, MemoryStore, Model } from '../../packages/core/src/index.js';
import { sqliteFile } from './workdir.js';

export const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';
export const COMPUTE = `${INFRA}compute`;
export const START = 'http://schemas.ogf.org/occi/infrastructure/compute/action#start';

/** What a user typically sends to create a machine. */
export function computeDraft(i: number): EntityDraft {
  return {
    kind: COMPUTE,
    title: `vm-${i}`,
    attributes: {
      'occi.compute.hostname': `vm-${i}.example.com`,
      'occi.compute.cores': 2,
      'occi.compute.memory': 4,
      'occi.compute.architecture': 'x64',
    },
  };
}

/** The JSON body of a create request for `computeDraft(i)`. */
export const computeJson = (i: number) => JSON.stringify(computeDraft(i));

/** A deterministic uuid for the i-th benchmark compute. */
export const benchUuid = (i: number) => `b0000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
export const benchLocation = (i: number) => `/compute/${benchUuid(i)}`;

let template: EntityRecord | undefined;

/** The record the reference provider stores for a new (inactive) compute. */
async function templateRecord(): Promise<EntityRecord> {
  if (template) return template;
  const config = parseConfig({ argv: [], env: {} });
  const model = Model.create(loadExtensions(config));
  const store = new MemoryStore();
  const provider = createReferenceProvider({ model, store });
  const entity = await provider.create({ user: 'anonymous' }, computeDraft(0));
  template = (await store.get(entity.location!))!;
  await store.close();
  return template;
}

/** The i-th compute record: the template under a new id, location and hostname. */
export function computeRecord(t: EntityRecord, i: number): EntityRecord {
  const id = benchUuid(i);
  return {
    ...t,
    id: `urn:uuid:${id}`,
    location: `/compute/${id}`,
    entity: {
      ...t.entity,
      id: `urn:uuid:${id}`,
      title: `vm-${i}`,
      attributes: { ...t.entity.attributes, 'occi.compute.hostname': `vm-${i}.example.com` },
    },
  };
}

/** Writes `count` inactive computes (indices `from`…) into a store, in batches of 1,000. */
export async function populate(store: Store, count: number, from = 0): Promise<void> {
  const t = await templateRecord();
  for (let start = from; start < from + count; start += 1000) {
    const end = Math.min(from + count, start + 1000);
    const writes = [];
    for (let i = start; i < end; i++)
      writes.push({ op: 'put' as const, record: computeRecord(t, i), expect: 'absent' as const });
    await store.commit(writes);
  }
}

const populated = new Map<string, Promise<string>>();

/**
 * An SQLite file of the run's work directory holding `count` inactive
 * computes, written once per run and shared by the cases that need it.
 */
export function sqliteWith(count: number): Promise<string> {
  const name = `computes-${count}`;
  let file = populated.get(name);
  if (!file) {
    file = (async () => {
      const path = sqliteFile(name);
      const store = SqliteStore.open(path);
      try {
        await populate(store, count);
      } finally {
        await store.close();
      }
      return path;
    })();
    populated.set(name, file);
  }
  return file;
}
