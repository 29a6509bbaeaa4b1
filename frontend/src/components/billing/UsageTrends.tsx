import type { CostProjections, UsageTrends as UsageTrendsData } from '@spendscope/contracts';
import { useReducedMotionConfig } from 'motion/react';
import { useMemo, useState } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, ReferenceDot, Tooltip, XAxis, YAxis } from 'recharts';
import { METRIC_LABELS, prepareTrendSeries, type TrendSeries } from '../../charts/prepareTrendSeries.ts';
import {
  formatCompact,
  formatCurrency,
  formatCurrencyCompact,
  formatInteger,
  formatPeriod,
} from '../../lib/format.ts';
import { axisTick, chartTheme } from '../../theme/chartTheme.ts';
import { colors, neutrals } from '../../theme/palette.ts';
import { typography } from '../../theme/typography.ts';
import type { TimeRange, TrendMetric } from '../../types/billing.ts';
import { ChartFrame } from '../charts/ChartFrame.tsx';
import { ChartTooltipBox } from '../charts/ChartTooltip.tsx';
import { SegmentedControl } from './SegmentedControl.tsx';

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

const FORMATTERS: Record<TrendMetric, { axis: (v: number) => string; value: (v: number) => string }> = {
  cost: { axis: formatCurrencyCompact, value: formatCurrency },
  calls: { axis: formatCompact, value: formatInteger },
  tokens: { axis: formatCompact, value: formatCompact },
};

function TrendSummary({ series, metric }: { series: TrendSeries; metric: TrendMetric }) {
  const format = FORMATTERS[metric].value;
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

/**
 * Usage over the last months as a multi-line chart: the total, one line per provider, this
 * month's projection (dashed) and the peak month marked. Metric and range are switchable.
 */
export function UsageTrends({ trends, timeRange, onTimeRangeChange, projections }: UsageTrendsProps) {
  const [metric, setMetric] = useState<TrendMetric>('cost');
  const series = useMemo(
    () => prepareTrendSeries(trends, { metric, range: timeRange, projections }),
    [trends, metric, timeRange, projections],
  );
  const shouldReduceMotion = useReducedMotionConfig() ?? false;
  const format = FORMATTERS[metric];

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

      <div
        className="mt-4"
        data-testid="trend-chart"
        data-metric={metric}
        data-series-count={series.lines.length + 1}
      >
        <ChartFrame
          label={`${METRIC_LABELS[metric]} per month, ${series.rows.length} months, total and per provider`}
        >
          {({ width, height }) => (
            <ComposedChart
              width={width}
              height={height}
              data={series.rows}
              margin={{ top: 16, right: 16, bottom: 0, left: 0 }}
            >
              <CartesianGrid {...chartTheme.grid} vertical={false} />
              <XAxis dataKey="label" stroke={chartTheme.axis.stroke} tick={axisTick} />
              <YAxis stroke={chartTheme.axis.stroke} tick={axisTick} tickFormatter={format.axis} width={56} />
              <Tooltip
                content={({ active, activeIndex }) => {
                  const row = series.rows[Number(activeIndex)];
                  if (!active || !row) return null;
                  return (
                    <ChartTooltipBox>
                      <p className="font-semibold">{row.fullLabel}</p>
                      <p>Total: {row.total === null ? '—' : format.value(row.total)}</p>
                      {series.lines.map((line) => (
                        <p key={line.provider}>
                          {line.label}: {format.value(row[line.provider] ?? 0)}
                        </p>
                      ))}
                      {row.projected !== null && row.period === series.projection?.period ? (
                        <p>Projected: {format.value(row.projected)}</p>
                      ) : null}
                      {row.band && row.period === series.projection?.period ? (
                        <p>
                          Likely range: {format.value(row.band[0])}–{format.value(row.band[1])}
                        </p>
                      ) : null}
                    </ChartTooltipBox>
                  );
                }}
              />
              <Area
                type="linear"
                dataKey="band"
                name="Forecast range"
                stroke="none"
                fill={neutrals.projection}
                fillOpacity={0.18}
                connectNulls={false}
                isAnimationActive={false}
              />
              {series.lines.map((line) => (
                <Line
                  key={line.provider}
                  type="monotone"
                  dataKey={line.provider}
                  name={line.label}
                  stroke={line.color}
                  strokeWidth={1.5}
                  dot={false}
                  isAnimationActive={!shouldReduceMotion}
                />
              ))}
              <Line
                type="monotone"
                dataKey="total"
                name="Total"
                stroke={neutrals.total}
                strokeWidth={2.5}
                dot={{ r: 3 }}
                isAnimationActive={!shouldReduceMotion}
              />
              <Line
                type="linear"
                dataKey="projected"
                name="Projected"
                stroke={neutrals.projection}
                strokeWidth={2}
                strokeDasharray="6 4"
                dot={false}
                isAnimationActive={false}
              />
              {series.peak ? (
                <ReferenceDot
                  x={series.peak.label}
                  y={series.peak.value}
                  r={6}
                  fill={colors.warning[500]}
                  stroke={neutrals.surface}
                  label={{
                    value: 'Peak',
                    position: 'top',
                    fill: colors.warning[900],
                    fontSize: 12,
                    fontWeight: 600,
                  }}
                />
              ) : null}
            </ComposedChart>
          )}
        </ChartFrame>
      </div>

      <ul className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-gray-600" aria-label="Legend">
        <li className="flex items-center gap-1.5">
          <span className="h-0.5 w-4" style={{ backgroundColor: neutrals.total }} aria-hidden="true" /> Total
        </li>
        {series.lines.map((line) => (
          <li key={line.provider} className="flex items-center gap-1.5">
            <span className="h-0.5 w-4" style={{ backgroundColor: line.color }} aria-hidden="true" />{' '}
            {line.label}
          </li>
        ))}
        {series.projection ? (
          <li className="flex items-center gap-1.5">
            <span className="w-4 border-t-2 border-dashed border-gray-400" aria-hidden="true" /> Projected
          </li>
        ) : null}
      </ul>

      <TrendSummary series={series} metric={metric} />

      <details className="mt-4 text-sm">
        <summary className="cursor-pointer text-gray-600">Show as table</summary>
        <div className="mt-2 overflow-x-auto">
          <table className="w-full text-left tabular-nums" data-testid="trend-table">
            <thead className="text-xs text-gray-500">
              <tr>
                <th scope="col" className="py-1 pr-4 font-medium">
                  Month
                </th>
                <th scope="col" className="py-1 font-medium">
                  {METRIC_LABELS[metric]}
                </th>
              </tr>
            </thead>
            <tbody>
              {series.rows.map((row) => (
                <tr key={row.period} className="border-t border-gray-100">
                  <th scope="row" className="py-1 pr-4 font-normal">
                    {row.fullLabel}
                  </th>
                  <td className="py-1">{row.total === null ? '—' : format.value(row.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
