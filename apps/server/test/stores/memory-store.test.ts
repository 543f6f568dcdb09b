import { MemoryStore } from '@occi/core';
import { storeContract } from './store-contract.js';

// The reference the durable stores are held to.
storeContract('MemoryStore', { fresh: async () => new MemoryStore() });
