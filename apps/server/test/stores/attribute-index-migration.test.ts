/**
 * Migration 2 (attribute values indexed for filters) on stores made by the
 * schema before it: records written under version 1 are found by attribute
 * filters after the upgrade, and later writes keep the index right.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EntityRecord, Store } from '@occi/core';
import { COMPUTE, resourceRecord } from '@occi/core/testing';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  migratePostgres,
  migrateSqlite,
  PostgresStore,
  postgresMigrations,
  SqliteStore,
  sqliteMigrations,
} from '../../src/stores/index.js';
import { dataOf } from '../../src/stores/rows.js';
import { fileCluster } from '../support/postgres.js';

/** Written under schema 1: titles, text, numbers, a long text, an object, an attribute named like a core field. */
const OLD: EntityRecord[] = [
  resourceRecord('a', {
    title: 'alpha',
    attributes: { 'occi.compute.hostname': 'a.example', 'occi.compute.cores': 2 },
  }),
  resourceRecord('b', {
    title: 'beta',
    attributes: {
      'occi.compute.hostname': 'b.example',
      'occi.compute.cores': 4,
      long: 'x'.repeat(300),
      spec: { z: 1, a: [true] },
      'occi.core.title': 'not the title',
    },
  }),
];

const locations = async (store: Store, attributes: EntityRecord['entity']['attributes']) =>
  (await store.query({ kinds: [COMPUTE], attributes })).map((r) => r.location);

async function expectFilters(store: Store): Promise<void> {
  expect(await locations(store, { 'occi.compute.hostname': 'b.example' })).toEqual(['/compute/b']);
  expect(await locations(store, { 'occi.compute.cores': 2 })).toEqual(['/compute/a']);
  expect(await locations(store, { 'occi.compute.cores': '4' })).toEqual(['/compute/b']);
  expect(await locations(store, { long: 'x'.repeat(300) })).toEqual(['/compute/b']);
  expect(await locations(store, { spec: { z: 1, a: [true] } })).toEqual(['/compute/b']);
  expect(await locations(store, { 'occi.core.title': 'beta' })).toEqual(['/compute/b']);
  expect(await locations(store, { 'occi.core.title': 'not the title' })).toEqual([]);
  // Later writes: an update moves a value, a delete removes it, a create adds one.
  const b = (await store.get('/compute/b'))!;
  const changed = structuredClone(b);
  changed.version = b.version + 1;
  changed.entity.attributes['occi.compute.hostname'] = 'b2.example';
  await store.commit([
    { op: 'put', record: changed, expect: b.version },
    { op: 'delete', location: '/compute/a' },
    {
      op: 'put',
      record: resourceRecord('c', { attributes: { 'occi.compute.hostname': 'b.example' } }),
      expect: 'absent',
    },
  ]);
  expect(await locations(store, { 'occi.compute.hostname': 'b.example' })).toEqual(['/compute/c']);
  expect(await locations(store, { 'occi.compute.hostname': 'b2.example' })).toEqual(['/compute/b']);
  expect(await locations(store, { 'occi.compute.cores': 2 })).toEqual([]);
}

const INSERT = (p: (n: number) => string) =>
  `INSERT INTO entities (location, id, kind, owner, version, source, target, data) VALUES (${[1, 2, 3, 4, 5, 6, 7, 8].map(p).join(', ')})`;
const values = (r: EntityRecord) => [r.location, r.id, r.kind, r.owner, r.version, null, null, dataOf(r)];

describe('SQLite: migration 2 on a store of schema 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'occi-migration-2-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('indexes the records already there, and keeps the index with later writes', async () => {
    const path = join(dir, 'old.db');
    const db = new Database(path);
    expect(migrateSqlite(db, sqliteMigrations.slice(0, 1))).toEqual([1]);
    for (const r of OLD) db.prepare(INSERT(() => '?')).run(...values(r));
    db.close();
    const store = SqliteStore.open(path);
    try {
      const applied = store.database.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
      expect(applied).toEqual(sqliteMigrations.map((m) => ({ version: m.version })));
      // The long value stays out of the index and is still found by the JSON comparison.
      const indexed = store.database
        .prepare('SELECT name FROM entity_attributes ORDER BY seq, name')
        .all()
        .map((row) => (row as { name: string }).name);
      expect(indexed).toEqual([
        'occi.compute.cores',
        'occi.compute.hostname',
        'occi.core.title',
        'occi.compute.cores',
        'occi.compute.hostname',
        'occi.core.title',
        'spec',
      ]);
      await expectFilters(store);
    } finally {
      await store.close();
    }
  });
});

const cluster = fileCluster();
const { missing } = cluster;

describe.skipIf(missing)('PostgreSQL: migration 2 on a store of schema 1', () => {
  it('indexes the records already there, and keeps the index with later writes', async () => {
    const url = await cluster.createDatabase('migration_two');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      expect(await migratePostgres(client, postgresMigrations.slice(0, 1))).toEqual([1]);
      for (const r of OLD)
        await client.query(
          INSERT((n) => `$${n}`),
          values(r),
        );
    } finally {
      await client.end();
    }
    const store = await PostgresStore.connect(url);
    try {
      const { rows } = await store.pool.query('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows).toEqual(postgresMigrations.map((m) => ({ version: m.version })));
      await expectFilters(store);
    } finally {
      await store.close();
    }
  }, 60_000);
});
