import { PROVIDERS, usageTrendsSchema } from '@spendscope/contracts';
import { describe, expect, it } from 'vitest';
import type { ProviderTotals } from '../db/rollups.ts';
import { lastPeriods } from './periods.ts';
import { buildTrends } from './trends.ts';

function totals(
  period: string,
  provider: string,
  calls: number,
  costNano: number,
  tokens = 0,
): ProviderTotals {
  return {
    user_id: 'u1',
    billing_period: period,
    provider,
    calls,
    errors: 0,
    unpriced_calls: 0,
    input_tokens: tokens,
    output_tokens: 0,
    cached_tokens: 0,
    cache_write_tokens: 0,
    cost_nano: costNano,
    response_time_sum: 0,
    response_time_count: 0,
  };
}

describe('trend periods', () => {
  it('runs oldest first across a year boundary', () => {
    expect(lastPeriods(4, 'UTC', new Date('2026-02-10T12:00:00Z'))).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
  });

  it('ends in the new year east of UTC while UTC is still in the old one', () => {
    // 2025-12-31T20:00Z is 05:00 on 1 January in Tokyo.
    const now = new Date('2025-12-31T20:00:00Z');
    expect(lastPeriods(3, 'Asia/Tokyo', now)).toEqual(['2025-11', '2025-12', '2026-01']);
    expect(lastPeriods(3, 'UTC', now)).toEqual(['2025-10', '2025-11', '2025-12']);
  });

  it('ends in the old year west of UTC while UTC is already in the new one', () => {
    // 2026-01-01T03:00Z is 19:00 on 31 December in Los Angeles.
    const now = new Date('2026-01-01T03:00:00Z');
    expect(lastPeriods(3, 'America/Los_Angeles', now)).toEqual(['2025-10', '2025-11', '2025-12']);
    expect(lastPeriods(3, 'UTC', now)).toEqual(['2025-11', '2025-12', '2026-01']);
  });

  it('spans 24 months', () => {
    const periods = lastPeriods(24, 'UTC', new Date('2026-11-25T00:00:00Z'));
    expect(periods).toHaveLength(24);
    expect(periods[0]).toBe('2024-12');
    expect(periods.at(-1)).toBe('2026-11');
  });
});

describe('buildTrends', () => {
  const periods = ['2025-11', '2025-12', '2026-01'];

  it('zero-fills months and providers without usage', () => {
    const trends = usageTrendsSchema.parse(
      buildTrends(periods, [totals('2025-12', 'openai', 3, 1_500_000_000)]),
    );
    expect(trends.periods).toEqual(periods);
    expect(trends.total_calls).toEqual([0, 3, 0]);
    expect(trends.total_cost).toEqual([0, 1.5, 0]);
    expect(Object.keys(trends.provider_trends)).toEqual([...PROVIDERS]);
    expect(trends.provider_trends.openai.calls).toEqual([0, 3, 0]);
    expect(trends.provider_trends.tavily).toEqual({ calls: [0, 0, 0], cost: [0, 0, 0], tokens: [0, 0, 0] });
  });

  it('sums every provider of a month into the totals, cost in exact nano-dollars', () => {
    const trends = buildTrends(periods, [
      totals('2026-01', 'openai', 2, 100_000_001, 1000),
      totals('2026-01', 'gemini', 5, 200_000_002, 500),
      totals('2026-01', 'tavily', 1, 8_000_000),
    ]);
    expect(trends.total_calls).toEqual([0, 0, 8]);
    expect(trends.total_tokens).toEqual([0, 0, 1500]);
    expect(trends.total_cost[2]).toBe(0.308000003);
    expect(trends.provider_trends.gemini).toEqual({
      calls: [0, 0, 5],
      cost: [0, 0, 0.200000002],
      tokens: [0, 0, 500],
    });
  });

  it('ignores rows outside the periods asked for', () => {
    const trends = buildTrends(periods, [totals('2025-10', 'openai', 9, 1)]);
    expect(trends.total_calls).toEqual([0, 0, 0]);
  });
});
