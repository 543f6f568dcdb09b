/**
 * The Store contract as one vitest suite: what the reference provider
 * relies on from any `Store` (see the doc comments of `store.ts`). Store
 * authors run it against their store; core runs it against `MemoryStore`,
 * the server against its SQLite and PostgreSQL stores.
 */
import { afterEach, beforeEach, describe } from 'vitest';
import type { Store } from '../store.js';
import { attributeFilterCases } from './attribute-filters.js';
import { commitCases } from './commits.js';
import { concurrencyCases } from './concurrency.js';
import { mixinRecordCases } from './mixin-records.js';
import { queryCases } from './queries.js';
import { recordCases } from './records.js';

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

/**
 * Declares the suite `Store contract: <name>`, one `describe` per concern,
 * against the stores `target` opens. Call it at the top level of a test
 * file, or inside a `describe` (e.g. `describe.skipIf(noDatabase)`).
 */
export function storeContract(name: string, target: StoreContractTarget): void {
  describe(`Store contract: ${name}`, () => {
    let current: Store | undefined;
    const opened: Store[] = [];
    const context: ContractContext = {
      target,
      get store(): Store {
        if (!current) throw new Error('the store under test is open only while a test of the contract runs');
        return current;
      },
      async twin() {
        if (!target.twin) return undefined;
        const twin = await target.twin();
        opened.push(twin);
        return twin;
      },
      async reopen() {
        if (!target.reopen) throw new Error(`the target of ${name} cannot reopen a store`);
        const old = context.store;
        opened.splice(opened.indexOf(old), 1);
        current = await target.reopen(old);
        opened.push(current);
        return current;
      },
    };
    beforeEach(async () => {
      current = await target.fresh();
      opened.push(current);
    });
    afterEach(async () => {
      current = undefined;
      for (const store of opened.splice(0).reverse()) await (target.close?.(store) ?? store.close());
    });

    recordCases(context);
    queryCases(context);
    attributeFilterCases(context);
    commitCases(context);
    concurrencyCases(context);
    mixinRecordCases(context);
  });
}
