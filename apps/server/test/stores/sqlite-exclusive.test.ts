/**
 * SQLite opened exclusively (`--store-exclusive`): the file locked from
 * open to close (`locking_mode = EXCLUSIVE`, no `-shm`), any other
 * connection refused with the fix named, and the revision its own commits
 * counted.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isOcciError } from '@occi/core';
import { resourceRecord, storeContract } from '@occi/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/stores/index.js';

const dir = mkdtempSync(join(tmpdir(), 'occi-sqlite-exclusive-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;
const freshFile = () => join(dir, `store-${++count}`, 'occi.db');
let file = '';

storeContract('SqliteStore (exclusive)', {
  fresh: async () => {
    file = freshFile();
    return SqliteStore.open(file, { exclusive: true });
  },
  reopen: async (store) => {
    await store.close();
    return SqliteStore.open(file, { exclusive: true });
  },
});

/** The OcciError opening `path` throws (failing when it opens). */
function refusal(path: string, exclusive: boolean): { kind: string; message: string } {
  try {
    SqliteStore.open(path, { exclusive, busyTimeout: 50 }).close();
  } catch (error) {
    expect(isOcciError(error)).toBe(true);
    return { kind: (error as { kind: string }).kind, message: (error as Error).message };
  }
  throw new Error(`${path} opened`);
}

describe('SqliteStore, exclusive', () => {
  it('refuses any other connection while open, and is refused while another is, naming the fix', async () => {
    const path = freshFile();
    const store = SqliteStore.open(path, { exclusive: true });
    // Kept in the process's memory: nothing for another process to map.
    expect(existsSync(`${path}-shm`)).toBe(false);
    expect(refusal(path, false)).toEqual({
      kind: 'unavailable',
      message:
        `cannot open the SQLite database ${path}: another process holds it locked (an occi-server ` +
        'started with --store-exclusive?); stop it, or start every server of this database without --store-exclusive',
    });
    expect(refusal(path, true).message).toBe(
      `cannot open the SQLite database ${path} exclusively: another process has it open; ` +
        'stop it, or start every server of this database without --store-exclusive',
    );
    await store.close();

    const shared = SqliteStore.open(path);
    expect(refusal(path, true)).toEqual({
      kind: 'unavailable',
      message:
        `cannot open the SQLite database ${path} exclusively: another process has it open; ` +
        'stop it, or start every server of this database without --store-exclusive',
    });
    await shared.close();
  });

  it('counts its own commits as its revision, and keeps them across a reopen', async () => {
    const path = freshFile();
    let store = SqliteStore.open(path, { exclusive: true });
    try {
      const before = store.revision();
      await store.get('/compute/none');
      await new Promise((resolve) => setImmediate(resolve));
      expect(store.revision()).toBe(before);
      await store.commit([{ op: 'put', record: resourceRecord('a'), expect: 'absent' }]);
      const after = store.revision();
      expect(after).not.toBe(before);
      // Read in the same turn as the commit settled, and after: every look sees it.
      await store.commit([{ op: 'delete', location: '/compute/a' }]);
      expect(store.revision()).not.toBe(after);
      await store.commit([{ op: 'put', record: resourceRecord('b'), expect: 'absent' }]);
      await store.close();

      store = SqliteStore.open(path, { exclusive: true });
      expect((await store.query({})).map((r) => r.location)).toEqual(['/compute/b']);
      await store.close();
      // Closed, it lets a sharing store in at once.
      store = SqliteStore.open(path, { busyTimeout: 50 });
      expect(await store.get('/compute/b')).toMatchObject({ location: '/compute/b' });
    } finally {
      await store.close();
    }
  });
});
