/** HTTP status codes for the error kinds of @occi/core (HTTP §5.4). */
import type { OcciErrorKind } from '@occi/core';

export const STATUS: Record<OcciErrorKind, number> = {
  'bad-request': 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  'method-not-allowed': 405,
  'not-acceptable': 406,
  conflict: 409,
  'precondition-failed': 412,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'header-too-large': 431,
  internal: 500,
  'not-implemented': 501,
  unavailable: 503,
};

/** The error kind of an HTTP status, for the client side. */
export function errorKindOf(status: number): OcciErrorKind {
  for (const [kind, code] of Object.entries(STATUS)) if (code === status) return kind as OcciErrorKind;
  if (status >= 500) return 'internal';
  return 'bad-request';
}
