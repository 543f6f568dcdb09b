/**
 * PostgresStore's group commit of creates (postgres-inserts.ts): the
 * creates of one turn of the event loop written by one statement, and
 * each still answered as if it had committed alone.
 */
import { type EntityRecord, isOcciError, type StoreWrite } from '@occi/core';
import { linkRecord, resourceRecord, STORAGE, TAGGED } from '@occi/core/testing';
import { describe, expect, it, vi } from 'vitest';
import { PostgresStore } from '../../src/stores/index.js';
import { fileCluster } from '../support/postgres.js';

const cluster = fileCluster();
const { missing } = cluster;
let database = 0;

const fresh = async () => PostgresStore.connect(await cluster.createDatabase(`group-${++database}`));

const creating = (...records: EntityRecord[]): StoreWrite[] =>
  records.map((record) => ({ op: 'put', record, expect: 'absent' }));

/** What a commit's promise settled to: 'ok', or the conflict's code and message. */
const outcome = (p: Promise<void>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (isOcciError(e) ? `${e.kind} ${e.code}: ${e.message}` : `not an OcciError: ${String(e)}`),
  );

describe.skipIf(missing)('PostgresStore group commit', () => {
  it('writes the creates of one turn with one statement, listed in the order they were committed', async () => {
    const store = await fresh();
    try {
      const query = vi.spyOn(store.pool, 'query');
      const records = Array.from({ length: 20 }, (_, i) =>
        resourceRecord(`vm-${String(i).padStart(2, '0')}`),
      );
      const shuffled = [...records].reverse();
      await Promise.all(shuffled.map((r) => store.commit(creating(r))));
      expect(query).toHaveBeenCalledTimes(1);
      query.mockRestore();
      expect((await store.query({})).map((r) => r.location)).toEqual(shuffled.map((r) => r.location));
      expect(await store.get(records[7]!.location)).toEqual(records[7]);
    } finally {
      await store.close();
    }
  });

  it('answers a taken location with its 409 and commits the rest of the batch', async () => {
    const store = await fresh();
    try {
      const a = resourceRecord('a');
      await store.commit(creating(a));
      const results = await Promise.all([
        outcome(store.commit(creating(resourceRecord('b')))),
        outcome(store.commit(creating({ ...a, id: 'urn:uuid:another' }))),
        outcome(store.commit(creating(resourceRecord('c')))),
      ]);
      expect(results).toEqual(['ok', 'conflict duplicate: /compute/a exists already', 'ok']);
      expect((await store.query({})).map((r) => r.location)).toEqual([
        '/compute/a',
        '/compute/b',
        '/compute/c',
      ]);
      expect((await store.get('/compute/a'))?.id).toBe('urn:uuid:a');
    } finally {
      await store.close();
    }
  });

  it('lets exactly the first of two creates of one location or one id in the same batch win', async () => {
    const store = await fresh();
    try {
      const results = await Promise.all([
        outcome(store.commit(creating(resourceRecord('x')))),
        outcome(store.commit(creating({ ...resourceRecord('x'), id: 'urn:uuid:x2' }))),
        outcome(store.commit(creating({ ...resourceRecord('y'), id: 'urn:uuid:x' }))),
      ]);
      expect(results).toEqual([
        'ok',
        'conflict duplicate: /compute/x exists already',
        'conflict duplicate: an entity with id urn:uuid:x exists already',
      ]);
      expect((await store.query({})).map((r) => `${r.location} ${r.id}`)).toEqual(['/compute/x urn:uuid:x']);
    } finally {
      await store.close();
    }
  });

  it('keeps a commit of several creates atomic inside the batch: all of it or none', async () => {
    const store = await fresh();
    try {
      const disk = resourceRecord('disk', { kind: STORAGE });
      await store.commit(creating(disk));
      const vm = resourceRecord('vm');
      const results = await Promise.all([
        outcome(store.commit(creating(vm, linkRecord('attach', vm, disk)))),
        // A resource and a link whose location is taken: neither is written.
        outcome(
          store.commit(
            creating(resourceRecord('orphan'), { ...linkRecord('attach', vm, disk), id: 'urn:uuid:l2' }),
          ),
        ),
      ]);
      expect(results).toEqual(['ok', 'conflict duplicate: /storagelink/attach exists already']);
      expect(await store.get('/compute/orphan')).toBeUndefined();
      expect((await store.query({ source: vm.location })).map((r) => r.location)).toEqual([
        '/storagelink/attach',
      ]);
    } finally {
      await store.close();
    }
  });

  it('records the mixins of batched creates for queries by mixin', async () => {
    const store = await fresh();
    try {
      await Promise.all([
        store.commit(creating(resourceRecord('tagged-1', { mixins: [TAGGED] }))),
        store.commit(creating(resourceRecord('plain'))),
        store.commit(creating(resourceRecord('tagged-2', { mixins: [TAGGED, TAGGED] }))),
      ]);
      expect((await store.query({ withMixins: [TAGGED] })).map((r) => r.location)).toEqual([
        '/compute/tagged-1',
        '/compute/tagged-2',
      ]);
      expect((await store.get('/compute/tagged-2'))?.mixins).toEqual([TAGGED, TAGGED]);
    } finally {
      await store.close();
    }
  });

  it('commits the creates already accepted when closed at once, then refuses more', async () => {
    const url = await cluster.createDatabase(`group-${++database}`);
    const store = await PostgresStore.connect(url);
    const pending = [
      store.commit(creating(resourceRecord('last-1'))),
      store.commit(creating(resourceRecord('last-2'))),
    ];
    await store.close();
    expect(await Promise.all(pending.map(outcome))).toEqual(['ok', 'ok']);
    expect(await outcome(store.commit(creating(resourceRecord('late'))))).toBe(
      'unavailable other: the PostgreSQL store is closed',
    );
    const reopened = await PostgresStore.connect(url);
    try {
      expect((await reopened.query({})).map((r) => r.location)).toEqual([
        '/compute/last-1',
        '/compute/last-2',
      ]);
    } finally {
      await reopened.close();
    }
  });
});
