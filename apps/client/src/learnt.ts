/**
 * What occi learnt about endpoints, kept between runs: the rendering an
 * endpoint's discovery worked in when JSON could not be read there (an OCCI
 * 1.1 server), so that the next command asks for it first instead of
 * learning it again (`OcciClient.learnt()`). One JSON file in the cache
 * directory, `$XDG_CACHE_HOME/occi/endpoints.json` (`~/.cache/occi/…`):
 * `{ "<endpoint>": { "discoveredIn": "text/plain" } }`. It is a cache: a
 * file that cannot be read or written is as if empty, and deleting it only
 * costs one more request per endpoint.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Learnt } from './http-client.js';

type Env = Record<string, string | undefined>;

/** Where the file is: `$XDG_CACHE_HOME/occi/endpoints.json`, else `~/.cache/occi/endpoints.json`. */
export function learntPath(env: Env): string {
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(base, 'occi', 'endpoints.json');
}

/** The key of an endpoint: its URL without a trailing slash, as the client names it. */
export function endpointKey(endpoint: string): string {
  const url = new URL(endpoint);
  return url.origin + url.pathname.replace(/\/+$/, '');
}

function readAll(path: string): Record<string, unknown> {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** What was learnt about `endpoint`, if anything. */
export function readLearnt(path: string, endpoint: string): Learnt | undefined {
  const entry = readAll(path)[endpointKey(endpoint)] as { discoveredIn?: unknown } | undefined;
  return typeof entry?.discoveredIn === 'string' ? { discoveredIn: entry.discoveredIn } : undefined;
}

/** Keeps what was learnt about `endpoint` (nothing: its entry is removed); false when the file cannot be written. */
export function saveLearnt(path: string, endpoint: string, learnt: Learnt | undefined): boolean {
  const all = readAll(path);
  const key = endpointKey(endpoint);
  if (learnt === undefined) delete all[key];
  else all[key] = { discoveredIn: learnt.discoveredIn };
  try {
    mkdirSync(dirname(path), { recursive: true });
    // Written aside and renamed: a concurrent run reads the old file or the new one, never half of one.
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(all, null, 2)}\n`);
    renameSync(temporary, path);
    return true;
  } catch {
    return false;
  }
}
