import { expect, type Locator, type Page, test } from '@playwright/test';
import type { DashboardData, Provider, ProviderDetails } from '@spendscope/contracts';
import {
  apiGet,
  call,
  calls,
  compact,
  count,
  dollars,
  freshUserId,
  openDashboard,
  report,
  tokenFor,
} from './support.ts';

/** The 15th of the month `monthsAgo` months before this one, at noon UTC. */
function midMonth(monthsAgo: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo, 15, 12)).toISOString();
}

/** `Nov`, `Dec`…: the x-axis labels of the last `months` months, oldest first. */
function monthLabels(months: number): string[] {
  const now = new Date();
  const short = new Intl.DateTimeFormat('en-US', { month: 'short', timeZone: 'UTC' });
  return Array.from({ length: months }, (_, i) =>
    short.format(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1 - i), 1))),
  );
}

async function axisTicks(chart: Locator, axis: 'x' | 'y'): Promise<string[]> {
  const texts = await chart
    .locator(`.recharts-${axis}Axis-tick-labels .recharts-cartesian-axis-tick-value`)
    .allTextContents();
  return texts.map((t) => t.trim());
}

async function legend(page: Page): Promise<string[]> {
  const items = await page.getByRole('list', { name: 'Legend' }).getByRole('listitem').allTextContents();
  return items.map((t) => t.trim());
}

/**
 * Clicks a pie slice where a person would: on a point that the slice itself covers (a donut
 * slice's bounding box centre is often in the hole or on a neighbour), once the pie has stopped
 * animating in.
 */
async function clickSlice(page: Page, slice: Locator): Promise<void> {
  // Away from the chart first: a hovered slice is drawn again on top, with its tooltip.
  await page.mouse.move(0, 0);
  await expect(slice).toBeVisible();
  let previous = '';
  await expect
    .poll(
      async () => {
        const shape = (await slice.getAttribute('d')) ?? '';
        const isStill = shape !== '' && shape === previous;
        previous = shape;
        return isStill;
      },
      { intervals: [150] },
    )
    .toBe(true);
  await slice.scrollIntoViewIfNeeded();
  const point = await slice.evaluate((element) => {
    const box = element.getBoundingClientRect();
    for (let i = 1; i < 16; i++) {
      for (let j = 1; j < 16; j++) {
        const x = box.left + (box.width * i) / 16;
        const y = box.top + (box.height * j) / 16;
        if (document.elementFromPoint(x, y) === element) return { x, y };
      }
    }
    return null;
  });
  expect(point, 'a visible point of the slice').not.toBeNull();
  await page.mouse.click(point?.x ?? 0, point?.y ?? 0);
}

test.describe('trends', () => {
  test('3, 6 and 12 months and cost, calls and tokens change the lines and the axes', async ({
    page,
    request,
  }) => {
    // A user whose providers differ by month: OpenAI 10 months ago, Anthropic 4 months ago,
    // Gemini and Tavily (a search API: calls and cost, no tokens) this month.
    const user = freshUserId('trends');
    const llm = { input_tokens: 6000, output_tokens: 2000 };
    await report(request, [
      ...calls(3, user, 'openai', { model: 'gpt-4o', occurred_at: midMonth(10), ...llm }),
      ...calls(2, user, 'anthropic', { model: 'claude-3.5-sonnet', occurred_at: midMonth(4), ...llm }),
      ...calls(4, user, 'gemini', { model: 'gemini-2.5-flash', ...llm }),
      call(user, 'tavily'),
    ]);

    await openDashboard(page, '/billing/trends', tokenFor(user));
    const chart = page.getByTestId('trend-chart');
    const figure = chart.getByRole('figure');
    const metric = page.getByRole('group', { name: 'Metric' });
    const range = page.getByRole('group', { name: 'Time range' });

    // The page opens on cost over 6 months.
    await expect(range.getByRole('button', { name: '6 months' })).toHaveAttribute('aria-pressed', 'true');
    await expect(metric.getByRole('button', { name: 'Cost' })).toHaveAttribute('aria-pressed', 'true');
    await expect(figure).toHaveAccessibleName('Cost per month, 6 months, total and per provider');
    await expect.poll(() => axisTicks(chart, 'x')).toEqual(monthLabels(6));
    await expect.poll(() => legend(page)).toEqual(['Total', 'Gemini', 'Anthropic', 'Tavily', 'Projected']);
    await expect(chart.locator('.recharts-line')).toHaveCount(3 + 2);

    await range.getByRole('button', { name: '3 months' }).click();
    await expect(figure).toHaveAccessibleName('Cost per month, 3 months, total and per provider');
    await expect.poll(() => axisTicks(chart, 'x')).toEqual(monthLabels(3));
    await expect.poll(() => legend(page)).toEqual(['Total', 'Gemini', 'Tavily', 'Projected']);
    await expect(chart.locator('.recharts-line')).toHaveCount(2 + 2);
    // Money on the y axis.
    await expect.poll(async () => (await axisTicks(chart, 'y')).every((t) => t.startsWith('$'))).toBe(true);

    await range.getByRole('button', { name: '12 months' }).click();
    await expect(figure).toHaveAccessibleName('Cost per month, 12 months, total and per provider');
    await expect.poll(() => axisTicks(chart, 'x')).toEqual(monthLabels(12));
    await expect
      .poll(() => legend(page))
      .toEqual(['Total', 'Gemini', 'OpenAI', 'Anthropic', 'Tavily', 'Projected']);
    await expect(chart.locator('.recharts-line')).toHaveCount(4 + 2);
    const costTicks = await axisTicks(chart, 'y');

    // Calls: plain counts on the y axis, the same four providers.
    await metric.getByRole('button', { name: 'API calls' }).click();
    await expect(figure).toHaveAccessibleName('API calls per month, 12 months, total and per provider');
    await expect.poll(async () => (await axisTicks(chart, 'y')).some((t) => t.includes('$'))).toBe(false);
    const callTicks = await axisTicks(chart, 'y');
    expect(callTicks).not.toEqual(costTicks);
    await expect
      .poll(() => legend(page))
      .toEqual(['Total', 'Gemini', 'OpenAI', 'Anthropic', 'Tavily', 'Projected']);

    // Tokens: thousands on the axis, and Tavily (no tokens) drops out.
    await metric.getByRole('button', { name: 'Tokens' }).click();
    await expect(figure).toHaveAccessibleName('Tokens per month, 12 months, total and per provider');
    await expect.poll(() => legend(page)).toEqual(['Total', 'Gemini', 'OpenAI', 'Anthropic', 'Projected']);
    await expect(chart.locator('.recharts-line')).toHaveCount(3 + 2);
    await expect.poll(async () => (await axisTicks(chart, 'y')).some((t) => /\d[KM]$/.test(t))).toBe(true);

    // The table behind the chart follows the same switches.
    await page.getByText('Show as table').click();
    const table = page.getByTestId('trend-table');
    await expect(table.getByRole('columnheader', { name: 'Tokens' })).toBeVisible();
    await expect(table.locator('tbody tr')).toHaveCount(12);
    await range.getByRole('button', { name: '3 months' }).click();
    await expect(table.locator('tbody tr')).toHaveCount(3);
    await expect(table.getByRole('row').last()).toContainText(compact(4 * 8000));
  });

  test('a pie slice opens the provider drill-down with its models, and back returns', async ({
    page,
    request,
  }) => {
    const user = 'demo-alice';
    const token = tokenFor(user);
    const dashboard = await apiGet<DashboardData>(request, `/api/billing/dashboard/${user}`, token);
    const breakdown = dashboard.current_usage.provider_breakdown;
    const [biggest] = (Object.keys(breakdown) as Provider[]).sort(
      (a, b) => breakdown[b].cost - breakdown[a].cost,
    );
    if (!biggest) throw new Error('the demo user has no spend');
    const details = await apiGet<ProviderDetails>(
      request,
      `/api/billing/usage/${user}/providers/${biggest}`,
      token,
    );
    expect(details.models.length).toBeGreaterThan(0);

    await openDashboard(page, '/billing/trends', token);
    await expect(page.getByRole('heading', { level: 1, name: 'Usage details' })).toBeVisible();
    await clickSlice(page, page.getByTestId(`pie-slice-${biggest}`));

    await expect(page).toHaveURL(new RegExp(`/billing/providers/${biggest}$`));
    await expect(page.getByTestId('provider-cost')).toHaveText(dollars(details.cost));
    await expect(page.getByTestId('provider-calls')).toHaveText(count(details.calls));
    const rows = page.getByTestId('model-table').locator('tbody tr');
    await expect(rows).toHaveCount(details.models.length);
    for (const model of details.models) {
      const row = page.getByTestId(`model-row-${model.model}`);
      await expect(row.getByRole('rowheader')).toContainText(model.model);
      await expect(row).toContainText(dollars(model.cost));
    }
    await expect(page.getByRole('figure', { name: /^Daily spend for / })).toBeVisible();

    // The browser's back button returns to the chart.
    await page.goBack();
    await expect(page).toHaveURL(/\/billing\/trends/);
    await expect(page.getByTestId(`pie-slice-${biggest}`)).toBeVisible();

    // The drill-down's own link leads to the overview.
    await clickSlice(page, page.getByTestId(`pie-slice-${biggest}`));
    await page.getByRole('link', { name: '← Back to overview' }).click();
    await expect(page).toHaveURL(/\/billing$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Billing overview' })).toBeVisible();
  });
});
