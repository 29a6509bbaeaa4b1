import {
  LIMIT_KEYS,
  type LimitKey,
  PROVIDER_LABELS,
  percentageKeyOf,
  type UsageStats,
  type UsageStatus,
} from '@spendscope/contracts';
import { limitLabel, providerOfLimit } from '../lib/limits.ts';
import { statusForPercentage } from '../lib/usageStatus.ts';

export type LimitUnit = 'calls' | 'tokens' | 'cost';

export type LimitRow = {
  key: LimitKey;
  label: string;
  unit: LimitUnit;
  used: number;
  limit: number;
  /** The server's used ÷ limit × 100; may exceed 100. */
  percentage: number;
  status: UsageStatus;
};

export type LimitSummary = {
  /** Limits with a cap, cost first, then the closest to their cap. */
  capped: LimitRow[];
  /** Labels of metrics without a cap. */
  unlimited: string[];
  /** Labels of providers the plan does not include (calls are refused). */
  notIncluded: string[];
};

function usedOf(stats: UsageStats, key: LimitKey): { unit: LimitUnit; used: number } {
  const provider = providerOfLimit(key);
  if (!provider) return { unit: 'cost', used: stats.total_cost };
  const usage = stats.provider_breakdown[provider];
  return key.endsWith('_tokens')
    ? { unit: 'tokens', used: usage.tokens }
    : { unit: 'calls', used: usage.calls };
}

/** Splits a user's limits into bars to draw (capped) and lines of text (unlimited, not included). */
export function prepareLimitRows(stats: UsageStats): LimitSummary {
  const summary: LimitSummary = { capped: [], unlimited: [], notIncluded: [] };
  for (const key of LIMIT_KEYS) {
    const limit = stats.limits.limits[key];
    const label = limitLabel(key);
    const { unit, used } = usedOf(stats, key);
    if (limit < 0) summary.unlimited.push(label);
    else if (limit > 0) {
      const percentage = stats.usage_percentages[percentageKeyOf(key)];
      summary.capped.push({
        key,
        label,
        unit,
        used,
        limit,
        percentage,
        status: statusForPercentage(percentage),
      });
    } else if (unit === 'calls') {
      const provider = providerOfLimit(key);
      if (provider) summary.notIncluded.push(PROVIDER_LABELS[provider]);
    }
  }
  summary.capped.sort((a, b) =>
    a.key === 'monthly_cost' ? -1 : b.key === 'monthly_cost' ? 1 : b.percentage - a.percentage,
  );
  return summary;
}
