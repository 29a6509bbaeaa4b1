import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { TrendRow, TrendSeries } from '../../charts/prepareTrendSeries.ts';
import { TrendLegend } from '../../components/billing/TrendLegend.tsx';
import { TrendSummary } from '../../components/billing/TrendSummary.tsx';
import { TrendTable } from '../../components/billing/TrendTable.tsx';

const row = (period: string, fullLabel: string, total: number | null): TrendRow => ({
  period,
  label: fullLabel.slice(0, 3),
  fullLabel,
  total,
  projected: null,
  band: null,
});

/** Two months, the second without a value, no provider lines, no peak and no projection. */
const sparse: TrendSeries = {
  rows: [row('2026-04', 'Apr 2026', 0), row('2026-05', 'May 2026', null)],
  lines: [],
  peak: null,
  projection: null,
};

describe('the trend chart’s parts', () => {
  it('keys only the total when no provider has a line and nothing is projected', () => {
    render(<TrendLegend series={sparse} />);
    const items = within(screen.getByRole('list', { name: 'Legend' })).getAllByRole('listitem');
    expect(items.map((item) => item.textContent?.trim())).toEqual(['Total']);
  });

  it('says when the range has no usage and nothing can be projected', () => {
    render(<TrendSummary series={sparse} metric="cost" />);
    expect(screen.getByTestId('trend-peak')).toHaveTextContent('No usage in this range');
    expect(screen.getByTestId('trend-projection')).toHaveTextContent('Not available');
  });

  it('tables every month in the metric’s format, a month without a value as a dash', () => {
    render(<TrendTable series={sparse} metric="cost" />);
    const rows = within(screen.getByTestId('trend-table')).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual(['Apr 2026$0.00', 'May 2026—']);
  });
});
