import { describe, expect, it } from 'vitest';
import { shouldRetry } from '../app/queryClient.ts';
import { formatCurrency, formatPeriod, formatUnitPrice } from '../lib/format.ts';
import { compareLimits } from '../lib/limits.ts';
import { recentPeriods } from '../lib/periods.ts';
import { describePrice, isCurrentPrice } from '../lib/pricing.ts';
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

describe('pricing', () => {
  it('describes only the parts of a price that cost something, tokens per million', () => {
    expect(describePrice(makePricing())).toEqual([
      '$2.50 / 1M input tokens',
      '$10.00 / 1M output tokens',
      '$1.25 / 1M cached tokens',
    ]);
    expect(
      describePrice(
        makePricing({
          provider: 'tavily',
          cost_per_input_token: 0,
          cost_per_output_token: 0,
          cost_per_cached_token: undefined,
          cost_per_search: 0.008,
        }),
      ),
    ).toEqual(['$0.008 / search']);
  });

  it('knows which version is in effect', () => {
    const now = new Date('2026-05-01T00:00:00Z');
    expect(isCurrentPrice(makePricing(), now)).toBe(true);
    expect(isCurrentPrice(makePricing({ effective_to: '2026-04-01T00:00:00.000Z' }), now)).toBe(false);
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
