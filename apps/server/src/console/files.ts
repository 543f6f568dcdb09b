/**
 * Where the console's built files are: `dist/console/` of this package
 * once it is built (the build copies apps/console/dist there, so a packed
 * occi-server carries its console), or apps/console/dist in the
 * repository, where `corepack pnpm start` runs the server from its
 * sources. Running from sources, the workspace's build comes first.
 */
import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The directory of this package's package.json, above this module (src/console/ or dist/). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('occi-server: no package.json above its own module');
    dir = up;
  }
  return dir;
}

/** The console's directory (holding index.html), or undefined when it is not built. */
export function consoleRoot(): string | undefined {
  const root = packageRoot();
  const packaged = join(root, 'dist', 'console');
  const workspace = join(root, '..', 'console', 'dist');
  const fromSources = fileURLToPath(import.meta.url).startsWith(join(root, 'src') + sep);
  const candidates = fromSources ? [workspace, packaged] : [packaged, workspace];
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}
