/**
 * `--only` and `--skip`: a selector is a check id, an id prefix ending at a
 * dot boundary (`http.8` = HTTP §8 and its subsections, `infra.3.1`), a
 * document (`json`, or its name `text/plain`), or a level (`MUST`).
 * Several may be given, comma-separated or repeated.
 */
import { usageError } from '../exit-codes.js';
import { type Check, DOCUMENTS } from './types.js';

function matches(check: Check, selector: string): boolean {
  const s = selector.trim();
  if (s === '') return false;
  if (/^(MUST|SHOULD|MAY)$/.test(s)) return check.level === s;
  const lower = s.toLowerCase();
  if (lower === check.doc || lower === DOCUMENTS[check.doc].name.toLowerCase()) return true;
  const id = check.id.toLowerCase();
  return id === lower || id.startsWith(`${lower}.`);
}

export function selectorsOf(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/** The checks `only` selects (all when empty), minus those `skip` selects; an unknown selector is a usage error. */
export function select(checks: readonly Check[], only: readonly string[], skip: readonly string[]): Check[] {
  for (const s of [...only, ...skip])
    if (!checks.some((c) => matches(c, s)))
      throw usageError(
        `"${s}" selects no check: give a check id, an id prefix (http.8), a document (json) or a level (MUST); 'occi check --list' lists them`,
      );
  return checks.filter(
    (c) => (only.length === 0 || only.some((s) => matches(c, s))) && !skip.some((s) => matches(c, s)),
  );
}
