import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { E2E_SECRET, openDashboard, tokenFor } from './support.ts';

type Screen = {
  name: string;
  path: string;
  /** Who opens it: a user id, `admin`, or no token at all. */
  as: string | null;
  /** Controls that must be among those Tab reaches, by accessible name. */
  keyControls?: (string | RegExp)[];
  /** Sign with another secret (the refused-link screen). */
  isForeignToken?: boolean;
};

const NAV = ['Skip to content', 'Overview', 'Trends', /^Alerts/, 'Plans', 'Pricing', 'Monitoring'];

const SCREENS: Screen[] = [
  {
    name: 'overview',
    path: '/billing',
    as: 'demo-alice',
    keyControls: [...NAV, 'Export CSV', 'View details', 'Upgrade plan', /^Gemini/, 'All alerts', 'Refresh'],
  },
  {
    name: 'trends',
    path: '/billing/trends',
    as: 'demo-alice',
    keyControls: [
      ...NAV,
      'Cost',
      'API calls',
      'Tokens',
      '3 months',
      '12 months',
      'Show as table',
      /^Gemini [\d.]+% of spend \$/,
    ],
  },
  {
    name: 'provider drill-down',
    path: '/billing/providers/gemini',
    as: 'demo-alice',
    keyControls: [...NAV, '← Back to overview', /^Period/, 'Export CSV'],
  },
  { name: 'plans', path: '/billing/plans', as: 'demo-bob', keyControls: [...NAV, 'What Pro gives you'] },
  {
    name: 'plans, as admin for a user',
    path: '/billing/plans?user=demo-bob',
    as: 'admin',
    keyControls: ['Back to all users', 'Move to Pro', 'Move to Basic', 'Admin'],
  },
  {
    name: 'pricing',
    path: '/billing/pricing',
    as: 'demo-alice',
    keyControls: [...NAV, /^Model/, /^Provider/, 'Next'],
  },
  {
    name: 'alerts',
    path: '/billing/alerts',
    as: 'demo-bob',
    keyControls: [...NAV, 'All', 'Unread', /^Mark as read: ./],
  },
  { name: 'monitoring', path: '/monitoring', as: 'demo-alice', keyControls: [...NAV, 'Refresh'] },
  {
    name: 'monitoring, as admin',
    path: '/monitoring',
    as: 'admin',
    keyControls: [...NAV, 'Refresh', '5 min', '24 hours'],
  },
  {
    name: 'users, as admin',
    path: '/admin/users',
    as: 'admin',
    keyControls: ['Admin', /^Find a user/, 'Alice Chen'],
  },
  {
    name: 'ingestion keys, as admin',
    path: '/admin/keys',
    as: 'admin',
    keyControls: ['Admin', 'Key name', 'Create key'],
  },
  {
    name: 'plan settings, as admin',
    path: '/admin/plans',
    as: 'admin',
    keyControls: ['Admin', 'Monthly price ($)', 'Save Pro', 'Reset'],
  },
  {
    name: 'alert channels, as admin',
    path: '/admin/channels',
    as: 'admin',
    keyControls: ['Admin', 'Kind', 'Channel name', 'Add channel'],
  },
  {
    name: 'page not found',
    path: '/billing/nothing-here',
    as: 'demo-alice',
    keyControls: ['Go to the billing overview'],
  },
  { name: 'signed-out screen', path: '/billing', as: null },
  { name: 'refused-link screen', path: '/billing', as: 'demo-alice', isForeignToken: true },
];

async function open(page: Page, screen: Screen): Promise<void> {
  if (screen.as === null) {
    await page.goto(screen.path);
  } else {
    const admin = screen.as === 'admin';
    const secret = screen.isForeignToken ? `not-${E2E_SECRET}` : undefined;
    await openDashboard(page, screen.path, tokenFor(screen.as, { admin, secret }));
  }
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // Nothing still loading, and entrance animations finished (they fade colours in).
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await page.waitForFunction(
    () => document.getAnimations().every((animation) => animation.playState !== 'running'),
    undefined,
    { timeout: 5000 },
  );
}

/** Every control a person could operate: visible, enabled, and not taken out of the tab order. */
async function markControls(page: Page): Promise<number> {
  return page.evaluate(() => {
    const selector =
      'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea, summary, [tabindex]:not([tabindex="-1"])';
    let index = 0;
    for (const element of document.querySelectorAll<HTMLElement>(selector)) {
      if (element.tabIndex < 0 || !element.checkVisibility({ visibilityProperty: true })) continue;
      element.dataset.e2eControl = String(index++);
    }
    return index;
  });
}

type Focused = { control: string | null; name: string };

/** Presses Tab until focus has gone once round the page, recording every element that takes focus. */
async function tabThrough(page: Page, controls: number): Promise<Focused[]> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    const stops: { control: string | null; name: string }[] = [];
    Object.assign(window, { e2eFocusStops: stops });
    document.addEventListener('focusin', (event) => {
      const element = event.target as HTMLElement;
      const label =
        element.getAttribute('aria-label') ??
        ((element as HTMLInputElement).labels?.[0]?.textContent ||
          element.textContent ||
          element.getAttribute('title') ||
          '');
      stops.push({ control: element.dataset.e2eControl ?? null, name: label.replace(/\s+/g, ' ').trim() });
    });
  });
  let stops: Focused[] = [];
  // Pressed in rounds of (controls + 2), reading the log in between: one evaluate per round, not per key.
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < controls + 2; i++) await page.keyboard.press('Tab');
    stops = await page.evaluate(() => (window as unknown as { e2eFocusStops: Focused[] }).e2eFocusStops);
    const again = stops.findIndex(
      (stop, i) => i > 0 && stop.control !== null && stop.control === stops[0]?.control,
    );
    if (again > 0) return stops.slice(0, again);
  }
  return stops;
}

test.describe('accessibility', () => {
  for (const screen of SCREENS) {
    test(`${screen.name}: no serious or critical axe violations, and Tab reaches every control`, async ({
      page,
    }) => {
      await open(page, screen);

      const results = await new AxeBuilder({ page }).analyze();
      const blocking = results.violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(blocking, 'serious or critical axe violations').toEqual([]);

      const total = await markControls(page);
      const stops = await tabThrough(page, total);
      // Every Tab stop is a control a person can see and use: no invisible or nameless stops.
      const strays = stops.filter((stop) => stop.control === null);
      expect(strays, `Tab stops that are not controls (stops: ${JSON.stringify(stops)})`).toEqual([]);
      const reached = new Set(stops.map((stop) => stop.control).filter((control) => control !== null));
      const missed = await page.evaluate(
        (seen) =>
          [...document.querySelectorAll<HTMLElement>('[data-e2e-control]')]
            .filter((element) => !seen.includes(element.dataset.e2eControl ?? ''))
            .map((element) => element.outerHTML.slice(0, 160)),
        [...reached] as string[],
      );
      expect(missed, 'controls Tab never reaches').toEqual([]);
      const names = stops.map((stop) => stop.name);
      for (const control of screen.keyControls ?? []) {
        expect(
          names.some((name) => (typeof control === 'string' ? name === control : control.test(name))),
          `Tab reaches "${control}" (reached: ${names.join(' | ')})`,
        ).toBe(true);
      }
    });
  }

  test('the keyboard alone gets from the overview to a plan and a provider’s details', async ({ page }) => {
    await openDashboard(page, '/billing', tokenFor('demo-alice'));
    await expect(page.getByTestId('total-cost')).toBeVisible();

    // The skip link comes first and jumps past the header.
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();

    await focusByTab(page, 'Upgrade plan');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Plans' })).toBeVisible();

    await page.goBack();
    await expect(page.getByTestId('total-cost')).toBeVisible();
    await focusByTab(page, /^Gemini/);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Gemini' })).toBeVisible();
    await expect(page.getByTestId('model-table')).toBeVisible();
  });

  test('on a phone the menu opens, closes and navigates by keyboard', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 800 });
    await openDashboard(page, '/billing', tokenFor('demo-alice'));
    await expect(page.getByTestId('total-cost')).toBeVisible();
    const menu = page.getByRole('button', { name: 'Open menu' });
    await focusByTab(page, 'Open menu');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: 'Close menu' })).toHaveAttribute('aria-expanded', 'true');
    await focusByTab(page, 'Trends');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Usage details' })).toBeVisible();
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
  });
});

/** Presses Tab until the control named `name` has focus. */
async function focusByTab(page: Page, name: string | RegExp): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const current = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      return (element?.getAttribute('aria-label') ?? element?.textContent ?? '').replace(/\s+/g, ' ').trim();
    });
    if (typeof name === 'string' ? current === name : name.test(current)) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}
