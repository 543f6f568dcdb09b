/**
 * Ends the test output with the suites that skipped for want of an engine,
 * grouped by reason: "2 suites skipped: podman is missing: run
 * .ci/container-deps". Says nothing when none did.
 */
import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { MISSING_ENGINE } from './engines.js';

export default class SkippedEnginesReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const byReason = new Map<string, string[]>();
    for (const module of modules)
      for (const test of module.children.allTests('skipped')) {
        const result = test.result();
        const note = result.state === 'skipped' ? result.note : undefined;
        if (!note?.startsWith(MISSING_ENGINE)) continue;
        const reason = note.slice(MISSING_ENGINE.length);
        byReason.set(reason, [...(byReason.get(reason) ?? []), relative(process.cwd(), module.moduleId)]);
      }
    if (byReason.size === 0) return;
    const count = [...byReason.values()].reduce((n, files) => n + files.length, 0);
    const lines = [`${count} suite${count === 1 ? '' : 's'} skipped for want of an engine:`];
    for (const [reason, files] of byReason) lines.push(`  ${reason}`, ...files.map((f) => `    ${f}`));
    process.stdout.write(`\n${lines.join('\n')}\n`);
  }
}
