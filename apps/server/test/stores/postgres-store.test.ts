import { isOcciError, MemoryStore, type Store } from '@occi/core';
import { COMPUTE, resourceRecord, STORAGE, storeContract } from '@occi/core/testing';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore, PostgresStore, postgresMigrations } from '../../src/stores/index.js';
import { fileCluster } from '../support/postgres.js';
import { conflictsOf } from './conflict-wording.js';

const cluster = fileCluster();
const { missing } = cluster;
let url = '';
beforeAll(async () => {
  if (!missing) url = await cluster.createDatabase('contract');
});

describe.skipIf(missing)('the store contract', () => {
  storeContract('PostgresStore', {
    fresh: async () => {
      const store = await PostgresStore.connect(url);
      await store.pool.query('TRUNCATE entities, entity_mixins, mixins RESTART IDENTITY');
      return store;
    },
    twin: async () => PostgresStore.connect(url),
    reopen: async (store) => {
      await store.close();
      return PostgresStore.connect(url);
    },
  });
});

describe.skipIf(missing)('PostgresStore', () => {
  it('loses no acknowledged increment when two processes read-modify-write one entity', async () => {
    const database = await cluster.createDatabase('increments');
    // Two pools stand for two server processes.
    const first = await PostgresStore.connect({ connectionString: database, max: 4 });
    const second = await PostgresStore.connect({ connectionString: database, max: 4 });
    try {
      const counter = resourceRecord('counter', { attributes: { n: 0 } });
      await first.commit([{ op: 'put', record: counter, expect: 'absent' }]);
      let acknowledged = 0;
      let retries = 0;
      const increment = async (store: Store) => {
        for (;;) {
          const current = (await store.get(counter.location))!;
          const next = structuredClone(current);
          next.version = current.version + 1;
          next.entity.attributes.n = (current.entity.attributes.n as number) + 1;
          try {
            await store.commit([{ op: 'put', record: next, expect: current.version }]);
            acknowledged++;
            return;
          } catch (error) {
            if (!isOcciError(error) || error.code !== 'version-mismatch') throw error;
            retries++;
          }
        }
      };
      const workers = Array.from({ length: 8 }, (_, w) => async () => {
        for (let i = 0; i < 15; i++) await increment(w % 2 === 0 ? first : second);
      });
      await Promise.all(workers.map((work) => work()));
      const final = (await second.get(counter.location))!;
      expect(acknowledged).toBe(120);
      expect(final.entity.attributes.n).toBe(acknowledged);
      expect(final.version).toBe(acknowledged + 1);
      // The writers did collide: the version checks, not luck, kept the count.
      expect(retries).toBeGreaterThan(0);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('pages a collection among 200,000 entities touching only the rows of the page', async () => {
    const store = await PostgresStore.connect(await cluster.createDatabase('large'));
    try {
      await store.pool.query(
        `INSERT INTO entities (location, id, kind, owner, version, data)
         SELECT '/r/' || g, 'urn:uuid:r' || g, CASE WHEN g % 100 = 0 THEN $1 ELSE $2 END, 'alice', 1,
                json_build_object('mixins', json_build_array(), 'entity', json_build_object(
                  'id', 'urn:uuid:r' || g, 'kind', CASE WHEN g % 100 = 0 THEN $1 ELSE $2 END,
                  'mixins', json_build_array(), 'attributes', json_build_object('i', g)))
         FROM generate_series(1, 200000) AS g`,
        [COMPUTE, STORAGE],
      );
      await store.pool.query('ANALYZE entities');
      for (const q of [
        { kinds: [COMPUTE], limit: 100 },
        { kinds: [COMPUTE], owner: 'alice', limit: 100, offset: 100 },
      ]) {
        const { text, values } = PostgresStore.sql(q);
        const { rows } = await store.pool.query(
          `EXPLAIN (ANALYZE, FORMAT JSON) ${text}`,
          values as unknown[],
        );
        // Rows the plan touched: what it returned plus what its filters threw away.
        interface Node {
          'Node Type': string;
          'Actual Rows': number;
          'Rows Removed by Filter'?: number;
          Plans?: Node[];
        }
        const nodes = (n: Node): Node[] => [n, ...(n.Plans ?? []).flatMap(nodes)];
        const all = nodes((rows[0] as { 'QUERY PLAN': [{ Plan: Node }] })['QUERY PLAN'][0].Plan);
        expect(all.map((n) => n['Node Type'])).not.toContain('Sort');
        const touched = all
          .filter((n) => n['Node Type'].includes('Scan'))
          .reduce((sum, n) => sum + n['Actual Rows'] + (n['Rows Removed by Filter'] ?? 0), 0);
        expect(touched).toBeLessThanOrEqual(2 * (100 + (q.offset ?? 0)));
        const page = await store.query(q);
        expect(page.map((r) => r.entity.attributes.i)).toEqual(
          Array.from({ length: 100 }, (_, i) => 100 * (i + 1 + (q.offset ?? 0))),
        );
      }
    } finally {
      await store.close();
    }
  }, 120_000);

  it('words its conflicts as MemoryStore does', async () => {
    const store = await PostgresStore.connect(await cluster.createDatabase('wording'));
    try {
      expect(await conflictsOf(store)).toEqual(await conflictsOf(new MemoryStore()));
    } finally {
      await store.close();
    }
  });

  it('migrates once when several servers start at the same time', async () => {
    const database = await cluster.createDatabase('starts');
    const stores = await Promise.all(Array.from({ length: 5 }, () => PostgresStore.connect(database)));
    try {
      const { rows } = await stores[0]!.pool.query('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows).toEqual(postgresMigrations.map((m) => ({ version: m.version })));
    } finally {
      for (const s of stores) await s.close();
    }
  });

  it('refuses a database whose schema is newer than it knows', async () => {
    const database = await cluster.createDatabase('newer');
    await (await PostgresStore.connect(database)).close();
    const client = new pg.Client({ connectionString: database });
    await client.connect();
    await client.query('INSERT INTO schema_migrations (version) VALUES (99)');
    await client.end();
    await expect(PostgresStore.connect(database)).rejects.toMatchObject({
      kind: 'unavailable',
      message: `the database schema is at version 99, newer than this server knows (${postgresMigrations.length}): upgrade the server`,
    });
  });

  it('reports a server it cannot reach as unavailable', async () => {
    const error = await PostgresStore.connect({
      host: '127.0.0.1',
      port: 1,
      user: 'postgres',
      database: 'none',
      connectionTimeoutMillis: 2000,
    }).catch((e: unknown) => e);
    expect(isOcciError(error) && error.kind).toBe('unavailable');
    expect((error as Error).message).toMatch(/^cannot open the PostgreSQL store: .*ECONNREFUSED/);
  });

  it('refuses to work once closed', async () => {
    const store = await PostgresStore.connect(url);
    await store.close();
    await store.close();
    await expect(store.query({})).rejects.toThrowError('the PostgreSQL store is closed');
    await expect(store.commit([])).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('is what openStore opens for postgres:// and postgresql:// URLs', async () => {
    for (const spec of [url, url.replace(/^postgres:/, 'postgresql:')]) {
      const store = await openStore(spec);
      try {
        expect(store).toBeInstanceOf(PostgresStore);
        await store.commit([{ op: 'put', record: resourceRecord('opened') }]);
        expect((await store.get('/compute/opened'))?.id).toBe('urn:uuid:opened');
      } finally {
        await store.close();
      }
    }
  });
});
