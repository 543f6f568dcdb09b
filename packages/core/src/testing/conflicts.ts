/** What a refused commit reports, as the contract pins it down. */
import { expect } from 'vitest';
import { isOcciError, type ProblemCode } from '../errors.js';

export interface ReportedConflict {
  code: ProblemCode;
  message: string;
  location?: string;
  category?: string;
}

/**
 * The conflict a commit is refused with: an `OcciError` of kind `conflict`
 * with one problem. Fails the test when the commit succeeds or throws
 * anything else.
 */
export async function conflictOf(commit: Promise<unknown>): Promise<ReportedConflict> {
  let error: unknown;
  try {
    await commit;
  } catch (e) {
    error = e;
  }
  if (error === undefined) throw new Error('expected a conflict, but the commit succeeded');
  if (!isOcciError(error)) throw error;
  expect(error.kind).toBe('conflict');
  expect(error.problems).toHaveLength(1);
  const [problem] = error.problems;
  return {
    code: problem!.code,
    message: problem!.message,
    ...(problem!.location !== undefined ? { location: problem!.location } : {}),
    ...(problem!.category !== undefined ? { category: problem!.category } : {}),
  };
}

/** A `version-mismatch` on `location`, its message naming it. */
export async function expectVersionMismatch(commit: Promise<unknown>, location: string): Promise<void> {
  const conflict = await conflictOf(commit);
  expect(conflict).toMatchObject({ code: 'version-mismatch', location });
  expect(conflict.message).toContain(location);
}

/**
 * A `duplicate` of an entity: `location` is the entity holding what was
 * taken (the location itself, or the id), and the message names `taken`.
 */
export async function expectDuplicate(
  commit: Promise<unknown>,
  location: string,
  taken: string = location,
): Promise<void> {
  const conflict = await conflictOf(commit);
  expect(conflict).toMatchObject({ code: 'duplicate', location });
  expect(conflict.message).toContain(taken);
}

/** A `duplicate` of a mixin record: the problem's category is its id, and the message names it. */
export async function expectDuplicateMixin(commit: Promise<unknown>, id: string): Promise<void> {
  const conflict = await conflictOf(commit);
  expect(conflict).toMatchObject({ code: 'duplicate', category: id });
  expect(conflict.message).toContain(id);
}
