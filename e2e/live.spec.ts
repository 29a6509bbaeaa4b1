import { expect, test, type WebSocketRoute } from '@playwright/test';
import type { UsageStats } from '@spendscope/contracts';
import {
  apiGet,
  calls,
  dollars,
  expectLive,
  freshUserId,
  openDashboard,
  report,
  tokenFor,
} from './support.ts';

/** A pushed update must reach the screen this fast after the report is acknowledged. */
const PUSH_DEADLINE_MS = 2000;

test.describe('live updates', () => {
  test('a reported batch shows up within 2 s without a reload, and crossing 80 % and 100 % raises alerts', async ({
    page,
    request,
  }) => {
    // A new user on the Free plan: 5 Stability calls a month, so a few calls cross each threshold.
    const user = freshUserId('live');
    await report(request, calls(1, user, 'stability'));
    const token = tokenFor(user);

    await openDashboard(page, '/billing', token);
    await expectLive(page);
    await expect(page.getByTestId('total-calls')).toHaveText('1');
    await expect(page.getByTestId('limit-stability_calls')).toContainText('20% used');
    await expect(page.getByText('No alerts this period.')).toBeVisible();
    await expect(page.getByTestId('unread-badge')).toHaveCount(0);
    await page.evaluate(() => {
      Object.assign(window, { e2eSameDocument: true });
    });

    // 4 of 5: the 80 % threshold.
    await report(request, calls(3, user, 'stability'));
    await expect(page.getByTestId('total-calls')).toHaveText('4', { timeout: PUSH_DEADLINE_MS });
    const at80 = await apiGet<UsageStats>(request, `/api/billing/usage/${user}`, token);
    await expect(page.getByTestId('total-cost')).toHaveText(dollars(at80.total_cost), {
      timeout: PUSH_DEADLINE_MS,
    });
    const stabilityLimit = page.getByTestId('limit-stability_calls');
    await expect(stabilityLimit).toContainText('80% used');
    await expect(stabilityLimit).toHaveAttribute('data-status', 'warning');
    await expect(page.getByTestId('usage-status')).toHaveText('Approaching a limit');
    const recentAlerts = page.getByRole('list', { name: 'Alerts' });
    await expect(recentAlerts).toContainText('Stability calls at 80% of your limit', {
      timeout: PUSH_DEADLINE_MS,
    });
    await expect(page.getByTestId('unread-badge')).toHaveText('1 unread');

    // 5 of 5: 90 % and 100 % in one report.
    await report(request, calls(1, user, 'stability'));
    await expect(page.getByTestId('total-calls')).toHaveText('5', { timeout: PUSH_DEADLINE_MS });
    await expect(stabilityLimit).toContainText('100% used');
    await expect(stabilityLimit).toHaveAttribute('data-status', 'limit_reached');
    await expect(page.getByTestId('usage-status')).toHaveText('Limit reached');
    await expect(recentAlerts).toContainText('Stability calls limit reached', { timeout: PUSH_DEADLINE_MS });
    await expect(recentAlerts).toContainText('Stability calls at 90% of your limit');
    await expect(page.getByTestId('unread-badge')).toHaveText('3 unread');

    // All of it arrived in the same document: no reload happened.
    expect(await page.evaluate(() => 'e2eSameDocument' in window)).toBe(true);
  });

  test('when the server drops the live connection the page says Reconnecting, comes back Live and catches up', async ({
    page,
    request,
  }) => {
    const user = freshUserId('reconnect');
    await report(request, calls(2, user, 'serper'));

    // The socket runs through a proxy that can cut it from the server's side and, for a while,
    // refuse new connections the way a server that is going away does.
    let isRefusing = false;
    let current: { client: WebSocketRoute; server: WebSocketRoute } | undefined;
    await page.routeWebSocket(/\/ws\/billing\//, (client) => {
      if (isRefusing) {
        client.close({ code: 1013, reason: 'Try again later' });
        return;
      }
      current = { client, server: client.connectToServer() };
    });

    await openDashboard(page, '/billing', tokenFor(user));
    await expectLive(page);
    await expect(page.getByTestId('total-calls')).toHaveText('2');

    isRefusing = true;
    expect(current).toBeDefined();
    await current?.server.close({ code: 1001, reason: 'Going away' });
    await current?.client.close({ code: 1012, reason: 'Service restart' });
    await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'reconnecting');
    await expect(page.getByTestId('live-status')).toHaveText('Reconnecting…');

    // Calls reported while the page is cut off do not reach it...
    await report(request, calls(3, user, 'serper'));
    await page.waitForTimeout(1000);
    await expect(page.getByTestId('live-status')).toHaveAttribute('data-status', 'reconnecting');
    await expect(page.getByTestId('total-calls')).toHaveText('2');

    // ...until it is back: Live again, and the missed calls are on screen.
    isRefusing = false;
    await expectLive(page, 15_000);
    await expect(page.getByTestId('total-calls')).toHaveText('5', { timeout: 5000 });
  });
});
