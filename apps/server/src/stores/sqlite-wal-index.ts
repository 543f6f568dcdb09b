/**
 * Whether a WAL-mode SQLite database changed since the last look, from
 * the header of its WAL-index (the `-shm` file every connection maps):
 * https://www.sqlite.org/walformat.html §2.1 — a 48-byte header, stored
 * twice, whose `iChange` counter every committed transaction increments
 * and whose `mxFrame` and salts change with every commit and WAL reset.
 * A writer updates it before its commit returns, so a look after another
 * process acknowledged a write sees the change.
 *
 * One `pread` of 96 bytes replaces `PRAGMA data_version`, which opens a
 * read transaction (shared-memory and file locks, several system calls)
 * to learn the same thing: that was ≈ 18 % of the CPU of a GET of one
 * entity. A header caught mid-update only reads as a change (one more
 * cache miss), never as none.
 */
import { closeSync, openSync, readSync } from 'node:fs';

const HEADER_BYTES = 96;

export class WalIndexHeader {
  readonly #fd: number;
  #seen = Buffer.alloc(HEADER_BYTES);
  #read = Buffer.alloc(HEADER_BYTES);

  private constructor(fd: number) {
    this.#fd = fd;
    this.changed();
  }

  /** The database file's WAL-index, or undefined where there is none to read (no file, not in WAL mode). */
  static open(databaseFile: string): WalIndexHeader | undefined {
    try {
      return new WalIndexHeader(openSync(`${databaseFile}-shm`, 'r'));
    } catch {
      return undefined;
    }
  }

  /** True when any connection committed since the last call (or the header could not be read whole). */
  changed(): boolean {
    const n = readSync(this.#fd, this.#read, 0, HEADER_BYTES, 0);
    if (n === HEADER_BYTES && this.#read.equals(this.#seen)) return false;
    [this.#seen, this.#read] = [this.#read, this.#seen];
    return true;
  }

  close(): void {
    closeSync(this.#fd);
  }
}
