/**
 * `@occi/core/testing`: the Store contract as a vitest suite, for authors of
 * stores, and the records it is written with. Needs vitest (an optional peer
 * dependency of `@occi/core`); the root entry never loads it.
 *
 *   import { storeContract } from '@occi/core/testing';
 *   storeContract('MyStore', { fresh: async () => MyStore.open(emptyDatabase()) });
 */
export {
  COMPUTE,
  linkRecord,
  mixinRecord,
  NETWORK,
  type ResourceRecordOptions,
  resourceRecord,
  SMALL,
  STORAGE,
  STORAGELINK,
  TAGGED,
  UBUNTU,
} from './fixtures.js';
export { storeContract } from './store-contract.js';
export type { StoreContractTarget } from './target.js';
