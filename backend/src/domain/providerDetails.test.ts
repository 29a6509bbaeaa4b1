import { providerDetailsSchema } from '@spendscope/contracts';
import { describe, expect, it } from 'vitest';
import type { DetailTotals } from '../db/providerDetails.ts';
import { buildProviderDetails } from './providerDetails.ts';

function row(key: string, fields: Partial<DetailTotals>): DetailTotals {
  return {
    key,
    calls: 0,
    errors: 0,
    unpriced_calls: 0,
    input_tokens: 0,
    output_tokens: 0,
    cached_tokens: 0,
    cache_write_tokens: 0,
    cache_write_1h_tokens: 0,
    reasoning_tokens: 0,
    searches: 0,
    pages: 0,
    images: 0,
    cost_nano: 0,
    response_time_sum: 0,
    response_time_count: 0,
    ...fields,
  };
}

describe('buildProviderDetails', () => {
  const models = [
    row('gpt-4o-mini', {
      calls: 4,
      input_tokens: 3000,
      output_tokens: 1000,
      cost_nano: 1_000_000,
      response_time_sum: 1000,
      response_time_count: 4,
    }),
    row('gpt-4o', {
      calls: 2,
      input_tokens: 1500,
      output_tokens: 500,
      cached_tokens: 500,
      cost_nano: 5_000_000,
    }),
  ];
  const days = [
    row('2026-11-02', { calls: 5, input_tokens: 4000, output_tokens: 1000, cost_nano: 3_000_000 }),
    row('2026-11-05', {
      calls: 1,
      cost_nano: 3_000_000,
      input_tokens: 500,
      output_tokens: 500,
      cached_tokens: 500,
    }),
  ];

  it('lists models most expensive first with cost per 1K tokens and per call', () => {
    const details = providerDetailsSchema.parse(
      buildProviderDetails({
        userId: 'u1',
        provider: 'openai',
        period: '2026-11',
        today: '2026-11-06',
        models,
        days,
      }),
    );
    expect(details.models.map((m) => m.model)).toEqual(['gpt-4o', 'gpt-4o-mini']);
    const [big, small] = details.models;
    expect(big).toMatchObject({
      tokens: 2500,
      cost: 0.005,
      cost_per_1k_tokens: 0.002,
      cost_per_request: 0.0025,
    });
    expect(small).toMatchObject({
      tokens: 4000,
      cost: 0.001,
      cost_per_1k_tokens: 0.00025,
      avg_response_time: 250,
    });
    expect(details).toMatchObject({ calls: 6, tokens: 6500, cost: 0.006 });
  });

  it('has a zero-filled day for every date from the 1st up to today', () => {
    const details = buildProviderDetails({
      userId: 'u1',
      provider: 'openai',
      period: '2026-11',
      today: '2026-11-06',
      models,
      days,
    });
    expect(details.daily.map((d) => d.date)).toEqual([
      '2026-11-01',
      '2026-11-02',
      '2026-11-03',
      '2026-11-04',
      '2026-11-05',
      '2026-11-06',
    ]);
    expect(details.daily[1]).toEqual({ date: '2026-11-02', calls: 5, tokens: 5000, cost: 0.003 });
    expect(details.daily[0]).toEqual({ date: '2026-11-01', calls: 0, tokens: 0, cost: 0 });
  });

  it('covers the whole month for a past period', () => {
    const details = buildProviderDetails({
      userId: 'u1',
      provider: 'openai',
      period: '2026-02',
      today: '2026-11-06',
      models: [],
      days: [],
    });
    expect(details.daily).toHaveLength(28);
  });

  it('prices search APIs per call only', () => {
    const details = buildProviderDetails({
      userId: 'u1',
      provider: 'tavily',
      period: '2026-11',
      today: '2026-11-01',
      models: [row('tavily-default', { calls: 4, cost_nano: 32_000_000 })],
      days: [],
    });
    expect(details.models[0]?.cost_per_request).toBe(0.008);
    expect(details.models[0]?.cost_per_1k_tokens).toBeUndefined();
  });
});
