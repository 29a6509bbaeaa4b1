/**
 * The spec's type names. Every one is inferred from its zod schema in `@spendscope/contracts`, the
 * single definition the server replies with and this app parses with; nothing is redeclared here.
 */
export type {
  AlertSeverity,
  AlertsResponse,
  APIPricing,
  APIStats,
  BillingSocketMessage,
  CacheStats,
  CostProjections,
  DashboardData,
  EndpointStats,
  FeatureFlags,
  HealthStatus,
  LightweightStats,
  MeResponse,
  ModelUsage,
  PlanLimits,
  PlanRef,
  PlanTier,
  Provider,
  ProviderBreakdown,
  ProviderDetails,
  ProviderHealth,
  ProviderUsage,
  Role,
  SubscriptionLimits,
  SubscriptionPlan,
  SystemHealth,
  UsageAlert,
  UsagePercentages,
  UsageStats,
  UsageStatus,
  UsageSummary,
  UsageTrends,
  UserOverview,
} from '@spendscope/contracts';

/** The spec's name for the trends range control. */
export type TimeRange = '3m' | '6m' | '12m';

/** The three measures the trend chart can show. */
export type TrendMetric = 'cost' | 'calls' | 'tokens';
