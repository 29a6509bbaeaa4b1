import { expect, test } from '@playwright/test';
import { call, freshUserId, openDashboard, report, tokenFor } from './support.ts';

/** Model names a hostile (or careless) app could report; each would run script if rendered as HTML. */
const HOSTILE_MODELS = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=2</script>',
  '"><svg onload="window.__xss=3">',
  "javascript:window.__xss=4//'",
];

test.describe('strings from reports cannot run script in the dashboard', () => {
  const userId = freshUserId('xss');

  test.beforeAll(async ({ request }) => {
    await report(
      request,
      HOSTILE_MODELS.map((model) =>
        call(userId, 'openai', {
          model,
          input_tokens: 100,
          output_tokens: 20,
          endpoint: '<img src=x onerror="window.__xss=5">',
          error: '<script>window.__xss=6</script>',
          status_code: 500,
        }),
      ),
    );
  });

  test('the provider drill-down shows hostile model names as text and nothing runs', async ({ page }) => {
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const response = await page.goto(
      `/billing/providers/openai?token=${encodeURIComponent(tokenFor(userId))}`,
    );
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("script-src-attr 'none'");

    const table = page.getByTestId('model-table');
    await expect(table).toBeVisible();
    for (const model of HOSTILE_MODELS) {
      await expect(page.getByTestId(`model-row-${model}`)).toContainText(model);
    }
    await expect(table.locator('img, script, svg[onload]')).toHaveCount(0);
    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  test('the CSP blocks inline handlers even if markup ever reached the page', async ({ page }) => {
    await openDashboard(page, '/billing', tokenFor(userId));
    await expect(page.locator('#root')).not.toBeEmpty();
    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    // Plant a handler by hand, as a rendering bug would, and see the browser refuse to run it.
    const outcome = await page.evaluate(
      () =>
        new Promise<{ ran: boolean; blocked: string }>((resolve) => {
          const finish = (blocked: string) =>
            resolve({ ran: (window as { __csp?: unknown }).__csp !== undefined, blocked });
          document.addEventListener('securitypolicyviolation', (e) => finish(e.effectiveDirective));
          setTimeout(() => finish('no violation reported'), 5000);
          const holder = document.createElement('div');
          holder.innerHTML = '<img src="/nowhere.png" onerror="window.__csp=1">';
          document.body.append(holder);
        }),
    );
    expect(outcome).toEqual({ ran: false, blocked: 'script-src-attr' });
  });

  test('every page of the dashboard works under the CSP: no violation reported', async ({ page }) => {
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as { __violations?: string[] }).__violations = seen;
      document.addEventListener('securitypolicyviolation', (e) =>
        seen.push(`${e.effectiveDirective} ${e.blockedURI}`),
      );
    });
    const console: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) console.push(message.text());
    });
    const admin = tokenFor('admin', { admin: true });
    const pages = [
      `/billing?token=${tokenFor('demo-alice')}`,
      `/billing/trends?token=${tokenFor('demo-alice')}`,
      `/billing/providers/openai?token=${tokenFor('demo-alice')}`,
      `/billing/plans?token=${tokenFor('demo-alice')}`,
      `/billing/pricing?token=${tokenFor('demo-alice')}`,
      `/billing/alerts?token=${tokenFor('demo-alice')}`,
      `/monitoring?token=${admin}`,
      `/admin/users?token=${admin}`,
    ];
    for (const path of pages) {
      await page.goto(path);
      await expect(page.locator('main')).toBeVisible();
      await page.waitForLoadState('networkidle');
      const violations = await page.evaluate(() => (window as { __violations?: string[] }).__violations);
      expect(violations, path).toEqual([]);
    }
    expect(console).toEqual([]);
  });
});
