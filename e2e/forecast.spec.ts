import { expect, test } from '@playwright/test';
import type { DashboardData } from '@spendscope/contracts';
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
      await page.screenshot({ path: `test-results/forecast-overview-${width}.png`, fullPage: true });

      await openDashboard(page, '/billing/trends', token);
      const chart = page.getByTestId('trend-chart');
      await expect(chart.locator('.recharts-area-area')).toHaveCount(1);
      await chart.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `test-results/forecast-trends-${width}.png`, fullPage: true });
    });
  });
}
