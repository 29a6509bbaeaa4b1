import type { CacheCounters } from '../cache/readCache.ts';
import { PrometheusMetrics } from './prometheus.ts';
import { ProviderMetrics, reportedCalls } from './providerMetrics.ts';
import { RequestMetrics, type RequestSample } from './requestMetrics.ts';

/** What a usage report did, as the ingest route knows it after the commit. */
export type ReportOutcome = {
  rawEvents: readonly unknown[];
  accepted: number;
  duplicates: number;
  rejected: ReadonlyArray<{ index: number }>;
};

/**
 * Everything the server measures about itself: its requests (in-memory minute buckets for the
 * monitoring API, and Prometheus), the provider calls it is told about, and its WebSocket clients.
 */
export class ServerMetrics {
  readonly requests: RequestMetrics;
  readonly providers: ProviderMetrics;
  readonly prometheus: PrometheusMetrics;
  /** Wall-clock milliseconds: monitoring is about real time, whatever clock billing runs on. */
  readonly clock: () => number;

  constructor(options: { now?: () => number; cacheCounters?: () => CacheCounters } = {}) {
    this.clock = options.now ?? Date.now;
    this.requests = new RequestMetrics({ now: this.clock });
    this.providers = new ProviderMetrics({ now: this.clock });
    this.prometheus = new PrometheusMetrics(
      options.cacheCounters ? { cacheCounters: options.cacheCounters } : {},
    );
  }

  recordRequest(sample: RequestSample): void {
    this.requests.record(sample);
    this.prometheus.observeRequest(sample.method, sample.route, sample.statusCode, sample.durationMs);
  }

  /** Counts a committed report and feeds its stored calls to provider health. */
  recordReport(outcome: ReportOutcome): void {
    this.prometheus.observeReport({
      events: outcome.rawEvents.length,
      accepted: outcome.accepted,
      duplicates: outcome.duplicates,
      rejected: outcome.rejected.length,
    });
    // A report that stored nothing new was a resend: its calls were counted the first time.
    if (outcome.accepted === 0) return;
    const rejected = new Set(outcome.rejected.map((r) => r.index));
    this.providers.record(reportedCalls(outcome.rawEvents, rejected, this.clock()));
  }

  /** Counts an OTLP export's spans by what became of them. */
  recordOtlpSpans(counts: { metered: number; ignored: number; refused: number }): void {
    this.prometheus.observeOtlpSpans(counts);
  }

  setSocketClients(count: number): void {
    this.prometheus.setSockets(count);
  }
}
