/**
 * What a failed request says, for the user: the server's message, and the
 * problems it names by attribute (a 400 for a bad value names the
 * attribute, HTTP §5.4) so that forms show each beside its field.
 */
import { OcciError } from '@occi/core';
import { OcciClientError } from '@occi/http/client';

export interface FailureReport {
  /** One line for the status region. */
  message: string;
  /** Problems by attribute name. */
  byAttribute: Record<string, string>;
  /** The HTTP status, when a response came. */
  status?: number;
}

export function reportOf(error: unknown): FailureReport {
  const byAttribute: Record<string, string> = {};
  if (error instanceof OcciError) {
    for (const p of error.problems) {
      if (p.attribute === undefined) continue;
      byAttribute[p.attribute] = byAttribute[p.attribute]
        ? `${byAttribute[p.attribute]}; ${p.message}`
        : p.message;
    }
  }
  if (error instanceof OcciClientError) {
    const message = error.serverMessage ?? error.problems.map((p) => p.message).join('; ');
    return {
      message: error.status ? `${message} (${error.status})` : message,
      byAttribute,
      status: error.status,
    };
  }
  return { message: error instanceof Error ? error.message : String(error), byAttribute };
}
