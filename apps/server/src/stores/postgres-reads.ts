/**
 * Reading a resource with its links in one round trip (`Store.getWithLinks`)
 * for the PostgreSQL store. One statement answers the record and its links
 * — one snapshot, so a commit acknowledged before the call, by this process
 * or another, is seen — where `get` and then `query({source})` cost two
 * round trips and two statements for the cluster to run.
 *
 * What is kept between calls is never an answer, only the work of turning
 * rows into records: each row read is compared, column by column and its
 * JSON text as a whole, with the row last read at its location, and when
 * nothing differs the record built then (frozen) is answered again without
 * parsing the JSON. Callers may therefore keep what they derive from a
 * record object and reuse it while the store hands them the same objects.
 */
import type { EntityRecord } from '@occi/core';
import { type EntityRow, toRecord } from './rows.js';

/**
 * The record (part 0) and its links (part 1, in creation order); a link's
 * own location is no link's source, so for a link the second part is empty.
 * The JSON as text: compared with the text read last before it is parsed.
 * Named, so that each connection of the pool parses and plans it once.
 */
export const GET_WITH_LINKS = {
  name: 'occi-get-with-links',
  text:
    'SELECT location, id, kind, owner, version, source, target, data FROM (' +
    'SELECT 0 AS part, e.seq, e.location, e.id, e.kind, e.owner, e.version, e.source, e.target, e.data::text AS data ' +
    'FROM entities e WHERE e.location = $1 ' +
    'UNION ALL ' +
    'SELECT 1, l.seq, l.location, l.id, l.kind, l.owner, l.version, l.source, l.target, l.data::text ' +
    'FROM entities l WHERE l.source = $1 AND ($2::text IS NULL OR l.owner = $2)' +
    ') r ORDER BY part, seq',
};

/** How many locations' last rows are kept; all are forgotten when it is reached. */
const KEPT = 10_000;

interface Kept {
  row: EntityRow & { data: string };
  record: EntityRecord;
}

/** The value, frozen all the way down. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}

const sameRow = (a: EntityRow, b: EntityRow) =>
  a.data === b.data &&
  String(a.version) === String(b.version) &&
  a.id === b.id &&
  a.kind === b.kind &&
  a.owner === b.owner &&
  a.source === b.source &&
  a.target === b.target;

/** Rows to frozen records, the same record object for a row identical to the one read last at its location. */
export class RecordsRead {
  readonly #kept = new Map<string, Kept>();

  /** The record of a row whose `data` is JSON text. */
  record(row: EntityRow & { data: string }): EntityRecord {
    const kept = this.#kept.get(row.location);
    if (kept && sameRow(kept.row, row)) return kept.record;
    const record = deepFreeze(toRecord(row));
    if (!kept && this.#kept.size >= KEPT) this.#kept.clear();
    this.#kept.set(row.location, { row, record });
    return record;
  }

  /** The records of the rows `GET_WITH_LINKS` answered for `location`. */
  answer(
    location: string,
    rows: readonly (EntityRow & { data: string })[],
  ): { record: EntityRecord; links: EntityRecord[] } | undefined {
    const [first, ...links] = rows;
    if (first?.location !== location) return undefined;
    return { record: this.record(first), links: links.map((row) => this.record(row)) };
  }
}
