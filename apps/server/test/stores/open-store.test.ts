import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStore } from '@occi/core';
import { resourceRecord } from '@occi/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, SqliteStore } from '../../src/stores/index.js';

const dir = mkdtempSync(join(tmpdir(), 'occi-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openStore', () => {
  it('opens an in-memory store for memory:', async () => {
    expect(await openStore('memory:')).toBeInstanceOf(MemoryStore);
  });

  it('opens an SQLite file for sqlite:<path>, keeping what was committed', async () => {
    const spec = `sqlite:${join(dir, 'data', 'occi.db')}`;
    const store = await openStore(spec);
    expect(store).toBeInstanceOf(SqliteStore);
    await store.commit([{ op: 'put', record: resourceRecord('a'), expect: 'absent' }]);
    await store.close();
    const again = await openStore(spec);
    expect(await again.get('/compute/a')).toEqual(resourceRecord('a'));
    await again.close();
  });

  it.each([
    ['sqlite:', 'store "sqlite:" names no file: write sqlite:<path>, e.g. sqlite:./data/occi.db'],
    [
      'mysql://db/occi',
      'unknown store scheme "mysql:": expected memory:, sqlite:<path> or postgres://user@host/database',
    ],
    ['memory', 'unknown store "memory": expected memory:, sqlite:<path> or postgres://user@host/database'],
    ['', 'unknown store "": expected memory:, sqlite:<path> or postgres://user@host/database'],
  ])('refuses %j with a bad-request naming the problem', async (spec, message) => {
    await expect(openStore(spec)).rejects.toMatchObject({ name: 'OcciError', kind: 'bad-request', message });
  });
});
