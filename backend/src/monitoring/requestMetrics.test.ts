import { describe, expect, it } from 'vitest';
import { percentileMs } from './latency.ts';
import { MINUTE_MS } from './minuteSeries.ts';
import { RequestMetrics, type RequestSample } from './requestMetrics.ts';

const T0 = Date.UTC(2026, 2, 10, 12, 0, 30);

function metricsAt(clock: { now: number }) {
  return new RequestMetrics({ now: () => clock.now });
}

function sample(overrides: Partial<RequestSample> = {}): RequestSample {
  return {
    method: 'GET',
    route: '/api/billing/usage/:userId',
    statusCode: 200,
    durationMs: 10,
    atMs: T0,
    ...overrides,
  };
}

/** Nearest-rank percentile of a list: the smallest value with at least p % of the values at or below it. */
function nearestRank(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The histogram keeps two significant digits: within 1 %, plus the 0.1 ms the API rounds to. */
function expectClose(actual: number, expected: number) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(expected * 0.01 + 0.1);
}

describe('RequestMetrics', () => {
  it('gives p50, p95 and p99 of a known set of durations per endpoint', () => {
    const clock = { now: T0 };
    const metrics = metricsAt(clock);
    // 1..1000 ms in a scrambled order, plus a sub-millisecond group on another endpoint.
    const durations = Array.from({ length: 1000 }, (_, i) => ((i * 617) % 1000) + 1);
    for (const d of durations) metrics.record(sample({ durationMs: d }));
    const fast = [0.2, 0.4, 0.4, 0.7, 1.3, 2.5, 3.1, 4.8, 9.9, 12.6];
    for (const d of fast) metrics.record(sample({ route: '/api/health', durationMs: d }));

    const window = metrics.window(5);
    const usage = window.endpoints.find((e) => e.route === '/api/billing/usage/:userId')!;
    expect(usage.count).toBe(1000);
    expectClose(percentileMs(usage.latency, 50), nearestRank(durations, 50));
    expectClose(percentileMs(usage.latency, 95), nearestRank(durations, 95));
    expectClose(percentileMs(usage.latency, 99), nearestRank(durations, 99));
    expect(usage.sumMs / usage.count).toBeCloseTo(500.5, 9);

    const health = window.endpoints.find((e) => e.route === '/api/health')!;
    for (const p of [50, 95, 99]) expectClose(percentileMs(health.latency, p), nearestRank(fast, p));
    expectClose(percentileMs(window.latency, 50), nearestRank([...durations, ...fast], 50));
  });

  it('answers a window of N minutes from the last N minute buckets, the current one included', () => {
    const clock = { now: T0 };
    const metrics = metricsAt(clock);
    metrics.record(sample({ atMs: T0 - 10 * MINUTE_MS }));
    metrics.record(sample({ atMs: T0 - 3 * MINUTE_MS }));
    metrics.record(sample({ atMs: T0 }));
    expect(metrics.window(1).requests).toBe(1);
    expect(metrics.window(4).requests).toBe(2);
    expect(metrics.window(11).requests).toBe(3);
  });

  it('keeps 24 hours of minutes and lets older ones go', () => {
    const clock = { now: T0 };
    const metrics = metricsAt(clock);
    metrics.record(sample({ atMs: T0 - 1439 * MINUTE_MS }));
    metrics.record(sample({ atMs: T0 - 1600 * MINUTE_MS }));
    expect(metrics.window(1440).requests).toBe(1);
    clock.now = T0 + 120 * MINUTE_MS;
    metrics.record(sample({ atMs: clock.now }));
    expect(metrics.window(1440).requests).toBe(1);
    expect(metrics.totals.requests).toBe(3);
  });

  it('counts server errors (5xx) as errors and lists the latest by route pattern', () => {
    const clock = { now: T0 };
    const metrics = metricsAt(clock);
    metrics.record(sample({ statusCode: 404 }));
    metrics.record(sample({ statusCode: 500, errorMessage: 'first', atMs: T0 - 1000 }));
    metrics.record(
      sample({ statusCode: 503, errorMessage: 'second', method: 'POST', route: '/api/usage/events' }),
    );
    const window = metrics.window(5);
    expect(window.requests).toBe(3);
    expect(window.errors).toBe(2);
    expect(window.recentErrors.map((e) => e.message)).toEqual(['second', 'first']);
    expect(window.recentErrors[0]).toMatchObject({
      route: '/api/usage/events',
      method: 'POST',
      statusCode: 503,
    });
    expect(metrics.totals).toEqual({ requests: 3, errors: 2 });
  });

  it('lists only the errors inside the window', () => {
    const clock = { now: T0 };
    const metrics = metricsAt(clock);
    metrics.record(sample({ statusCode: 500, atMs: T0 - 30 * MINUTE_MS }));
    metrics.record(sample({ statusCode: 500, atMs: T0 }));
    expect(metrics.window(5).recentErrors).toHaveLength(1);
    expect(metrics.window(60).recentErrors).toHaveLength(2);
  });

  it('gives the same numbers after closed minutes are stored compactly', () => {
    const clock = { now: T0 };
    const metrics = metricsAt(clock);
    const many = Array.from({ length: 300 }, (_, i) => (i % 97) + 0.5);
    for (const d of many) metrics.record(sample({ durationMs: d }));
    for (const d of [5, 15, 25]) metrics.record(sample({ durationMs: d, atMs: T0 + MINUTE_MS }));
    clock.now = T0 + MINUTE_MS;
    const open = metrics.window(5);
    clock.now = T0 + 3 * MINUTE_MS;
    const sealed = metrics.window(5);
    expect(sealed.requests).toBe(303);
    for (const p of [50, 95, 99]) expect(percentileMs(sealed.latency, p)).toBe(percentileMs(open.latency, p));
  });
});
