import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { calls, expectLive, freshUserId, openDashboard, report, tokenFor } from './support.ts';

const adminToken = () => tokenFor('admin', { admin: true });

type Received = { headers: IncomingHttpHeaders; body: string };

/** A webhook receiver on loopback: answers 200 and keeps each request it got. */
async function startReceiver(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  // Two above the suite's first server port (that one and the next are the suite's servers).
  const port = Number(process.env.E2E_PORT ?? 8390) + 2;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/spendscope`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function expectAxeClean(page: Page): Promise<void> {
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

test.describe('operator console', () => {
  test('an admin creates an ingestion key: shown once, working at once, gone after a reload', async ({
    page,
    request,
  }) => {
    await openDashboard(page, '/admin/keys', adminToken());
    await expect(page.getByRole('heading', { level: 1, name: 'Ingestion keys' })).toBeVisible();
    await expectAxeClean(page);

    const name = `e2e key ${Date.now()}`;
    await page.getByLabel('Key name').fill(name);
    await page.getByRole('button', { name: 'Create key' }).click();
    const reveal = page.getByTestId('new-key-secret');
    await expect(reveal).toContainText('only time it is shown');
    const secret = (await reveal.getByTestId('new-key-value').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^sk_/);
    await expectAxeClean(page);

    // The key works for reporting right away.
    const reported = await request.post('/api/usage/events', {
      headers: { Authorization: `Bearer ${secret}` },
      data: { events: [{ event_id: `key-${Date.now()}`, user_id: freshUserId('key'), provider: 'serper' }] },
    });
    expect(reported.status()).toBe(200);

    await page.reload();
    const row = page.getByRole('row', { name: new RegExp(name) });
    await expect(row).toBeVisible();
    await expect(row).toContainText(secret.slice(0, 10));
    await expect(page.getByTestId('new-key-secret')).toHaveCount(0);
    await expect(page.getByText(secret)).toHaveCount(0);
    // The report above was the key's first use.
    await expect(row).not.toContainText('Never');

    await row.getByRole('button', { name: `Revoke ${name}` }).click();
    await page.getByRole('button', { name: 'Yes, revoke' }).click();
    await expect(row).toContainText('Revoked');
    const refused = await request.post('/api/usage/events', {
      headers: { Authorization: `Bearer ${secret}` },
      data: {
        events: [{ event_id: `key-${Date.now()}-2`, user_id: freshUserId('key'), provider: 'serper' }],
      },
    });
    expect(refused.status()).toBe(401);
  });

  test("an admin edits a plan's limit and a signed-in user's page shows it live", async ({
    browser,
    page,
    request,
  }) => {
    // A new user on Free (10 Firecrawl calls a month) with 2 calls: 20 % used.
    const user = freshUserId('plan-live');
    await report(request, calls(2, user, 'firecrawl'));
    const userContext = await browser.newContext();
    const userPage = await userContext.newPage();
    try {
      await openDashboard(userPage, '/billing', tokenFor(user));
      await expectLive(userPage);
      const limit = userPage.getByTestId('limit-firecrawl_calls');
      await expect(limit).toContainText('20% used');
      await userPage.evaluate(() => Object.assign(window, { e2eSameDocument: true }));

      await openDashboard(page, '/admin/plans', adminToken());
      const free = page.getByTestId('plan-form-free');
      await expect(free).toBeVisible();
      await expectAxeClean(page);
      // A bad value is explained and not sent.
      await free.getByLabel('Firecrawl calls').fill('2.5');
      await free.getByRole('button', { name: 'Save Free' }).click();
      await expect(free.getByLabel('Firecrawl calls')).toHaveAttribute('aria-invalid', 'true');
      await expect(free).toContainText('whole number');

      await free.getByLabel('Firecrawl calls').fill('40');
      await free.getByRole('button', { name: 'Save Free' }).click();
      await expect(free).toContainText('Saved. Users on Free see the new terms now.');

      // 2 of 40, on the page the user already had open.
      await expect(limit).toContainText('5% used');
      expect(await userPage.evaluate(() => (window as { e2eSameDocument?: boolean }).e2eSameDocument)).toBe(
        true,
      );
    } finally {
      await userContext.close();
      // Other specs share this server and its Free plan.
      const restored = await request.patch('/api/admin/plans/free', {
        headers: { Authorization: `Bearer ${adminToken()}` },
        data: { limits: { firecrawl_calls: 10 } },
      });
      expect(restored.status()).toBe(200);
    }
  });

  test('an admin adds a webhook channel, sends a test and sees it delivered in the log', async ({ page }) => {
    const receiver = await startReceiver();
    try {
      await openDashboard(page, '/admin/channels', adminToken());
      await expect(page.getByRole('heading', { level: 1, name: 'Alert channels' })).toBeVisible();
      await expectAxeClean(page);

      const name = `e2e hook ${Date.now()}`;
      const form = page.getByRole('form', { name: 'Add a channel' });
      await form.getByLabel('Kind').selectOption('webhook');
      await form.getByLabel('Channel name').fill(name);
      await form.getByLabel('Webhook URL').fill(receiver.url);
      await form.getByRole('button', { name: 'Add channel' }).click();
      await expect(page.getByTestId('new-channel-secret')).toContainText('whsec_');

      const card = page.locator('li', { has: page.getByRole('heading', { name }) });
      await expect(card).toContainText('Enabled');
      await card.getByRole('button', { name: 'Send test' }).click();
      const log = card.getByRole('region', { name: `Deliveries to ${name}` });
      const row = log.getByRole('row').filter({ hasText: 'Test' });
      await expect(row).toContainText('Delivered', { timeout: 15_000 });
      await expect(row).toContainText('200');
      await expectAxeClean(page);

      // The receiver got one signed request.
      expect(receiver.received).toHaveLength(1);
      const [delivery] = receiver.received;
      expect(delivery?.headers['webhook-id']).toMatch(/^msg_/);
      expect(delivery?.headers['webhook-signature']).toMatch(/^v1,/);

      await card.getByRole('button', { name: 'Disable' }).click();
      await expect(card).toContainText('Disabled');
    } finally {
      await receiver.close();
    }
  });

  test('the admin menu is reachable by keyboard and leads to each console page', async ({ page }) => {
    await openDashboard(page, '/billing', adminToken());
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const menu = page.getByRole('button', { name: 'Admin' });
    await menu.focus();
    await page.keyboard.press('Enter');
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
    await page.keyboard.press('Escape');
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await expect(menu).toBeFocused();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Ingestion keys' })).toBeFocused();
    await expect(page.getByRole('link', { name: 'Alert channels' })).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/admin\/keys/);
    await expect(page.getByRole('heading', { level: 1, name: 'Ingestion keys' })).toBeVisible();
  });
});
