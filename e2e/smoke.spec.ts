import { expect, test } from '@playwright/test';
import { tokenFor } from './support.ts';

test('the server is alive and serves the dashboard for an app route', async ({ page, request }) => {
  const health = await request.get('/api/health');
  expect(health.ok()).toBe(true);
  await page.goto(`/billing?token=${tokenFor('demo-alice')}`);
  await expect(page.locator('#root')).not.toBeEmpty();
});
