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
import { recordsWithLinksCases } from './records-with-links.js';
import { scanCases } from './scans.js';
import type { ContractContext, StoreContractTarget } from './target.js';

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
    recordsWithLinksCases(context);
    queryCases(context);
    attributeFilterCases(context);
    scanCases(context);
    commitCases(context);
    concurrencyCases(context);
    mixinRecordCases(context);
  });
}
