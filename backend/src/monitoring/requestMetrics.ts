import {
  createLatencyHistogram,
  type LatencyHistogram,
  mergeLatencies,
  recordLatency,
  sealLatencies,
  writable,
} from './latency.ts';
import { MINUTE_MS, MinuteSeries, minuteOf } from './minuteSeries.ts';

/** The longest window the monitoring API answers for, in minutes (24 hours). */
export const MAX_WINDOW_MINUTES = 1440;
/** Minute buckets are kept a little longer than the longest window. */
const RETENTION_MINUTES = MAX_WINDOW_MINUTES + 60;
/** How many of the latest failed requests are remembered with their message. */
const RECENT_ERRORS_KEPT = 100;
/** The route pattern recorded for a request no route matched (never its raw path). */
export const UNMATCHED_ROUTE = '(unmatched)';
/** The one endpoint the dashboard's files and pages are counted under, rather than one per file. */
export const DASHBOARD_ROUTE = '(dashboard)';

/** One handled HTTP request, by route pattern (`/api/billing/usage/:userId`), never by raw path. */
export type RequestSample = {
  method: string;
  route: string;
  statusCode: number;
  durationMs: number;
  atMs: number;
  /** Why it failed, for server errors. */
  errorMessage?: string;
};

export type RecordedError = {
  atMs: number;
  method: string;
  route: string;
  statusCode: number;
  message: string;
};

/** The requests of one endpoint (method + route pattern) in a window. */
export type EndpointWindow = {
  method: string;
  route: string;
  count: number;
  errors: number;
  sumMs: number;
  lastAtMs: number;
  latency: LatencyHistogram;
};

export type RequestWindow = {
  minutes: number;
  requests: number;
  errors: number;
  sumMs: number;
  endpoints: EndpointWindow[];
  /** Every request of the window together. */
  latency: LatencyHistogram;
  /** Latest first. */
  recentErrors: RecordedError[];
};

type EndpointBucket = Omit<EndpointWindow, 'method' | 'route'> & { isSealed: boolean };
type MinuteBucket = Map<string, EndpointBucket>;

/** A server error: the request failed on our side. Client errors (4xx) are the caller's to fix. */
export function isServerError(statusCode: number): boolean {
  return statusCode >= 500;
}

const endpointKey = (method: string, route: string) => `${method} ${route}`;

/**
 * The server's own requests in per-minute buckets per endpoint, each with a latency histogram, kept for
 * a little over 24 hours; plus totals since start and the latest server errors.
 */
export class RequestMetrics {
  private readonly series = new MinuteSeries<MinuteBucket>({
    retentionMinutes: RETENTION_MINUTES,
    create: () => new Map(),
    seal: (minute) => {
      for (const bucket of minute.values()) {
        if (bucket.isSealed) continue;
        bucket.latency = sealLatencies(bucket.latency);
        bucket.isSealed = true;
      }
    },
  });
  private readonly errorLog: RecordedError[] = [];
  private readonly now: () => number;
  /** Since the process started. */
  readonly totals = { requests: 0, errors: 0 };

  constructor(options: { now?: () => number } = {}) {
    this.now = options.now ?? Date.now;
  }

  record(sample: RequestSample): void {
    const isError = isServerError(sample.statusCode);
    this.totals.requests += 1;
    if (isError) this.totals.errors += 1;
    if (isError) {
      this.errorLog.push({
        atMs: sample.atMs,
        method: sample.method,
        route: sample.route,
        statusCode: sample.statusCode,
        message: sample.errorMessage ?? `HTTP ${sample.statusCode}`,
      });
      if (this.errorLog.length > RECENT_ERRORS_KEPT) this.errorLog.shift();
    }
    const minute = this.series.bucketAt(sample.atMs, this.now());
    if (!minute) return;
    const key = endpointKey(sample.method, sample.route);
    let bucket = minute.get(key);
    if (!bucket) {
      bucket = {
        count: 0,
        errors: 0,
        sumMs: 0,
        lastAtMs: 0,
        latency: createLatencyHistogram(),
        isSealed: false,
      };
      minute.set(key, bucket);
    }
    bucket.latency = writable(bucket.latency, bucket.isSealed);
    bucket.isSealed = false;
    bucket.count += 1;
    if (isError) bucket.errors += 1;
    bucket.sumMs += sample.durationMs;
    bucket.lastAtMs = Math.max(bucket.lastAtMs, sample.atMs);
    recordLatency(bucket.latency, sample.durationMs);
  }

  /** Every endpoint's requests of the last `minutes` minutes, with merged latency histograms. */
  window(minutes: number): RequestWindow {
    const nowMs = this.now();
    const byEndpoint = new Map<string, Omit<EndpointWindow, 'latency'> & { parts: LatencyHistogram[] }>();
    for (const minute of this.series.window(minutes, nowMs)) {
      for (const [key, bucket] of minute) {
        let endpoint = byEndpoint.get(key);
        if (!endpoint) {
          const split = key.indexOf(' ');
          endpoint = {
            method: key.slice(0, split),
            route: key.slice(split + 1),
            count: 0,
            errors: 0,
            sumMs: 0,
            lastAtMs: 0,
            parts: [],
          };
          byEndpoint.set(key, endpoint);
        }
        endpoint.count += bucket.count;
        endpoint.errors += bucket.errors;
        endpoint.sumMs += bucket.sumMs;
        endpoint.lastAtMs = Math.max(endpoint.lastAtMs, bucket.lastAtMs);
        endpoint.parts.push(bucket.latency);
      }
    }
    const endpoints: EndpointWindow[] = [...byEndpoint.values()].map(({ parts, ...endpoint }) => ({
      ...endpoint,
      latency: mergeLatencies(parts),
    }));
    // The same span the minute buckets cover: from the start of the window's oldest minute.
    const since = (minuteOf(nowMs) - minutes + 1) * MINUTE_MS;
    return {
      minutes,
      requests: sum(endpoints, (e) => e.count),
      errors: sum(endpoints, (e) => e.errors),
      sumMs: sum(endpoints, (e) => e.sumMs),
      endpoints,
      latency: mergeLatencies(endpoints.map((e) => e.latency)),
      recentErrors: this.errorLog.filter((e) => e.atMs >= since).reverse(),
    };
  }
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += value(item);
  return total;
}
