import { MemoryStore } from '@occi/core';
import { storeContract } from '@occi/core/testing';

// What openStore('memory:') opens: the reference the durable stores are held to.
storeContract('MemoryStore', { fresh: async () => new MemoryStore() });
