import { EventEmitter } from 'node:events';
import type { UsageAlert } from '@spendscope/contracts';
import type { TouchedPeriod } from './domain/ingest.ts';

/**
 * What a committed report changed: the periods it touched and the alerts it created. `everything` says
 * that changes may have been missed (the feed lost its link to other processes for a while): every user
 * and period is to be treated as touched.
 */
export type UsageChange = { touched: TouchedPeriod[]; newAlerts: UsageAlert[]; everything?: true };

/**
 * Fans committed changes out to whoever keeps derived state (the read cache, WebSocket clients).
 * In one process it is an in-memory emitter; across processes the same feed is fed by the database
 * (PgChangeFeed). Listeners run synchronously inside `publish`, so a report's effects on this process's
 * state are applied before its reply is sent.
 */
export class ChangeFeed {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  /** Announces a committed change; call it only after the transaction has committed. */
  publish(change: UsageChange): void {
    this.deliver(change);
  }

  subscribe(listener: (change: UsageChange) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }

  /** Stops whatever connects the feed to other processes. */
  async close(): Promise<void> {}

  /** Hands a change to this process's listeners. */
  protected deliver(change: UsageChange): void {
    if (!change.everything && change.touched.length === 0 && change.newAlerts.length === 0) return;
    this.emitter.emit('change', change);
  }
}
