import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { CacheCounters } from '../cache/readCache.ts';

/** Request-duration buckets in seconds: from a cache hit to a slow export. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Events per report: from a single call to a full 5,000-event batch. */
const BATCH_BUCKETS = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];

/**
 * The server's Prometheus metrics in a registry of its own (several servers may share a process in
 * tests): HTTP requests and latency per route pattern, ingested events and batch sizes, WebSocket
 * clients, read-cache counters, and the process defaults.
 */
export class PrometheusMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status_code'>;
  private readonly duration: Histogram<'method' | 'route'>;
  private readonly events: Counter<'outcome'>;
  private readonly batchSize: Histogram;
  private readonly otlpSpans: Counter<'outcome'>;
  private readonly sockets: Gauge;

  constructor(options: { cacheCounters?: () => CacheCounters } = {}) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'spendscope_' });
    this.requests = new Counter({
      name: 'spendscope_http_requests_total',
      help: 'HTTP requests handled, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status_code'],
      registers,
    });
    this.duration = new Histogram({
      name: 'spendscope_http_request_duration_seconds',
      help: 'HTTP request duration in seconds, by method and route pattern.',
      labelNames: ['method', 'route'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.events = new Counter({
      name: 'spendscope_events_ingested_total',
      help: 'Reported usage events, by outcome: accepted (stored), duplicate or rejected.',
      labelNames: ['outcome'],
      registers,
    });
    this.batchSize = new Histogram({
      name: 'spendscope_ingest_batch_size',
      help: 'Events per usage report.',
      buckets: BATCH_BUCKETS,
      registers,
    });
    this.otlpSpans = new Counter({
      name: 'spendscope_otlp_spans_total',
      help: 'Spans received on /v1/traces, by outcome: metered (a usage event), ignored (no GenAI call) or refused.',
      labelNames: ['outcome'],
      registers,
    });
    this.sockets = new Gauge({
      name: 'spendscope_websocket_clients',
      help: 'Open live-update WebSocket connections.',
      registers,
    });
    const cacheCounters = options.cacheCounters;
    if (cacheCounters) {
      const counterOf = (name: string, help: string, pick: (c: CacheCounters) => number) =>
        new Counter({
          name,
          help,
          registers,
          // The cache keeps the counts; each scrape copies them in.
          collect() {
            this.reset();
            this.inc(pick(cacheCounters()));
          },
        });
      counterOf('spendscope_read_cache_hits_total', 'Read-cache hits.', (c) => c.hits);
      counterOf('spendscope_read_cache_misses_total', 'Read-cache misses.', (c) => c.misses);
      counterOf(
        'spendscope_read_cache_invalidations_total',
        'Entries dropped by changes.',
        (c) => c.invalidations,
      );
      counterOf(
        'spendscope_read_cache_evictions_total',
        'Entries dropped for size or age.',
        (c) => c.evictions,
      );
      new Gauge({
        name: 'spendscope_read_cache_entries',
        help: 'Entries in the read cache.',
        registers,
        collect() {
          this.set(cacheCounters().size);
        },
      });
    }
  }

  observeRequest(method: string, route: string, statusCode: number, durationMs: number): void {
    this.requests.inc({ method, route, status_code: String(statusCode) });
    this.duration.observe({ method, route }, durationMs / 1000);
  }

  observeReport(counts: { events: number; accepted: number; duplicates: number; rejected: number }): void {
    this.batchSize.observe(counts.events);
    if (counts.accepted > 0) this.events.inc({ outcome: 'accepted' }, counts.accepted);
    if (counts.duplicates > 0) this.events.inc({ outcome: 'duplicate' }, counts.duplicates);
    if (counts.rejected > 0) this.events.inc({ outcome: 'rejected' }, counts.rejected);
  }

  observeOtlpSpans(counts: { metered: number; ignored: number; refused: number }): void {
    for (const outcome of ['metered', 'ignored', 'refused'] as const) {
      if (counts[outcome] > 0) this.otlpSpans.inc({ outcome }, counts[outcome]);
    }
  }

  setSockets(count: number): void {
    this.sockets.set(count);
  }

  /** The text exposition format. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
