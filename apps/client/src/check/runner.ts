/**
 * Runs the selected checks one after the other (so what one creates never
 * races another), then removes what the run created, then runs the checks
 * that judge every response of the run. An interruption stops new checks;
 * the clean-up still runs.
 */
import { Fail, Skip } from './outcome.js';
import type { Probe } from './probe.js';
import type { Check, Result } from './types.js';
import { WireError } from './wire.js';

export interface RunOptions {
  /** Called before each check, with its index among the selected. */
  onCheck?: (check: Check, index: number, total: number) => void;
  /** The whole run's time budget: checks not started by then are skipped. */
  deadline?: number;
}

export interface Run {
  results: Result[];
  cleanup: { deleted: number; failed: string[]; orphans: string[] };
  interrupted: boolean;
  ms: number;
}

function resultOf(
  check: Check,
  status: Result['status'],
  ms: number,
  reason?: string,
  evidence?: string,
): Result {
  return {
    id: check.id,
    doc: check.doc,
    section: check.section,
    level: check.level,
    title: check.title,
    status,
    ...(reason !== undefined ? { reason } : {}),
    ...(evidence !== undefined ? { evidence } : {}),
    ms,
  };
}

async function runOne(check: Check, probe: Probe): Promise<Result> {
  const started = Date.now();
  try {
    const note = await check.run(probe);
    return resultOf(check, 'pass', Date.now() - started, note);
  } catch (error) {
    const ms = Date.now() - started;
    if (error instanceof Skip) return resultOf(check, 'skip', ms, error.message);
    if (error instanceof Fail) return resultOf(check, 'fail', ms, error.message, error.evidence);
    if (probe.options.signal.aborted) return resultOf(check, 'skip', ms, 'interrupted');
    if (error instanceof WireError) return resultOf(check, 'fail', ms, error.message);
    const message = error instanceof Error ? error.message : String(error);
    return resultOf(check, 'fail', ms, `the check could not complete: ${message}`);
  }
}

export async function runChecks(
  checks: readonly Check[],
  probe: Probe,
  options: RunOptions = {},
): Promise<Run> {
  const started = Date.now();
  const results: Result[] = [];
  const main = checks.filter((c) => !c.final);
  const finals = checks.filter((c) => c.final);
  const total = checks.length;
  let index = 0;
  for (const check of main) {
    options.onCheck?.(check, index++, total);
    if (probe.options.signal.aborted) results.push(resultOf(check, 'skip', 0, 'interrupted'));
    else if (options.deadline !== undefined && Date.now() > options.deadline)
      results.push(resultOf(check, 'skip', 0, 'the run ran out of time (--max-time)'));
    else if (probe.options.readOnly && check.writes)
      results.push(
        resultOf(check, 'skip', 0, '--read-only: this check creates or changes entities of its own'),
      );
    else results.push(await runOne(check, probe));
  }
  const cleanup = await probe.fx.cleanup();
  for (const check of finals) {
    options.onCheck?.(check, index++, total);
    results.push(await runOne(check, probe));
  }
  return {
    results,
    cleanup: { ...cleanup, orphans: [...probe.fx.orphans] },
    interrupted: probe.options.signal.aborted,
    ms: Date.now() - started,
  };
}
