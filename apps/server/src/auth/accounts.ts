/**
 * The users file as the running server sees it: read at start, read again
 * when it changed (checked at most once per interval), the last good
 * content kept while it is being edited. Authentication, the certificate
 * table and the quotas all read it from here.
 */
import { stat } from 'node:fs/promises';
import { readUsersFile, type TokenRecord, type UsersFile } from './users-file.js';

interface FileStamp {
  mtimeMs: number;
  ctimeMs: number;
  size: number;
  ino: number;
}

const sameStamp = (a: FileStamp | undefined, b: FileStamp) =>
  a !== undefined &&
  a.mtimeMs === b.mtimeMs &&
  a.ctimeMs === b.ctimeMs &&
  a.size === b.size &&
  a.ino === b.ino;

export interface AccountsOptions {
  /** Smallest interval between two checks of the file for changes, in ms; default 1000. */
  reloadIntervalMs?: number;
  now?: () => number;
  /** Told when a changed file cannot be read (the last good content stays). */
  onReloadError?: (error: unknown) => void;
}

export class Accounts {
  #file: UsersFile = { version: 1, users: {} };
  #tokens = new Map<string, { user: string; record: TokenRecord }>();
  #stamp: FileStamp | undefined;
  #lastCheck = 0;
  #checking: Promise<void> | undefined;
  readonly #interval: number;
  readonly #now: () => number;
  readonly #onReloadError: (error: unknown) => void;

  private constructor(
    readonly path: string | undefined,
    options: AccountsOptions,
  ) {
    this.#interval = options.reloadIntervalMs ?? 1000;
    this.#now = options.now ?? Date.now;
    this.#onReloadError = options.onReloadError ?? (() => {});
  }

  /** Reads the file (an error names it and the problem); without a path, no accounts. */
  static async open(path: string | undefined, options: AccountsOptions = {}): Promise<Accounts> {
    const accounts = new Accounts(path, options);
    await accounts.reload();
    return accounts;
  }

  /** The content now. */
  get file(): UsersFile {
    return this.#file;
  }

  /** The API token record with this id and its user. */
  token(id: string): { user: string; record: TokenRecord } | undefined {
    return this.#tokens.get(id);
  }

  async #load(path: string): Promise<void> {
    const before = await stat(path).catch(() => undefined);
    const next = await readUsersFile(path);
    this.#file = next;
    this.#tokens = new Map();
    for (const [user, record] of Object.entries(next.users))
      for (const token of record.tokens) this.#tokens.set(token.id, { user, record: token });
    this.#stamp = before;
  }

  /** Reads the file again now; throws when it is unreadable or invalid. */
  async reload(): Promise<void> {
    if (this.path === undefined) return;
    await this.#load(this.path);
    this.#lastCheck = this.#now();
  }

  /**
   * Picks up changes of the file, checking its stamp at most once per
   * interval; undefined when no check is due (nothing to wait for).
   */
  refresh(): Promise<void> | undefined {
    const path = this.path;
    if (path === undefined) return undefined;
    const time = this.#now();
    if (time - this.#lastCheck < this.#interval) return undefined;
    this.#lastCheck = time;
    this.#checking ??= (async () => {
      try {
        const current = await stat(path);
        if (!sameStamp(this.#stamp, current)) await this.#load(path);
      } catch (error) {
        // A file being edited by hand (or briefly missing) keeps the last good content.
        this.#onReloadError(error);
      } finally {
        this.#checking = undefined;
      }
    })();
    return this.#checking;
  }
}
