import {
  type CostProjections,
  PROVIDER_LABELS,
  PROVIDERS,
  type Provider,
  type UsageTrends,
} from '@spendscope/contracts';
import { formatPeriod, formatPeriodShort } from '../lib/format.ts';
import { providerColors } from '../theme/palette.ts';
import type { TimeRange, TrendMetric } from '../types/billing.ts';

export const RANGE_MONTHS: Record<TimeRange, number> = { '3m': 3, '6m': 6, '12m': 12 };

export const METRIC_LABELS: Record<TrendMetric, string> = {
  cost: 'Cost',
  calls: 'API calls',
  tokens: 'Tokens',
};

/** One month on the x axis. `null` means "no value" and is drawn as a gap, never as zero. */
export type TrendRow = {
  period: string;
  label: string;
  fullLabel: string;
  total: number | null;
  /** The dashed projection: last complete month, then this month's projected end value. */
  projected: number | null;
  /** The forecast's P10–P90 band: the last complete month's total, then this month's range. */
  band: [number, number] | null;
} & Partial<Record<Provider, number | null>>;

export type TrendLine = { provider: Provider; label: string; color: string };

export type TrendPoint = { period: string; label: string; value: number };

export type TrendSeries = {
  rows: TrendRow[];
  /** Providers with any use in the range, in provider order (stable colours and legend order). */
  lines: TrendLine[];
  peak: TrendPoint | null;
  projection: TrendPoint | null;
};

const TOTAL_KEY: Record<TrendMetric, 'total_cost' | 'total_calls' | 'total_tokens'> = {
  cost: 'total_cost',
  calls: 'total_calls',
  tokens: 'total_tokens',
};

const valueAt = (series: number[] | undefined, index: number): number | null => series?.[index] ?? null;

/**
 * This month's forecast end value and its P10–P90 range: the server's forecast of cost, calls or
 * tokens (docs/forecasting.md); for an older server without the calls and tokens forecasts, so far ÷
 * elapsed fraction of the period, without a range. Null when there is nothing to project.
 */
function projectCurrent(
  metric: TrendMetric,
  soFar: number | null,
  projections: CostProjections,
): { value: number; low?: number | undefined; high?: number | undefined } | null {
  if (metric === 'cost') {
    return {
      value: projections.projected_monthly_cost,
      low: projections.projected_monthly_cost_low,
      high: projections.projected_monthly_cost_high,
    };
  }
  const forecast = metric === 'calls' ? projections.calls_forecast : projections.tokens_forecast;
  if (forecast)
    return { value: forecast.projected, low: forecast.projected_low, high: forecast.projected_high };
  if (soFar === null || projections.elapsed_fraction <= 0) return null;
  return { value: Math.round(soFar / projections.elapsed_fraction) };
}

/** Turns the API's trends into chart rows for one metric and range, with the peak and projection. */
export function prepareTrendSeries(
  trends: UsageTrends,
  options: { metric: TrendMetric; range: TimeRange; projections?: CostProjections | undefined },
): TrendSeries {
  const { metric, range, projections } = options;
  const start = Math.max(0, trends.periods.length - RANGE_MONTHS[range]);
  const totals = trends[TOTAL_KEY[metric]];

  const rows: TrendRow[] = trends.periods.slice(start).map((period, offset) => {
    const index = start + offset;
    const row: TrendRow = {
      period,
      label: formatPeriodShort(period),
      fullLabel: formatPeriod(period),
      total: valueAt(totals, index),
      projected: null,
      band: null,
    };
    for (const provider of PROVIDERS)
      row[provider] = valueAt(trends.provider_trends[provider][metric], index);
    return row;
  });

  const lines = PROVIDERS.filter((provider) => rows.some((row) => (row[provider] ?? 0) > 0)).map(
    (provider) => ({ provider, label: PROVIDER_LABELS[provider], color: providerColors[provider] }),
  );

  let peak: TrendPoint | null = null;
  for (const row of rows) {
    if (row.total !== null && row.total > 0 && (peak === null || row.total > peak.value)) {
      peak = { period: row.period, label: row.label, value: row.total };
    }
  }

  let projection: TrendPoint | null = null;
  const last = rows.at(-1);
  if (projections && last && last.period === projections.billing_period) {
    const forecast = projectCurrent(metric, last.total, projections);
    if (forecast !== null) {
      const { value, low, high } = forecast;
      projection = { period: last.period, label: last.label, value };
      last.projected = value;
      const previous = rows.at(-2);
      if (previous) previous.projected = previous.total;
      if (low !== undefined && high !== undefined) {
        last.band = [low, high];
        if (previous?.total != null) previous.band = [previous.total, previous.total];
      }
    }
  }

  return { rows, lines, peak, projection };
}
