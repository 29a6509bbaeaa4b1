import { expect, test } from '@playwright/test';
import type { UsageStats } from '@spendscope/contracts';
import { apiGet, calls, expectLive, freshUserId, openDashboard, report, tokenFor } from './support.ts';

test.describe('plans', () => {
  test('the current plan is marked; an admin moves the user to Pro and limits and percentages follow', async ({
    browser,
    page,
    request,
  }) => {
    // A Free user with 40 of 100 Gemini calls and 50K of 100K Gemini tokens.
    const user = freshUserId('plans');
    await report(
      request,
      calls(40, user, 'gemini', { model: 'gemini-2.5-flash', input_tokens: 1000, output_tokens: 250 }),
    );
    const token = tokenFor(user);

    // The user sees their plan marked, and no way to change it themselves.
    await openDashboard(page, '/billing/plans', token);
    await expect(page.getByRole('region', { name: 'Free plan (current plan)' })).toBeVisible();
    await expect(page.getByTestId('plan-free').getByTestId('current-plan')).toHaveText('Current plan');
    await expect(page.getByTestId('current-plan')).toHaveCount(1);
    await expect(page.getByRole('button', { name: /^Move to / })).toHaveCount(0);
    await page.getByRole('button', { name: 'What Pro gives you' }).click();
    await expect(page.getByTestId('upgrade-details-pro')).toContainText('Compared with Free you get');

    // Their overview stays open while the admin acts.
    await page.getByRole('link', { name: 'Overview' }).click();
    await expectLive(page);
    const geminiCalls = page.getByTestId('limit-gemini_calls');
    const geminiTokens = page.getByTestId('limit-gemini_tokens');
    await expect(geminiCalls).toContainText('40 / 100');
    await expect(geminiCalls).toContainText('40% used');
    await expect(geminiTokens).toContainText('50% used');
    // Free does not include OpenAI; Pro does.
    await expect(page.getByTestId('limit-openai_calls')).toHaveCount(0);

    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    try {
      await openDashboard(admin, `/billing/plans?user=${user}`, tokenFor('admin', { admin: true }));
      await expect(admin.getByText(`Viewing ${user} as an administrator.`)).toBeVisible();
      await expect(admin.getByTestId('plan-free').getByTestId('current-plan')).toBeVisible();
      await admin.getByRole('button', { name: 'Move to Pro' }).click();
      await expect(admin.getByRole('status').filter({ hasText: `Moved ${user} to Pro.` })).toBeVisible();
      await expect(admin.getByRole('region', { name: 'Pro plan (current plan)' })).toBeVisible();
      await expect(admin.getByTestId('plan-free').getByTestId('current-plan')).toHaveCount(0);
      await expect(admin.getByRole('button', { name: 'Move to Free' })).toBeVisible();
    } finally {
      await adminContext.close();
    }

    const stats = await apiGet<UsageStats>(request, `/api/billing/usage/${user}`, token);
    expect(stats.plan.id).toBe('pro');
    expect(stats.limits.limits.gemini_calls).toBe(5000);

    // The user's open overview follows without a reload: Pro's limits, smaller percentages.
    await expect(page.getByText('· Pro plan')).toBeVisible({ timeout: 5000 });
    await expect(geminiCalls).toContainText('40 / 5K');
    await expect(geminiCalls).toContainText(`${stats.usage_percentages.gemini_calls.toFixed(0)}% used`);
    await expect(geminiTokens).toContainText('50K / 5M');
    await expect(geminiTokens).toContainText(`${stats.usage_percentages.gemini_tokens.toFixed(0)}% used`);
    await expect(page.getByTestId('limit-openai_calls')).toContainText('0 / 2.5K');

    await page.getByRole('link', { name: 'Plans' }).click();
    await expect(page.getByRole('region', { name: 'Pro plan (current plan)' })).toBeVisible();
  });
});
