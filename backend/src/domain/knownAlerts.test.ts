import { LIMIT_KEYS, PROVIDERS, type SubscriptionLimits } from '@spendscope/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertsDue } from './alerts.ts';
import { alertNameOf, KnownAlerts, possibleAlertNames } from './knownAlerts.ts';
import type { PeriodUsage } from './limits.ts';

const amount = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 2000 }),
  fc.double({ min: 0, max: 5000, noNaN: true }),
);
const limit = fc.oneof(
  fc.constant(-1),
  fc.constant(0),
  fc.integer({ min: 1, max: 1000 }),
  fc.double({ min: 0.5, max: 100, noNaN: true }),
);
const perProvider = fc.tuple(...PROVIDERS.map(() => amount));

const usageArb = fc.record({ calls: perProvider, tokens: perProvider, costDollars: amount }).map(
  ({ calls, tokens, costDollars }): PeriodUsage => ({
    calls: Object.fromEntries(PROVIDERS.map((p, i) => [p, Math.round(calls[i]!)])) as PeriodUsage['calls'],
    tokens: Object.fromEntries(PROVIDERS.map((p, i) => [p, Math.round(tokens[i]!)])) as PeriodUsage['tokens'],
    costDollars,
  }),
);
const limitsArb = fc
  .tuple(...LIMIT_KEYS.map(() => limit))
  .map((values) => Object.fromEntries(LIMIT_KEYS.map((key, i) => [key, values[i]])) as SubscriptionLimits);

describe('alerts known to be stored', () => {
  it('predicts exactly the keys of the alerts the rules find due, for any usage and limits', () => {
    fc.assert(
      fc.property(usageArb, limitsArb, fc.nat({ max: 3 }), (usage, limits, unpricedCalls) => {
        const options = { userId: 'u1', period: '2026-11', usage, limits, unpricedCalls };
        const due = alertsDue(options).map(alertNameOf).sort();
        expect(possibleAlertNames(options).sort()).toEqual(due);
      }),
      { numRuns: 2000 },
    );
  });

  it('knows an alert of a user period once remembered, and starts over past its bound', () => {
    const known = new KnownAlerts(2);
    known.remember('u1', '2026-11', ['gemini_calls:80', 'gemini_calls:90']);
    known.remember('u2', '2026-11', ['unpriced:0']);
    expect(known.hasAll('u1', '2026-11', ['gemini_calls:80', 'gemini_calls:90'])).toBe(true);
    expect(known.hasAll('u1', '2026-11', ['gemini_calls:100'])).toBe(false);
    expect(known.has('u1', '2026-10', 'gemini_calls:80')).toBe(false);
    known.remember('u3', '2026-11', ['unpriced:0']);
    expect(known.has('u3', '2026-11', 'unpriced:0')).toBe(true);
    expect(known.has('u1', '2026-11', 'gemini_calls:80')).toBe(false);
  });
});
