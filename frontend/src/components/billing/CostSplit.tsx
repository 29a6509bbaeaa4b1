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
              {(describedBy) => {
                const content = (
                  <>
                    <span
                      className="size-3 shrink-0 rounded-sm"
                      style={{ backgroundColor: slice.color }}
                      aria-hidden="true"
                    />
                    <span className="min-w-0 flex-1 truncate font-medium text-gray-800">{slice.label}</span>
                    <span className="tabular-nums text-gray-600">{formatPercent(slice.percentage, 0)}</span>
                    <span className="w-20 text-right font-medium tabular-nums text-gray-900">
                      {formatCurrency(slice.cost)}
                    </span>
                  </>
                );
                const rowClass =
                  'flex w-full items-center gap-3 rounded-md px-2 py-1.5 text-left text-sm hover:bg-gray-50 focus-visible:outline-2 focus-visible:outline-primary-500';
                // Without a click handler the row is still focusable, so the tooltip is reachable by keyboard.
                return onProviderClick ? (
                  <button
                    type="button"
                    aria-describedby={describedBy}
                    onClick={() => onProviderClick(slice.provider)}
                    data-testid={`provider-row-${slice.provider}`}
                    className={rowClass}
                  >
                    {content}
                  </button>
                ) : (
                  <div
                    // biome-ignore lint/a11y/noNoninteractiveTabindex: focus is how keyboard users open the tooltip
                    tabIndex={0}
                    aria-describedby={describedBy}
                    data-testid={`provider-row-${slice.provider}`}
                    className={rowClass}
                  >
                    {content}
                  </div>
                );
              }}
            </Tooltip>
          </li>
        ))}
      </ul>
    </div>
  );
}
