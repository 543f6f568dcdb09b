/**
 * Serialises asynchronous work per key inside one process: the reference
 * provider runs the read-modify-write of one entity at a time, so
 * concurrent requests on one entity queue instead of racing. Across
 * processes sharing a Store, optimistic versions still decide.
 */
export class KeyedLock {
  readonly #tails = new Map<string, Promise<void>>();

  /** Runs `work` after every earlier `run` with the same key has settled. */
  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => done);
    this.#tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }

  /** How many keys have work queued or running. */
  get size(): number {
    return this.#tails.size;
  }
}
