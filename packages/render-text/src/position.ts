/**
 * Where a field value came from, for error messages: a 1-based line of a
 * text/plain body, or a header field of a text/occi message.
 */
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
