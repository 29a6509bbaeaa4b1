import { LIMIT_KEYS, type PlanLimits } from '@spendscope/contracts';
import { describe, expect, it } from 'vitest';
import { emptyUsage, percentOf, usagePercentages, usageStatusOf } from './limits.ts';

const limits = (overrides: Partial<PlanLimits>): PlanLimits =>
  ({ ...Object.fromEntries(LIMIT_KEYS.map((k) => [k, -1])), ...overrides }) as PlanLimits;

function statusWithGeminiCalls(calls: number, limit: number) {
  const usage = emptyUsage();
  usage.calls.gemini = calls;
  return usageStatusOf(usagePercentages(usage, limits({ gemini_calls: limit })));
}

describe('usage percentages and status', () => {
  it('is active at 79.9 %, warning at 80 %, limit_reached at 100 %', () => {
    expect(statusWithGeminiCalls(799, 1000)).toBe('active');
    expect(statusWithGeminiCalls(800, 1000)).toBe('warning');
    expect(statusWithGeminiCalls(999, 1000)).toBe('warning');
    expect(statusWithGeminiCalls(1000, 1000)).toBe('limit_reached');
  });

  it('does not round 79.99 % up into a warning', () => {
    expect(statusWithGeminiCalls(7999, 10_000)).toBe('active');
  });

  it('reports 0 % for unlimited limits however much is used', () => {
    expect(percentOf(1_000_000, -1)).toBe(0);
    expect(statusWithGeminiCalls(1_000_000, -1)).toBe('active');
  });

  it('treats use of a not-included metric as a reached limit', () => {
    expect(percentOf(0, 0)).toBe(0);
    expect(percentOf(1, 0)).toBe(100);
    expect(statusWithGeminiCalls(1, 0)).toBe('limit_reached');
  });

  it('takes the highest of call, token and cost percentages', () => {
    const usage = emptyUsage();
    usage.calls.openai = 10;
    usage.tokens.openai = 900;
    usage.costDollars = 1;
    const pct = usagePercentages(usage, limits({ openai_calls: 100, openai_tokens: 1000, monthly_cost: 2 }));
    expect(pct.openai_calls).toBe(10);
    expect(pct.openai_tokens).toBe(90);
    expect(pct.cost).toBe(50);
    expect(usageStatusOf(pct)).toBe('warning');
  });
});
