/**
 * The one rule for suites that run against a real engine (Podman,
 * PostgreSQL, and whatever comes next): where the engine is missing the
 * suite skips, with one line saying what to install — unless
 * `OCCI_REQUIRE_ENGINES=1` (which `.ci/run` sets), where a missing engine
 * fails it. The skip line travels as the note of a skipped test, which
 * `skipped-engines-reporter.ts` gathers at the end of the run.
 */
import { it } from 'vitest';

/** What starts the note of the test that stands for a skipped suite. */
export const MISSING_ENGINE = 'missing engine: ';

/**
 * `undefined` when the engine is present; otherwise registers a skipped
 * test with `missing` (what is missing and how to install it) as its note
 * and answers that text — or throws it when engines are required.
 */
export function missingEngine(name: string, missing: string | undefined): string | undefined {
  if (missing === undefined) return undefined;
  if (process.env.OCCI_REQUIRE_ENGINES === '1')
    throw new Error(`${missing} (OCCI_REQUIRE_ENGINES=1: every engine must be present)`);
  it(`needs ${name}`, (ctx) => ctx.skip(`${MISSING_ENGINE}${missing}`));
  return missing;
}
