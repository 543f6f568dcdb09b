/**
 * Where a field value came from, for error messages: a 1-based line of a
 * text/plain body, or a header field of a text/occi message.
 */
import type { ParseContext, Problem, ProblemCode } from '@occi/core';
import { OcciError } from '@occi/core';

export interface Position {
  /** 1-based line of a text/plain body (the first physical line of a continued line). */
  readonly line?: number;
  /** Header field name (text/occi), lower-case. */
  readonly field?: string;
}

/** `line 3` or `header field "category"`. */
export function describePosition(at: Position): string {
  if (at.line !== undefined) return `line ${at.line}`;
  if (at.field !== undefined) return `header field "${at.field}"`;
  return 'input';
}

/** A parse error naming where the problem is (GFD.229 §4: input that does not follow the ABNF). */
export function parseError(at: Position, message: string): OcciError {
  const problem: { code: 'parse-error'; message: string; line?: number; field?: string } = {
    code: 'parse-error',
    message: `${describePosition(at)}: ${message}`,
  };
  if (at.line !== undefined) problem.line = at.line;
  if (at.field !== undefined) problem.field = at.field;
  return new OcciError('bad-request', problem);
}

/**
 * Something a reader accepted although the document does not allow it:
 * what and where, recorded for `ParseContext.warnings`.
 */
export interface Note {
  code: ProblemCode;
  /** What was accepted and how it was read, without the position. */
  message: string;
  at: Position;
  category?: string;
  location?: string;
}

/** A note as the `Problem` a caller reads in `ParseContext.warnings`: `line 3: …` or `header field "category": …`. */
export function warning(note: Note): Problem {
  const problem: Problem = { code: note.code, message: `${describePosition(note.at)}: ${note.message}` };
  if (note.category !== undefined) problem.category = note.category;
  if (note.location !== undefined) problem.location = note.location;
  if (note.at.line !== undefined) problem.line = note.at.line;
  if (note.at.field !== undefined) problem.field = note.at.field;
  return problem;
}

/** Hands the notes of a message read without error to the caller, in the order of the message. */
export function report(notes: readonly Note[], context: ParseContext): void {
  const warnings = context.warnings;
  if (!Array.isArray(warnings) || notes.length === 0) return;
  const ordered = [...notes].sort((a, b) => (a.at.line ?? 0) - (b.at.line ?? 0));
  for (const note of ordered) warnings.push(warning(note));
}
