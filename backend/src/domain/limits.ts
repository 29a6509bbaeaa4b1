import {
  LIMIT_KEYS,
  type LimitKey,
  LLM_PROVIDERS,
  type PlanLimits,
  PROVIDERS,
  type Provider,
  parseLimitKey,
  percentageKeyOf,
  type SubscriptionLimits,
  type SubscriptionPlan,
  statusForPercentage,
  type UsagePercentages,
  type UsageStatus,
} from '@spendscope/contracts';

/** A limit of -1 is unlimited; 0 means not included. */
export const UNLIMITED = -1;

/** Usage measured against a plan's limits: calls and tokens per provider, cost in dollars. */
export type PeriodUsage = {
  calls: Record<Provider, number>;
  tokens: Record<Provider, number>;
  costDollars: number;
};

/** The amount used of a limited metric. */
export function usedOf(usage: PeriodUsage, key: LimitKey): number {
  const parsed = parseLimitKey(key);
  if (parsed.provider === null) return usage.costDollars;
  return parsed.kind === 'calls' ? usage.calls[parsed.provider] : usage.tokens[parsed.provider];
}

/** used ÷ limit × 100; 0 where the limit is unlimited. Not-included limits with use count as 100 %. */
export function percentOf(used: number, limit: number): number {
  if (limit === UNLIMITED) return 0;
  if (limit === 0) return used > 0 ? 100 : 0;
  return (used / limit) * 100;
}

/**
 * Percentages for every limited metric, unrounded (rounding is for display and would move a status),
 * under their UsagePercentages names (`monthly_cost` → `cost`).
 */
export function usagePercentages(usage: PeriodUsage, limits: PlanLimits): UsagePercentages {
  return Object.fromEntries(
    LIMIT_KEYS.map((key) => [percentageKeyOf(key), percentOf(usedOf(usage, key), limits[key])]),
  ) as UsagePercentages;
}

/** The SubscriptionLimits a usage reply carries: the plan's name, tier, flat limits and features. */
export function subscriptionLimitsOf(plan: SubscriptionPlan): SubscriptionLimits {
  return { plan_name: plan.name, tier: plan.tier, limits: plan.limits, features: plan.features };
}

/** The highest percentage decides: ≥ 100 limit_reached, ≥ 80 warning, else active. */
export function usageStatusOf(percentages: UsagePercentages): UsageStatus {
  return statusForPercentage(Math.max(0, ...Object.values(percentages)));
}

export function emptyUsage(): PeriodUsage {
  const zeros = () => Object.fromEntries(PROVIDERS.map((p) => [p, 0])) as Record<Provider, number>;
  return { calls: zeros(), tokens: zeros(), costDollars: 0 };
}

export function isTokenLimited(provider: Provider): boolean {
  return (LLM_PROVIDERS as readonly string[]).includes(provider);
}
