import { PROVIDERS, type Provider } from '@spendscope/contracts';
import {
  createLatencyHistogram,
  type LatencyHistogram,
  mergeLatencies,
  recordLatency,
  sealLatencies,
  writable,
} from './latency.ts';
import { MinuteSeries } from './minuteSeries.ts';
import { MAX_WINDOW_MINUTES } from './requestMetrics.ts';

/** One provider call an app reported: what the health view needs of it. */
export type ReportedCall = {
  eventId: string;
  provider: Provider;
  failed: boolean;
  responseTimeMs?: number;
  /** When the call happened. */
  atMs: number;
};

export type ProviderWindow = {
  provider: Provider;
  calls: number;
  errors: number;
  latency: LatencyHistogram;
};

type ProviderBucket = { calls: number; errors: number; latency: LatencyHistogram; isSealed: boolean };
type MinuteBucket = Map<Provider, ProviderBucket>;

/** Resends of a batch (same event ids) arrive within minutes; this many recent ids are remembered. */
const RECENT_IDS_KEPT = 100_000;

const PROVIDER_SET = new Set<string>(PROVIDERS);

/**
 * The calls of a report that the server stored, read from the raw events: events the report rejected
 * (by index) are skipped. Only the fields health needs are read; ingest has validated the rest.
 */
export function reportedCalls(
  rawEvents: readonly unknown[],
  rejectedIndexes: ReadonlySet<number>,
  receivedAtMs: number,
): ReportedCall[] {
  const calls: ReportedCall[] = [];
  rawEvents.forEach((raw, index) => {
    if (rejectedIndexes.has(index) || typeof raw !== 'object' || raw === null) return;
    const event = raw as Record<string, unknown>;
    const { event_id: eventId, provider } = event;
    if (typeof eventId !== 'string' || typeof provider !== 'string' || !PROVIDER_SET.has(provider)) return;
    const status = typeof event.status_code === 'number' ? event.status_code : 200;
    const occurredAt = typeof event.occurred_at === 'string' ? Date.parse(event.occurred_at) : Number.NaN;
    calls.push({
      eventId,
      provider: provider as Provider,
      failed: status >= 400 || typeof event.error === 'string',
      ...(typeof event.response_time_ms === 'number' ? { responseTimeMs: event.response_time_ms } : {}),
      // A call reported from a clock ahead of ours counts as happening now.
      atMs: Number.isNaN(occurredAt) ? receivedAtMs : Math.min(occurredAt, receivedAtMs),
    });
  });
  return calls;
}

/**
 * Provider calls reported to Spendscope, per provider in per-minute buckets (by when each call happened)
 * kept for 24 hours: calls, failures and a latency histogram. This is the live "is OpenAI failing right
 * now?" view; billing never reads it.
 */
export class ProviderMetrics {
  private readonly series = new MinuteSeries<MinuteBucket>({
    retentionMinutes: MAX_WINDOW_MINUTES + 60,
    create: () => new Map(),
    seal: (minute) => {
      for (const bucket of minute.values()) {
        if (bucket.isSealed) continue;
        bucket.latency = sealLatencies(bucket.latency);
        bucket.isSealed = true;
      }
    },
  });
  private readonly recentIds = new Set<string>();
  /** The same ids in arrival order, as a ring: the slot written next holds the oldest. */
  private readonly recentOrder: Array<string | undefined> = new Array(RECENT_IDS_KEPT);
  private recentNext = 0;
  private readonly now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.now = options.now ?? Date.now;
  }

  /** Adds reported calls; a call whose event id was recorded recently (a resend) is not counted again. */
  record(calls: readonly ReportedCall[]): void {
    const nowMs = this.now();
    for (const call of calls) {
      if (this.recentIds.has(call.eventId)) continue;
      this.remember(call.eventId);
      // Calls older than the retention (a late backfill) say nothing about health now.
      const minute = this.series.bucketAt(call.atMs, nowMs);
      if (!minute) continue;
      let bucket = minute.get(call.provider);
      if (!bucket) {
        bucket = { calls: 0, errors: 0, latency: createLatencyHistogram(), isSealed: false };
        minute.set(call.provider, bucket);
      }
      // A late call for a minute already sealed.
      bucket.latency = writable(bucket.latency, bucket.isSealed);
      bucket.isSealed = false;
      bucket.calls += 1;
      if (call.failed) bucket.errors += 1;
      if (call.responseTimeMs !== undefined) recordLatency(bucket.latency, call.responseTimeMs);
    }
  }

  /** Each provider with calls in the last `minutes` minutes, in the contract's provider order. */
  window(minutes: number): ProviderWindow[] {
    const totals = new Map<Provider, { calls: number; errors: number; parts: LatencyHistogram[] }>();
    for (const minute of this.series.window(minutes, this.now())) {
      for (const [provider, bucket] of minute) {
        let total = totals.get(provider);
        if (!total) {
          total = { calls: 0, errors: 0, parts: [] };
          totals.set(provider, total);
        }
        total.calls += bucket.calls;
        total.errors += bucket.errors;
        total.parts.push(bucket.latency);
      }
    }
    return PROVIDERS.flatMap((provider) => {
      const total = totals.get(provider);
      if (!total) return [];
      return [{ provider, calls: total.calls, errors: total.errors, latency: mergeLatencies(total.parts) }];
    });
  }

  private remember(eventId: string): void {
    // Not `recentIds.values().next()` for the oldest: after many deletions at its front a Set's iterator
    // skips every deleted slot, which made each report cost time proportional to the ids kept.
    const oldest = this.recentOrder[this.recentNext];
    if (oldest !== undefined) this.recentIds.delete(oldest);
    this.recentOrder[this.recentNext] = eventId;
    this.recentNext = (this.recentNext + 1) % RECENT_IDS_KEPT;
    this.recentIds.add(eventId);
  }
}
