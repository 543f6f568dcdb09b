/**
 * What a failed SQLite operation means to the store's callers: a busy or
 * locked database is `unavailable` (503), a unique violation is resolved
 * by the store to the duplicate it is, anything else is `internal`.
 */
import { isOcciError, OcciError } from '@occi/core';

/** Refusal to open `file` because another connection holds it (the message names the fix). */
export function lockedOut(file: string, exclusive: boolean, error: unknown): OcciError {
  const message = exclusive
    ? `cannot open the SQLite database ${file} exclusively: another process has it open; ` +
      'stop it, or start every server of this database without --store-exclusive'
    : `cannot open the SQLite database ${file}: another process holds it locked ` +
      '(an occi-server started with --store-exclusive?); stop it, or start every server of this database without --store-exclusive';
  return new OcciError('unavailable', { code: 'other', message }, { cause: error });
}

export function failure(error: unknown): OcciError {
  if (isOcciError(error)) return error;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
    return new OcciError(
      'unavailable',
      { code: 'other', message: `the SQLite database is busy (locked by another writer): ${message}` },
      { cause: error },
    );
  return new OcciError('internal', { code: 'other', message: `SQLite store: ${message}` }, { cause: error });
}

export const isUniqueViolation = (error: unknown) =>
  (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE' ||
  (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
