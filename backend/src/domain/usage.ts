import {
  PROVIDERS,
  type Provider,
  type ProviderBreakdown,
  type SubscriptionPlan,
  type UsageAlert,
  type UsageStats,
} from '@spendscope/contracts';
import type { ProviderTotals } from '../db/rollups.ts';
import {
  emptyUsage,
  type PeriodUsage,
  subscriptionLimitsOf,
  usagePercentages,
  usageStatusOf,
} from './limits.ts';
import { nanoToDollars } from './money.ts';

/**
 * Tokens a call counts against token limits: uncached input, cached input, input written to the prompt
 * cache and output (reasoning included).
 */
export function tokensOf(t: {
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  cache_write_tokens?: number | undefined;
}): number {
  return t.input_tokens + t.output_tokens + t.cached_tokens + (t.cache_write_tokens ?? 0);
}

export type PeriodTotals = {
  usage: PeriodUsage;
  breakdown: ProviderBreakdown;
  calls: number;
  errors: number;
  tokens: number;
  costNano: number;
  unpricedCalls: number;
  responseTimeSum: number;
  responseTimeCount: number;
};

/** Folds per-provider rollup totals of one user's period into the figures the rules work on. */
export function summarizePeriod(rows: readonly ProviderTotals[]): PeriodTotals {
  const usage = emptyUsage();
  const breakdown = Object.fromEntries(
    PROVIDERS.map((p) => [p, { calls: 0, tokens: 0, cost: 0 }]),
  ) as ProviderBreakdown;
  const costNano = Object.fromEntries(PROVIDERS.map((p) => [p, 0])) as Record<Provider, number>;
  const totals = {
    calls: 0,
    errors: 0,
    tokens: 0,
    costNano: 0,
    unpricedCalls: 0,
    responseTimeSum: 0,
    responseTimeCount: 0,
  };
  for (const row of rows) {
    const provider = row.provider as Provider;
    if (!(provider in breakdown)) continue;
    const tokens = tokensOf(row);
    usage.calls[provider] += row.calls;
    usage.tokens[provider] += tokens;
    breakdown[provider].calls += row.calls;
    breakdown[provider].tokens += tokens;
    costNano[provider] += row.cost_nano;
    totals.calls += row.calls;
    totals.errors += row.errors;
    totals.tokens += tokens;
    totals.costNano += row.cost_nano;
    totals.unpricedCalls += row.unpriced_calls;
    totals.responseTimeSum += row.response_time_sum;
    totals.responseTimeCount += row.response_time_count;
  }
  for (const provider of PROVIDERS) breakdown[provider].cost = nanoToDollars(costNano[provider]);
  usage.costDollars = nanoToDollars(totals.costNano);
  return { usage, breakdown, ...totals };
}

/** UsageStats from a period's totals, the plan and the period's alerts. */
export function buildUsageStats(options: {
  userId: string;
  period: string;
  plan: SubscriptionPlan;
  totals: PeriodTotals;
  alerts: UsageAlert[];
  now: Date;
}): UsageStats {
  const { totals, plan } = options;
  const percentages = usagePercentages(totals.usage, plan.limits);
  return {
    user_id: options.userId,
    billing_period: options.period,
    usage_status: usageStatusOf(percentages),
    plan: { id: plan.id, name: plan.name, tier: plan.tier },
    total_calls: totals.calls,
    total_tokens: totals.tokens,
    total_cost: nanoToDollars(totals.costNano),
    avg_response_time:
      totals.responseTimeCount > 0 ? round(totals.responseTimeSum / totals.responseTimeCount, 1) : 0,
    error_rate: totals.calls > 0 ? round((totals.errors / totals.calls) * 100, 2) : 0,
    unpriced_calls: totals.unpricedCalls,
    limits: subscriptionLimitsOf(plan),
    provider_breakdown: totals.breakdown,
    alerts: options.alerts,
    usage_percentages: percentages,
    last_updated: options.now.toISOString(),
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
