/**
 * The browser of the console's tests: Debian's chromium (`.ci/browser-deps`
 * installs it), or the executable OCCI_TEST_CHROMIUM names, driven by
 * playwright-core — never a browser Playwright downloads.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { missingEngine } from '../../../../test/engines.js';

const INSTALL =
  'run .ci/browser-deps (apt-get install chromium) or set OCCI_TEST_CHROMIUM to a Chromium executable';

const executable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The Chromium executable: OCCI_TEST_CHROMIUM, else /usr/bin/chromium, else `chromium` on the PATH. */
export function chromiumPath(): string | undefined {
  const named = process.env.OCCI_TEST_CHROMIUM;
  if (named) return executable(named) ? named : undefined;
  const onPath = (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'chromium'));
  return ['/usr/bin/chromium', ...onPath].find(executable);
}

/** Why the browser tests cannot run here (what to install), or undefined when they can. */
export function chromiumMissing(): string | undefined {
  if (chromiumPath() !== undefined) return undefined;
  const named = process.env.OCCI_TEST_CHROMIUM;
  return named
    ? `chromium not installed: OCCI_TEST_CHROMIUM=${named} is not an executable; ${INSTALL}`
    : `chromium not installed: ${INSTALL}`;
}

/**
 * For the top of a browser test file: `undefined` when Chromium is there;
 * otherwise one skipped test saying what to install (test/engines.ts), and
 * that text, for `describe.skipIf(…)`. With OCCI_REQUIRE_ENGINES=1 it throws.
 */
export function missingChromium(): string | undefined {
  return missingEngine('chromium', chromiumMissing());
}

/**
 * A headless Chromium. playwright-core passes `--no-sandbox` itself
 * (its `chromiumSandbox` defaults to false), which running as root needs.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (executablePath === undefined) throw new Error(chromiumMissing());
  return chromium.launch({ executablePath, headless: true });
}
