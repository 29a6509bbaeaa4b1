import { EventEmitter } from 'node:events';
import type { UsageAlert } from '@spendscope/contracts';
import type { TouchedPeriod } from './domain/ingest.ts';

/** What a committed report changed: the periods it touched and the alerts it created. */
export type UsageChange = { touched: TouchedPeriod[]; newAlerts: UsageAlert[] };

/**
 * Fans committed changes out to whoever keeps derived state (the read cache, WebSocket clients).
 * In one process it is an in-memory emitter; across processes the same feed is fed by the database.
 */
export class ChangeFeed {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  publish(change: UsageChange): void {
    if (change.touched.length === 0 && change.newAlerts.length === 0) return;
    this.emitter.emit('change', change);
  }

  subscribe(listener: (change: UsageChange) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }
}
