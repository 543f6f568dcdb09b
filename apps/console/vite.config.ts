/**
 * The console's build: a React app under /console/ (where occi-server
 * serves it), hashed assets in dist/assets/, and the API explorer
 * (Swagger UI from swagger-ui-dist, no CDN) in dist/explorer/. Workspace
 * packages resolve to their sources (the `@occi/source` condition), so
 * building the console needs no other package built first; `@occi/http`'s
 * client picks its fetch transport through the `browser` condition.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** Swagger UI's files and the explorer's own page, copied as they are into dist/explorer/. */
function explorer(): Plugin {
  const swagger = dirname(require.resolve('swagger-ui-dist/package.json'));
  const files: [string, string][] = [
    ['explorer/index.html', join(here, 'explorer', 'index.html')],
    ['explorer/explorer.js', join(here, 'explorer', 'explorer.js')],
    ['explorer/explorer.css', join(here, 'explorer', 'explorer.css')],
    ['explorer/swagger-ui-bundle.js', join(swagger, 'swagger-ui-bundle.js')],
    ['explorer/swagger-ui.css', join(swagger, 'swagger-ui.css')],
    ['explorer/LICENSE-swagger-ui', join(swagger, 'LICENSE')],
  ];
  return {
    name: 'occi-console-explorer',
    apply: 'build',
    generateBundle() {
      for (const [fileName, from] of files)
        this.emitFile({ type: 'asset', fileName, source: readFileSync(from) });
    },
  };
}

export default defineConfig({
  base: '/console/',
  plugins: [react(), explorer()],
  resolve: {
    conditions: ['@occi/source', ...defaultClientConditions],
    // @occi/core's reference provider (which the console never runs) imports node:crypto: the web's crypto stands in.
    alias: { 'node:crypto': join(here, 'src', 'shims', 'node-crypto.ts') },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    chunkSizeWarningLimit: 1024,
  },
});
