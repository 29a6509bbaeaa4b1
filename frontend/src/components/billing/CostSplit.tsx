import type { ProviderBreakdown } from '@spendscope/contracts';
import { useMemo } from 'react';
import { type ProviderSlice, prepareProviderSlices } from '../../charts/prepareProviderSlices.ts';
import {
  formatCompact,
  formatCurrency,
  formatInteger,
  formatPercent,
  formatUnitPrice,
} from '../../lib/format.ts';
import { typography } from '../../theme/typography.ts';
import { Tooltip } from '../ui/Tooltip.tsx';
import { ProviderCostRow } from './ProviderCostRow.tsx';

type CostSplitProps = {
  providerBreakdown: ProviderBreakdown;
  totalCost: number;
  onProviderClick?: ((provider: string) => void) | undefined;
};

function SliceDetails({ slice }: { slice: ProviderSlice }) {
  return (
    <span className="block space-y-0.5">
      <span className="block font-semibold">{slice.label}</span>
      <span className="block">
        {formatCurrency(slice.cost)} · {formatPercent(slice.percentage)} of spend
      </span>
      <span className="block">
        {formatInteger(slice.calls)} calls · {formatCompact(slice.tokens)} tokens
      </span>
      {slice.costPer1kTokens !== null ? (
        <span className="block">{formatUnitPrice(slice.costPer1kTokens)} per 1K tokens</span>
      ) : null}
      {slice.costPerCall !== null ? (
        <span className="block">{formatUnitPrice(slice.costPerCall)} per call</span>
      ) : null}
    </span>
  );
}

/**
 * Spend by provider as one stacked bar and a list, each row with a tooltip of its details. Drawn
 * with plain elements so the first screen needs no chart library; the pie lives in CostBreakdown.
 */
export function CostSplit({ providerBreakdown, totalCost, onProviderClick }: CostSplitProps) {
  const slices = useMemo(
    () => prepareProviderSlices(providerBreakdown, totalCost),
    [providerBreakdown, totalCost],
  );
  if (slices.length === 0) return <p className={typography.body}>No calls yet this period.</p>;

  return (
    <div>
      <div className="flex h-3 overflow-hidden rounded-full bg-gray-200" aria-hidden="true">
        {slices.map((slice) => (
          <div key={slice.provider} style={{ width: `${slice.percentage}%`, backgroundColor: slice.color }} />
        ))}
      </div>
      <ul className="mt-4 space-y-1" aria-label="Spend by provider">
        {slices.map((slice) => (
          <li key={slice.provider}>
            <Tooltip content={<SliceDetails slice={slice} />}>
              {(describedBy) => (
                // Without a click handler the row is still focusable, so the tooltip is reachable by keyboard.
                <ProviderCostRow
                  slice={slice}
                  onOpen={onProviderClick}
                  isFocusable
                  describedBy={describedBy}
                  testId={`provider-row-${slice.provider}`}
                />
              )}
            </Tooltip>
          </li>
        ))}
      </ul>
    </div>
  );
}
