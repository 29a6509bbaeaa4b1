import {
  type AlertSeverity,
  LIMIT_KEYS,
  type LimitKey,
  type PlanLimits,
  PROVIDER_LABELS,
  type Provider,
  parseLimitKey,
} from '@spendscope/contracts';
import type { AlertCandidate } from '../db/alerts.ts';
import { type PeriodUsage, percentOf, UNLIMITED, usedOf } from './limits.ts';
import { periodName } from './periods.ts';
import { formatCount, formatDollars, UNTIL_NEXT_PERIOD } from './wording.ts';

/** Alert thresholds, in percent of a limit, with the severity each raises. */
export const THRESHOLDS: ReadonlyArray<{ percent: number; severity: AlertSeverity }> = [
  { percent: 80, severity: 'info' },
  { percent: 90, severity: 'warning' },
  { percent: 100, severity: 'error' },
];

/** The metric name under which unpriced usage is alerted, once per period. */
export const UNPRICED_METRIC = 'unpriced';

/** The provider a limit is about (null for cost) and how the alert names it. */
export function describeMetric(key: LimitKey): { provider: Provider | null; noun: string } {
  const { provider, kind } = parseLimitKey(key);
  if (provider === null) return { provider: null, noun: 'monthly cost' };
  return { provider, noun: `${PROVIDER_LABELS[provider]} ${kind}` };
}

/** A limit's amount as the alert writes it: dollars for cost, a whole number otherwise. */
export function amount(key: LimitKey, value: number): string {
  return key === 'monthly_cost' ? formatDollars(value) : formatCount(value);
}

/** What `alertsDue` is asked about: one user's usage of one period against their plan's limits. */
export type AlertCheck = {
  userId: string;
  period: string;
  usage: PeriodUsage;
  limits: PlanLimits;
  unpricedCalls: number;
};

/** An alert's place in its user's period: the metric and the threshold reached (the unique key's rest). */
export type AlertKey = { metric: LimitKey | typeof UNPRICED_METRIC; threshold: number };

/**
 * The rules: the key of every alert the usage of a period calls for: each threshold reached of each
 * limit, 100 for use of a metric the plan does not include (a provider left out altogether gets one, on
 * its calls), and one notice for unpriced calls. Storing alerts under a unique key (user, period,
 * metric, threshold) makes each appear once, however often this is asked.
 */
export function dueAlertKeys(check: AlertCheck): AlertKey[] {
  const { usage, limits } = check;
  const keys: AlertKey[] = [];
  for (const metric of LIMIT_KEYS) {
    const limit = limits[metric];
    const used = usedOf(usage, metric);
    if (limit === UNLIMITED || used <= 0) continue;
    if (limit === 0) {
      // A provider left out of the plan altogether gets one notice (on its calls), not one per metric.
      if (metric.endsWith('_tokens') && limits[metric.replace('_tokens', '_calls') as LimitKey] === 0)
        continue;
      keys.push({ metric, threshold: 100 });
      continue;
    }
    const percent = percentOf(used, limit);
    for (const { percent: threshold } of THRESHOLDS) {
      if (percent < threshold) break;
      keys.push({ metric, threshold });
    }
  }
  if (check.unpricedCalls > 0) keys.push({ metric: UNPRICED_METRIC, threshold: 0 });
  return keys;
}

/** The alert a due key raises, with the words the user reads. */
export function describeAlert(key: AlertKey, check: AlertCheck): AlertCandidate {
  const { userId, period, usage, limits, unpricedCalls } = check;
  const month = periodName(period);
  if (key.metric === UNPRICED_METRIC) {
    return {
      user_id: userId,
      billing_period: period,
      metric: UNPRICED_METRIC,
      threshold: 0,
      type: 'unpriced_usage',
      provider: null,
      severity: 'warning',
      title: 'Calls to a model without a price',
      message:
        unpricedCalls === 1
          ? `1 call in ${month} used a model with no price; it is counted at $0 until a price is added.`
          : `${formatCount(unpricedCalls)} calls in ${month} used a model with no price; they are counted at $0 until a price is added.`,
    };
  }
  const { metric, threshold } = key;
  const limit = limits[metric];
  const used = usedOf(usage, metric);
  const { provider, noun } = describeMetric(metric);
  const base = { user_id: userId, billing_period: period, metric, threshold, provider };
  if (limit === 0) {
    return {
      ...base,
      type: 'limit_reached',
      severity: 'error',
      title: `${capitalize(noun)} not included in your plan`,
      message: `Your plan does not include ${noun}, but ${amount(metric, used)} were reported in ${month}. Further calls are refused; upgrade to use them.`,
    };
  }
  const reached = threshold >= 100;
  return {
    ...base,
    type: reached ? 'limit_reached' : 'usage_threshold',
    severity: THRESHOLDS.find((t) => t.percent === threshold)!.severity,
    title: reached
      ? `${capitalize(noun)} limit reached`
      : `${capitalize(noun)} at ${threshold}% of your limit`,
    message: `${amount(metric, used)} of ${amount(metric, limit)} ${noun} used in ${month} (${Math.floor(percentOf(used, limit))}%).${reached ? ` Further calls are refused ${UNTIL_NEXT_PERIOD}.` : ''}`,
  };
}

/** Every alert the usage of a period calls for (see dueAlertKeys), described. */
export function alertsDue(check: AlertCheck): AlertCandidate[] {
  return dueAlertKeys(check).map((key) => describeAlert(key, check));
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
