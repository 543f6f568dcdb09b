/**
 * PostgreSQL opened exclusively (`--store-exclusive`, postgres-store-lock.ts):
 * an exclusive store and any other store of the database refuse each other,
 * whichever starts first; the exclusive store counts its own commits as its
 * revision, so that core answers repeated reads without a statement; and a
 * lost lock (the backend terminated) or a silent one (its session does
 * not answer) makes it read every time until it holds the lock again.
 */
import { connect, createServer, type Socket } from 'node:net';
import { createReferenceProvider, isOcciError, Model } from '@occi/core';
import { mixinRecord, resourceRecord, storeContract } from '@occi/core/testing';
import { infrastructure } from '@occi/infrastructure';
import pg from 'pg';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { PostgresStore } from '../../src/stores/index.js';
import { HEARTBEAT_MS, LEASE_MS } from '../../src/stores/postgres-store-lock.js';
import { fileCluster } from '../support/postgres.js';

const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';
const alice = { user: 'alice' };
const compute = (title: string) => ({ kind: `${INFRA}compute`, title, attributes: {} });

const cluster = fileCluster();
const { missing } = cluster;
let databases = 0;
const fresh = () => cluster.createDatabase(`exclusive-${++databases}`);

const EXCLUSIVE_HELD =
  'cannot open the PostgreSQL store: an occi-server started with --store-exclusive uses this database alone; ' +
  'stop it, or start every server of this database without --store-exclusive';
const SHARED_HELD =
  'cannot open the PostgreSQL store exclusively: another occi-server uses this database; stop it, ' +
  'or start every server of this database without --store-exclusive';
const TWO_EXCLUSIVE =
  'cannot open the PostgreSQL store exclusively: another occi-server started with --store-exclusive uses ' +
  'this database; stop it first';

/** The error `promise` rejects with (failing when it resolves). */
async function refusal(promise: Promise<PostgresStore>): Promise<{ kind: string; message: string }> {
  const outcome = await promise.then(
    async (store) => {
      await store.close();
      return undefined;
    },
    (error: unknown) => error,
  );
  expect(isOcciError(outcome)).toBe(true);
  return { kind: (outcome as { kind: string }).kind, message: (outcome as Error).message };
}

/** Runs SQL on a connection of its own (another process, as far as the store can tell). */
async function sql<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Whether the store's revision differs between two calls in a row (it does while its lock is lost). */
function moving(store: PostgresStore): boolean {
  const first = store.revision!();
  return store.revision!() !== first;
}

/** A TCP relay to `port` whose connections can fall silent: nothing forwarded, nothing closed (a lost network path). */
async function relay(port: number) {
  const pairs: [Socket, Socket][] = [];
  let silent = false;
  const join = ([a, b]: [Socket, Socket]) => {
    a.pipe(b);
    b.pipe(a);
  };
  const server = createServer((client) => {
    const upstream = connect(port, '127.0.0.1');
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    pairs.push([client, upstream]);
    if (!silent) join([client, upstream]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    silence() {
      silent = true;
      for (const [a, b] of pairs) {
        a.unpipe(b);
        b.unpipe(a);
        a.pause();
        b.pause();
      }
    },
    resume() {
      if (!silent) return;
      silent = false;
      for (const pair of pairs) join(pair);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const [a, b] of pairs) {
          a.destroy();
          b.destroy();
        }
        server.close(() => resolve());
      }),
  };
}

/** Waits until `check` holds, for at most `ms`. */
async function until(check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not so after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.skipIf(missing)('the store contract, exclusive', () => {
  let url = '';
  beforeAll(async () => {
    if (!missing) url = await fresh();
  });
  storeContract('PostgresStore (exclusive)', {
    fresh: async () => {
      const store = await PostgresStore.connect(url, { exclusive: true });
      await store.pool.query('TRUNCATE entities, entity_mixins, mixins RESTART IDENTITY');
      return store;
    },
    reopen: async (store) => {
      await store.close();
      return PostgresStore.connect(url, { exclusive: true });
    },
  });
});

describe.skipIf(missing)('PostgresStore, exclusive', () => {
  it('refuses a sharing store while it is open, and is refused by one, whichever starts first', async () => {
    const url = await fresh();
    const exclusive = await PostgresStore.connect(url, { exclusive: true });
    expect(await refusal(PostgresStore.connect(url))).toEqual({
      kind: 'unavailable',
      message: EXCLUSIVE_HELD,
    });
    await exclusive.close();

    const shared = await PostgresStore.connect(url);
    expect(await refusal(PostgresStore.connect(url, { exclusive: true }))).toEqual({
      kind: 'unavailable',
      message: SHARED_HELD,
    });
    const second = await PostgresStore.connect(url);
    const error = await refusal(PostgresStore.connect(url, { exclusive: true }));
    expect(error.message).toBe(
      'cannot open the PostgreSQL store exclusively: 2 other occi-server processes use this database; ' +
        'stop them, or start every server of this database without --store-exclusive',
    );
    await Promise.all([shared.close(), second.close()]);
    // Closed, they let it in at once.
    await (await PostgresStore.connect(url, { exclusive: true })).close();
  });

  it('refuses a second exclusive store, and concerns no other database of the cluster', async () => {
    const url = await fresh();
    const first = await PostgresStore.connect(url, { exclusive: true });
    try {
      expect(await refusal(PostgresStore.connect(url, { exclusive: true }))).toEqual({
        kind: 'unavailable',
        message: TWO_EXCLUSIVE,
      });
      const other = await PostgresStore.connect(await fresh(), { exclusive: true });
      await other.close();
    } finally {
      await first.close();
    }
  });

  it('has a revision only when exclusive, which its own commits move', async () => {
    const url = await fresh();
    const shared = await PostgresStore.connect(url);
    expect(shared.revision).toBeUndefined();
    await shared.close();
    const store = await PostgresStore.connect(url, { exclusive: true });
    try {
      const before = store.revision!();
      await store.get('/compute/none');
      expect(store.revision!()).toBe(before);
      // A group commit (creates only) and a transaction each move it once settled.
      await Promise.all([
        store.commit([{ op: 'put', record: resourceRecord('a'), expect: 'absent' }]),
        store.commit([{ op: 'put', record: resourceRecord('b'), expect: 'absent' }]),
      ]);
      const created = store.revision!();
      expect(created).toBeGreaterThan(before);
      await store.commit([{ op: 'delete', location: '/compute/a' }]);
      expect(store.revision!()).toBeGreaterThan(created);
      const deleted = store.revision!();
      // A refused commit moves it too: whatever it did or not, what was read before is forgotten.
      await expect(
        store.commit([{ op: 'put', record: resourceRecord('b'), expect: 'absent' }]),
      ).rejects.toMatchObject({ code: 'duplicate' });
      expect(store.revision!()).toBeGreaterThan(deleted);
    } finally {
      await store.close();
    }
  });

  it('answers 100 GETs of an unchanged entity through core with no statement (shared: 100), and sees its own writes', async () => {
    const url = await fresh();
    const model = Model.create([infrastructure]);
    const counts: Record<string, number> = {};
    for (const exclusive of [true, false]) {
      const store = await PostgresStore.connect(url, { exclusive });
      try {
        const provider = createReferenceProvider({ model, store });
        const vm = await provider.create(alice, compute(exclusive ? 'one' : 'two'));
        await provider.get(alice, vm.location!);
        await provider.list(alice, {
          collection: { kind: `${INFRA}compute` },
          page: { page: 1, number: 10 },
        });
        const query = vi.spyOn(store.pool, 'query');
        for (let i = 0; i < 100; i++) await provider.get(alice, vm.location!);
        for (let i = 0; i < 10; i++)
          await provider.list(alice, {
            collection: { kind: `${INFRA}compute` },
            page: { page: 1, number: 10 },
          });
        counts[exclusive ? 'exclusive' : 'shared'] = query.mock.calls.length;
        query.mockRestore();
        await provider.update(alice, vm.location!, { title: 'renamed' });
        expect((await provider.get(alice, vm.location!)).title).toBe('renamed');
        const listed = await provider.list(alice, {
          collection: { kind: `${INFRA}compute` },
          page: { page: 1, number: 10 },
        });
        expect(listed.find((e) => e.location === vm.location)?.title).toBe('renamed');
      } finally {
        await store.close();
      }
    }
    // Shared: one statement per GET, two per page (the page, then its links).
    expect(counts).toEqual({ exclusive: 0, shared: 100 + 10 * 2 });
  });

  it('keeps the mixin records it read until it commits a mixin write, and hands out copies', async () => {
    const store = await PostgresStore.connect(await fresh(), { exclusive: true });
    try {
      const tag = mixinRecord('http://example.org/user#tag');
      await store.commit([{ op: 'put-mixin', mixin: tag, expect: 'absent' }]);
      const first = await store.mixins('alice');
      expect(first.map((m) => m.id)).toEqual([tag.id]);
      first[0]!.definition.title = 'changed by a caller';
      const query = vi.spyOn(store.pool, 'query');
      // Entity commits leave the mixins as they were: the create's statement, none to read them.
      await store.commit([{ op: 'put', record: resourceRecord('a'), expect: 'absent' }]);
      const second = await store.mixins('alice');
      expect(second).toEqual([tag]);
      expect(second[0]).not.toBe(first[0]);
      expect(query).toHaveBeenCalledTimes(1);
      await store.commit([{ op: 'delete-mixin', id: tag.id }]);
      expect(await store.mixins('alice')).toEqual([]);
      expect(await store.mixins()).toEqual([]);
      // Read again, both (a transaction runs on a client of its own, not through pool.query).
      expect(query).toHaveBeenCalledTimes(3);
      query.mockRestore();
    } finally {
      await store.close();
    }
  });

  it('reads every time once its lock is lost, sees what was written meanwhile, and keeps reads again once it holds the lock', async () => {
    const url = await fresh();
    const store = await PostgresStore.connect(url, { exclusive: true });
    try {
      const provider = createReferenceProvider({ model: Model.create([infrastructure]), store });
      const vm = await provider.create(alice, compute('before'));
      expect((await provider.get(alice, vm.location!)).title).toBe('before');
      const held = store.revision!();
      expect(store.revision!()).toBe(held);

      const pid = await store.lockBackendPid();
      expect(pid).toBeTypeOf('number');
      await sql(url, 'SELECT pg_terminate_backend($1)', [pid]);
      await until(() => moving(store), 5000);
      // Another process may write now (the lock is free): direct UPDATEs, which no commit of the store tells of.
      const retitle = (from: string, to: string) =>
        sql(
          url,
          `UPDATE entities SET data = replace(data::text, '"${from}"', '"${to}"')::json WHERE location = $1`,
          [vm.location],
        );
      await retitle('before', 'meanwhile');
      expect((await provider.get(alice, vm.location!)).title).toBe('meanwhile');
      // Written after that read, before the lock is taken again (a second after its loss); then
      // waited for without asking the revision: what was read while the lock was lost is not
      // answered once it is held again.
      await retitle('meanwhile', 'later');
      let again: number | undefined;
      await until(() => {
        void store.lockBackendPid().then((p) => {
          again = p;
        });
        return again !== undefined;
      }, 5000);
      expect(again).not.toBe(pid);
      expect((await provider.get(alice, vm.location!)).title).toBe('later');
      expect(moving(store)).toBe(false);
      const query = vi.spyOn(store.pool, 'query');
      await provider.get(alice, vm.location!);
      await provider.get(alice, vm.location!);
      expect(query).not.toHaveBeenCalled();
      query.mockRestore();
    } finally {
      await store.close();
    }
  });

  it('stops answering from memory once its lock session falls silent, and trusts it again when that session answers', async () => {
    const url = await fresh();
    const through = new URL(url);
    const r = await relay(Number(through.port));
    through.port = String(r.port);
    const store = await PostgresStore.connect(through.href, { exclusive: true });
    try {
      expect(moving(store)).toBe(false);
      const pid = await store.lockBackendPid();
      r.silence();
      const silenced = Date.now();
      // TCP reports nothing: the lease runs out (the last answer was sent at most a heartbeat before).
      await until(() => moving(store), LEASE_MS + 2 * HEARTBEAT_MS + 1000);
      expect(Date.now() - silenced).toBeGreaterThanOrEqual(LEASE_MS - HEARTBEAT_MS - 100);
      r.resume();
      await until(() => !moving(store), 3 * HEARTBEAT_MS + 1000);
      // The same session: its lock never left it, so nothing had to be taken again.
      expect(await store.lockBackendPid()).toBe(pid);
    } finally {
      r.resume();
      await store.close();
      await r.close();
    }
  });

  it('writes nothing while another store took the lock it lost, and writes again once it has it back', async () => {
    const url = await fresh();
    const store = await PostgresStore.connect(url, { exclusive: true });
    const other = new pg.Client({ connectionString: url });
    try {
      const pid = await store.lockBackendPid();
      await other.connect();
      await other.query('SELECT pg_terminate_backend($1)', [pid]);
      await until(() => moving(store), 5000);
      // A sharing server starting meanwhile (its lock, taken as PostgresStore takes it), once the
      // terminated backend has let go of it (before the store takes it again, a second after the loss).
      let locked = false;
      for (let tries = 0; !locked && tries < 50; tries++) {
        const { rows } = await other.query<{ locked: boolean }>(
          "SELECT pg_try_advisory_lock_shared('8026368265464082290'::bigint) AS locked",
        );
        locked = rows[0]!.locked;
        if (!locked) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(locked).toBe(true);
      await expect(
        store.commit([{ op: 'put', record: resourceRecord('refused'), expect: 'absent' }]),
      ).rejects.toMatchObject({ kind: 'unavailable', message: SHARED_HELD });
      expect(await sql(url, 'SELECT location FROM entities')).toEqual([]);
      await other.query("SELECT pg_advisory_unlock_shared('8026368265464082290'::bigint)");
      await store.commit([{ op: 'put', record: resourceRecord('accepted'), expect: 'absent' }]);
      expect(await sql(url, 'SELECT location FROM entities')).toEqual([{ location: '/compute/accepted' }]);
      expect(moving(store)).toBe(false);
    } finally {
      await other.end().catch(() => {});
      await store.close();
    }
  });
});
