/**
 * The console end to end, in Chromium against a real occi-server: sign in
 * with a password, create a compute from an OS template (refused first in
 * the form for a value the server would refuse), start it and watch its
 * state become active without a reload, attach a new storage through a
 * storagelink, stop it, delete it. Pages are found by role and label, as a
 * screen reader finds them. Screenshots of the main pages go to
 * test/screenshots/ (git-ignored).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { missingChromium, useConsole } from './support/index.js';

const SHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** The row of the attributes table for `name`, holding `value`. */
const attributeRow = (page: Page, name: string, value: string) =>
  page.getByRole('row', { name: `${name} ${value}`, exact: true });

/** The text a field's aria-describedby points to: its help and its error, as a screen reader reads them. */
async function description(page: Page, field: Locator): Promise<string> {
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
  return texts.join(' ');
}

const missing = missingChromium();

describe.skipIf(missing)('the console, end to end', () => {
  const harness = useConsole();

  it('signs in, creates a compute from an OS template, starts it, attaches a new storage, stops and deletes it', async () => {
    const started = Date.now();
    // The first discovery, before signing in, is answered 401: Chromium logs that.
    const { page, problems } = await harness.open('#/', { ignore: [/status of 401/] });
    page.setDefaultTimeout(10_000);
    try {
      await flow(page);
    } catch (error) {
      await shot(page, 'failure');
      throw new Error(
        `${error instanceof Error ? error.message : error}\nproblems: ${problems().join('\n')}`,
      );
    }
    expect(problems()).toEqual([]);
    process.stdout.write(
      `console flow: ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${SHOTS}\n`,
    );
  }, 120_000);

  async function flow(page: Page): Promise<void> {
    const revalidated: string[] = [];
    page.on('response', async (r) => {
      if (r.request().method() !== 'GET' || !/\/compute\/[0-9a-f-]{36}$/.test(r.url())) return;
      const sent = await r.request().allHeaders();
      revalidated.push(`${r.status()} ${sent['if-none-match'] ?? '-'}`);
    });

    // Sign in: the server asks for it (401 on discovery).
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    await shot(page, 'sign-in');
    await page.getByLabel('User name', { exact: true }).fill('alice');
    await page.getByLabel('Password', { exact: true }).fill(harness.server.passwords.alice ?? '');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'OCCI console', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Sign out alice' }).waitFor();
    // Nothing kept beyond the tab without "remember me".
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(1);
    await shot(page, 'home');

    // A new storage, to attach later.
    await page.getByRole('link', { name: 'New Storage Resource' }).click();
    await page.getByRole('heading', { name: 'New Storage Resource', level: 1 }).waitFor();
    await page.getByLabel('Title').fill('data');
    await page.getByRole('button', { name: 'Create Storage Resource' }).click();
    // occi.storage.size is required (Core §5.3.2): the form says so beside the field, before any request.
    const size = page.getByLabel('occi.storage.size');
    await page
      .getByRole('alert')
      .getByText('Not created: attribute occi.storage.size is required', { exact: false })
      .waitFor();
    expect(await size.getAttribute('aria-invalid')).toBe('true');
    expect(await description(page, size)).toContain('attribute occi.storage.size is required');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(await size.getAttribute('id'));
    await size.fill('10');
    await page.getByRole('button', { name: 'Create Storage Resource' }).click();
    await page.getByRole('heading', { name: 'data', level: 1 }).waitFor();
    const storage = decodeURIComponent(new URL(page.url()).hash.replace(/^#\/entity\?at=/, ''));
    expect(storage).toMatch(/^\/storage\/[0-9a-f-]{36}$/);

    // The compute collection, then a new compute from an OS template.
    await page.getByRole('link', { name: 'OCCI console' }).click();
    await page.getByRole('link', { name: 'Compute Resource', exact: true }).click();
    await page.getByRole('heading', { name: 'Compute Resource', level: 1 }).waitFor();
    await page.getByText('No entities on this page.').waitFor();
    await page.getByRole('link', { name: 'New Compute Resource' }).click();
    // The generated form fits 360 px too.
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByLabel('OS Template').selectOption({ label: 'Debian GNU/Linux 12 (bookworm)' });
    await page.getByLabel('Title').fill('web-1');
    // A value the server would refuse is refused in the form, with the server's words (checkAttributeValue).
    const cores = page.getByLabel('occi.compute.cores');
    await cores.fill('0');
    await page.getByRole('button', { name: 'Create Compute Resource' }).click();
    await page
      .getByRole('alert')
      .getByText(/Not created/)
      .waitFor();
    expect(await cores.getAttribute('aria-invalid')).toBe('true');
    expect(await description(page, cores)).toContain(
      'attribute occi.compute.cores: 0 is below the minimum 1',
    );
    // The immutable state is the server's: not in the form.
    expect(await page.getByLabel('occi.compute.state', { exact: true }).count()).toBe(0);
    await cores.fill('2');
    // Edited, the field's error is gone until the next submit.
    expect(await cores.getAttribute('aria-invalid')).toBeNull();
    await shot(page, 'create-compute');
    await page.getByRole('button', { name: 'Create Compute Resource' }).click();

    // The compute's page: attributes, the template's, the actions that apply now.
    await page.getByRole('heading', { name: 'web-1', level: 1 }).waitFor();
    const compute = decodeURIComponent(new URL(page.url()).hash.replace(/^#\/entity\?at=/, ''));
    expect(compute).toMatch(/^\/compute\/[0-9a-f-]{36}$/);
    await attributeRow(page, 'occi.compute.state', 'inactive').waitFor();
    await attributeRow(page, 'occi.compute.cores', '2').waitFor();
    await attributeRow(page, 'occi.compute.architecture', 'x64').waitFor();
    await page.getByRole('link', { name: 'Debian GNU/Linux 12 (bookworm)' }).waitFor();
    // Only start applies to an inactive compute (the server's `actions`).
    const actions = page.getByRole('region', { name: 'Actions' }).getByRole('button');
    expect(await actions.allTextContents()).toEqual(['Start Compute instance']);

    // Start: the state turns active on the page, no reload; the status line says so.
    await page.getByRole('button', { name: 'Start Compute instance' }).click();
    await attributeRow(page, 'occi.compute.state', 'active').waitFor();
    await page
      .getByRole('status')
      .getByText('Start Compute instance done: occi.compute.state inactive → active')
      .waitFor({ timeout: 15_000 });
    // Following the state, the entity was read again with its ETag (If-None-Match: the browser shows a 304 as the cached 200).
    expect(revalidated.filter((r) => r.startsWith('200 "')).length).toBeGreaterThan(0);
    expect(new URL(page.url()).hash).toBe(`#/entity?at=${encodeURIComponent(compute)}`);

    // Attach the storage: a storagelink from the compute to it.
    await page.getByLabel('Link kind').selectOption({ label: 'StorageLink Link' });
    await page.getByRole('button', { name: 'Add link' }).click();
    await page.getByRole('heading', { name: 'New StorageLink Link', level: 1 }).waitFor();
    await page.getByLabel('Target kind').selectOption({ label: 'Storage Resource' });
    await page.getByLabel('Target resource').selectOption({ label: `data — ${storage}` });
    await page.getByLabel('occi.storagelink.deviceid').fill('vdb');
    await page.getByRole('button', { name: 'Create StorageLink Link' }).click();
    await page.getByRole('heading', { name: 'web-1', level: 1 }).waitFor();
    const links = page.getByRole('region', { name: 'Links' });
    await links.getByRole('link', { name: storage }).waitFor();
    const graph = links.getByRole('img');
    expect(await graph.getAttribute('aria-label')).toBe(`web-1 has 1 link: StorageLink Link to ${storage}`);
    await shot(page, 'compute-active-with-storage');

    // At 360 px wide the page fits: nothing scrolls sideways.
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await shot(page, 'compute-360px');
    await page.setViewportSize({ width: 1280, height: 800 });

    // Stop takes a parameter (method): its form first, with the enum as a choice.
    await page.getByRole('button', { name: 'Stop Compute instance…' }).click();
    await page.getByLabel('method').selectOption('graceful');
    await page.getByRole('button', { name: 'Run Stop Compute instance' }).click();
    await attributeRow(page, 'occi.compute.state', 'inactive').waitFor();
    await page
      .getByRole('status')
      .getByText('Stop Compute instance done: occi.compute.state active → inactive')
      .waitFor({ timeout: 15_000 });

    // Its kind's collection lists it, with its state and template.
    await page.getByRole('link', { name: 'Compute Resource', exact: true }).click();
    await page
      .getByRole('row', { name: 'web-1 Compute Resource inactive Debian GNU/Linux 12 (bookworm)' })
      .waitFor();
    await shot(page, 'compute-list');
    await page.getByRole('link', { name: 'web-1', exact: true }).click();
    await page.getByRole('heading', { name: 'web-1', level: 1 }).waitFor();

    // Delete, confirmed; the collection no longer has it (asked of the server itself).
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Confirm delete' }).click();
    await page.getByRole('heading', { name: 'Compute Resource', level: 1 }).waitFor();
    await page.getByText('No entities on this page.').waitFor();
    const left = await harness.server.request(`/compute/`, {
      user: 'alice',
      headers: { accept: 'text/uri-list' },
    });
    expect(left.status).toBe(200);
    expect((await left.text()).trim()).toBe('');
    expect(await harness.server.request(compute, { user: 'alice' }).then((r) => r.status)).toBe(404);
    await page.getByRole('link', { name: 'Mixins', exact: true }).click();
    await page.getByRole('heading', { name: 'Mixins', level: 1 }).waitFor();
    await shot(page, 'mixins');
  }
});
