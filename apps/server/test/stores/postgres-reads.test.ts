/**
 * The reference provider reading from PostgreSQL (postgres-reads.ts,
 * `Store.getWithLinks`): one statement per GET of an entity with its links,
 * and every write of another process sharing the database seen at once.
 */
import { createReferenceProvider, type Entity, Model } from '@occi/core';
import { infrastructure } from '@occi/infrastructure';
import { describe, expect, it, vi } from 'vitest';
import { PostgresStore } from '../../src/stores/index.js';
import { fileCluster } from '../support/postgres.js';

const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';
const alice = { user: 'alice' };
const bob = { user: 'bob' };
const admin = { user: 'root', admin: true };

const cluster = fileCluster();
const { missing } = cluster;
let database = 0;

/** Two "processes": a provider each, over a store (a pool) each, on one fresh database. */
async function twoProcesses() {
  const url = await cluster.createDatabase(`reads-${++database}`);
  const stores = [await PostgresStore.connect(url), await PostgresStore.connect(url)] as const;
  const model = Model.create([infrastructure]);
  const [one, two] = stores.map((store) => createReferenceProvider({ model, store }));
  return { stores, one: one!, two: two!, close: () => Promise.all(stores.map((s) => s.close())) };
}

const compute = (title: string) => ({
  kind: `${INFRA}compute`,
  title,
  attributes: { 'occi.compute.cores': 2 },
});

const linkLocations = (entity: Entity) => (entity.links ?? []).map((l) => l.location);

describe.skipIf(missing)('the reference provider over PostgreSQL', () => {
  it('reads an entity and its links with one statement per GET', async () => {
    const { stores, one, close } = await twoProcesses();
    try {
      const vm = await one.create(alice, compute('vm'));
      const disk = await one.create(alice, {
        kind: `${INFRA}storage`,
        attributes: { 'occi.storage.size': 1 },
      });
      await one.create(alice, {
        kind: `${INFRA}storagelink`,
        source: { location: vm.location! },
        target: { location: disk.location! },
        attributes: {},
      });
      // Each caller's model (their mixins) is read once, before.
      await one.get(alice, vm.location!);
      await one.get(admin, vm.location!);
      const query = vi.spyOn(stores[0].pool, 'query');
      const read = await one.get(alice, vm.location!);
      expect(query).toHaveBeenCalledTimes(1);
      await one.get(alice, vm.location!);
      await one.get(admin, vm.location!);
      expect(query).toHaveBeenCalledTimes(3);
      query.mockRestore();
      expect(read.links).toHaveLength(1);
      expect(read.links![0]!.target).toMatchObject({ location: disk.location });
    } finally {
      await close();
    }
  });

  it('answers the same entity object while nothing changed, a new one once anything did', async () => {
    const { one, close } = await twoProcesses();
    try {
      const vm = await one.create(alice, compute('vm'));
      const first = await one.get(alice, vm.location!);
      expect(await one.get(alice, vm.location!)).toBe(first);
      await one.update(alice, vm.location!, { title: 'renamed' });
      const renamed = await one.get(alice, vm.location!);
      expect(renamed).not.toBe(first);
      expect(renamed.title).toBe('renamed');
      expect(renamed.version).toBe('2');
    } finally {
      await close();
    }
  });

  it('sees at once what another process wrote: an update, a new link, a deletion', async () => {
    const { one, two, close } = await twoProcesses();
    try {
      const vm = await one.create(alice, compute('vm'));
      const disk = await one.create(alice, {
        kind: `${INFRA}storage`,
        attributes: { 'occi.storage.size': 1 },
      });
      expect((await two.get(alice, vm.location!)).title).toBe('vm');

      await one.update(alice, vm.location!, { title: 'renamed' });
      const renamed = await two.get(alice, vm.location!);
      expect(renamed.title).toBe('renamed');
      expect(renamed.version).toBe('2');

      const link = await one.create(alice, {
        kind: `${INFRA}storagelink`,
        source: { location: vm.location! },
        target: { location: disk.location! },
        attributes: {},
      });
      const linked = await two.get(alice, vm.location!);
      expect(linkLocations(linked)).toEqual([link.location]);
      // The representation's tag follows its links (reading.ts, entityTag).
      expect(linked.version).not.toBe(renamed.version);

      await one.delete(alice, link.location!);
      expect(linkLocations(await two.get(alice, vm.location!))).toEqual([]);

      await one.delete(alice, vm.location!);
      await expect(two.get(alice, vm.location!)).rejects.toMatchObject({ kind: 'not-found' });
    } finally {
      await close();
    }
  });

  it('shows each caller only what they may see', async () => {
    const { one, two, close } = await twoProcesses();
    try {
      const vm = await one.create(bob, compute('bobs'));
      const disk = await one.create(bob, { kind: `${INFRA}storage`, attributes: { 'occi.storage.size': 1 } });
      await one.create(bob, {
        kind: `${INFRA}storagelink`,
        source: { location: vm.location! },
        target: { location: disk.location! },
        attributes: {},
      });
      await expect(two.get(alice, vm.location!)).rejects.toMatchObject({
        kind: 'not-found',
        message: `no entity at ${vm.location}`,
      });
      expect(linkLocations(await two.get(admin, vm.location!))).toHaveLength(1);
      expect(linkLocations(await two.get(bob, vm.location!))).toHaveLength(1);
    } finally {
      await close();
    }
  });
});
