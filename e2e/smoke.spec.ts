import { expect, test } from '@playwright/test';
import { tokenFromCli } from './support.ts';

test('the server is alive and serves the dashboard for an app route, signed in with a CLI token', async ({
  page,
  request,
}) => {
  const health = await request.get('/api/health');
  expect(health.ok()).toBe(true);
  await page.goto(`/billing?token=${tokenFromCli('demo-alice')}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Billing overview' })).toBeVisible();
});
