import { describe, expect, it } from 'vitest';
import { DEFAULT_PLANS } from '../defaults/plans.ts';
import { alertsDue } from './alerts.ts';
import { emptyUsage } from './limits.ts';

const free = DEFAULT_PLANS.find((p) => p.id === 'free')!.limits;

function geminiCalls(calls: number) {
  const usage = emptyUsage();
  usage.calls.gemini = calls;
  return alertsDue({ userId: 'u1', period: '2026-11', usage, limits: free, unpricedCalls: 0 });
}

describe('alertsDue', () => {
  it('raises nothing below 80 % of a limit', () => {
    expect(geminiCalls(70)).toEqual([]);
    expect(geminiCalls(79)).toEqual([]);
  });

  it('raises all three thresholds, once each, when one batch jumps from 70 % to 105 %', () => {
    expect(geminiCalls(70)).toEqual([]);
    const due = geminiCalls(105);
    expect(due.map((a) => [a.metric, a.threshold, a.severity, a.type])).toEqual([
      ['gemini_calls', 80, 'info', 'usage_threshold'],
      ['gemini_calls', 90, 'warning', 'usage_threshold'],
      ['gemini_calls', 100, 'error', 'limit_reached'],
    ]);
    const keys = due.map((a) => `${a.user_id}|${a.billing_period}|${a.metric}|${a.threshold}`);
    expect(new Set(keys).size).toBe(3);
  });

  it('names the provider and the numbers in title and message', () => {
    const [at80] = geminiCalls(85);
    expect(at80?.provider).toBe('gemini');
    expect(at80?.title).toBe('Gemini calls at 80% of your limit');
    expect(at80?.message).toBe('85 of 100 Gemini calls used in November 2026 (85%).');
    const reached = geminiCalls(105).at(-1);
    expect(reached?.title).toBe('Gemini calls limit reached');
    expect(reached?.message).toContain('105 of 100 Gemini calls used in November 2026 (105%)');
  });

  it('raises a threshold at exactly its percentage', () => {
    expect(geminiCalls(80).map((a) => a.threshold)).toEqual([80]);
    expect(geminiCalls(90).map((a) => a.threshold)).toEqual([80, 90]);
    expect(geminiCalls(100).map((a) => a.threshold)).toEqual([80, 90, 100]);
  });

  it('raises cost alerts in dollars', () => {
    const usage = emptyUsage();
    usage.costDollars = 1.9;
    const due = alertsDue({ userId: 'u1', period: '2026-11', usage, limits: free, unpricedCalls: 0 });
    expect(due.map((a) => a.threshold)).toEqual([80, 90]);
    expect(due[1]?.message).toBe('$1.90 of $2.00 monthly cost used in November 2026 (95%).');
  });

  it('raises one not-included notice for a provider the plan leaves out, not one per metric', () => {
    const usage = emptyUsage();
    usage.calls.openai = 2;
    usage.tokens.openai = 500;
    const due = alertsDue({ userId: 'u1', period: '2026-11', usage, limits: free, unpricedCalls: 0 });
    expect(due.map((a) => [a.metric, a.threshold, a.severity])).toEqual([['openai_calls', 100, 'error']]);
    expect(due[0]?.title).toBe('OpenAI calls not included in your plan');
  });

  it('never alerts on unlimited metrics', () => {
    const enterprise = DEFAULT_PLANS.find((p) => p.id === 'enterprise')!.limits;
    const usage = emptyUsage();
    usage.calls.gemini = 1_000_000;
    expect(
      alertsDue({ userId: 'u1', period: '2026-11', usage, limits: enterprise, unpricedCalls: 0 }),
    ).toEqual([]);
  });

  it('raises one unpriced-usage notice per period', () => {
    const due = alertsDue({
      userId: 'u1',
      period: '2026-11',
      usage: emptyUsage(),
      limits: free,
      unpricedCalls: 4,
    });
    expect(due).toHaveLength(1);
    expect(due[0]).toMatchObject({ metric: 'unpriced', type: 'unpriced_usage', threshold: 0 });
    expect(due[0]?.message).toMatch(/^4 calls in November 2026 used a model with no price; they are/);
  });

  it('speaks of one unpriced call in the singular', () => {
    const [notice] = alertsDue({
      userId: 'u1',
      period: '2026-12',
      usage: emptyUsage(),
      limits: free,
      unpricedCalls: 1,
    });
    expect(notice?.message).toMatch(/^1 call in December 2026 used a model with no price; it is/);
  });
});
