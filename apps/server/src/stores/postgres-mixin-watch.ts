/**
 * Mixin changes of every process sharing a PostgreSQL database
 * (`Store.watchMixins`): LISTEN on one dedicated connection to the channel
 * every commit that changes mixin records NOTIFYs (at its commit). If that
 * connection drops, the listeners are told (they may have missed a change)
 * and it reconnects a second later.
 */
import pg from 'pg';

/** The channel on which every commit that changes mixin records notifies the other processes. */
export const MIXINS_CHANNEL = 'occi_mixins';

export class MixinWatch {
  readonly #config: string | pg.PoolConfig;
  readonly #listeners: (() => void)[] = [];
  #client: pg.Client | undefined;
  #closed = false;

  constructor(config: string | pg.PoolConfig) {
    this.#config = config;
  }

  /** Calls `listener` on every change; the first listener opens the connection. */
  add(listener: () => void): void {
    this.#listeners.push(listener);
    if (this.#listeners.length === 1) void this.#listen();
  }

  async #listen(): Promise<void> {
    if (this.#closed) return;
    const client = new pg.Client(
      typeof this.#config === 'string' ? { connectionString: this.#config } : this.#config,
    );
    const retry = () => {
      if (this.#client !== client) return;
      this.#client = undefined;
      client.end().catch(() => {});
      this.#notify();
      setTimeout(() => void this.#listen(), 1000).unref();
    };
    this.#client = client;
    client.on('notification', () => this.#notify());
    client.on('error', retry);
    try {
      await client.connect();
      await client.query(`LISTEN ${MIXINS_CHANNEL}`);
    } catch {
      retry();
    }
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }

  /** Ends the connection; no reconnection follows. */
  async close(): Promise<void> {
    this.#closed = true;
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
  }
}
