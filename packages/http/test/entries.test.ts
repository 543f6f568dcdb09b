/**
 * The public entries and what they load: `@occi/http` (what both sides
 * share) and `@occi/http/client` never reach fastify, an optional peer
 * dependency that a client-only user does not install; `@occi/http/server`
 * does.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/gm;

/** The packages an entry loads (type-only imports left out: they are erased). */
function packagesLoadedBy(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      if (/^\s*(?:import|export)\s+type\s/.test(m[0])) continue;
      const specifier = (m[1] ?? m[2])!;
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else packages.add(specifier);
    }
  };
  visit(join(SRC, entry));
  return packages;
}

describe('entries', () => {
  it('@occi/http and @occi/http/client load no fastify', () => {
    for (const entry of ['index.ts', 'client/index.ts']) {
      const loaded = [...packagesLoadedBy(entry)];
      expect(
        loaded.filter((p) => p.startsWith('fastify')),
        entry,
      ).toEqual([]);
    }
  });

  it('@occi/http/server is the fastify plugin', () => {
    expect(packagesLoadedBy('server/index.ts')).toContain('fastify-plugin');
  });
});
