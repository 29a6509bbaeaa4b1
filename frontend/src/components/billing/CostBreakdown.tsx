import type { ProviderBreakdown } from '@spendscope/contracts';
import { useReducedMotionConfig } from 'motion/react';
import { memo, useMemo, useState } from 'react';
import { Cell, Pie, PieChart, type PieLabelRenderProps, Tooltip } from 'recharts';
import { type ProviderSlice, pieSlices, prepareProviderSlices } from '../../charts/prepareProviderSlices.ts';
import { useChartSize } from '../../hooks/useMediaQuery.ts';
import {
  formatCompact,
  formatCurrency,
  formatInteger,
  formatPercent,
  formatUnitPrice,
} from '../../lib/format.ts';
import { chartTheme } from '../../theme/chartTheme.ts';
import { typography } from '../../theme/typography.ts';
import { ChartFrame } from '../charts/ChartFrame.tsx';
import { ChartTooltipBox } from '../charts/ChartTooltip.tsx';
import { ProviderCostRow } from './ProviderCostRow.tsx';

export interface CostBreakdownProps {
  providerBreakdown: ProviderBreakdown;
  totalCost: number;
  onProviderClick?: ((provider: string) => void) | undefined;
}

function UnitCosts({ slice }: { slice: ProviderSlice }) {
  return (
    <>
      {slice.costPer1kTokens !== null ? (
        <span>{formatUnitPrice(slice.costPer1kTokens)} / 1K tokens</span>
      ) : null}
      {slice.costPer1kTokens !== null && slice.costPerCall !== null ? ' · ' : null}
      {slice.costPerCall !== null ? <span>{formatUnitPrice(slice.costPerCall)} / call</span> : null}
    </>
  );
}

function SliceTooltip({ slice }: { slice: ProviderSlice | undefined }) {
  if (!slice) return null;
  return (
    <ChartTooltipBox>
      <p className="font-semibold">{slice.label}</p>
      <p>
        {formatCurrency(slice.cost)} · {formatPercent(slice.percentage)}
      </p>
      <p>
        {formatInteger(slice.calls)} calls · {formatCompact(slice.tokens)} tokens
      </p>
      <p>
        <UnitCosts slice={slice} />
      </p>
    </ChartTooltipBox>
  );
}

/** The spec's "name NN%" label, left out for slivers under 5 % where labels would collide. */
function SliceLabel({ x, y, textAnchor, name, percent }: PieLabelRenderProps) {
  if (typeof percent !== 'number' || percent < 0.05) return null;
  return (
    <text
      x={x}
      y={y}
      textAnchor={textAnchor}
      dominantBaseline="central"
      fill={chartTheme.axis.stroke}
      fontSize={chartTheme.axis.fontSize}
      fontWeight={chartTheme.axis.fontWeight}
    >
      {`${name} ${(percent * 100).toFixed(0)}%`}
    </text>
  );
}

/**
 * Spend by provider as a pie. Hovering a slice or its row shows the details; clicking either opens
 * the provider's drill-down. The list beside the pie is the keyboard route to every slice.
 */
export const CostBreakdown = memo(function CostBreakdown({
  providerBreakdown,
  totalCost,
  onProviderClick,
}: CostBreakdownProps) {
  const slices = useMemo(
    () => prepareProviderSlices(providerBreakdown, totalCost),
    [providerBreakdown, totalCost],
  );
  const drawn = useMemo(() => pieSlices(slices), [slices]);
  const [highlighted, setHighlighted] = useState<string | null>(null);
  const shouldReduceMotion = useReducedMotionConfig() ?? false;
  const isMobile = useChartSize() === 'mobile';

  if (slices.length === 0) return <p className={typography.body}>No spend to break down yet this period.</p>;

  return (
    <div className="grid grid-cols-1 items-center gap-6 lg:grid-cols-2">
      <ChartFrame
        label={`Pie chart of spend by provider, total ${formatCurrency(totalCost)}`}
        height={isMobile ? 220 : 300}
      >
        {({ width, height }) => (
          <PieChart width={width} height={height}>
            <Pie
              data={drawn}
              dataKey="cost"
              nameKey="label"
              cx="50%"
              cy="50%"
              innerRadius="45%"
              outerRadius={isMobile ? '80%' : '70%'}
              paddingAngle={1}
              // The list beside the pie is the keyboard route; the pie's group would be a nameless Tab stop.
              rootTabIndex={-1}
              isAnimationActive={!shouldReduceMotion}
              label={isMobile ? false : SliceLabel}
              labelLine={false}
              onClick={(_, index) => {
                const slice = drawn[index];
                if (slice) onProviderClick?.(slice.provider);
              }}
              onMouseEnter={(_, index) => setHighlighted(drawn[index]?.provider ?? null)}
              onMouseLeave={() => setHighlighted(null)}
            >
              {drawn.map((slice) => (
                <Cell
                  key={slice.provider}
                  fill={slice.color}
                  fillOpacity={highlighted === null || highlighted === slice.provider ? 1 : 0.35}
                  cursor={onProviderClick ? 'pointer' : undefined}
                  data-testid={`pie-slice-${slice.provider}`}
                />
              ))}
            </Pie>
            <Tooltip content={({ activeIndex }) => <SliceTooltip slice={drawn[Number(activeIndex)]} />} />
          </PieChart>
        )}
      </ChartFrame>

      <ul className="space-y-1" aria-label="Providers by spend">
        {slices.map((slice) => (
          // Hover and focus anywhere on the row highlight its slice, with or without a click handler.
          <li
            key={slice.provider}
            data-testid={`breakdown-${slice.provider}`}
            onMouseEnter={() => setHighlighted(slice.provider)}
            onMouseLeave={() => setHighlighted(null)}
            onFocus={() => setHighlighted(slice.provider)}
            onBlur={() => setHighlighted(null)}
          >
            <ProviderCostRow
              slice={slice}
              onOpen={onProviderClick}
              details={<UnitCosts slice={slice} />}
              isHighlighted={highlighted === slice.provider}
            />
          </li>
        ))}
      </ul>
    </div>
  );
});
