import { LIMIT_KEYS, type LimitKey, type SubscriptionLimits } from '@spendscope/contracts';
import { THRESHOLDS, UNPRICED_METRIC } from './alerts.ts';
import { type PeriodUsage, percentOf, UNLIMITED, usedOf } from './limits.ts';

/** What makes an alert unique: the database key (user, period, metric, threshold). */
export type AlertKey = { user_id: string; billing_period: string; metric: string; threshold: number };

export const alertKeyOf = (a: AlertKey) =>
  `${a.user_id}\u0000${a.billing_period}\u0000${a.metric}\u0000${a.threshold}`;

/**
 * Alerts this process knows are stored. Once a user is past a threshold, every later report finds that
 * alert due again; skipping the ones known to exist spares inserting them again only to hit the unique
 * key. Keys are remembered only after the transaction that met them committed (then each is stored,
 * by it or by a concurrent one), and alerts are never deleted, so a remembered key stays true. The
 * database's unique key still decides; this only saves work. Bounded: past `maxKeys` it starts over.
 */
export class KnownAlerts {
  private keys = new Set<string>();

  constructor(private readonly maxKeys = 200_000) {}

  has(key: string): boolean {
    return this.keys.has(key);
  }

  hasAll(keys: readonly string[]): boolean {
    return keys.every((key) => this.keys.has(key));
  }

  /** Call after the commit of the transaction that found these alerts due. */
  remember(keys: Iterable<string>): void {
    for (const key of keys) {
      if (this.keys.size >= this.maxKeys) this.keys = new Set();
      this.keys.add(key);
    }
  }
}

/**
 * The keys of the alerts `alertsDue` finds due for this usage, without writing their messages: each
 * threshold reached of each limited metric, 100 for a not-included metric with use, and the unpriced
 * notice. A property test holds it equal to `alertsDue`'s keys. When all of them are known to be
 * stored, the alert check of this user and period has nothing to create and is skipped.
 */
export function possibleAlertKeys(options: {
  userId: string;
  period: string;
  usage: PeriodUsage;
  limits: SubscriptionLimits;
  unpricedCalls: number;
}): string[] {
  const { userId, period, usage, limits } = options;
  const keys: string[] = [];
  const key = (metric: string, threshold: number) =>
    alertKeyOf({ user_id: userId, billing_period: period, metric, threshold });
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
