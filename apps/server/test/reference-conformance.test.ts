/** The documents' semantics over HTTP on the reference backend (entities in the store only). */
import { afterAll, beforeAll } from 'vitest';
import { backendConformance } from './support/backend-conformance.js';
import { type ServerProcess, startServer } from './support/server-process.js';

let server: ServerProcess;
beforeAll(async () => {
  server = await startServer(['--store', 'memory:']);
});
afterAll(async () => {
  await server?.stop();
});

backendConformance('reference', () => server);
