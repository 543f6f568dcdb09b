/**
 * A browser page that keeps what went wrong in it: console errors, uncaught
 * exceptions, Content-Security-Policy violations and requests that failed
 * outright. A page that loads "fine" but whose script the CSP blocked shows
 * up here, not in what the test looks at.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';

export interface WatchedPage {
  page: Page;
  /** The page's own context (its storage, cookies): closed with it. */
  context: BrowserContext;
  /** What went wrong so far, one line each, without the lines `ignore` matches. */
  problems(): string[];
  close(): Promise<void>;
}

export interface OpenOptions {
  /**
   * Problems a test expects, e.g. `/status of 401/` where it signs in with
   * a wrong password (Chromium logs a failed fetch as a console error).
   */
  ignore?: RegExp[];
  /** Wait for this load state after navigating; default `load`. */
  waitUntil?: 'load' | 'domcontentloaded' | 'networkidle';
}

/**
 * CSP violations reach the console as errors too, but this names the
 * directive and the blocked URL. An init script runs whatever the page's
 * CSP says (Playwright injects it through the DevTools protocol); the page's
 * policy stays in force for everything else (no `bypassCSP`).
 */
const REPORT_VIOLATIONS = () => {
  document.addEventListener('securitypolicyviolation', (event) => {
    console.error(
      `CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI || 'an inline script or style'} (${event.sourceFile || 'the page'}:${event.lineNumber})`,
    );
  });
};

/** A new page in a new context, navigated to `url`. */
export async function openPage(
  browser: Browser,
  url: string,
  options: OpenOptions = {},
): Promise<WatchedPage> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(REPORT_VIOLATIONS);
  const seen: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const at = message.location();
    seen.push(`console error: ${message.text()}${at.url ? ` (${at.url}:${at.lineNumber})` : ''}`);
  });
  page.on('pageerror', (error) => seen.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => {
    const why = request.failure()?.errorText ?? 'unknown';
    // A navigation cancels the previous page's requests: not a problem of either page.
    if (why !== 'net::ERR_ABORTED') seen.push(`request failed: ${request.method()} ${request.url()}: ${why}`);
  });
  await page.goto(url, { waitUntil: options.waitUntil ?? 'load' });
  const ignore = options.ignore ?? [];
  return {
    page,
    context,
    problems: () => seen.filter((line) => !ignore.some((pattern) => pattern.test(line))),
    close: () => context.close(),
  };
}
