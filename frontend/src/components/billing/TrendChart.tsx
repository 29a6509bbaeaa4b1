import { useReducedMotionConfig } from 'motion/react';
import { Area, CartesianGrid, ComposedChart, Line, ReferenceDot, Tooltip, XAxis, YAxis } from 'recharts';
import { METRIC_LABELS, type TrendSeries } from '../../charts/prepareTrendSeries.ts';
import { axisTick, chartTheme } from '../../theme/chartTheme.ts';
import { colors, neutrals } from '../../theme/palette.ts';
import type { TrendMetric } from '../../types/billing.ts';
import { ChartFrame } from '../charts/ChartFrame.tsx';
import { ChartTooltipBox } from '../charts/ChartTooltip.tsx';
import { TREND_FORMATTERS } from './trendFormatters.ts';

type TrendChartProps = { series: TrendSeries; metric: TrendMetric };

/**
 * The trend lines: the total, one line per provider, this month's projection (dashed) with its likely
 * range, and the peak month marked.
 */
export function TrendChart({ series, metric }: TrendChartProps) {
  const shouldReduceMotion = useReducedMotionConfig() ?? false;
  const format = TREND_FORMATTERS[metric];

  return (
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
  );
}
