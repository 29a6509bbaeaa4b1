import type { HealthStatus } from '@spendscope/contracts';

/** Error rates (percent) past which health degrades; DESIGN §4. */
export const HEALTH_THRESHOLDS = { warningErrorRate: 5, criticalErrorRate: 10 } as const;

/** The window "recent" means in health and lightweight stats, in minutes. */
export const HEALTH_WINDOW_MINUTES = 5;

export const HEALTH_ICONS: Record<HealthStatus, string> = {
  healthy: '🟢',
  warning: '🟡',
  critical: '🔴',
};

/** Percent of `total` that `part` is, to two decimals; 0 when there is nothing. */
export function percentOf(part: number, total: number): number {
  if (total <= 0) return 0;
  return Math.round((part / total) * 10_000) / 100;
}

/**
 * Health from an error rate (percent) and, when a bound is given, the p95 latency: `critical` above 10 %
 * errors or with p95 above the bound, `warning` above 5 %, else `healthy`. Exactly 5 % or 10 % is not
 * "above": it stays in the lower state.
 */
export function healthStatus(options: {
  errorRate: number;
  p95Ms?: number;
  p95BoundMs?: number;
}): HealthStatus {
  const { errorRate, p95Ms, p95BoundMs } = options;
  if (errorRate > HEALTH_THRESHOLDS.criticalErrorRate) return 'critical';
  if (p95BoundMs !== undefined && p95Ms !== undefined && p95Ms > p95BoundMs) return 'critical';
  if (errorRate > HEALTH_THRESHOLDS.warningErrorRate) return 'warning';
  return 'healthy';
}
