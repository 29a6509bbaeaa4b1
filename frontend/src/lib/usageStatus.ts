import type { UsageStatus } from '@spendscope/contracts';

/**
 * The status of one limit from its percentage, by the same thresholds the server uses for the
 * overall usage_status (≥ 100 reached, ≥ 80 warning), so a bar and the badge never disagree.
 */
export function statusForPercentage(percentage: number): UsageStatus {
  if (percentage >= 100) return 'limit_reached';
  if (percentage >= 80) return 'warning';
  return 'active';
}
