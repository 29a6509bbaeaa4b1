import { type Provider, usageCheckResponseSchema } from '@spendscope/contracts';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PLANS } from '../defaults/plans.ts';
import { decideCheck } from './check.ts';
import { emptyUsage } from './limits.ts';

const NANO = 1e9;
const planOf = (id: string) => DEFAULT_PLANS.find((p) => p.id === id)!;

function check(options: {
  plan?: string;
  provider?: Provider;
  calls?: number;
  tokens?: number;
  costDollars?: number;
  estimatedTokens?: number;
  estimatedCostDollars?: number;
}) {
  const plan = planOf(options.plan ?? 'basic');
  const provider = options.provider ?? 'openai';
  const usage = emptyUsage();
  usage.calls[provider] = options.calls ?? 0;
  usage.tokens[provider] = options.tokens ?? 0;
  usage.costDollars = options.costDollars ?? 0;
  return usageCheckResponseSchema.parse(
    decideCheck({
      provider,
      planName: plan.name,
      period: '2026-11',
      limits: plan.limits,
      usage,
      costSoFarNano: Math.round((options.costDollars ?? 0) * NANO),
      estimatedTokens: options.estimatedTokens ?? 0,
      estimatedCostNano: Math.round((options.estimatedCostDollars ?? 0) * NANO),
    }),
  );
}

describe('decideCheck', () => {
  it('allows a call within every limit and says what remains', () => {
    const answer = check({ calls: 10, tokens: 1000, costDollars: 5, estimatedCostDollars: 0.25 });
    expect(answer).toEqual({
      allowed: true,
      estimated_cost: 0.25,
      remaining: { calls: 490, tokens: 499_000, cost: 45 },
    });
  });

  it('refuses a provider the plan does not include, saying so', () => {
    const answer = check({ plan: 'free', provider: 'openai' });
    expect(answer.allowed).toBe(false);
    expect(answer.reason_code).toBe('provider_not_included');
    expect(answer.reason).toBe(
      'The Free plan does not include OpenAI; move to a plan that includes it to make this call.',
    );
    expect(answer.remaining.calls).toBe(0);
  });

  it('allows the last call below the call cap and refuses at the cap', () => {
    expect(check({ calls: 499 }).allowed).toBe(true);
    const atCap = check({ calls: 500 });
    expect(atCap.allowed).toBe(false);
    expect(atCap.reason_code).toBe('call_limit_reached');
    expect(atCap.reason).toContain('500 of 500 OpenAI calls are used in November 2026');
    expect(atCap.remaining.calls).toBe(0);
  });

  it('refuses when the estimated tokens would pass the token cap', () => {
    const answer = check({ tokens: 499_000, estimatedTokens: 1500 });
    expect(answer.reason_code).toBe('token_limit_reached');
    expect(answer.reason).toContain('estimated 1,500 tokens exceed the 1,000 OpenAI tokens left of 500,000');
    expect(check({ tokens: 499_000, estimatedTokens: 1000 }).allowed).toBe(true);
    expect(check({ tokens: 500_000 }).reason_code).toBe('token_limit_reached');
  });

  it('refuses when the cost cap is spent or the estimate would pass it', () => {
    const spent = check({ costDollars: 50 });
    expect(spent.reason_code).toBe('cost_limit_reached');
    expect(spent.remaining.cost).toBe(0);
    const over = check({ costDollars: 49.9, estimatedCostDollars: 0.2 });
    expect(over.reason_code).toBe('cost_limit_reached');
    expect(over.reason).toContain('estimated $0.20 exceeds the $0.10 left of the $50.00 monthly cost cap');
    expect(check({ costDollars: 49.9, estimatedCostDollars: 0.1 }).allowed).toBe(true);
  });

  it('checks calls before tokens before cost', () => {
    expect(check({ calls: 500, tokens: 500_000, costDollars: 50 }).reason_code).toBe('call_limit_reached');
    expect(check({ tokens: 500_000, costDollars: 50 }).reason_code).toBe('token_limit_reached');
  });

  it('allows anything on unlimited calls and tokens, reporting -1 as remaining', () => {
    const answer = check({
      plan: 'enterprise',
      calls: 1e7,
      tokens: 1e10,
      costDollars: 100,
      estimatedTokens: 1e6,
    });
    expect(answer.allowed).toBe(true);
    expect(answer.remaining).toEqual({ calls: -1, tokens: -1, cost: 400 });
  });

  it('gives no token quota for providers billed per request', () => {
    const answer = check({ provider: 'tavily', calls: 150 });
    expect(answer.remaining).toEqual({ calls: 50, cost: 50 });
  });
});
