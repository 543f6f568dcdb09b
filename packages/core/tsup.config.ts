import { defineConfig } from 'tsup';

export default defineConfig({
  // `testing` (the Store contract suite) is its own entry: the root entry never loads vitest.
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
