import { expect, test } from '@playwright/test';
import type { AlertsResponse } from '@spendscope/contracts';
import { apiGet, calls, freshUserId, openDashboard, report, tokenFor } from './support.ts';

test.describe('alerts', () => {
  test('marking one read drops the unread badge, and a reload keeps it read', async ({ page, request }) => {
    // 5 of the Free plan's 5 Stability calls: alerts at 80 %, 90 % and 100 %.
    const user = freshUserId('alerts');
    await report(request, calls(5, user, 'stability'));
    const token = tokenFor(user);

    await openDashboard(page, '/billing/alerts', token);
    await expect(page.getByRole('heading', { level: 1, name: 'Alerts' })).toBeVisible();
    const badge = page.getByTestId('unread-badge');
    await expect(badge).toHaveText('3 unread');
    const list = page.getByRole('list', { name: 'Alerts' });
    await expect(list.getByRole('listitem')).toHaveCount(3);
    await expect(list).toContainText('Stability calls limit reached');

    const title = 'Stability calls at 80% of your limit';
    const item = list.getByRole('listitem').filter({ hasText: title });
    await expect(item).toHaveAttribute('data-read', 'false');
    await item.getByRole('button', { name: `Mark as read: ${title}` }).click();

    await expect(badge).toHaveText('2 unread');
    await expect(item).toHaveAttribute('data-read', 'true');
    await expect(item.getByRole('button')).toHaveCount(0);
    await expect(item).toContainText('Read');

    // The server has it too...
    await expect
      .poll(
        async () =>
          (await apiGet<AlertsResponse>(request, `/api/billing/alerts/${user}`, token)).unread_count,
      )
      .toBe(2);

    // ...so a reload shows the same.
    await page.reload();
    await expect(page.getByTestId('unread-badge')).toHaveText('2 unread');
    const reloaded = page
      .getByRole('list', { name: 'Alerts' })
      .getByRole('listitem')
      .filter({ hasText: title });
    await expect(reloaded).toHaveAttribute('data-read', 'true');
    await expect(reloaded.getByRole('button')).toHaveCount(0);

    // The unread filter leaves it out.
    await page.getByRole('group', { name: 'Show' }).getByRole('button', { name: 'Unread' }).click();
    await expect(page.getByRole('list', { name: 'Alerts' }).getByRole('listitem')).toHaveCount(2);
    await expect(page.getByRole('list', { name: 'Alerts' })).not.toContainText(title);
  });
});
