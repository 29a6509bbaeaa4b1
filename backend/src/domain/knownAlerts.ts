import { LIMIT_KEYS, type LimitKey, type SubscriptionLimits } from '@spendscope/contracts';
import { THRESHOLDS, UNPRICED_METRIC } from './alerts.ts';
import { type PeriodUsage, percentOf, UNLIMITED, usedOf } from './limits.ts';

/** An alert within its user's period: `metric:threshold` (the rest of its unique key is the period's). */
export const alertNameOf = (a: { metric: string; threshold: number }) => `${a.metric}:${a.threshold}`;

/** The names as constant strings, so predicting them allocates nothing. */
const NAMES = new Map<string, string>(
  [...LIMIT_KEYS, UNPRICED_METRIC].flatMap((metric) =>
    [0, ...THRESHOLDS.map((t) => t.percent)].map((threshold) => {
      const name = alertNameOf({ metric, threshold });
      return [name, name] as const;
    }),
  ),
);
const nameOf = (metric: string, threshold: number) => {
  const name = alertNameOf({ metric, threshold });
  return NAMES.get(name) ?? name;
};

/**
 * Alerts this process knows are stored, per user and period. Once a user is past a threshold, every
 * later report finds that alert due again; knowing it exists spares writing its message and inserting it
 * only to hit the unique key. Names are remembered only after the transaction that found them due
 * committed (each is then stored, by it or by a concurrent one), and alerts are never deleted, so a
 * remembered name stays true. The database's unique key still decides; this only saves work. Bounded:
 * past `maxPeriods` user periods it starts over.
 */
export class KnownAlerts {
  private periods = new Map<string, Set<string>>();

  constructor(private readonly maxPeriods = 50_000) {}

  has(userId: string, period: string, name: string): boolean {
    return this.periods.get(`${userId}\u0000${period}`)?.has(name) ?? false;
  }

  hasAll(userId: string, period: string, names: readonly string[]): boolean {
    const known = this.periods.get(`${userId}\u0000${period}`);
    if (!known) return names.length === 0;
    for (const name of names) if (!known.has(name)) return false;
    return true;
  }

  /** Call after the commit of the transaction that found these alerts due. */
  remember(userId: string, period: string, names: Iterable<string>): void {
    const id = `${userId}\u0000${period}`;
    let known = this.periods.get(id);
    if (!known) {
      if (this.periods.size >= this.maxPeriods) this.periods = new Map();
      known = new Set();
      this.periods.set(id, known);
    }
    for (const name of names) known.add(name);
  }
}

/** Alerts found due in a transaction, to remember once it has committed. */
export type DueAlerts = Array<{ userId: string; period: string; names: string[] }>;

/**
 * The names of the alerts `alertsDue` finds due for this usage, without writing their messages: each
 * threshold reached of each limited metric, 100 for a not-included metric with use, and the unpriced
 * notice. A property test holds it equal to `alertsDue`'s names. When all of them are known to be
 * stored, the alert check of this user and period has nothing to create and is skipped.
 */
export function possibleAlertNames(options: {
  userId: string;
  period: string;
  usage: PeriodUsage;
  limits: SubscriptionLimits;
  unpricedCalls: number;
}): string[] {
  const { usage, limits } = options;
  const keys: string[] = [];
  const key = nameOf;
  for (const metric of LIMIT_KEYS) {
    const limit = limits[metric];
    const used = usedOf(usage, metric);
    if (limit === UNLIMITED || used <= 0) continue;
    if (limit === 0) {
      // Not included: one notice, on the calls when the whole provider is left out.
      const callsMetric = metric.replace('_tokens', '_calls') as LimitKey;
      if (metric !== callsMetric && limits[callsMetric] === 0) continue;
      keys.push(key(metric, 100));
      continue;
    }
    const percent = percentOf(used, limit);
    for (const { percent: threshold } of THRESHOLDS) {
      if (percent >= threshold) keys.push(key(metric, threshold));
    }
  }
  if (options.unpricedCalls > 0) keys.push(key(UNPRICED_METRIC, 0));
  return keys;
}
