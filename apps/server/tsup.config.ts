import { cpSync, existsSync } from 'node:fs';
import { defineConfig } from 'tsup';

/** The console's build, carried in dist/console/ so that a packed occi-server serves it (src/console/files.ts). */
const CONSOLE = '../console/dist';

export default defineConfig({
  entry: ['src/index.ts', 'src/main.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  async onSuccess() {
    if (!existsSync(`${CONSOLE}/index.html`))
      throw new Error(
        'occi-server carries the web console: build @occi/console first (corepack pnpm build builds both, in order)',
      );
    cpSync(CONSOLE, 'dist/console', { recursive: true });
  },
});
