/**
 * Records for Store tests. A store holds no OCCI rules, so any type
 * identifiers would do; these are Infrastructure's (GFD.224) for records
 * that read like the ones a server stores, with template and user mixins.
 */
import type { AttributeValue } from '../attribute.js';
import type { EntityRecord, MixinRecord, StoreWrite } from '../store.js';

const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';
/** A resource kind; its records live at `/compute/<key>`. */
export const COMPUTE = `${INFRA}compute`;
/** A resource kind; its records live at `/storage/<key>`. */
export const STORAGE = `${INFRA}storage`;
/** A resource kind; its records live at `/network/<key>`. */
export const NETWORK = `${INFRA}network`;
/** A link kind; `linkRecord` makes its records, at `/storagelink/<key>`. */
export const STORAGELINK = `${INFRA}storagelink`;
/** An OS template mixin. */
export const UBUNTU = 'http://example.org/os_tpl#ubuntu';
/** A resource template mixin. */
export const SMALL = 'http://example.org/resource_tpl#small';
/** A user mixin. */
export const TAGGED = 'http://example.org/user#tagged';

export interface ResourceRecordOptions {
  /** Default `COMPUTE`; the location is `/<the kind's term>/<key>`. */
  kind?: string;
  mixins?: string[];
  /** Default `alice`. */
  owner?: string;
  title?: string;
  summary?: string;
  attributes?: Record<string, AttributeValue>;
  /** Default 1. */
  version?: number;
}

/** A resource record at `/<kind term>/<key>` with the id `urn:uuid:<key>`. */
export function resourceRecord(key: string, options: ResourceRecordOptions = {}): EntityRecord {
  const kind = options.kind ?? COMPUTE;
  const mixins = options.mixins ?? [];
  const location = `/${kind.split('#')[1]}/${key}`;
  const id = `urn:uuid:${key}`;
  return {
    location,
    id,
    kind,
    mixins,
    owner: options.owner ?? 'alice',
    version: options.version ?? 1,
    entity: {
      id,
      kind,
      mixins: [...mixins],
      attributes: options.attributes ?? {},
      ...(options.title !== undefined ? { title: options.title } : {}),
      ...(options.summary !== undefined ? { summary: options.summary } : {}),
    },
  };
}

/** A storage link record at `/storagelink/<key>` from `source` to `target`. */
export function linkRecord(
  key: string,
  source: EntityRecord,
  target: EntityRecord,
  owner = 'alice',
): EntityRecord {
  const location = `/storagelink/${key}`;
  const id = `urn:uuid:${key}`;
  return {
    location,
    id,
    kind: STORAGELINK,
    mixins: [],
    owner,
    version: 1,
    source: source.location,
    target: target.location,
    entity: {
      id,
      kind: STORAGELINK,
      mixins: [],
      attributes: { 'occi.storagelink.deviceid': 'vda' },
      source: { location: source.location, kind: source.kind },
      target: { location: target.location, kind: target.kind },
    },
  };
}

/** A user mixin record: `id` is `<scheme>#<term>`, bound to `/<owner>/<term>/`. */
export function mixinRecord(
  id: string,
  owner = 'alice',
  more: Partial<MixinRecord['definition']> = {},
): MixinRecord {
  const hash = id.indexOf('#');
  const term = id.slice(hash + 1);
  return {
    id,
    owner,
    definition: {
      scheme: id.slice(0, hash + 1),
      term,
      title: `${term} of ${owner}`,
      location: `/${owner}/${term}/`,
      ...more,
    },
  };
}

/** Writes creating each record (`expect: 'absent'`). */
export const creating = (...records: EntityRecord[]): StoreWrite[] =>
  records.map((record) => ({ op: 'put', record, expect: 'absent' }));

/** The record's next version (a copy), changed by `change`. */
export function nextVersion(
  record: EntityRecord,
  change: (r: EntityRecord) => void = () => {},
): EntityRecord {
  const next = structuredClone(record);
  next.version = record.version + 1;
  change(next);
  return next;
}

/** The locations of records, in their order. */
export const locationsOf = (records: readonly EntityRecord[]): string[] => records.map((r) => r.location);
