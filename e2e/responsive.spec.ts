import { expect, type Page, test } from '@playwright/test';
import { openDashboard, tokenFor } from './support.ts';

const WIDTHS = [
  { width: 375, columns: 1 },
  { width: 768, columns: 2 },
  { width: 1280, columns: 3 },
] as const;

const METRICS = [
  'total-cost',
  'total-calls',
  'total-tokens',
  'projected-cost',
  'avg-response-time',
  'error-rate',
];

/** Pages with wide content (tables), beside the overview and trends that are checked in detail. */
const OTHER_PAGES = ['/billing/providers/gemini', '/billing/plans', '/billing/pricing'];

async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.scrollingElement?.scrollWidth ?? 0,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(innerWidth);
}

/** How many columns the six headline cards sit in, judged by where they are drawn. */
async function metricColumns(page: Page): Promise<number> {
  const lefts = new Set<number>();
  for (const id of METRICS) {
    const card = page.getByTestId(id).locator('xpath=ancestor::section[1]');
    const box = await card.boundingBox();
    if (box) lefts.add(Math.round(box.x));
  }
  return lefts.size;
}

/** A chart is drawn, has a size, and fits across the screen. */
async function expectChartFits(page: Page, name: RegExp, width: number): Promise<void> {
  const figure = page.getByRole('figure', { name });
  await expect(figure.locator('svg.recharts-surface')).toBeVisible();
  const box = await figure.locator('svg.recharts-surface').boundingBox();
  expect(box?.width ?? 0).toBeGreaterThan(100);
  expect(box?.height ?? 0).toBeGreaterThan(100);
  expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(width);
}

test.describe('responsive layout', () => {
  for (const { width, columns } of WIDTHS) {
    test(`at ${width} px: no sideways scrolling, ${columns} column(s) of cards, charts on screen`, async ({
      page,
    }) => {
      await page.setViewportSize({ width, height: 900 });
      await openDashboard(page, '/billing', tokenFor('demo-alice'));
      await expect(page.getByTestId('total-cost')).toBeVisible();
      await expect.poll(() => metricColumns(page)).toBe(columns);
      await expectNoHorizontalScroll(page);
      // Text in the small stat tiles is not cut off.
      for (const id of ['health-error-rate', 'health-avg-ms', 'health-p95-ms', 'health-requests']) {
        const tile = page.getByTestId(id);
        await expect(tile).toBeVisible();
        const isCut = await tile.evaluate((element) => element.scrollWidth > element.clientWidth);
        expect(isCut, `${id} is cut off`).toBe(false);
      }

      await page.goto('/billing/trends');
      await expectChartFits(page, /per month/, width);
      await expectChartFits(page, /Pie chart of spend by provider/, width);
      await expect(page.locator('[data-testid^="pie-slice-"]').first()).toBeVisible();
      await expectNoHorizontalScroll(page);

      for (const path of OTHER_PAGES) {
        await page.goto(path);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
        await expectNoHorizontalScroll(page);
      }
    });
  }
});
