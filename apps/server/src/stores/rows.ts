/**
 * What the SQL stores share: the row shape of an entity record, the text a
 * filter compares, paging, and the conflicts the Store interface documents
 * (worded as `MemoryStore` words them, so every store reads the same).
 */
import type { AttributeValue, EntityQuery, EntityRecord, MixinRecord } from '@occi/core';
import { conflict, OcciError } from '@occi/core';

/** An `entities` row as the drivers return it. */
export interface EntityRow {
  location: string;
  id: string;
  kind: string;
  owner: string;
  version: number | string;
  source: string | null;
  target: string | null;
  /** JSON text (SQLite) or the parsed value (PostgreSQL json). */
  data: string | StoredData;
}

/** The `data` column: what the columns do not hold already. */
export interface StoredData {
  mixins: EntityRecord['mixins'];
  entity: EntityRecord['entity'];
}

export function dataOf(record: EntityRecord): string {
  const data: StoredData = { mixins: record.mixins, entity: record.entity };
  return JSON.stringify(data);
}

/**
 * The values of an entity's row, in the order of the stores' INSERT
 * (location, id, kind, owner, version, source, target, data).
 */
export function rowValues(
  record: EntityRecord,
): [string, string, string, string, number, string | null, string | null, string] {
  return [
    record.location,
    record.id,
    record.kind,
    record.owner,
    record.version,
    record.source ?? null,
    record.target ?? null,
    dataOf(record),
  ];
}

/** A record from the columns of its row (in `COLUMNS`' order) and its `data`. */
function recordOf(
  location: string,
  id: string,
  kind: string,
  owner: string,
  version: number | string,
  source: string | null,
  target: string | null,
  data: StoredData,
): EntityRecord {
  const record: EntityRecord = {
    location,
    id,
    kind,
    mixins: data.mixins,
    owner,
    version: Number(version),
    entity: data.entity,
  };
  if (source !== null) record.source = source;
  if (target !== null) record.target = target;
  return record;
}

export function toRecord(row: EntityRow): EntityRecord {
  const data: StoredData = typeof row.data === 'string' ? JSON.parse(row.data) : row.data;
  return recordOf(row.location, row.id, row.kind, row.owner, row.version, row.source, row.target, data);
}

/**
 * An `entities` row as SQLite answers a statement in raw mode: the values
 * of `COLUMNS` (or `IDENTITY_COLUMNS`, whose last is the mixins' JSON) in
 * their order, then `seq` when selected. Raw rows skip building an object
 * per row whose only use is to be read once.
 */
export type RawRow = [
  location: string,
  id: string,
  kind: string,
  owner: string,
  version: number,
  source: string | null,
  target: string | null,
  data: string,
  seq?: number,
];

/** The position of `seq` in a raw row that selects it. */
export const RAW_SEQ = 8;

/** `toRecord` of a raw row (`COLUMNS`). */
export function rawToRecord(row: RawRow): EntityRecord {
  return recordOf(row[0], row[1], row[2], row[3], row[4], row[5], row[6], JSON.parse(row[7]) as StoredData);
}

/**
 * A record of its identity only (`EntityQuery.projection`), from a raw row of
 * `IDENTITY_COLUMNS` (the mixins' JSON in place of the data): its entity
 * carries no attributes.
 */
export function rawToIdentityRecord(row: RawRow): EntityRecord {
  const mixins = JSON.parse(row[7]) as string[];
  const entity = { id: row[1], kind: row[2], mixins: [...mixins], attributes: {} };
  return recordOf(row[0], row[1], row[2], row[3], row[4], row[5], row[6], { mixins, entity });
}

/**
 * The columns of an identity row (`projection: 'identity'`, SQLite): no
 * data but the mixins. `dataOf` writes the mixins first, so the data of a
 * record without mixins starts with `{"mixins":[],` and its mixins are
 * known without SQLite parsing the JSON (≈ 1 µs a row, a third of a
 * listing of locations); any other data is read with `json_extract`.
 */
export const IDENTITY_COLUMNS = `e.location, e.id, e.kind, e.owner, e.version, e.source, e.target, CASE WHEN substr(e.data, 1, 13) = '{"mixins":[],' THEN '[]' ELSE json_extract(e.data, '$.mixins') END AS mixins`;

export function toMixinRecord(row: {
  id: string;
  owner: string;
  definition: string | MixinRecord['definition'];
}): MixinRecord {
  return {
    id: row.id,
    owner: row.owner,
    definition: typeof row.definition === 'string' ? JSON.parse(row.definition) : row.definition,
  };
}

/**
 * The text an attribute filter compares: a string as it is, anything else as
 * its JSON. `valueMatches` holds exactly when both sides have the same text.
 */
export function filterText(value: AttributeValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Where a filter name's value lives in a stored record (see `recordValue`). */
export type FilterTarget =
  | { column: 'source' | 'target' }
  | { column: 'id'; path: readonly string[] }
  | { path: readonly string[] };

export function filterTarget(name: string): FilterTarget {
  switch (name) {
    case 'occi.core.id':
      return { column: 'id', path: ['entity', 'id'] };
    case 'occi.core.title':
      return { path: ['entity', 'title'] };
    case 'occi.core.summary':
      return { path: ['entity', 'summary'] };
    case 'occi.core.source':
      return { column: 'source' };
    case 'occi.core.target':
      return { column: 'target' };
    default:
      return { path: ['entity', 'attributes', name] };
  }
}

/** Offset and limit as `MemoryStore` applies them (whole numbers, never negative; no limit when absent). */
export function pageOf(q: EntityQuery): { offset: number; limit: number | undefined } {
  const whole = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? undefined : Math.ceil(n));
  const offset = Math.max(0, whole(q.offset) ?? 0);
  const limit = whole(q.limit);
  return {
    offset: Number.isFinite(offset) ? offset : Number.MAX_SAFE_INTEGER,
    limit: limit === undefined || limit === Number.POSITIVE_INFINITY ? undefined : Math.max(0, limit),
  };
}

export const duplicateLocation = (location: string) =>
  conflict('duplicate', `${location} exists already`, { location });

export const duplicateId = (id: string, location: string) =>
  conflict('duplicate', `an entity with id ${id} exists already`, { location });

export const versionMismatch = (location: string) =>
  conflict('version-mismatch', `${location} was changed by another request`, { location });

export const duplicateMixin = (id: string) =>
  conflict('duplicate', `mixin ${id} exists already`, { category: id });

export const storeClosed = (what: string) =>
  new OcciError('unavailable', { code: 'other', message: `the ${what} store is closed` });
