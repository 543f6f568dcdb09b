/**
 * The console's browser test harness. A browser test file:
 *
 * ```ts
 * import { describe, expect, it } from 'vitest';
 * import { missingChromium, useConsole } from './support/index.js';
 *
 * const missing = missingChromium();            // skip line (test/engines.ts) when chromium is absent
 * describe.skipIf(missing)('signing in', () => {
 *   const harness = useConsole();               // beforeAll: server + browser; afterAll: both stopped
 *   it('lists computes', async () => {
 *     await harness.server.request('/compute/', { method: 'POST', user: 'alice', … });
 *     const { page, problems } = await harness.open('#/');   // http://127.0.0.1:<port>/console/#/
 *     await page.getByLabel('User').fill('alice');
 *     …
 *     expect(problems()).toEqual([]);           // console errors, uncaught errors, CSP violations
 *   });
 * });
 * ```
 *
 * The API:
 * - `missingChromium(): string | undefined` — undefined when Chromium is
 *   there (OCCI_TEST_CHROMIUM, /usr/bin/chromium, or `chromium` on the
 *   PATH); otherwise registers one skipped test naming `.ci/browser-deps`
 *   and returns that text (throws under OCCI_REQUIRE_ENGINES=1).
 *   `chromiumMissing()` only answers; `chromiumPath()` finds it.
 * - `launchChromium(): Promise<Browser>` — headless, playwright-core's
 *   `Browser` (`--no-sandbox`, which root needs, is playwright's default).
 * - `startServer(options?): Promise<ConsoleServer>` — occi-server from its
 *   sources in a child process, 127.0.0.1, free port, memory store.
 *   `options.users`: by name, `{ admin?: boolean }`; default `{ alice: {},
 *   root: { admin: true } }`; `false` for no users file (anonymous).
 *   `options.args`: more flags (`['--no-console']`…); `options.env`.
 *   `ConsoleServer`: `url` (`http://127.0.0.1:<port>`), `consoleUrl`
 *   (`<url>/console/`), `passwords` (name → `<name>-password`), `tokens`
 *   (name → an API token `occi_…`), `basic(user)` (`Basic …`),
 *   `request(path, { user?, ...fetch init })` → `Response`, `output()`
 *   (the server's stdout + stderr), `stop()`.
 * - `openPage(browser, url, { ignore?: RegExp[], waitUntil? }):
 *   Promise<WatchedPage>` — a fresh context (empty storage) and page;
 *   `WatchedPage`: `page` (playwright `Page`), `context`, `problems()`
 *   (`string[]` of console errors, uncaught exceptions, CSP violations and
 *   failed requests, minus those `ignore` matches — a wrong password's 401
 *   is logged by Chromium as a console error: ignore `/status of 401/`),
 *   `close()`.
 * - `useConsole(options?)` — in a describe block: beforeAll starts a
 *   server (`options` as for `startServer`) and Chromium, afterAll stops
 *   both. Returns `{ server, browser, open(hashOrPath = '', openOptions?) }`
 *   (`server` and `browser` are readable once beforeAll ran); `open`
 *   resolves `hashOrPath` against `consoleUrl` (`'#/list?collection=…'`,
 *   `'explorer/'`) and closes its pages after each test.
 *
 * The console must be built for the server to serve it: the project's
 * global setup (global-setup.ts) runs `vite build` when apps/console/dist
 * is missing or older than its sources.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium } from './chromium.js';
import { type OpenOptions, openPage, type WatchedPage } from './page.js';
import { type ConsoleServer, type ServerOptions, startServer } from './server.js';

export { chromiumMissing, chromiumPath, launchChromium, missingChromium } from './chromium.js';
export { type OpenOptions, openPage, type WatchedPage } from './page.js';
export { type ConsoleServer, type ServerOptions, startServer } from './server.js';

export interface ConsoleHarness {
  readonly server: ConsoleServer;
  readonly browser: Browser;
  /** A watched page at `consoleUrl` + `hashOrPath`; closed after the test. */
  open(hashOrPath?: string, options?: OpenOptions): Promise<WatchedPage>;
}

export function useConsole(options: ServerOptions = {}): ConsoleHarness {
  let server: ConsoleServer | undefined;
  let browser: Browser | undefined;
  const pages: WatchedPage[] = [];
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(options), launchChromium()]);
  });
  afterEach(async () => {
    await Promise.all(pages.splice(0).map((p) => p.close()));
  });
  afterAll(async () => {
    await Promise.all([server?.stop(), browser?.close()]);
  });
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined)
      throw new Error(`useConsole: the ${what} is not started (beforeAll has not run)`);
    return value;
  };
  return {
    get server() {
      return ready(server, 'server');
    },
    get browser() {
      return ready(browser, 'browser');
    },
    async open(hashOrPath = '', openOptions = {}) {
      const url = new URL(hashOrPath, ready(server, 'server').consoleUrl).href;
      const page = await openPage(ready(browser, 'browser'), url, openOptions);
      pages.push(page);
      return page;
    },
  };
}
