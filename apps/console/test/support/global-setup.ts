/**
 * Vitest's global setup of the console's tests: the browser tests load the
 * console occi-server serves from apps/console/dist, so that must be the
 * build of the sources being tested. When dist/ is missing or older than
 * any source (src/, index.html, explorer/, vite.config.ts, package.json),
 * or than a workspace package it bundles (their src/), this runs
 * `vite build` first (about 3 s here) — a fresh clone's
 * `corepack pnpm test` works without a build step.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const CONSOLE = fileURLToPath(new URL('../../', import.meta.url));
const BUILT = join(CONSOLE, 'dist', 'index.html');
const OWN_SOURCES = ['src', 'index.html', 'explorer', 'vite.config.ts', 'package.json'];

/** The console's sources and those of the workspace packages it bundles (their src/, by the `@occi/source` condition). */
function sources(): string[] {
  const manifest = JSON.parse(readFileSync(join(CONSOLE, 'package.json'), 'utf8')) as {
    devDependencies?: Record<string, string>;
  };
  const workspace = Object.entries(manifest.devDependencies ?? {})
    .filter(([, range]) => range.startsWith('workspace:'))
    .map(([name]) => join(realpathSync(join(CONSOLE, 'node_modules', name)), 'src'));
  return [...OWN_SOURCES.map((source) => join(CONSOLE, source)), ...workspace];
}

/** The latest modification time under `path` (a file or a directory), 0 when it is absent. */
function newest(path: string): number {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(path);
  } catch {
    return 0;
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce(
    (latest, name) => Math.max(latest, newest(join(path, name))),
    stats.mtimeMs,
  );
}

/** Why the console must be built first, or undefined when dist/ is current. */
export function staleBuild(): string | undefined {
  const built = newest(BUILT);
  if (built === 0) return 'apps/console/dist is missing';
  const changed = sources().find((source) => newest(source) > built);
  return changed ? `${relative(join(CONSOLE, '..', '..'), changed)} changed since the last build` : undefined;
}

export default function setup(): void {
  const why = staleBuild();
  if (why === undefined) return;
  process.stdout.write(`@occi/console: building the console (${why})\n`);
  const started = Date.now();
  const vite = join(CONSOLE, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: CONSOLE,
    // Vitest sets NODE_ENV=test, which would make Vite build React's development bundle: test what users get.
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status !== 0)
    throw new Error(
      `the console's build failed (corepack pnpm --filter @occi/console build):\n${result.stdout}${result.stderr}`,
    );
  process.stdout.write(`@occi/console: built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
