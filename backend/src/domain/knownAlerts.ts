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

  /** Call after the commit of the transaction that found these alerts due. */
  remember(keys: Iterable<string>): void {
    for (const key of keys) {
      if (this.keys.size >= this.maxKeys) this.keys = new Set();
      this.keys.add(key);
    }
  }
}
