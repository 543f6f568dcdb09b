/**
 * The JSON error body. GFD.225 defines none; every failure is rendered as
 * `{"error":{"status":400,"message":"...","problems":[{"code":"...","message":"...",...}]}}`,
 * each problem carrying the optional `attribute`, `category`, `location`,
 * `pointer`, `line` and `field` it names.
 */
import type { ErrorMessage, Problem, ProblemCode } from '@occi/core';
import { isJsonObject, structureError } from './document.js';

export interface ErrorRendering {
  error: { status: number; message: string; problems: Problem[] };
}

const OPTIONAL = ['attribute', 'category', 'location', 'pointer', 'line', 'field'] as const;

export function renderErrorObject(error: ErrorMessage): ErrorRendering {
  const problems = error.problems.map((p) => {
    const out: Problem = { code: p.code, message: p.message };
    for (const key of OPTIONAL)
      if (p[key] !== undefined) (out as unknown as Record<string, unknown>)[key] = p[key];
    return out;
  });
  return { error: { status: error.status, message: error.message, problems } };
}

/**
 * Reads the error body a server answered with status `status` (the form
 * above): the message, and the problems that name one. Anything else is not
 * this rendering's error body.
 */
export function parseErrorObject(value: unknown, status: number): ErrorMessage {
  const error = isJsonObject(value) ? value.error : undefined;
  if (!isJsonObject(error) || typeof error.message !== 'string')
    throw structureError('/error', 'expected an object with a "message": not an error body');
  const problems: Problem[] = [];
  if (Array.isArray(error.problems))
    for (const p of error.problems)
      if (isJsonObject(p) && typeof p.message === 'string')
        problems.push({
          ...p,
          code: (typeof p.code === 'string' ? p.code : 'other') as ProblemCode,
          message: p.message,
        } as Problem);
  return { status, message: error.message, problems };
}
