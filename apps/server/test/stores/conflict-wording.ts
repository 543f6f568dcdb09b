/**
 * The conflicts a store reports, for comparing the server's stores with
 * `MemoryStore`: the contract pins kind, code and location (or category),
 * and the server also wants the same words in its 409s whatever the backend.
 */
import { isOcciError, type Store, type StoreWrite } from '@occi/core';
import { mixinRecord, resourceRecord, TAGGED } from '@occi/core/testing';

const a = resourceRecord('a');
const b = resourceRecord('b');

/** Commits each store would refuse, after creating `a` and `b` and the mixin TAGGED. */
const refused: StoreWrite[][] = [
  [{ op: 'put', record: a, expect: 'absent' }],
  [{ op: 'put', record: { ...resourceRecord('c'), id: a.id }, expect: 'absent' }],
  [{ op: 'put', record: { ...b, version: 2, id: a.id }, expect: 1 }],
  [{ op: 'put', record: { ...a, version: 6 }, expect: 5 }],
  [{ op: 'delete', location: a.location, expect: 5 }],
  [{ op: 'put', record: resourceRecord('z'), expect: 1 }],
  [{ op: 'put-mixin', mixin: mixinRecord(TAGGED, 'bob'), expect: 'absent' }],
];

/** What `store` (empty) reports for each refused commit: the error's kind and problems. */
export async function conflictsOf(store: Store): Promise<unknown[]> {
  await store.commit([
    { op: 'put', record: a, expect: 'absent' },
    { op: 'put', record: b, expect: 'absent' },
    { op: 'put-mixin', mixin: mixinRecord(TAGGED), expect: 'absent' },
  ]);
  const reported: unknown[] = [];
  for (const writes of refused) {
    const error = await store.commit(writes).then(
      () => new Error(`committed ${JSON.stringify(writes)}`),
      (e: unknown) => e,
    );
    reported.push(isOcciError(error) ? { kind: error.kind, problems: error.problems } : String(error));
  }
  return reported;
}
