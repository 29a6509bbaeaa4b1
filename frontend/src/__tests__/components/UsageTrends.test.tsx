import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { prepareTrendSeries } from '../../charts/prepareTrendSeries.ts';
import { UsageTrends } from '../../components/billing/UsageTrends.tsx';
import { makeDashboard, makeTrends } from '../../test/fixtures.ts';
import { renderWithProviders } from '../../test/render.tsx';
import type { TimeRange } from '../../types/billing.ts';

// Wrapped so the test can count how often the series is prepared.
vi.mock('../../charts/prepareTrendSeries.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../charts/prepareTrendSeries.ts')>();
  return { ...original, prepareTrendSeries: vi.fn(original.prepareTrendSeries) };
});

const trends = makeTrends(12);
const { projections } = makeDashboard();

function tableRows() {
  return within(screen.getByTestId('trend-table')).getAllByRole('row').slice(1);
}

/** The component with its range held in state, as a page holds it. */
function Controlled({ initial = '6m' as TimeRange }) {
  const [range, setRange] = useState<TimeRange>(initial);
  return (
    <UsageTrends
      trends={trends}
      timeRange={range}
      onTimeRangeChange={(r) => setRange(r as TimeRange)}
      projections={projections}
    />
  );
}

describe('UsageTrends', { timeout: 15_000 }, () => {
  it('shows as many months as the range asks for', () => {
    const { rerender } = renderWithProviders(
      <UsageTrends trends={trends} timeRange="3m" onTimeRangeChange={() => {}} />,
    );
    expect(tableRows()).toHaveLength(3);
    expect(tableRows()[0]).toHaveTextContent('Mar 2026');
    rerender(<UsageTrends trends={trends} timeRange="12m" onTimeRangeChange={() => {}} />);
    expect(tableRows()).toHaveLength(12);
  });

  it('reports a range change and marks the chosen range as pressed', async () => {
    const onTimeRangeChange = vi.fn();
    renderWithProviders(<UsageTrends trends={trends} timeRange="6m" onTimeRangeChange={onTimeRangeChange} />);
    expect(screen.getByRole('button', { name: '6 months' })).toHaveAttribute('aria-pressed', 'true');
    await userEvent.click(screen.getByRole('button', { name: '12 months' }));
    expect(onTimeRangeChange).toHaveBeenCalledWith('12m');
  });

  it('switches between cost, calls and tokens', async () => {
    renderWithProviders(<Controlled />);
    expect(screen.getByTestId('trend-chart')).toHaveAttribute('data-metric', 'cost');
    expect(tableRows().at(-1)).toHaveTextContent('$21.00');
    await userEvent.click(screen.getByRole('button', { name: 'API calls' }));
    expect(screen.getByRole('button', { name: 'API calls' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByTestId('trend-chart')).toHaveAttribute('data-metric', 'calls');
    expect(
      within(screen.getByTestId('trend-table')).getByRole('columnheader', { name: 'API calls' }),
    ).toBeInTheDocument();
    expect(tableRows().at(-1)).toHaveTextContent('1,800');
    await userEvent.click(screen.getByRole('button', { name: 'Tokens' }));
    expect(tableRows().at(-1)).toHaveTextContent('180K');
  });

  it('draws a line for the total, each provider with usage, and the projection', () => {
    renderWithProviders(<Controlled />);
    // Total + OpenAI + Anthropic; the seven unused providers get no line.
    expect(screen.getByTestId('trend-chart')).toHaveAttribute('data-series-count', '3');
    const legend = screen.getByRole('list', { name: 'Legend' });
    expect(
      within(legend)
        .getAllByRole('listitem')
        .map((li) => li.textContent?.trim()),
    ).toEqual(['Total', 'OpenAI', 'Anthropic', 'Projected']);
    expect(document.querySelectorAll('.recharts-line')).toHaveLength(4);
  });

  it('marks the peak month', async () => {
    renderWithProviders(<Controlled initial="12m" />);
    expect(screen.getByTestId('trend-peak')).toHaveTextContent('Feb 2026 · $90.00');
    expect(screen.getByText('Peak')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: '3 months' }));
    // Feb is outside the last three months: the peak moves to the highest month still shown.
    expect(screen.getByTestId('trend-peak')).toHaveTextContent('May 2026 · $21.00');
  });

  it('shows this month’s projected end value for each metric', async () => {
    renderWithProviders(<Controlled />);
    expect(screen.getByTestId('trend-projection')).toHaveTextContent('$45.37');
    await userEvent.click(screen.getByRole('button', { name: 'API calls' }));
    // 1,800 calls so far at 48.38 % of the month.
    expect(screen.getByTestId('trend-projection')).toHaveTextContent('3,721');
  });

  it('shows no projection without the dashboard’s projections', () => {
    renderWithProviders(<UsageTrends trends={trends} timeRange="6m" onTimeRangeChange={() => {}} />);
    expect(screen.getByTestId('trend-projection')).toHaveTextContent('Not available');
  });

  it('prepares the series again only when data, metric or range change', async () => {
    const onTimeRangeChange = () => {};
    const { rerender } = renderWithProviders(
      <UsageTrends
        trends={trends}
        timeRange="6m"
        onTimeRangeChange={onTimeRangeChange}
        projections={projections}
      />,
    );
    const prepare = vi.mocked(prepareTrendSeries);
    const afterMount = prepare.mock.calls.length;
    // A parent re-render with the same data (e.g. a live update elsewhere on the page).
    rerender(
      <UsageTrends
        trends={trends}
        timeRange="6m"
        onTimeRangeChange={onTimeRangeChange}
        projections={projections}
      />,
    );
    expect(prepare.mock.calls.length).toBe(afterMount);
    await userEvent.click(screen.getByRole('button', { name: 'Tokens' }));
    expect(prepare.mock.calls.length).toBe(afterMount + 1);
  });
});
