/**
 * The console's features one by one, in Chromium against a real
 * occi-server: sign-in with an API token (remembered or not), pagination
 * and filters, the server's refusal beside the field it names, editing
 * (immutable attributes read-only), user mixins and membership, keyboard
 * use, and a server that needs no sign-in.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type ConsoleHarness, missingChromium, useConsole } from './support/index.js';

const INFRA = 'http://schemas.ogf.org/occi/infrastructure#';
const JSON_TYPE = 'application/occi+json';

/** Creates an entity as alice through the server itself; returns its location (a path). */
async function create(harness: ConsoleHarness, body: Record<string, unknown>): Promise<string> {
  const kind = String(body.kind).replace(/^.*#/, '');
  const response = await harness.server.request(`/${kind}/`, {
    method: 'POST',
    user: 'alice',
    headers: { 'content-type': JSON_TYPE, accept: JSON_TYPE },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return new URL(response.headers.get('location') ?? '').pathname;
}

async function signInWithToken(harness: ConsoleHarness, page: Page, remember = false): Promise<void> {
  await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
  await page.getByLabel('API token').check();
  await page
    .getByLabel('API token', { exact: true })
    .last()
    .fill(harness.server.tokens.alice ?? '');
  if (remember) await page.getByLabel('Remember me on this browser').first().check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out API token' }).waitFor();
  await page.locator('h1:not(:text("Sign in"))').waitFor();
}

async function description(page: Page, field: Locator): Promise<string> {
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
  return texts.join(' ');
}

const rows = (page: Page) => page.getByRole('table').getByRole('row');

const missing = missingChromium();

describe.skipIf(missing)('the console', () => {
  const harness = useConsole();
  const ignore401 = { ignore: [/status of 401/] };

  it('signs in with an API token; "remember me" keeps it across reloads in localStorage, sign-out forgets it', async () => {
    const { page, problems } = await harness.open('#/', ignore401);
    await signInWithToken(harness, page, true);
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length])).toEqual([1, 0]);
    await page.reload();
    await page.getByRole('heading', { name: 'OCCI console', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Sign out API token' }).click();
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length])).toEqual([0, 0]);
    // A wrong token: refused, said so, nothing kept.
    await page.getByLabel('API token').check();
    await page.getByLabel('API token', { exact: true }).last().fill('occi_wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('alert')
      .getByText(/Not signed in/)
      .waitFor();
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length])).toEqual([0, 0]);
    expect(problems()).toEqual([]);
  });

  it('lists a kind page by page, and filters it by mixin and by attribute', async () => {
    await create(harness, { kind: `${INFRA}compute`, title: 'a', attributes: { 'occi.compute.cores': 1 } });
    await create(harness, { kind: `${INFRA}compute`, title: 'b', attributes: { 'occi.compute.cores': 4 } });
    await create(harness, {
      kind: `${INFRA}compute`,
      title: 'c',
      mixins: ['http://occi.example/os_tpl#debian-12'],
      attributes: { 'occi.compute.cores': 1 },
    });
    const { page, problems } = await harness.open(
      `#/list?collection=${encodeURIComponent(`${INFRA}compute`)}&number=2`,
      ignore401,
    );
    await signInWithToken(harness, page);
    await page.getByRole('heading', { name: 'Compute Resource', level: 1 }).waitFor();
    await page.getByRole('status').getByText('2 entities on page 1').waitFor();
    expect(await rows(page).count()).toBe(3); // a header and two entities
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByRole('status').getByText('1 entity on page 2').waitFor();
    expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    expect(new URL(page.url()).hash).toContain('page=2');

    await page.getByText('Filter', { exact: true }).click();
    await page.getByLabel('Category').selectOption({ label: 'Debian GNU/Linux 12 (bookworm) (mixin)' });
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await page.getByRole('status').getByText('1 entity on page 1').waitFor();
    await page.getByRole('link', { name: 'c', exact: true }).waitFor();

    await page.getByLabel('Category').selectOption('');
    await page.getByLabel('Attribute').selectOption('occi.compute.cores');
    await page.getByLabel('Value').fill('4');
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await page.getByRole('status').getByText('1 entity on page 1').waitFor();
    await page.getByRole('link', { name: 'b', exact: true }).waitFor();
    expect(problems()).toEqual([]);
  });

  it("shows the server's refusal beside the field it names (a link to a storage deleted meanwhile)", async () => {
    const compute = await create(harness, { kind: `${INFRA}compute`, title: 'host' });
    const storage = await create(harness, {
      kind: `${INFRA}storage`,
      title: 'gone',
      attributes: { 'occi.storage.size': 1 },
    });
    const { page, problems } = await harness.open(
      `#/new?kind=${encodeURIComponent(`${INFRA}storagelink`)}&source=${encodeURIComponent(compute)}`,
      { ignore: [/status of 401/, /status of 400/] },
    );
    await signInWithToken(harness, page);
    await page.getByLabel('Target kind').selectOption({ label: 'Storage Resource' });
    await page.getByLabel('Target resource').selectOption({ label: `gone — ${storage}` });
    expect((await harness.server.request(storage, { method: 'DELETE', user: 'alice' })).status).toBe(200);
    await page.getByRole('button', { name: 'Create StorageLink Link' }).click();
    await page
      .getByRole('alert')
      .getByText(`Not created: link target ${storage} does not exist (400)`)
      .waitFor();
    const target = page.getByLabel('Target resource');
    expect(await target.getAttribute('aria-invalid')).toBe('true');
    expect(await description(page, target)).toBe(`link target ${storage} does not exist`);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('target-entity');
    expect(problems()).toEqual([]);
  });

  it('edits mutable attributes only, and shows the change', async () => {
    const compute = await create(harness, { kind: `${INFRA}compute`, title: 'edit-me' });
    const { page, problems } = await harness.open(`#/edit?at=${encodeURIComponent(compute)}`, ignore401);
    await signInWithToken(harness, page);
    await page.getByRole('heading', { name: 'Edit edit-me', level: 1 }).waitFor();
    // Immutable (Core §5.2): shown, not editable.
    expect(await page.getByLabel('occi.compute.state', { exact: false }).first().isDisabled()).toBe(true);
    await page.getByLabel('occi.compute.memory').fill('-1');
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('alert')
      .getByText('Not saved: attribute occi.compute.memory: -1 is below the minimum 0')
      .waitFor();
    await page.getByLabel('occi.compute.memory').fill('2.5');
    await page.getByLabel('Title').fill('edited');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'edited', level: 1 }).waitFor();
    await page.getByRole('row', { name: 'occi.compute.memory 2.5', exact: true }).waitFor();
    expect(problems()).toEqual([]);
  });

  it('defines a user mixin, adds a compute to its collection and removes it, then removes the mixin', async () => {
    const compute = await create(harness, { kind: `${INFRA}compute`, title: 'member' });
    const { page, problems } = await harness.open('#/mixins', ignore401);
    await signInWithToken(harness, page);
    await page.getByRole('heading', { name: 'Mixins', level: 1 }).waitFor();
    await page.getByLabel('Term').fill('web');
    await page.getByLabel('Title').fill('Web servers');
    await page.getByLabel('Compute Resource').check();
    await page.getByRole('button', { name: 'Define mixin' }).click();
    await page
      .getByRole('status')
      .getByText(/Defined mixin .*web at \/web\//)
      .waitFor();
    await page.getByRole('link', { name: 'Web servers' }).waitFor();

    await page.goto(`${harness.server.consoleUrl}#/entity?at=${encodeURIComponent(compute)}`);
    await page.getByRole('heading', { name: 'member', level: 1 }).waitFor();
    await page.getByLabel('Add to mixin').selectOption({ label: 'Web servers' });
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('button', { name: 'Remove from Web servers' }).waitFor();
    const members = await harness.server.request('/web/', {
      user: 'alice',
      headers: { accept: 'text/uri-list' },
    });
    expect((await members.text()).trim()).toBe(`${harness.server.url}${compute}`);
    await page.getByRole('button', { name: 'Remove from Web servers' }).click();
    await page.getByRole('status').getByText('Removed from Web servers').waitFor();
    const after = await harness.server.request('/web/', {
      user: 'alice',
      headers: { accept: 'text/uri-list' },
    });
    expect((await after.text()).trim()).toBe('');

    await page.getByRole('link', { name: 'Mixins', exact: true }).click();
    await page
      .getByLabel('Mixin to remove')
      .selectOption({ label: `Web servers — ${harness.server.url}/occi/user#web` });
    await page.getByRole('button', { name: 'Remove mixin' }).click();
    await page
      .getByRole('status')
      .getByText(/Removed mixin/)
      .waitFor();
    expect(await page.getByRole('link', { name: 'Web servers' }).count()).toBe(0);
    expect(problems()).toEqual([]);
  });

  it('works from the keyboard: a skip link first, the focus on the new page title after a navigation', async () => {
    const { page, problems } = await harness.open('#/', ignore401);
    await signInWithToken(harness, page);
    // After the sign-in, the new page's title has the focus.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('OCCI console');
    // Loaded afresh (the token stays for the tab), the first Tab reaches the skip link.
    await page.reload();
    await page.getByRole('heading', { name: 'OCCI console', level: 1 }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.getByRole('link', { name: 'Storage Resource', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Storage Resource', level: 1 }).waitFor();
    expect(
      await page.evaluate(() => [document.activeElement?.tagName, document.activeElement?.textContent]),
    ).toEqual(['H1', 'Storage Resource']);
    // Every form control has a label (no unnamed inputs for screen readers).
    const unlabelled = await page.evaluate(
      () =>
        [...document.querySelectorAll('input, select, textarea')].filter(
          (e) => !(e as HTMLInputElement).labels?.length && !e.getAttribute('aria-label'),
        ).length,
    );
    expect(unlabelled).toBe(0);
    expect(problems()).toEqual([]);
  });
});

describe.skipIf(missing)('the console on a server without authentication', () => {
  const harness = useConsole({ users: false });

  it('needs no sign-in', async () => {
    const { page, problems } = await harness.open('#/');
    await page.getByRole('heading', { name: 'OCCI console', level: 1 }).waitFor();
    expect(await page.getByRole('button', { name: /Sign out/ }).count()).toBe(0);
    expect(problems()).toEqual([]);
  });
});
