/** The reference backend: entities live in the store only. */
import type { BackendRow } from './backend-row.js';

export const reference: BackendRow = {
  name: 'reference',
  summary: 'entities live in the store only',
  requires: [],
  osTemplates: false,
  options: [],
  create: () => undefined,
  describe: () => 'reference (entities in the store)',
};
