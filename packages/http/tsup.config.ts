import { defineConfig } from 'tsup';

export default defineConfig({
  // One entry per public surface: what both sides share, the fastify plugin, the client.
  entry: {
    index: 'src/index.ts',
    'server/index': 'src/server/index.ts',
    'client/index': 'src/client/index.ts',
  },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
