import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';
import { lazyModules } from './build/lazy-modules.js';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default defineConfig({
  entry: ['src/index.ts', 'src/main.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  // main.ts loads the program and each command's dependencies with import(): keep them in chunks of their own.
  splitting: true,
  // One bundle with the workspace packages, commander and undici: Node then reads a few
  // files instead of resolving hundreds of modules at every start (CLI start-up time).
  noExternal: [/.*/],
  // The bundled CommonJS dependencies require Node's built-ins.
  banner: {
    js: "import { createRequire as __occiRequire } from 'node:module'; const require = __occiRequire(import.meta.url);",
  },
  esbuildPlugins: [lazyModules],
  define: { __OCCI_VERSION__: JSON.stringify(version) },
});
