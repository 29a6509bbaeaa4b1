import {
  type AlertSeverity,
  LIMIT_KEYS,
  type LimitKey,
  PROVIDER_LABELS,
  type Provider,
  type SubscriptionLimits,
} from '@spendscope/contracts';
import { type PeriodUsage, percentOf, UNLIMITED, usedOf } from './limits.ts';
import { periodName } from './periods.ts';

/** Alert thresholds, in percent of a limit, with the severity each raises. */
export const THRESHOLDS: ReadonlyArray<{ percent: number; severity: AlertSeverity }> = [
  { percent: 80, severity: 'info' },
  { percent: 90, severity: 'warning' },
  { percent: 100, severity: 'error' },
];

/** The metric name under which unpriced usage is alerted, once per period. */
export const UNPRICED_METRIC = 'unpriced';

export type AlertCandidate = {
  user_id: string;
  billing_period: string;
  metric: string;
  threshold: number;
  type: 'usage_threshold' | 'limit_reached' | 'unpriced_usage';
  provider: Provider | null;
  severity: AlertSeverity;
  title: string;
  message: string;
};

const number = new Intl.NumberFormat('en-US');
const dollars = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
});

function describeMetric(key: LimitKey): { provider: Provider | null; noun: string } {
  if (key === 'monthly_cost') return { provider: null, noun: 'monthly cost' };
  const [provider, kind] = key.split('_') as [Provider, 'calls' | 'tokens'];
  return { provider, noun: `${PROVIDER_LABELS[provider]} ${kind}` };
}

function amount(key: LimitKey, value: number): string {
  return key === 'monthly_cost' ? dollars.format(value) : number.format(value);
}

/**
 * Every alert the usage of a period calls for: each threshold reached of each limit, a refusal notice
 * for use of a metric the plan does not include, and one notice for unpriced calls. Storing them under
 * a unique key (user, period, metric, threshold) makes each appear once, however often this is asked.
 */
export function alertsDue(options: {
  userId: string;
  period: string;
  usage: PeriodUsage;
  limits: SubscriptionLimits;
  unpricedCalls: number;
}): AlertCandidate[] {
  const { userId, period, usage, limits, unpricedCalls } = options;
  const due: AlertCandidate[] = [];
  const month = periodName(period);
  for (const key of LIMIT_KEYS) {
    const limit = limits[key];
    const used = usedOf(usage, key);
    if (limit === UNLIMITED || used <= 0) continue;
    const { provider, noun } = describeMetric(key);
    const base = { user_id: userId, billing_period: period, metric: key, provider };
    if (limit === 0) {
      // A provider left out of the plan altogether gets one notice (on its calls), not one per metric.
      if (key.endsWith('_tokens') && limits[key.replace('_tokens', '_calls') as LimitKey] === 0) continue;
      due.push({
        ...base,
        threshold: 100,
        type: 'limit_reached',
        severity: 'error',
        title: `${capitalize(noun)} not included in your plan`,
        message: `Your plan does not include ${noun}, but ${amount(key, used)} were reported in ${month}. Further calls are refused; upgrade to use them.`,
      });
      continue;
    }
    const percent = percentOf(used, limit);
    for (const { percent: threshold, severity } of THRESHOLDS) {
      if (percent < threshold) break;
      const reached = threshold >= 100;
      due.push({
        ...base,
        threshold,
        type: reached ? 'limit_reached' : 'usage_threshold',
        severity,
        title: reached
          ? `${capitalize(noun)} limit reached`
          : `${capitalize(noun)} at ${threshold}% of your limit`,
        message: `${amount(key, used)} of ${amount(key, limit)} ${noun} used in ${month} (${Math.floor(percent)}%).${reached ? ' Further calls are refused until the next period or an upgrade.' : ''}`,
      });
    }
  }
  if (unpricedCalls > 0) {
    due.push({
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
          : `${number.format(unpricedCalls)} calls in ${month} used a model with no price; they are counted at $0 until a price is added.`,
    });
  }
  return due;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
