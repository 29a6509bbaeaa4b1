import { expect, test } from '@playwright/test';
import type { DashboardData, WhatIfResponse } from '@spendscope/contracts';
import { apiGet, dollars, openDashboard, tokenFor } from './support.ts';

const USER = 'demo-alice';

for (const width of [375, 1280]) {
  test.describe(`forecasts at ${width} px`, () => {
    // Reduced motion: the screenshots show the final numbers and lines, not an animation's frame.
    test.use({ viewport: { width, height: 900 }, reducedMotion: 'reduce' });

    test('the overview gives the forecast range and the trends chart shades it', async ({
      page,
      request,
    }) => {
      const token = tokenFor(USER);
      const api = await apiGet<DashboardData>(request, `/api/billing/dashboard/${USER}`, token);
      const p = api.projections;
      // The demo users have weeks of history: the forecast has a range.
      expect(p.forecast_basis).toBe('history');
      const low = p.projected_monthly_cost_low as number;
      const high = p.projected_monthly_cost_high as number;
      expect(low).toBeLessThanOrEqual(p.projected_monthly_cost);
      expect(high).toBeGreaterThanOrEqual(p.projected_monthly_cost);

      await openDashboard(page, '/billing', token);
      const card = page
        .getByTestId('projected-cost')
        .locator('xpath=ancestor::*[self::section or self::div][1]/..');
      await expect(card).toContainText(`likely ${dollars(low)}–${dollars(high)}`);
      // The nearest cap's run-out (or that it is reached) follows the range.
      const nearest = p.limit_forecasts?.find((f) => f.reached || f.limit_date || f.limit_date_earliest);
      if (nearest) await expect(card).toContainText(nearest.reached ? 'cap reached' : 'cap');
      await page.screenshot({ path: `test-results/forecast-overview-${width}.png`, fullPage: true });

      await openDashboard(page, '/billing/trends', token);
      const chart = page.getByTestId('trend-chart');
      await expect(chart.locator('.recharts-area-area')).toHaveCount(1);
      await chart.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `test-results/forecast-trends-${width}.png`, fullPage: true });
    });
  });
}

test.describe('what-if pricing in a provider drill-down', () => {
  test.use({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });

  test('re-prices the period under a chosen model, per model and in total', async ({ page, request }) => {
    const token = tokenFor(USER);
    await openDashboard(page, '/billing/providers/openai', token);
    const panel = page.getByTestId('what-if');
    await panel.scrollIntoViewIfNeeded();
    const select = panel.getByRole('combobox');
    await expect(select.locator('option')).not.toHaveCount(1);
    const model = 'gpt-4o-mini';
    await select.selectOption(model);
    const reply = await apiGet<WhatIfResponse>(
      request,
      `/api/billing/usage/${USER}/providers/openai/what-if?model=${model}`,
      token,
    );
    expect(reply.models.length).toBeGreaterThan(0);
    await expect(panel.getByTestId('what-if-total')).toContainText(
      `With ${model}: ${dollars(reply.what_if_cost)} instead of ${dollars(reply.actual_cost)}`,
    );
    await expect(panel.getByTestId('what-if-row')).toHaveCount(reply.models.length);
    await page.screenshot({ path: 'test-results/forecast-what-if-1280.png', fullPage: true });
  });
});
