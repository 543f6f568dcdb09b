/** What every concern of the reference provider works with: the store, the caches, the options. */
import type { KeyedLock } from '../keyed-lock.js';
import type { Model } from '../model.js';
import type { Caller } from '../provider.js';
import type { Store } from '../store.js';
import type { Caches } from './caches.js';

export interface Reference {
  readonly store: Store;
  readonly caches: Caches;
  /** Requests on one entity queue in this process (see `retrying`). */
  readonly locks: KeyedLock;
  /** New entity keys; `urn:uuid:` + key is the id (Core §5.4: URN syntax RECOMMENDED). */
  readonly newKey: () => string;
  /** The scheme prefix a user's own mixins must start with (Core §5.5.3), if the provider is configured so. */
  readonly userScheme: ((user: string) => string) | undefined;
}

/** The caller's model now: the extensions' categories with the caller's mixins. */
export function modelOf(r: Reference, caller: Caller): Promise<Model> {
  return r.caches.modelAt(caller, r.store.revision?.());
}
