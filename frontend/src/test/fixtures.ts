import {
  type AlertsResponse,
  type APIPricing,
  type APIStats,
  alertsResponseSchema,
  apiPricingSchema,
  apiStatsSchema,
  type CacheStats,
  cacheStatsSchema,
  type DashboardData,
  dashboardDataSchema,
  LIMIT_KEYS,
  type LightweightStats,
  lightweightStatsSchema,
  type MeResponse,
  meResponseSchema,
  PROVIDERS,
  type Provider,
  type ProviderBreakdown,
  type ProviderDetails,
  providerDetailsSchema,
  type SubscriptionLimits,
  type SubscriptionPlan,
  type SystemHealth,
  subscriptionPlanSchema,
  systemHealthSchema,
  type UsageAlert,
  type UsagePercentages,
  type UsageStats,
  type UsageTrends,
  type UserOverview,
  usageAlertSchema,
  usageStatsSchema,
  usageTrendsSchema,
  userOverviewSchema,
} from '@spendscope/contracts';

/*
 * Test data that is valid by construction: every factory parses its result with the contract
 * schema, so a fixture can never drift from what the server really sends.
 */

export const USER_ID = 'demo-user';
export const PERIOD = '2026-05';
const NOW = '2026-05-15T12:00:00.000Z';

const usage = (calls: number, tokens: number, cost: number) => ({ calls, tokens, cost });

export function makeBreakdown(overrides: Partial<ProviderBreakdown> = {}): ProviderBreakdown {
  const zero = Object.fromEntries(PROVIDERS.map((p) => [p, usage(0, 0, 0)])) as ProviderBreakdown;
  return {
    ...zero,
    openai: usage(1200, 2_400_000, 12.5),
    anthropic: usage(300, 900_000, 8.25),
    tavily: usage(150, 0, 1.2),
    ...overrides,
  };
}

export function makeLimits(overrides: Partial<SubscriptionLimits> = {}): SubscriptionLimits {
  const unlimited = Object.fromEntries(LIMIT_KEYS.map((key) => [key, -1])) as SubscriptionLimits;
  return {
    ...unlimited,
    monthly_cost: 50,
    openai_calls: 2000,
    anthropic_calls: 400,
    tavily_calls: 1000,
    openai_tokens: 10_000_000,
    stability_calls: 0,
    ...overrides,
  };
}

/** used ÷ limit × 100 per metric, 0 where unlimited or not included — the server's rule. */
export function percentagesFor(breakdown: ProviderBreakdown, limits: SubscriptionLimits, totalCost: number) {
  const used = (key: string): number => {
    if (key === 'monthly_cost') return totalCost;
    const provider = PROVIDERS.find((p) => key.startsWith(`${p}_`)) as Provider;
    return key.endsWith('_tokens') ? breakdown[provider].tokens : breakdown[provider].calls;
  };
  return Object.fromEntries(
    LIMIT_KEYS.map((key) => [key, limits[key] > 0 ? (used(key) / limits[key]) * 100 : 0]),
  ) as UsagePercentages;
}

export function makeAlert(overrides: Partial<UsageAlert> = {}): UsageAlert {
  return usageAlertSchema.parse({
    id: 1,
    user_id: USER_ID,
    type: 'usage_threshold',
    metric: 'anthropic_calls',
    provider: 'anthropic',
    threshold_percentage: 80,
    severity: 'info',
    title: 'Anthropic calls at 80%',
    message: '300 of 400 Anthropic calls used this month.',
    billing_period: PERIOD,
    is_read: false,
    created_at: NOW,
    ...overrides,
  });
}

export function makeUsageStats(overrides: Partial<UsageStats> = {}): UsageStats {
  const provider_breakdown = overrides.provider_breakdown ?? makeBreakdown();
  const limits = overrides.limits ?? makeLimits();
  const total = PROVIDERS.reduce(
    (sum, p) => ({
      calls: sum.calls + provider_breakdown[p].calls,
      tokens: sum.tokens + provider_breakdown[p].tokens,
      cost: sum.cost + provider_breakdown[p].cost,
    }),
    { calls: 0, tokens: 0, cost: 0 },
  );
  const total_cost = overrides.total_cost ?? Math.round(total.cost * 100) / 100;
  return usageStatsSchema.parse({
    user_id: USER_ID,
    billing_period: PERIOD,
    usage_status: 'active',
    plan: { id: 'pro', name: 'Pro', tier: 'pro' },
    total_calls: total.calls,
    total_tokens: total.tokens,
    total_cost,
    avg_response_time: 840,
    error_rate: 1.5,
    unpriced_calls: 0,
    limits,
    provider_breakdown,
    alerts: [],
    usage_percentages: percentagesFor(provider_breakdown, limits, total_cost),
    last_updated: NOW,
    ...overrides,
  });
}

/** Months ending at PERIOD, oldest first; the peak is 2026-02 whatever the length. */
export function makeTrends(months = 12): UsageTrends {
  const periods: string[] = [];
  for (let back = months - 1; back >= 0; back--) {
    const index = 2026 * 12 + 4 - back;
    periods.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  const costFor = (period: string, i: number) => (period === '2026-02' ? 90 : 10 + i);
  const openaiCost = periods.map((p, i) => costFor(p, i) * 0.6);
  const anthropicCost = periods.map((p, i) => costFor(p, i) * 0.4);
  const empty = periods.map(() => 0);
  const provider_trends = Object.fromEntries(
    PROVIDERS.map((p) => [p, { calls: empty, cost: empty, tokens: empty }]),
  ) as UsageTrends['provider_trends'];
  provider_trends.openai = {
    calls: periods.map((_, i) => 100 * (i + 1)),
    cost: openaiCost,
    tokens: periods.map((_, i) => 10_000 * (i + 1)),
  };
  provider_trends.anthropic = {
    calls: periods.map((_, i) => 50 * (i + 1)),
    cost: anthropicCost,
    tokens: periods.map((_, i) => 5000 * (i + 1)),
  };
  return usageTrendsSchema.parse({
    periods,
    total_calls: periods.map((_, i) => 150 * (i + 1)),
    total_cost: periods.map((p, i) => costFor(p, i)),
    total_tokens: periods.map((_, i) => 15_000 * (i + 1)),
    provider_trends,
  });
}

export function makeDashboard(overrides: Partial<DashboardData> = {}): DashboardData {
  const current_usage = overrides.current_usage ?? makeUsageStats();
  const alerts = overrides.alerts ?? [makeAlert()];
  return dashboardDataSchema.parse({
    current_usage,
    trends: makeTrends(6),
    limits: current_usage.limits,
    alerts,
    projections: {
      projected_monthly_cost: 45.37,
      cost_limit: 50,
      projected_usage_percentage: 90.74,
      billing_period: PERIOD,
      cost_so_far: current_usage.total_cost,
      days_in_period: 31,
      elapsed_fraction: 0.4838,
      daily_run_rate: 1.46,
    },
    summary: {
      total_api_calls_this_month: current_usage.total_calls,
      total_cost_this_month: current_usage.total_cost,
      usage_status: current_usage.usage_status,
      unread_alerts: alerts.filter((a) => !a.is_read).length,
    },
    ...overrides,
  });
}

export function makeAlertsResponse(alerts: UsageAlert[] = [makeAlert()]): AlertsResponse {
  return alertsResponseSchema.parse({ alerts, unread_count: alerts.filter((a) => !a.is_read).length });
}

export function makePlan(overrides: Partial<SubscriptionPlan> = {}): SubscriptionPlan {
  return subscriptionPlanSchema.parse({
    id: 'pro',
    name: 'Pro',
    tier: 'pro',
    price_monthly: 49,
    price_yearly: 490,
    description: 'For growing apps.',
    features: ['All nine providers', 'Email alerts'],
    limits: makeLimits(),
    ...overrides,
  });
}

export function makePlans(): SubscriptionPlan[] {
  return [
    makePlan({
      id: 'free',
      name: 'Free',
      tier: 'free',
      price_monthly: 0,
      price_yearly: 0,
      limits: makeLimits({ monthly_cost: 5, openai_calls: 100, anthropic_calls: 0 }),
    }),
    makePlan(),
    makePlan({
      id: 'enterprise',
      name: 'Enterprise',
      tier: 'enterprise',
      price_monthly: 499,
      price_yearly: 4990,
      limits: makeLimits({
        monthly_cost: -1,
        openai_calls: -1,
        anthropic_calls: 20_000,
        stability_calls: 500,
      }),
    }),
  ];
}

export function makePricing(overrides: Partial<APIPricing> = {}): APIPricing {
  return apiPricingSchema.parse({
    id: 1,
    provider: 'openai',
    model_name: 'gpt-4o',
    cost_per_input_token: 0.0000025,
    cost_per_output_token: 0.00001,
    cost_per_cached_token: 0.00000125,
    cost_per_request: 0,
    cost_per_search: 0,
    cost_per_image: 0,
    cost_per_page: 0,
    effective_from: '2026-01-01T00:00:00.000Z',
    ...overrides,
  });
}

export function makeHealth(overrides: Partial<SystemHealth> = {}): SystemHealth {
  return systemHealthSchema.parse({
    status: 'healthy',
    icon: '🟢',
    recent_requests: 1240,
    recent_errors: 6,
    error_rate: 0.48,
    avg_response_time_ms: 42,
    p95_response_time_ms: 180,
    window_minutes: 5,
    providers: [
      {
        provider: 'openai',
        calls: 800,
        errors: 4,
        error_rate: 0.5,
        p50_ms: 620,
        p95_ms: 1900,
        status: 'healthy',
      },
      {
        provider: 'anthropic',
        calls: 200,
        errors: 14,
        error_rate: 7,
        p50_ms: 900,
        p95_ms: 2600,
        status: 'warning',
      },
    ],
    timestamp: NOW,
    ...overrides,
  });
}

export function makeLightweightStats(overrides: Partial<LightweightStats> = {}): LightweightStats {
  return lightweightStatsSchema.parse({
    status: 'healthy',
    icon: '🟢',
    recent_requests: 1240,
    recent_errors: 6,
    error_rate: 0.48,
    avg_response_time_ms: 42,
    timestamp: NOW,
    ...overrides,
  });
}

export function makeApiStats(overrides: Partial<APIStats> = {}): APIStats {
  return apiStatsSchema.parse({
    timestamp: NOW,
    window_minutes: 60,
    overview: { total_requests: 98_000, total_errors: 120, recent_requests: 5400, recent_errors: 9 },
    cache_performance: { hits: 900, misses: 100, hit_rate: 90 },
    top_endpoints: [
      {
        endpoint: '/api/billing/dashboard/:userId',
        method: 'GET',
        count: 3000,
        avg_time: 12,
        p50_ms: 8,
        p95_ms: 35,
        p99_ms: 80,
        errors: 2,
        last_called: NOW,
      },
    ],
    recent_errors: [],
    providers: [],
    system_health: { status: 'healthy', error_rate: 0.17 },
    ...overrides,
  });
}

export function makeCacheStats(overrides: Partial<CacheStats> = {}): CacheStats {
  return cacheStatsSchema.parse({
    hits: 900,
    misses: 100,
    hit_rate: 90,
    total_requests: 1000,
    invalidations: 40,
    evictions: 3,
    size: 120,
    max_size: 1000,
    timestamp: NOW,
    ...overrides,
  });
}

export function makeProviderDetails(
  provider: Provider = 'openai',
  overrides: Partial<ProviderDetails> = {},
): ProviderDetails {
  return providerDetailsSchema.parse({
    user_id: USER_ID,
    provider,
    billing_period: PERIOD,
    calls: 1200,
    tokens: 2_400_000,
    cost: 12.5,
    models: [
      {
        model: 'gpt-4o-mini',
        calls: 900,
        errors: 3,
        input_tokens: 1_200_000,
        output_tokens: 300_000,
        cached_tokens: 100_000,
        reasoning_tokens: 0,
        tokens: 1_600_000,
        cost: 2.5,
        cost_per_1k_tokens: 0.0015625,
        cost_per_request: 0.0027778,
        avg_response_time: 610,
        unpriced_calls: 0,
      },
      {
        model: 'gpt-4o',
        calls: 300,
        errors: 1,
        input_tokens: 500_000,
        output_tokens: 300_000,
        cached_tokens: 0,
        reasoning_tokens: 0,
        tokens: 800_000,
        cost: 10,
        cost_per_1k_tokens: 0.0125,
        cost_per_request: 0.0333333,
        avg_response_time: 1200,
        unpriced_calls: 0,
      },
    ],
    daily: Array.from({ length: 15 }, (_, i) => ({
      date: `${PERIOD}-${String(i + 1).padStart(2, '0')}`,
      calls: 80,
      tokens: 160_000,
      cost: 12.5 / 15,
    })),
    ...overrides,
  });
}

export function makeUser(overrides: Partial<UserOverview> = {}): UserOverview {
  return userOverviewSchema.parse({
    id: 'alice',
    display_name: 'Alice Example',
    timezone: 'Europe/Berlin',
    role: 'user',
    plan: { id: 'pro', name: 'Pro', tier: 'pro' },
    billing_period: PERIOD,
    total_calls: 1650,
    total_cost: 21.95,
    usage_status: 'active',
    ...overrides,
  });
}

export function makeMe(overrides: Partial<MeResponse> = {}): MeResponse {
  return meResponseSchema.parse({ user_id: USER_ID, role: 'user', display_name: 'Demo User', ...overrides });
}
