/** What the Store contract suite is given, and what each concern's cases are given. */
import type { Store } from '../store.js';

/** How the suite opens the store under test. Only `fresh` is required. */
export interface StoreContractTarget {
  /** Opens an empty store; called before every test. */
  fresh(): Store | Promise<Store>;
  /**
   * Opens a second store over the data of the store `fresh` opened last, as
   * another process would (another connection, another pool). With it, the
   * suite also checks concurrent commits and `revision()` across processes.
   */
  twin?(): Store | Promise<Store>;
  /**
   * Closes `store` and opens a store over the same data again. With it, the
   * suite also checks that records, their order and mixin records survive.
   */
  reopen?(store: Store): Store | Promise<Store>;
  /** Closes a store the suite opened through `fresh`, `twin` or `reopen`; by default `store.close()`. */
  close?(store: Store): Promise<void>;
}

/** What the cases of one concern are given. */
export interface ContractContext {
  readonly target: StoreContractTarget;
  /** The store of the running test. */
  readonly store: Store;
  /** A twin of the running test's store, closed after the test; undefined when the target has none. */
  twin(): Promise<Store | undefined>;
  /** Reopens the running test's store (the target must have `reopen`); the result becomes `store`. */
  reopen(): Promise<Store>;
}
