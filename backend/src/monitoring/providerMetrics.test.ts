import { describe, expect, it } from 'vitest';
import { percentileMs } from './latency.ts';
import { MINUTE_MS } from './minuteSeries.ts';
import { ProviderMetrics, reportedCalls } from './providerMetrics.ts';

const T0 = Date.UTC(2026, 2, 10, 12, 0, 30);

describe('reportedCalls', () => {
  it('reads provider, failure, latency and time, skipping rejected events', () => {
    const raw = [
      { event_id: 'a', provider: 'openai', response_time_ms: 800 },
      { event_id: 'b', provider: 'openai', status_code: 503 },
      { event_id: 'c', provider: 'nope' },
      { event_id: 'd', provider: 'tavily', error: 'timeout', occurred_at: new Date(T0 - 5000).toISOString() },
      { event_id: 'e', provider: 'serper', occurred_at: new Date(T0 + 60_000).toISOString() },
    ];
    const calls = reportedCalls(raw, new Set([2]), T0);
    expect(calls).toEqual([
      { eventId: 'a', provider: 'openai', failed: false, responseTimeMs: 800, atMs: T0 },
      { eventId: 'b', provider: 'openai', failed: true, atMs: T0 },
      { eventId: 'd', provider: 'tavily', failed: true, atMs: T0 - 5000 },
      { eventId: 'e', provider: 'serper', failed: false, atMs: T0 },
    ]);
  });
});

describe('ProviderMetrics', () => {
  it('gives calls, errors and latency percentiles per provider over the window', () => {
    const metrics = new ProviderMetrics({ now: () => T0 });
    const latencies = [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000];
    metrics.record(
      latencies.map((ms, i) => ({
        eventId: `o${i}`,
        provider: 'openai' as const,
        failed: i < 2,
        responseTimeMs: ms,
        atMs: T0,
      })),
    );
    metrics.record([
      { eventId: 'g1', provider: 'gemini', failed: false, responseTimeMs: 50, atMs: T0 - 20 * MINUTE_MS },
    ]);

    const recent = metrics.window(5);
    expect(recent.map((p) => p.provider)).toEqual(['openai']);
    expect(recent[0]).toMatchObject({ calls: 10, errors: 2 });
    expect(percentileMs(recent[0]!.latency, 50)).toBeCloseTo(500, -1);
    expect(percentileMs(recent[0]!.latency, 95)).toBeCloseTo(1000, -1);
    expect(metrics.window(30).map((p) => p.provider)).toEqual(['gemini', 'openai']);
  });

  it('does not count a resent call twice', () => {
    const metrics = new ProviderMetrics({ now: () => T0 });
    const call = { eventId: 'same', provider: 'mistral' as const, failed: true, atMs: T0 };
    metrics.record([call]);
    metrics.record([call]);
    expect(metrics.window(5)[0]).toMatchObject({ calls: 1, errors: 1 });
  });

  it('ignores calls that happened before the 24-hour retention', () => {
    const metrics = new ProviderMetrics({ now: () => T0 });
    metrics.record([{ eventId: 'old', provider: 'serper', failed: true, atMs: T0 - 2 * 1440 * MINUTE_MS }]);
    expect(metrics.window(1440)).toEqual([]);
  });

  it('takes a late call into a minute already stored compactly', () => {
    const clock = { now: T0 };
    const metrics = new ProviderMetrics({ now: () => clock.now });
    metrics.record([{ eventId: 'x1', provider: 'gemini', failed: false, responseTimeMs: 100, atMs: T0 }]);
    clock.now = T0 + 3 * MINUTE_MS;
    metrics.window(5);
    metrics.record([{ eventId: 'x2', provider: 'gemini', failed: true, responseTimeMs: 300, atMs: T0 }]);
    const [gemini] = metrics.window(5);
    expect(gemini).toMatchObject({ calls: 2, errors: 1 });
    expect(percentileMs(gemini!.latency, 99)).toBeCloseTo(300, -1);
  });
});
