import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isOcciError, MemoryStore } from '@occi/core';
import { COMPUTE, resourceRecord, STORAGE, storeContract } from '@occi/core/testing';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore, sqliteMigrations } from '../../src/stores/index.js';
import { conflictsOf } from './conflict-wording.js';

const dir = mkdtempSync(join(tmpdir(), 'occi-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;
let file = '';

/** Another process committing entities one by one into `path`, printing each location once its commit returned. */
function spawnWriter(path: string) {
  const here = dirname(fileURLToPath(import.meta.url));
  return spawn(
    process.execPath,
    ['--conditions=@occi/source', '--import', 'tsx', join(here, 'fixtures', 'sqlite-writer.ts'), path],
    // cwd: the workspace root, where `tsx` resolves.
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: join(here, '..', '..', '..', '..') },
  );
}

/** Calls `onLines` with the whole lines of each chunk the writer prints (a chunk arrives in a turn of its own). */
function onLines(child: ReturnType<typeof spawnWriter>, handle: (lines: string[]) => void): void {
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    if (lines.length > 0) handle(lines);
  });
}

storeContract('SqliteStore', {
  fresh: async () => {
    file = join(dir, `store-${++count}`, 'occi.db');
    return SqliteStore.open(file);
  },
  twin: async () => SqliteStore.open(file),
  reopen: async (store) => {
    await store.close();
    return SqliteStore.open(file);
  },
});

describe('SqliteStore', () => {
  it('creates the directory and opens the file in WAL mode with synchronous FULL', async () => {
    const path = join(dir, 'deep', 'er', 'occi.db');
    const store = SqliteStore.open(path);
    try {
      expect(existsSync(path)).toBe(true);
      expect(store.database.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.database.pragma('synchronous', { simple: true })).toBe(2);
      expect(store.database.pragma('busy_timeout', { simple: true })).toBe(5000);
    } finally {
      await store.close();
    }
  });

  it('keeps every acknowledged commit when the writing process is killed (kill -9)', async () => {
    const path = join(dir, 'killed', 'occi.db');
    const child = spawnWriter(path);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const acknowledged: string[] = [];
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    await new Promise<void>((resolve, reject) => {
      onLines(child, (lines) => {
        acknowledged.push(...lines);
        if (acknowledged.length >= 200) resolve();
      });
      child.on('exit', () => reject(new Error(`the writer exited early: ${stderr}`)));
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const store = SqliteStore.open(path);
    try {
      const stored = new Set((await store.query({})).map((r) => r.location));
      expect(acknowledged.filter((l) => !stored.has(l))).toEqual([]);
      expect(stored.size).toBeGreaterThanOrEqual(acknowledged.length);
    } finally {
      await store.close();
    }
  });

  it('words its conflicts as MemoryStore does', async () => {
    const store = SqliteStore.open(join(dir, 'wording', 'occi.db'));
    try {
      expect(await conflictsOf(store)).toEqual(await conflictsOf(new MemoryStore()));
    } finally {
      await store.close();
    }
  });

  it('records the migrations it applied and applies none on the next open', async () => {
    const path = join(dir, 'migrated', 'occi.db');
    await SqliteStore.open(path).close();
    await SqliteStore.open(path).close();
    const db = new Database(path, { readonly: true });
    const rows = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all();
    db.close();
    expect(rows).toEqual(sqliteMigrations.map((m) => ({ version: m.version })));
  });

  it('refuses a database whose schema is newer than it knows', async () => {
    const path = join(dir, 'newer', 'occi.db');
    await SqliteStore.open(path).close();
    const db = new Database(path);
    db.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (99, 'later')").run();
    db.close();
    const error = (() => {
      try {
        SqliteStore.open(path);
      } catch (e) {
        return e;
      }
    })();
    expect(isOcciError(error) && error.kind).toBe('unavailable');
    expect((error as Error).message).toContain(
      `schema is at version 99, newer than this server knows (${sqliteMigrations.length})`,
    );
  });

  it('reports a file that is not a database as an OcciError naming it', () => {
    const path = join(dir, 'not-a-db');
    writeFileSync(path, 'x'.repeat(4096));
    expect(() => SqliteStore.open(path)).toThrowError(/cannot open the SQLite database .*not-a-db/);
  });

  it('refuses to work once closed', async () => {
    const store = SqliteStore.open(join(dir, 'closed', 'occi.db'));
    await store.close();
    await store.close();
    await expect(store.get('/compute/a')).rejects.toMatchObject({ kind: 'unavailable' });
    await expect(store.commit([])).rejects.toThrowError('the SQLite store is closed');
  });

  it("sees every commit another process acknowledged, at the next turn's revision", async () => {
    const path = join(dir, 'watched', 'occi.db');
    const store = SqliteStore.open(path);
    const child = spawnWriter(path);
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    // What is committed, read right after each revision: all that revision can have covered (the
    // writer runs on meanwhile, so a revision may already cover commits announced later).
    const probe = new Database(path, { readonly: true });
    const committed = () => new Set(probe.prepare('SELECT location FROM entities').pluck().all() as string[]);
    try {
      let revision = store.revision();
      let covered = committed();
      const missed: string[] = [];
      let checked = 0;
      await new Promise<void>((resolve, reject) => {
        // Each chunk arrives in a turn of its own, after the writer's commits in it returned.
        onLines(child, (lines) => {
          const now = store.revision();
          // Unchanged: each commit announced since must have been there when the last one was read.
          if (now === revision) missed.push(...lines.filter((line) => !covered.has(line)));
          revision = now;
          covered = committed();
          checked += lines.length;
          if (checked >= 100) resolve();
        });
        child.on('exit', (code) => reject(new Error(`the writer exited early (${code})`)));
      });
      expect(missed).toEqual([]);
      // What the revision announced is there to read.
      expect(await store.get('/compute/k99')).toMatchObject({ location: '/compute/k99' });
    } finally {
      child.kill('SIGKILL');
      await exited;
      probe.close();
      await store.close();
    }
  });

  it("reads other processes' commits once per turn of the event loop", async () => {
    const path = join(dir, 'turns', 'occi.db');
    const store = SqliteStore.open(path);
    const other = SqliteStore.open(path);
    try {
      const before = store.revision();
      // Another connection commits in the middle of this turn (synchronously, bypassing its store).
      other.database
        .prepare("INSERT INTO mixins (id, owner, definition) VALUES ('urn:x', 'alice', '{}')")
        .run();
      // Requests served in this turn were received before the commit: they may use the value read.
      expect(store.revision()).toBe(before);
      await new Promise((resolve) => setImmediate(resolve));
      expect(store.revision()).not.toBe(before);
      // Read from a callback's synchronous part (as a request's handler starts), then again after an
      // await in the same turn (as the handler goes on): one value for the whole turn.
      const [first, second] = await new Promise<number[]>((resolve) =>
        setImmediate(() => {
          const first = store.revision();
          other.database.prepare("DELETE FROM mixins WHERE id = 'urn:x'").run();
          void Promise.resolve().then(() => resolve([first, store.revision()]));
        }),
      );
      expect(second).toBe(first);
      await new Promise((resolve) => setImmediate(resolve));
      expect(store.revision()).not.toBe(first);
    } finally {
      await Promise.all([store.close(), other.close()]);
    }
  });

  describe('paging a large collection', () => {
    const plan = (store: SqliteStore, q: Parameters<typeof SqliteStore.sql>[0]) => {
      const { sql, params } = SqliteStore.sql(q);
      return (store.database.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
        .map((r) => r.detail)
        .join('\n');
    };

    it('walks an index in creation order instead of sorting the collection', async () => {
      const store = SqliteStore.open(join(dir, 'plans', 'occi.db'));
      try {
        const kindPlan = plan(store, { kinds: [COMPUTE], limit: 100 });
        expect(kindPlan).toContain('entities_kind');
        expect(kindPlan).not.toContain('TEMP B-TREE');
        const ownerPlan = plan(store, { kinds: [COMPUTE], owner: 'alice', limit: 100, offset: 100 });
        expect(ownerPlan).toContain('entities_owner_kind');
        expect(ownerPlan).not.toContain('TEMP B-TREE');
        expect(plan(store, { source: '/compute/a' })).toContain('entities_source');
        expect(plan(store, { target: '/compute/a' })).toContain('entities_target');
        expect(plan(store, { in: { mixins: [COMPUTE] } })).not.toMatch(/SCAN m\b/);
      } finally {
        await store.close();
      }
    });

    it('costs about the same for a first page of 100 from 100,000 as from 1,000', async () => {
      const timed = async (size: number) => {
        const store = SqliteStore.open(join(dir, `size-${size}`, 'occi.db'));
        // Half of the rows are of another kind, interleaved, so that a scan would show.
        const writes = Array.from({ length: size * 2 }, (_, i) => ({
          op: 'put' as const,
          record: resourceRecord(`r${i}`, { kind: i % 2 === 0 ? COMPUTE : STORAGE, attributes: { i } }),
        }));
        for (let i = 0; i < writes.length; i += 10_000) await store.commit(writes.slice(i, i + 10_000));
        const times: number[] = [];
        let page: Awaited<ReturnType<SqliteStore['query']>> = [];
        for (let run = 0; run < 25; run++) {
          const start = performance.now();
          page = await store.query({ kinds: [COMPUTE], owner: 'alice', limit: 100 });
          times.push(performance.now() - start);
        }
        await store.close();
        expect(page.map((r) => r.entity.attributes.i)).toEqual(Array.from({ length: 100 }, (_, i) => i * 2));
        return times.sort((a, b) => a - b)[12]!;
      };
      const small = await timed(1_000);
      const large = await timed(100_000);
      expect(large).toBeLessThan(small * 5 + 1);
    }, 120_000);
  });
});
