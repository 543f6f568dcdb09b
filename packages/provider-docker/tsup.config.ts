import { defineConfig } from 'tsup';

export default defineConfig({
  // `testing` (the recording engine proxy of the tests and the benchmark) is its own entry.
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
