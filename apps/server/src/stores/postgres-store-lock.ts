/**
 * Who uses a PostgreSQL database: every PostgresStore holds one session
 * advisory lock on the database for its lifetime, on a connection of its
 * own (a pool's client would take the lock back to the pool with it).
 * A store opened with `exclusive` holds it exclusively
 * (`pg_try_advisory_lock`), every other store holds it shared
 * (`pg_try_advisory_lock_shared`): an exclusive store and any other store
 * refuse each other, whichever starts first, and sharing stores start side
 * by side as before. Advisory locks belong to one database, so servers on
 * other databases of the cluster are not concerned.
 *
 * If the lock's connection ends (PostgreSQL restarted, the backend
 * terminated), the lock is gone with its session: `held` turns false at
 * once, and the lock is taken again a second later, then every second
 * until it is. `ensure()` takes it again at once (a commit's first step):
 * a store whose lock another server took meanwhile must not write, since
 * an exclusive server keeps what it read for as long as it alone writes.
 *
 * A connection that goes silent (a network path that drops packets, a
 * frozen peer) reports nothing for as long as TCP keeps trying. So an
 * exclusive lock's session is asked `SELECT 1` every second, and the lock
 * is `trusted` only within LEASE_MS of sending the last question answered: an
 * exclusive store stops answering from memory a few seconds into such a
 * silence, whatever TCP says, and trusts it again when the same session
 * answers (a session that answers still holds its lock: nobody else could
 * have written meanwhile).
 */
import { OcciError } from '@occi/core';
import pg from 'pg';
import { failure } from './postgres-errors.js';

/**
 * The key of the lock: "occistor" in ASCII, as a bigint. The migration
 * lock (migrations.ts) is "occi" (0x6f636369): another key, so that a
 * migration never waits for a store, nor a store for a migration.
 */
export const POSTGRES_STORE_LOCK = '8026368265464082290';
/** The same key as pg_locks shows a bigint key: its high and low 32 bits. */
const CLASSID = Number(BigInt(POSTGRES_STORE_LOCK) >> 32n);
const OBJID = Number(BigInt(POSTGRES_STORE_LOCK) & 0xffffffffn);

export type LockMode = 'exclusive' | 'shared';

/** How often the lock's session is asked whether it is there. */
export const HEARTBEAT_MS = 1000;
/** How long an answer vouches for the lock, from the moment its question was sent. */
export const LEASE_MS = 3000;

/** The refusal of a store that cannot take its lock, saying who holds it and what to do. */
function refusal(mode: LockMode, holders: { exclusive: number; shared: number }): OcciError {
  const message =
    mode === 'shared'
      ? 'cannot open the PostgreSQL store: an occi-server started with --store-exclusive uses this ' +
        'database alone; stop it, or start every server of this database without --store-exclusive'
      : holders.exclusive > 0
        ? 'cannot open the PostgreSQL store exclusively: another occi-server started with ' +
          '--store-exclusive uses this database; stop it first'
        : `cannot open the PostgreSQL store exclusively: ${holders.shared <= 1 ? 'another occi-server uses this database; stop it' : `${holders.shared} other occi-server processes use this database; stop them`}, ` +
          'or start every server of this database without --store-exclusive';
  return new OcciError('unavailable', { code: 'other', message });
}

export class StoreLock {
  readonly #config: string | pg.ClientConfig;
  readonly mode: LockMode;
  #client: pg.Client | undefined;
  #closed = false;
  /** A retake under way, which `ensure()` callers share. */
  #taking: Promise<void> | undefined;
  #retry: NodeJS.Timeout | undefined;
  /** Exclusive only: what `trusted` rests on (a sharing store keeps nothing it must vouch for). */
  readonly #heartbeat: NodeJS.Timeout | undefined;
  /** A heartbeat question under way (at most one: pg queues a session's queries). */
  #asking = false;
  /** When the last answered heartbeat (or the lock's taking) was sent, by performance.now(). */
  #answeredAt = 0;
  /**
   * Counts the lock's changes, lost and taken again: what another process
   * wrote while this store did not hold it is told by this number moving,
   * in the same turn as `held` turns true.
   */
  generation = 0;

  private constructor(config: string | pg.ClientConfig, mode: LockMode) {
    this.#config = config;
    this.mode = mode;
    if (mode === 'exclusive') {
      this.#heartbeat = setInterval(() => this.#ask(), HEARTBEAT_MS);
      this.#heartbeat.unref();
    }
  }

  /**
   * Takes the lock on a connection of its own, or throws: an 'unavailable'
   * OcciError naming who holds it and what to do, or the connection's
   * error as pg reported it (`connect` words it).
   */
  static async take(config: string | pg.ClientConfig, mode: LockMode): Promise<StoreLock> {
    const lock = new StoreLock(config, mode);
    try {
      await lock.#take();
    } catch (error) {
      clearInterval(lock.#heartbeat);
      throw error;
    }
    return lock;
  }

  /** Whether this store holds its lock now (as far as its connection has told). */
  get held(): boolean {
    return this.#client !== undefined;
  }

  /** Held, and its session answered a question sent less than LEASE_MS ago. */
  get trusted(): boolean {
    return this.#client !== undefined && performance.now() - this.#answeredAt < LEASE_MS;
  }

  #ask(): void {
    const client = this.#client;
    if (!client || this.#asking) return;
    this.#asking = true;
    const sent = performance.now();
    client.query('SELECT 1').then(
      () => {
        this.#asking = false;
        if (this.#client === client) this.#answeredAt = sent;
      },
      // A failed query ends the connection too ('error'/'end': #lost).
      () => {
        this.#asking = false;
      },
    );
  }

  async #take(): Promise<void> {
    const sent = performance.now();
    const client = new pg.Client({
      ...(typeof this.#config === 'string' ? { connectionString: this.#config } : this.#config),
      // A peer that vanished without closing the connection is noticed by TCP, not never.
      keepAlive: true,
    });
    // Until connected, failures reject connect() or the query; the listener keeps the process alive.
    client.on('error', () => this.#lost(client));
    client.on('end', () => this.#lost(client));
    try {
      await client.connect();
      const fn = this.mode === 'exclusive' ? 'pg_try_advisory_lock' : 'pg_try_advisory_lock_shared';
      const { rows } = await client.query<{ locked: boolean }>(`SELECT ${fn}($1::bigint) AS locked`, [
        POSTGRES_STORE_LOCK,
      ]);
      if (!rows[0]?.locked) throw refusal(this.mode, await holders(client));
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => {});
      throw error;
    }
    if (this.#closed) {
      await client.end().catch(() => {});
      return;
    }
    this.#client = client;
    this.#answeredAt = sent;
    this.#asking = false;
    this.generation++;
  }

  /** The lock's connection ended: the lock is gone with its session. */
  #lost(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    this.generation++;
    client.end().catch(() => {});
    this.#schedule();
  }

  #schedule(): void {
    if (this.#closed || this.#retry) return;
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      this.ensure().catch(() => this.#schedule());
    }, 1000);
    this.#retry.unref();
  }

  /** Resolves once the lock is held, taking it again now if it was lost; rejects with an OcciError. */
  ensure(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (this.#client) return Promise.resolve();
    this.#taking ??= this.#take().then(
      () => {
        this.#taking = undefined;
      },
      (error: unknown) => {
        this.#taking = undefined;
        this.#schedule();
        throw failure(error);
      },
    );
    return this.#taking;
  }

  /** Releases the lock (before the session ends, so that the next store can take it at once). */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#heartbeat);
    if (this.#retry) clearTimeout(this.#retry);
    await this.#taking?.catch(() => {});
    const client = this.#client;
    this.#client = undefined;
    if (!client) return;
    const fn = this.mode === 'exclusive' ? 'pg_advisory_unlock' : 'pg_advisory_unlock_shared';
    await client.query(`SELECT ${fn}($1::bigint)`, [POSTGRES_STORE_LOCK]).catch(() => {});
    await client.end().catch(() => {});
  }

  /** The backend process holding the lock, for tests that end its session. */
  async backendPid(): Promise<number | undefined> {
    return (await this.#client?.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))?.rows[0]?.pid;
  }
}

/** How many sessions hold the lock, by mode (pg_locks shows a bigint key as classid, objid, objsubid 1). */
async function holders(client: pg.Client): Promise<{ exclusive: number; shared: number }> {
  const { rows } = await client.query<{ mode: string; n: string }>(
    `SELECT mode, count(*) AS n FROM pg_locks
     WHERE locktype = 'advisory' AND granted AND classid = $1 AND objid = $2 AND objsubid = 1
       AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
     GROUP BY mode`,
    [CLASSID, OBJID],
  );
  const count = (mode: string) => Number(rows.find((r) => r.mode === mode)?.n ?? 0);
  return { exclusive: count('ExclusiveLock'), shared: count('ShareLock') };
}
