import { describe, expect, it } from 'vitest';
import { prepareLimitRows } from '../../charts/prepareLimitRows.ts';
import { makeBreakdown, makeSubscriptionLimits, makeUsageStats } from '../../test/fixtures.ts';

describe('prepareLimitRows', () => {
  it('turns capped limits into bars, spend first, then the closest to its cap', () => {
    const stats = makeUsageStats();
    const { capped } = prepareLimitRows(stats);
    expect(capped.map((r) => r.key)).toEqual([
      'monthly_cost',
      'anthropic_calls',
      'openai_calls',
      'openai_tokens',
      'tavily_calls',
    ]);
    expect(capped[1]).toMatchObject({
      label: 'Anthropic calls',
      used: 300,
      limit: 400,
      percentage: 75,
      status: 'active',
    });
    expect(capped.find((r) => r.key === 'openai_tokens')).toMatchObject({ unit: 'tokens', used: 2_400_000 });
  });

  it('colours by the server’s thresholds: 80 % warning, 100 % reached', () => {
    const stats = makeUsageStats({
      provider_breakdown: makeBreakdown({
        anthropic: { calls: 320, tokens: 0, cost: 1 },
        tavily: { calls: 1000, tokens: 0, cost: 1 },
      }),
    });
    const rows = prepareLimitRows(stats).capped;
    expect(rows.find((r) => r.key === 'anthropic_calls')?.status).toBe('warning');
    expect(rows.find((r) => r.key === 'tavily_calls')?.status).toBe('limit_reached');
  });

  it('lists excluded providers and unlimited metrics as text', () => {
    const { notIncluded, unlimited } = prepareLimitRows(
      makeUsageStats({ limits: makeSubscriptionLimits({ gemini_calls: 0 }) }),
    );
    expect(notIncluded).toEqual(['Gemini', 'Stability']);
    expect(unlimited).toContain('Mistral calls');
    expect(unlimited).not.toContain('Gemini calls');
  });
});
