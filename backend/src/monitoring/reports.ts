import type {
  APIStats,
  CacheStats,
  EndpointStats,
  LightweightStats,
  ProviderHealth,
  SystemHealth,
} from '@spendscope/contracts';
import type { CacheCounters } from '../cache/readCache.ts';
import { HEALTH_ICONS, HEALTH_WINDOW_MINUTES, healthStatus, percentOf } from './health.ts';
import { percentileMs, roundMs } from './latency.ts';
import type { ProviderWindow } from './providerMetrics.ts';
import type { RequestWindow } from './requestMetrics.ts';
import type { ServerMetrics } from './serverMetrics.ts';

/** Endpoints listed in api-stats, busiest first. */
const TOP_ENDPOINTS = 20;
/** Server errors listed in api-stats, latest first. */
const RECENT_ERRORS_LISTED = 20;

export type MonitoringSources = {
  metrics: ServerMetrics;
  cacheCounters: () => CacheCounters;
  /** Request p95 above this makes health critical. */
  p95BoundMs: number;
  nowMs: number;
};

const iso = (ms: number) => new Date(ms).toISOString();
const average = (sumMs: number, count: number) => (count > 0 ? roundMs(sumMs / count) : 0);

function requestHealth(window: RequestWindow, p95BoundMs: number) {
  const errorRate = percentOf(window.errors, window.requests);
  const p95Ms = percentileMs(window.latency, 95);
  return { errorRate, p95Ms, status: healthStatus({ errorRate, p95Ms, p95BoundMs }) };
}

/**
 * Each provider's reported calls in a window; its status follows the error-rate rule only, since
 * provider latencies differ by design (an image takes seconds, a search a fraction of one).
 */
export function providerHealth(windows: readonly ProviderWindow[]): ProviderHealth[] {
  return windows.map((w) => {
    const errorRate = percentOf(w.errors, w.calls);
    return {
      provider: w.provider,
      calls: w.calls,
      errors: w.errors,
      error_rate: errorRate,
      p50_ms: percentileMs(w.latency, 50),
      p95_ms: percentileMs(w.latency, 95),
      status: healthStatus({ errorRate }),
    };
  });
}

/** The headline both health reports share: status and request figures of the last five minutes. */
function healthHeadline(sources: MonitoringSources) {
  const window = sources.metrics.requests.window(HEALTH_WINDOW_MINUTES);
  const health = requestHealth(window, sources.p95BoundMs);
  return {
    health,
    headline: {
      status: health.status,
      icon: HEALTH_ICONS[health.status],
      recent_requests: window.requests,
      recent_errors: window.errors,
      error_rate: health.errorRate,
      avg_response_time_ms: average(window.sumMs, window.requests),
    },
  };
}

/** SystemHealth over the last five minutes. */
export function buildSystemHealth(sources: MonitoringSources): SystemHealth {
  const { health, headline } = healthHeadline(sources);
  return {
    ...headline,
    p95_response_time_ms: health.p95Ms,
    window_minutes: HEALTH_WINDOW_MINUTES,
    providers: providerHealth(sources.metrics.providers.window(HEALTH_WINDOW_MINUTES)),
    timestamp: iso(sources.nowMs),
  };
}

/** LightweightStats: the health headline without per-provider detail. */
export function buildLightweightStats(sources: MonitoringSources): LightweightStats {
  return { ...healthHeadline(sources).headline, timestamp: iso(sources.nowMs) };
}

/** APIStats over the last `minutes` minutes; endpoints and errors are named by route pattern. */
export function buildApiStats(sources: MonitoringSources, minutes: number): APIStats {
  const { metrics } = sources;
  const window = metrics.requests.window(minutes);
  const health = requestHealth(window, sources.p95BoundMs);
  const cache = sources.cacheCounters();
  const endpoints: EndpointStats[] = [...window.endpoints]
    .sort((a, b) => b.count - a.count || b.lastAtMs - a.lastAtMs)
    .slice(0, TOP_ENDPOINTS)
    .map((e) => ({
      endpoint: e.route,
      method: e.method,
      count: e.count,
      avg_time: average(e.sumMs, e.count),
      p50_ms: percentileMs(e.latency, 50),
      p95_ms: percentileMs(e.latency, 95),
      p99_ms: percentileMs(e.latency, 99),
      errors: e.errors,
      last_called: iso(e.lastAtMs),
    }));
  return {
    timestamp: iso(sources.nowMs),
    window_minutes: minutes,
    overview: {
      total_requests: metrics.requests.totals.requests,
      total_errors: metrics.requests.totals.errors,
      recent_requests: window.requests,
      recent_errors: window.errors,
    },
    cache_performance: {
      hits: cache.hits,
      misses: cache.misses,
      hit_rate: percentOf(cache.hits, cache.hits + cache.misses),
    },
    top_endpoints: endpoints,
    recent_errors: window.recentErrors.slice(0, RECENT_ERRORS_LISTED).map((e) => ({
      timestamp: iso(e.atMs),
      endpoint: e.route,
      method: e.method,
      status_code: e.statusCode,
      error_message: e.message,
    })),
    providers: providerHealth(metrics.providers.window(minutes)),
    system_health: { status: health.status, error_rate: health.errorRate },
  };
}

/** CacheStats from the read cache's own counters. */
export function buildCacheStats(counters: CacheCounters, nowMs: number): CacheStats {
  const total = counters.hits + counters.misses;
  return {
    hits: counters.hits,
    misses: counters.misses,
    hit_rate: percentOf(counters.hits, total),
    total_requests: total,
    invalidations: counters.invalidations,
    evictions: counters.evictions,
    size: counters.size,
    max_size: counters.maxEntries,
    timestamp: iso(nowMs),
  };
}
