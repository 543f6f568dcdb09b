/**
 * The JSON error body. GFD.225 defines none; every failure is rendered as
 * `{"error":{"status":400,"message":"...","problems":[{"code":"...","message":"...",...}]}}`,
 * each problem carrying the optional `attribute`, `category`, `location`,
 * `pointer`, `line` and `field` it names.
 */
import type { ErrorMessage, Problem } from '@occi/core';

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
