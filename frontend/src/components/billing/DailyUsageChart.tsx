import type { ProviderDetails } from '@spendscope/contracts';
import { useReducedMotionConfig } from 'motion/react';
import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { prepareDailySeries } from '../../charts/prepareDailySeries.ts';
import { formatCompact, formatCurrency, formatCurrencyCompact, formatInteger } from '../../lib/format.ts';
import { axisTick, chartTheme } from '../../theme/chartTheme.ts';
import { providerColors } from '../../theme/palette.ts';
import { ChartFrame } from '../charts/ChartFrame.tsx';
import { ChartTooltipBox } from '../charts/ChartTooltip.tsx';

/** Daily spend of one provider over the period, in the provider's colour. */
export function DailyUsageChart({ details }: { details: ProviderDetails }) {
  const rows = useMemo(() => prepareDailySeries(details), [details]);
  const shouldReduceMotion = useReducedMotionConfig() ?? false;
  return (
    <ChartFrame label={`Daily spend for ${details.provider} in ${details.billing_period}`}>
      {({ width, height }) => (
        <BarChart width={width} height={height} data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid {...chartTheme.grid} vertical={false} />
          <XAxis dataKey="label" stroke={chartTheme.axis.stroke} tick={axisTick} minTickGap={16} />
          <YAxis
            stroke={chartTheme.axis.stroke}
            tick={axisTick}
            tickFormatter={formatCurrencyCompact}
            width={56}
          />
          <Tooltip
            cursor={{ fill: chartTheme.grid.stroke, opacity: 0.4 }}
            content={({ active, activeIndex }) => {
              const row = rows[Number(activeIndex)];
              if (!active || !row) return null;
              return (
                <ChartTooltipBox>
                  <p className="font-semibold">{row.label}</p>
                  <p>{formatCurrency(row.cost)}</p>
                  <p>
                    {formatInteger(row.calls)} calls · {formatCompact(row.tokens)} tokens
                  </p>
                </ChartTooltipBox>
              );
            }}
          />
          <Bar
            dataKey="cost"
            fill={providerColors[details.provider]}
            radius={[3, 3, 0, 0]}
            isAnimationActive={!shouldReduceMotion}
          />
        </BarChart>
      )}
    </ChartFrame>
  );
}
