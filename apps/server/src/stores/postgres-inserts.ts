/**
 * Group commit of new entities for the PostgreSQL store: the creates that
 * arrive during one turn of the event loop are written by one statement,
 * which in autocommit mode is one transaction and one WAL flush — one round
 * trip for them all, where a transaction of its own costs each create four
 * (BEGIN, INSERT, its mixins, COMMIT).
 *
 * The statement inserts every row without ON CONFLICT: any unique violation
 * (a location or id taken, by the database or by another create of the
 * batch) fails the whole statement, and nothing of it is written. The store
 * then commits each create of the batch in a transaction of its own, which
 * answers each with its own outcome (the duplicate's 409, the others'
 * success). Rows are inserted in the order the creates arrived, so `seq`
 * (the collection order) follows it.
 *
 * A new entity needs no `DELETE FROM entity_mixins`: its location had no
 * entity, and every delete of an entity removes its mixin rows in the same
 * transaction.
 */
import type { EntityRecord, StoreWrite } from '@occi/core';
import { rowValues } from './rows.js';

/** A commit that only creates entities: every write a `put` expecting the location absent. */
export function createsOnly(
  writes: readonly StoreWrite[],
): writes is readonly (StoreWrite & { op: 'put'; expect: 'absent' })[] {
  return writes.length > 0 && writes.every((w) => w.op === 'put' && w.expect === 'absent');
}

const ENTITIES =
  'INSERT INTO entities (location, id, kind, owner, version, source, target, data) ' +
  'SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::json[])';

/** Named, so that each connection of the pool parses and plans them once. */
const PLAIN = { name: 'occi-create-entities', text: ENTITIES };
const WITH_MIXINS = {
  name: 'occi-create-entities-mixins',
  text:
    `WITH e AS (${ENTITIES}) ` +
    'INSERT INTO entity_mixins (location, mixin) SELECT * FROM unnest($9::text[], $10::text[])',
};

/** The one statement that inserts `records` (and their mixin rows), as node-postgres takes it. */
export function insertStatement(records: readonly EntityRecord[]): {
  name: string;
  text: string;
  values: unknown[];
} {
  const columns: unknown[][] = [[], [], [], [], [], [], [], []];
  const mixinLocations: string[] = [];
  const mixins: string[] = [];
  for (const r of records) {
    const values = rowValues(r);
    for (let i = 0; i < values.length; i++) columns[i]!.push(values[i]);
    for (const mixin of new Set(r.mixins)) {
      mixinLocations.push(r.location);
      mixins.push(mixin);
    }
  }
  return mixins.length === 0
    ? { ...PLAIN, values: columns }
    : { ...WITH_MIXINS, values: [...columns, mixinLocations, mixins] };
}
