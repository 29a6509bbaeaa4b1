import type { Provider } from '@spendscope/contracts';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PLANS } from '../defaults/plans.ts';
import { emptyUsage } from './limits.ts';
import { decideReservation, type Held, usageWithHeld } from './reservationRules.ts';

const NANO = 1e9;
const planOf = (id: string) => DEFAULT_PLANS.find((p) => p.id === id)!;
const NOW = Date.UTC(2026, 10, 20, 12);
const PERIOD_END = Date.UTC(2026, 11, 1);

function decide(options: {
  plan?: string;
  provider?: Provider;
  calls?: number;
  tokens?: number;
  costDollars?: number;
  held?: Held;
  estimatedTokens?: number;
  estimatedCostDollars?: number;
}) {
  const plan = planOf(options.plan ?? 'free');
  const provider = options.provider ?? 'gemini';
  const usage = emptyUsage();
  usage.calls[provider] = options.calls ?? 0;
  usage.tokens[provider] = options.tokens ?? 0;
  usage.costDollars = options.costDollars ?? 0;
  return decideReservation({
    provider,
    planName: plan.name,
    period: '2026-11',
    limits: plan.limits,
    usage,
    costSoFarNano: Math.round((options.costDollars ?? 0) * NANO),
    held: options.held ?? [],
    estimatedTokens: options.estimatedTokens ?? 0,
    estimatedCostNano: Math.round((options.estimatedCostDollars ?? 0) * NANO),
    nowMs: NOW,
    periodEndMs: PERIOD_END,
  });
}

const gemini = (calls: number, tokens = 0, costDollars = 0) => ({
  provider: 'gemini',
  calls,
  tokens,
  cost_nano: costDollars * NANO,
});

describe('decideReservation', () => {
  it('allows a call that fits with what is held, and counts it in what remains', () => {
    const decision = decide({ calls: 90, tokens: 1000, held: [gemini(5, 500, 0.1)], estimatedTokens: 200 });
    expect(decision).toEqual({
      ok: true,
      remaining: { calls: 4, tokens: 100_000 - 1000 - 500 - 200, cost_nano: 2 * NANO - 0.1 * NANO },
    });
  });

  it('refuses the call past the limit once held calls fill it, with what remains without it', () => {
    const decision = decide({ calls: 95, held: [gemini(5)] });
    expect(decision).toMatchObject({
      ok: false,
      reasonCode: 'call_limit_reached',
      remaining: { calls: 0 },
    });
    expect(decision.ok || decision.reason).toContain('100 of 100 Gemini calls are used in November 2026');
  });

  it('refuses when held tokens leave too few for the estimate', () => {
    const decision = decide({ tokens: 90_000, held: [gemini(1, 9_000)], estimatedTokens: 2000 });
    expect(decision).toMatchObject({
      ok: false,
      reasonCode: 'token_limit_reached',
      remaining: { tokens: 1000 },
    });
  });

  it('holds the cost cap across providers: held cost of any provider counts', () => {
    const held: Held = [{ provider: 'mistral', calls: 1, tokens: 0, cost_nano: 1.5 * NANO }];
    expect(decide({ costDollars: 0.25, held, estimatedCostDollars: 0.2 }).ok).toBe(true);
    const refused = decide({ costDollars: 0.25, held, estimatedCostDollars: 0.3 });
    expect(refused).toMatchObject({
      ok: false,
      reasonCode: 'cost_limit_reached',
      remaining: { cost_nano: 0.25 * NANO },
    });
  });

  it('refuses a provider the plan does not include, whatever is held', () => {
    expect(decide({ provider: 'openai' })).toMatchObject({ ok: false, reasonCode: 'provider_not_included' });
  });

  it('asks to retry when the period ends', () => {
    const decision = decide({ calls: 100 });
    expect(decision.ok === false && decision.retryAfterSeconds).toBe((PERIOD_END - NOW) / 1000);
  });

  it('reports unlimited limits as -1 and leaves tokens unlimited for search APIs', () => {
    expect(decide({ plan: 'enterprise', calls: 10_000, estimatedCostDollars: 1 })).toEqual({
      ok: true,
      remaining: { calls: -1, tokens: -1, cost_nano: 499 * NANO },
    });
    expect(decide({ provider: 'tavily', calls: 3, estimatedTokens: 50 })).toMatchObject({
      ok: true,
      remaining: { calls: 16, tokens: -1 },
    });
  });
});

describe('usageWithHeld', () => {
  it('adds held calls and tokens to their provider and held cost to the total', () => {
    const usage = emptyUsage();
    usage.calls.gemini = 2;
    const counted = usageWithHeld(usage, 10, [
      gemini(3, 40, 0),
      { provider: 'tavily', calls: 1, tokens: 0, cost_nano: 5 },
    ]);
    expect(counted.usage.calls).toMatchObject({ gemini: 5, tavily: 1 });
    expect(counted.usage.tokens.gemini).toBe(40);
    expect(counted.costNano).toBe(15);
    // The usage passed in is not changed.
    expect(usage.calls.gemini).toBe(2);
  });
});
