import { expect, type Page, test } from '@playwright/test';
import type { UsageStats } from '@spendscope/contracts';
import { apiGet, count, dollars, E2E_SECRET, expectLive, openDashboard, tokenFor } from './support.ts';

const ALICE = 'demo-alice';
const ALICE_NAME = 'Alice Chen';

/** Billing data the page received with a 2xx reply, by API path. */
function recordBillingReplies(page: Page): string[] {
  const paths: string[] = [];
  page.on('response', (response) => {
    const { pathname } = new URL(response.url());
    if (pathname.startsWith('/api/billing/') && response.ok()) paths.push(pathname);
  });
  return paths;
}

async function expectExpiredScreen(page: Page): Promise<void> {
  const screen = page.getByTestId('session-expired');
  await expect(screen).toBeVisible();
  await expect(screen.getByRole('heading', { level: 1 })).toHaveText('Your sign-in has expired');
  await expect(screen).toContainText('Open a fresh dashboard link from your app to continue.');
  await expect(page.getByTestId('total-cost')).toHaveCount(0);
  await expect(page.getByRole('navigation')).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText(ALICE_NAME);
}

/** Seconds since the epoch at which a JWT stops being valid. */
function expiresAt(token: string): number {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
    exp: number;
  };
  return payload.exp;
}

async function waitUntilExpired(page: Page, token: string): Promise<void> {
  const wait = expiresAt(token) * 1000 - Date.now() + 200;
  if (wait > 0) await page.waitForTimeout(wait);
}

test.describe('sign-in links', () => {
  test('an expired link says so and shows nobody’s data', async ({ page }) => {
    // Expired a minute ago.
    const token = tokenFor(ALICE, { ttlSeconds: -60 });
    const replies = recordBillingReplies(page);
    await openDashboard(page, '/billing', token);
    await expectExpiredScreen(page);
    expect(replies).toEqual([]);
  });

  test('a link signed with another secret is refused the same way', async ({ page }) => {
    const token = tokenFor(ALICE, { secret: `not-${E2E_SECRET}` });
    const replies = recordBillingReplies(page);
    await openDashboard(page, '/billing', token);
    await expectExpiredScreen(page);
    expect(replies).toEqual([]);
  });

  test('a link that expires while the page is open takes the data off the screen', async ({ page }) => {
    const token = tokenFor(ALICE, { ttlSeconds: 3 });
    await openDashboard(page, '/billing', token);
    await expect(page.getByText(ALICE_NAME).first()).toBeAttached();
    await expect(page.getByTestId('total-cost')).toBeVisible();
    await waitUntilExpired(page, token);

    // The next request the page makes is refused: the whole app switches to the expired screen.
    await page.getByRole('link', { name: 'Trends' }).click();
    await expectExpiredScreen(page);
  });

  test('a user cannot see someone else’s data by asking for it', async ({ page, request }) => {
    const bob = 'demo-bob';
    const token = tokenFor(bob);
    const own = await apiGet<UsageStats>(request, `/api/billing/usage/${bob}`, token);
    const refused = await request.get(`/api/billing/dashboard/${ALICE}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(refused.status()).toBe(403);

    const replies = recordBillingReplies(page);
    await openDashboard(page, `/billing?user=${ALICE}`, token);
    await expectLive(page);
    // `?user=` is ignored for someone who is not an admin: Bob sees Bob.
    await expect(page.getByTestId('total-calls')).toHaveText(count(own.total_calls));
    await expect(page.getByTestId('total-cost')).toHaveText(dollars(own.total_cost));
    await expect(page.getByText(`· ${own.plan.name} plan`)).toBeVisible();
    await expect(page.getByText('as an administrator')).toHaveCount(0);
    await expect(page.locator('body')).not.toContainText(ALICE_NAME);
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.filter((path) => path.includes(ALICE))).toEqual([]);
  });

  test('without a link the page explains how to get one', async ({ page }) => {
    await page.goto('/billing');
    const screen = page.getByTestId('sign-in-required');
    await expect(screen.getByRole('heading', { level: 1 })).toHaveText('Sign in to see your usage');
    await expect(page.getByTestId('total-cost')).toHaveCount(0);
  });
});
