import { describe, expect, it } from 'vitest';
import { shouldRetry } from '../app/queryClient.ts';
import { formatCurrency, formatPeriod, formatUnitPrice } from '../lib/format.ts';
import { compareLimits } from '../lib/limits.ts';
import { recentPeriods } from '../lib/periods.ts';
import {
  describeSince,
  describeSource,
  describeTiers,
  filterPricing,
  pageOf,
  perMillionTokens,
  perUnitRates,
} from '../lib/pricingTable.ts';
import { ApiError } from '../services/apiClient.ts';
import { makeLimits, makePricing } from '../test/fixtures.ts';

describe('formatting', () => {
  it('keeps sub-cent amounts visible', () => {
    expect(formatCurrency(1234.5)).toBe('$1,234.50');
    expect(formatCurrency(0.00042)).toBe('$0.00042');
    expect(formatCurrency(0)).toBe('$0.00');
    expect(formatUnitPrice(0.0025)).toBe('$0.0025');
  });

  it('writes unit prices in cents from a dollar up and to three significant digits below', () => {
    expect([2.5, 10, 0.3, 0.075, 0.0000025, 0.0052083, 0].map(formatUnitPrice)).toEqual([
      '$2.50',
      '$10.00',
      '$0.30',
      '$0.075',
      '$0.0000025',
      '$0.00521',
      '$0',
    ]);
  });

  it('names periods', () => {
    expect(formatPeriod('2026-01')).toBe('Jan 2026');
  });
});

describe('recentPeriods', () => {
  it('counts back across a year boundary', () => {
    expect(recentPeriods('2026-02', 4)).toEqual(['2026-02', '2026-01', '2025-12', '2025-11']);
  });
});

describe('compareLimits', () => {
  it('lists what changes between two plans and whether it is more', () => {
    const changes = compareLimits(
      makeLimits({ monthly_cost: 5, openai_calls: 100, stability_calls: 0 }),
      makeLimits({ monthly_cost: -1, openai_calls: 50, stability_calls: 500 }),
    );
    expect(changes).toEqual([
      { key: 'openai_calls', label: 'OpenAI calls', from: '100', to: '50', isIncrease: false },
      { key: 'stability_calls', label: 'Stability calls', from: 'Not included', to: '500', isIncrease: true },
      { key: 'monthly_cost', label: 'Monthly spend', from: '$5.00', to: 'Unlimited', isIncrease: true },
    ]);
  });
});

describe('price table', () => {
  const rows = [
    makePricing({ id: 1, model_name: 'gpt-4o' }),
    makePricing({
      id: 2,
      provider: 'anthropic',
      model_name: 'claude-sonnet-4-5',
      description: 'Claude Sonnet 4.5',
    }),
    makePricing({ id: 3, model_name: 'gpt-5.1' }),
    makePricing({
      id: 4,
      provider: 'tavily',
      model_name: 'tavily-search',
      cost_per_input_token: 0,
      cost_per_output_token: 0,
      cost_per_search: 0.008,
    }),
  ];

  it('finds models by any part of their name or description, of one provider or all, providers in order', () => {
    expect(filterPricing(rows, { query: ' GPT ' }).map((r) => r.id)).toEqual([1, 3]);
    expect(filterPricing(rows, { query: 'sonnet 4.5' }).map((r) => r.id)).toEqual([2]);
    expect(filterPricing(rows, { query: '', provider: 'tavily' }).map((r) => r.id)).toEqual([4]);
    expect(filterPricing(rows, { query: '' }).map((r) => r.provider)).toEqual([
      'openai',
      'openai',
      'anthropic',
      'tavily',
    ]);
  });

  it('pages rows and keeps the page inside the list', () => {
    const list = Array.from({ length: 2001 }, (_, i) => i);
    expect(pageOf(list, 0)).toMatchObject({ page: 0, pages: 41, rows: list.slice(0, 50) });
    expect(pageOf(list, 40).rows).toEqual([2000]);
    expect(pageOf(list, 99).page).toBe(40);
    expect(pageOf([], 3)).toEqual({ rows: [], page: 0, pages: 1 });
  });

  it('writes token rates per million, per-call rates per unit, tiers, start and source', () => {
    expect(perMillionTokens(0.000003)).toBe('$3.00');
    expect(perMillionTokens(undefined)).toBe('—');
    expect(perUnitRates(rows[3]!)).toBe('$0.008 / search');
    expect(perUnitRates(rows[0]!)).toBe('—');
    const tiered = makePricing({
      tiers: [
        { above_input_tokens: 200_000, cost_per_input_token: 0.000006, cost_per_output_token: 0.0000225 },
      ],
    });
    expect(describeTiers(tiered)).toEqual(['above 200,000 input: $6.00 in / $22.50 out per 1M']);
    expect(describeSince('1970-01-01T00:00:00.000Z')).toBe('always');
    expect(describeSince('2026-03-13T00:00:00.000Z')).toBe('2026-03-13');
    expect(describeSource('genai-prices@0.1.8')).toBe('genai-prices 0.1.8');
    expect(describeSource('operator')).toBe('Operator');
  });
});

describe('retry policy', () => {
  it('retries only failures a retry can fix', () => {
    expect(shouldRetry(0, new ApiError(0, 'network_error', 'offline'))).toBe(true);
    expect(shouldRetry(0, new ApiError(503, 'unavailable', 'restarting'))).toBe(true);
    expect(shouldRetry(2, new ApiError(503, 'unavailable', 'restarting'))).toBe(false);
    expect(shouldRetry(0, new ApiError(404, 'not_found', 'gone'))).toBe(false);
    expect(shouldRetry(0, new ApiError(401, 'unauthorized', 'expired'))).toBe(false);
    expect(shouldRetry(0, new ApiError(200, 'invalid_response', 'bad shape'))).toBe(false);
  });
});
