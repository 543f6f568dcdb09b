/** One temporary directory per run for the SQLite files, removed when the run ends. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let dir: string | undefined;

export function workdir(): string {
  if (!dir) {
    dir = mkdtempSync(join(tmpdir(), 'occi-bench-'));
    process.on('exit', () => rmSync(dir!, { recursive: true, force: true }));
  }
  return dir;
}

export const sqliteFile = (name: string) => join(workdir(), `${name}.db`);
