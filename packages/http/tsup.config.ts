import { defineConfig } from 'tsup';

export default defineConfig({
  // One entry per public surface: what both sides share, the fastify plugin, the client;
  // and the client's two transports, which `#default-transport` (package.json `imports`)
  // chooses between at the user's end: node:http(s) in Node, fetch under the `browser` condition.
  entry: {
    index: 'src/index.ts',
    'server/index': 'src/server/index.ts',
    'client/index': 'src/client/index.ts',
    'client/node-transport': 'src/client/node-transport.ts',
    'client/fetch-transport': 'src/client/fetch-transport.ts',
  },
  external: ['#default-transport'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
