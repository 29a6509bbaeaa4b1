import { formatCompact, formatCurrency, formatCurrencyCompact, formatInteger } from '../../lib/format.ts';
import type { TrendMetric } from '../../types/billing.ts';

export type TrendFormatter = { axis: (v: number) => string; value: (v: number) => string };

/** How each trend metric is written: compact on the axis, in full in the tooltip, summary and table. */
export const TREND_FORMATTERS: Record<TrendMetric, TrendFormatter> = {
  cost: { axis: formatCurrencyCompact, value: formatCurrency },
  calls: { axis: formatCompact, value: formatInteger },
  tokens: { axis: formatCompact, value: formatCompact },
};
