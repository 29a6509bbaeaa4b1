import type { TrendSeries } from '../../charts/prepareTrendSeries.ts';
import { formatPeriod } from '../../lib/format.ts';
import { typography } from '../../theme/typography.ts';
import type { TrendMetric } from '../../types/billing.ts';
import { TREND_FORMATTERS } from './trendFormatters.ts';

type TrendSummaryProps = { series: TrendSeries; metric: TrendMetric };

/** The range's peak month and this month's projected end value, in words. */
export function TrendSummary({ series, metric }: TrendSummaryProps) {
  const format = TREND_FORMATTERS[metric].value;
  return (
    <dl className="mt-4 grid grid-cols-1 gap-3 text-sm sm:grid-cols-2">
      <div className="rounded-lg bg-gray-50 p-3">
        <dt className={typography.caption}>Peak month</dt>
        <dd className="font-semibold text-gray-900" data-testid="trend-peak">
          {series.peak
            ? `${formatPeriod(series.peak.period)} · ${format(series.peak.value)}`
            : 'No usage in this range'}
        </dd>
      </div>
      <div className="rounded-lg bg-gray-50 p-3">
        <dt className={typography.caption}>Projected this month</dt>
        <dd className="font-semibold text-gray-900" data-testid="trend-projection">
          {series.projection ? format(series.projection.value) : 'Not available'}
        </dd>
      </div>
    </dl>
  );
}
