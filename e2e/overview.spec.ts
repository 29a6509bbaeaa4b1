import { expect, test } from '@playwright/test';
import type { DashboardData, Provider, SystemHealth } from '@spendscope/contracts';
import { apiGet, compact, count, dollars, expectLive, openDashboard, tokenFor } from './support.ts';

const USER = 'demo-alice';

test.describe('the demo link', () => {
  test('shows the same numbers as the API, a pie slice per provider with spend, and the system status', async ({
    page,
    request,
  }) => {
    const token = tokenFor(USER);
    const api = await apiGet<DashboardData>(request, `/api/billing/dashboard/${USER}`, token);
    const usage = api.current_usage;
    expect(usage.total_calls).toBeGreaterThan(0);

    await openDashboard(page, '/billing', token);
    await expect(page.getByRole('heading', { level: 1, name: 'Billing overview' })).toBeVisible();
    // The token left the address bar as soon as the page read it.
    expect(page.url()).not.toContain('token=');
    await expectLive(page);

    await expect(page.getByText(`· ${usage.plan.name} plan`)).toBeVisible();
    await expect(page.getByTestId('total-cost')).toHaveText(dollars(usage.total_cost));
    await expect(page.getByTestId('total-calls')).toHaveText(count(usage.total_calls));
    await expect(page.getByTestId('total-tokens')).toHaveText(compact(usage.total_tokens));
    await expect(page.getByTestId('error-rate')).toHaveText(`${usage.error_rate.toFixed(1)}%`);
    const projected = Number(await page.getByTestId('projected-cost').getAttribute('data-value'));
    expect(projected).toBeCloseTo(api.projections.projected_monthly_cost, 2);

    // Every capped limit shows the API's percentage (the cost cap's is named `cost`).
    for (const [key, limit] of Object.entries(usage.limits.limits)) {
      const bar = page.getByTestId(`limit-${key}`);
      if (limit <= 0) {
        await expect(bar).toHaveCount(0);
        continue;
      }
      const percentKey = key === 'monthly_cost' ? 'cost' : key;
      const percent = usage.usage_percentages[percentKey as keyof typeof usage.usage_percentages];
      await expect(bar).toContainText(`${percent.toFixed(0)}% used`);
    }

    // The provider split lists exactly the providers with usage, with their spend.
    const used = (Object.entries(usage.provider_breakdown) as [Provider, { calls: number; cost: number }][])
      .filter(([, p]) => p.calls > 0 || p.cost > 0)
      .map(([provider]) => provider);
    const rows = page.locator('[data-testid^="provider-row-"]');
    await expect(rows).toHaveCount(used.length);
    for (const provider of used) {
      await expect(page.getByTestId(`provider-row-${provider}`)).toContainText(
        dollars(usage.provider_breakdown[provider].cost),
      );
    }

    // The health card shows one of the three statuses, in words and colour.
    const health = page.getByTestId('health-status');
    await expect(health).toHaveText(/^(Healthy|Degraded|Critical)$/);
    const status = await health.getAttribute('data-status');
    const apiHealth = await apiGet<SystemHealth>(request, '/api/monitoring/health', token);
    expect(['healthy', 'warning', 'critical']).toContain(status);
    expect(['healthy', 'warning', 'critical']).toContain(apiHealth.status);

    // "View details" leads to the pie: one slice per provider with spend, nothing for the others.
    await page.getByRole('button', { name: 'View details' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Usage details' })).toBeVisible();
    const withSpend = used.filter((provider) => usage.provider_breakdown[provider].cost > 0);
    const slices = page.locator('[data-testid^="pie-slice-"]');
    await expect(slices).toHaveCount(withSpend.length);
    for (const provider of withSpend) {
      await expect(page.getByTestId(`pie-slice-${provider}`)).toBeVisible();
    }
    await expect(page.getByRole('figure', { name: /Pie chart of spend by provider/ })).toHaveAccessibleName(
      `Pie chart of spend by provider, total ${dollars(usage.total_cost)}`,
    );
  });
});
