import { LIMIT_KEYS } from '@spendscope/contracts';
import { THRESHOLDS, UNPRICED_METRIC } from './alerts.ts';

/** Every name an alert can have, made once: naming the alerts due at each report allocates nothing. */
const NAMES = new Map(
  [...LIMIT_KEYS, UNPRICED_METRIC].map((metric) => [
    metric as string,
    new Map(
      [0, ...THRESHOLDS.map((t) => t.percent)].map((threshold) => [threshold, `${metric}:${threshold}`]),
    ),
  ]),
);

/** An alert within its user's period: `metric:threshold` (the rest of its unique key is the period's). */
export function alertNameOf(a: { metric: string; threshold: number }): string {
  return NAMES.get(a.metric)?.get(a.threshold) ?? `${a.metric}:${a.threshold}`;
}

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
