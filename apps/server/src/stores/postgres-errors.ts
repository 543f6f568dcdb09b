/**
 * What a failed PostgreSQL operation means to the store's callers: a
 * serialization failure or deadlock of a commit is a version mismatch (the
 * rows changed under it), a connection or server problem is `unavailable`
 * (503), anything else `internal`.
 */
import type { StoreWrite } from '@occi/core';
import { isOcciError, OcciError } from '@occi/core';
import { versionMismatch } from './rows.js';

/** SQLSTATE classes and codes that mean "the database is not reachable now". */
const UNAVAILABLE = /^(08|53|57P0[1-3])/;

/** The OcciError for `error`; `writes`, when a commit failed, name the entity of a version mismatch. */
export function failure(error: unknown, writes?: readonly StoreWrite[]): OcciError {
  if (isOcciError(error)) return error;
  const code = String((error as { code?: unknown }).code ?? '');
  const message = error instanceof Error ? error.message : String(error);
  if ((code === '40001' || code === '40P01') && writes) {
    // Serialization failure or deadlock: another transaction changed the same rows.
    const first = writes[0];
    const location =
      first?.op === 'put' ? first.record.location : first?.op === 'delete' ? first.location : '';
    return versionMismatch(location);
  }
  if (UNAVAILABLE.test(code) || code.startsWith('ECONN') || code === 'ENOTFOUND' || code === 'ETIMEDOUT')
    return new OcciError(
      'unavailable',
      { code: 'other', message: `PostgreSQL is unavailable: ${message}` },
      { cause: error },
    );
  return new OcciError(
    'internal',
    { code: 'other', message: `PostgreSQL store: ${message}` },
    { cause: error },
  );
}
