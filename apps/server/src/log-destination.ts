/**
 * A pino destination that writes log lines in batches without blocking
 * the event loop: lines are kept in a list and written with one
 * asynchronous `fs.write` once `minBytes` are waiting, or by a timer after
 * `flushMs` at the latest; lines logged while a write is under way wait
 * for the next. (pino's own sonic-boom measures its whole pending buffer
 * again for every line; this keeps a count.) `flushSync` writes what is
 * left when the process must exit now.
 */
import { write, writeSync } from 'node:fs';

export interface BatchedDestinationOptions {
  /** The file descriptor (1: standard output). */
  fd: number;
  /** Bytes (UTF-16 code units, near enough) that start a write; default 4096. */
  minBytes?: number;
  /** Longest a line waits, in ms; default 100. */
  flushMs?: number;
}

/** How long a write that found a full non-blocking pipe waits before trying again. */
const RETRY_MS = 20;

export class BatchedDestination {
  readonly #fd: number;
  readonly #minBytes: number;
  #lines: string[] = [];
  #pending = 0;
  /** The bytes of a write under way; undefined when none is. */
  #writing: Buffer | undefined;
  /** Called once everything written so far is out (flush callbacks). */
  #drained: (() => void)[] = [];
  /** Set when standard output is gone: lines are dropped from then on. */
  #broken = false;

  constructor(options: BatchedDestinationOptions) {
    this.#fd = options.fd;
    this.#minBytes = options.minBytes ?? 4096;
    setInterval(() => this.flush(), options.flushMs ?? 100).unref();
  }

  /** pino's entry point: one serialised line, newline included. */
  write(line: string): boolean {
    if (this.#broken) return true;
    this.#lines.push(line);
    this.#pending += line.length;
    if (this.#writing === undefined && this.#pending >= this.#minBytes) this.#start();
    return true;
  }

  /** Writes what is waiting now (after the write under way, if any); `done` once it is out. */
  flush(done?: () => void): void {
    if (done) this.#drained.push(done);
    if (this.#writing === undefined) {
      if (this.#pending > 0) this.#start();
      else this.#settle();
    }
  }

  /**
   * Writes the lines that wait, synchronously: for the moment before the
   * process exits. A write under way is the thread pool's already (it is
   * not written twice), so its lines may land after these.
   */
  flushSync(): void {
    if (this.#pending === 0) return;
    const data = Buffer.from(this.#lines.join(''));
    this.#lines = [];
    this.#pending = 0;
    let offset = 0;
    for (let attempts = 0; offset < data.length && attempts < 1000 && !this.#broken; attempts++) {
      try {
        offset += writeSync(this.#fd, data, offset, data.length - offset);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') this.#broken = true;
      }
    }
  }

  #start(): void {
    const data = Buffer.from(this.#lines.join(''));
    this.#lines = [];
    this.#pending = 0;
    this.#writing = data;
    this.#writeFrom(data, 0);
  }

  #writeFrom(data: Buffer, offset: number): void {
    write(this.#fd, data, offset, data.length - offset, null, (error, written) => {
      if (error) {
        if (error.code === 'EAGAIN') {
          setTimeout(() => this.#writeFrom(data, offset), RETRY_MS).unref();
          return;
        }
        // EPIPE and the like: nobody reads the log any more.
        this.#broken = true;
        this.#lines = [];
        this.#pending = 0;
      } else if (offset + written < data.length) {
        this.#writeFrom(data, offset + written);
        return;
      }
      this.#writing = undefined;
      if (this.#pending > 0 && (this.#pending >= this.#minBytes || this.#drained.length > 0)) this.#start();
      else this.#settle();
    });
  }

  #settle(): void {
    if (this.#writing !== undefined || (this.#pending > 0 && !this.#broken)) return;
    const waiting = this.#drained;
    this.#drained = [];
    for (const done of waiting) done();
  }
}
