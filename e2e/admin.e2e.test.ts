import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../backend/test/server.js';
import { TEST_DB_KIND } from '../backend/test/db.js';
import { serverAndBrowser, signIn } from './support/browser.js';

describe(`user administration in Chromium (${TEST_DB_KIND})`, () => {
  const env = serverAndBrowser();

  it('creates an operator who signs in with the temporary password, and disabling them ends their open console', async () => {
    // The administrator lands on the accounts list and creates an operator.
    const admin = await (await env.browser.newContext({ locale: 'en-GB' })).newPage();
    await signIn(admin, env.server.url, 'admin', DEMO_PASSWORD);
    await admin.waitForURL(/\/admin\/users$/);
    const form = admin.locator('section', {
      has: admin.getByRole('heading', { name: 'New account' }),
    });
    await form.getByLabel('Username').fill('e2e.operator');
    await form.getByLabel('Name shown in the console').fill('接线员 测试');
    await form.getByLabel('Role').selectOption('operator');
    await form.getByRole('button', { name: 'Create account' }).click();
    const notice = admin.getByRole('region', { name: 'Account e2e.operator created.' });
    await notice.getByText('shown only once', { exact: false }).waitFor();
    const password = await notice.getByLabel('Temporary password').inputValue();
    expect(password.length).toBeGreaterThanOrEqual(12);
    await admin.getByRole('rowheader', { name: 'e2e.operator' }).waitFor();
    await admin.getByRole('button', { name: 'Sign out' }).click();
    await admin.waitForURL(/\/login$/);

    // The new operator signs in with it, must first choose a password of their own, and then
    // sees the queue, live.
    const operator = await (await env.browser.newContext({ locale: 'en-GB' })).newPage();
    await signIn(operator, env.server.url, 'e2e.operator', password);
    await operator.getByRole('heading', { name: 'Choose your own password' }).waitFor();
    await operator.getByLabel('Temporary password').fill(password);
    await operator.getByLabel('New password', { exact: true }).fill('接线员的新密码-2026');
    await operator.getByLabel('New password again').fill('接线员的新密码-2026');
    await operator.getByRole('button', { name: 'Save the new password' }).click();
    await operator.getByRole('heading', { name: 'Open cases' }).waitFor();
    await operator.locator('.connection--connected').waitFor();
    let reloads = 0;
    operator.on('load', () => reloads++);

    // The administrator signs back in and disables the account, after confirming.
    await signIn(admin, env.server.url, 'admin', DEMO_PASSWORD);
    await admin.waitForURL(/\/admin\/users$/);
    const row = admin.getByRole('row', { name: /e2e\.operator/ });
    await row.getByRole('button', { name: 'Disable' }).click();
    await admin.getByText('Disable e2e.operator?', { exact: false }).waitFor();
    await admin.getByRole('button', { name: 'Yes, continue' }).click();
    await admin.getByText('e2e.operator is disabled and has been signed out.').waitFor();
    expect(await row.textContent()).toContain('Disabled');

    // The operator's open console is signed out by itself, without a reload.
    await operator.waitForURL(/\/login$/, { timeout: 15_000 });
    await operator.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(reloads).toBe(0);

    // And their password no longer gets them in.
    await operator.locator('#login-username').fill('e2e.operator');
    await operator.locator('#login-password').fill('接线员的新密码-2026');
    await operator.locator('button[type=submit]').click();
    await expect
      .poll(async () => (await operator.getByRole('alert').textContent()) ?? '')
      .not.toBe('');
    expect(operator.url()).toMatch(/\/login$/);
  });
});
