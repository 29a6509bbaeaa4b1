import { z } from 'zod';
import { usageAlertSchema } from './alerts.ts';
import {
  billingPeriodSchema,
  isoDateTimeSchema,
  requestedPeriodSchema,
  usageStatusSchema,
  userIdSchema,
} from './common.ts';
import { LIMIT_KEYS, type LimitKey, subscriptionLimitsSchema, usagePercentagesSchema } from './limits.ts';
import { planRefSchema } from './plans.ts';
import { priceMatchSchema } from './pricing.ts';
import { PROVIDERS, type Provider, providerSchema } from './providers.ts';

export const providerUsageSchema = z.object({
  calls: z.number().int().min(0),
  tokens: z.number().int().min(0),
  /** Dollars. */
  cost: z.number().min(0),
});
export type ProviderUsage = z.infer<typeof providerUsageSchema>;

function perProvider<T extends z.ZodType>(schema: T): Record<Provider, T> {
  return Object.fromEntries(PROVIDERS.map((p) => [p, schema])) as Record<Provider, T>;
}

/** Usage of each of the nine providers; providers without usage show zeros. */
export const providerBreakdownSchema = z.object(perProvider(providerUsageSchema));
export type ProviderBreakdown = z.infer<typeof providerBreakdownSchema>;

export const usageStatsSchema = z.object({
  user_id: z.string(),
  billing_period: billingPeriodSchema,
  usage_status: usageStatusSchema,
  plan: planRefSchema,
  total_calls: z.number().int().min(0),
  total_tokens: z.number().int().min(0),
  /** Dollars. */
  total_cost: z.number().min(0),
  /** Milliseconds, over calls that reported a response time. */
  avg_response_time: z.number().min(0),
  /** Percent of calls that failed (status ≥ 400 or an error). */
  error_rate: z.number().min(0).max(100),
  /** Calls whose model had no price: stored at $0 and flagged, never silently free. */
  unpriced_calls: z.number().int().min(0),
  limits: subscriptionLimitsSchema,
  provider_breakdown: providerBreakdownSchema,
  alerts: z.array(usageAlertSchema),
  usage_percentages: usagePercentagesSchema,
  last_updated: isoDateTimeSchema,
});
export type UsageStats = z.infer<typeof usageStatsSchema>;

export const usageQuerySchema = z.object({ period: requestedPeriodSchema.optional() }).strict();
export const userParamsSchema = z.object({ userId: userIdSchema });

export const seriesSchema = z.object({
  calls: z.array(z.number()),
  cost: z.array(z.number()),
  tokens: z.array(z.number()),
});

/** The last N calendar months, oldest first, zero-filled. */
export const usageTrendsSchema = z.object({
  periods: z.array(billingPeriodSchema),
  total_calls: z.array(z.number()),
  total_cost: z.array(z.number()),
  total_tokens: z.array(z.number()),
  provider_trends: z.object(perProvider(seriesSchema)),
});
export type UsageTrends = z.infer<typeof usageTrendsSchema>;

export const trendsQuerySchema = z
  .object({
    months: z
      .string()
      .regex(/^\d{1,2}$/, 'months must be a whole number from 1 to 24')
      .transform(Number)
      .pipe(z.number().int().min(1, 'months must be at least 1').max(24, 'months must be at most 24'))
      .optional(),
  })
  .strict();

const localDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/**
 * What a forecast learned from: `history` (completed days of the trailing weeks), `insufficient_history`
 * (fewer than three: the central figure is the pace so far and no range is claimed), `closed` (the
 * period has ended: the figures are what it came to).
 */
export const forecastBasisSchema = z.enum(['history', 'insufficient_history', 'closed']);
export type ForecastBasis = z.infer<typeof forecastBasisSchema>;

/** The forecast of one capped limit (`<provider>_calls`, `<llm>_tokens`, `monthly_cost`) at period end. */
export const limitForecastSchema = z.object({
  metric: z.enum(LIMIT_KEYS as [LimitKey, ...LimitKey[]]),
  /** The cap, in the metric's unit (dollars for monthly_cost). */
  limit: z.number().positive(),
  used: z.number().min(0),
  /** Central forecast of the period's total. */
  projected: z.number().min(0),
  /** P10 and P90 of the period's total; absent without enough history. */
  projected_low: z.number().min(0).optional(),
  projected_high: z.number().min(0).optional(),
  /** The cap is already reached. */
  reached: z.boolean(),
  /** The day (user's timezone) the central forecast reaches the cap; absent if it stays under it. */
  limit_date: localDateSchema.optional(),
  /** The earliest plausible day (the P90 path reaches the cap). */
  limit_date_earliest: localDateSchema.optional(),
  /** The latest plausible day (the P10 path); absent when the cap may well not be reached this period. */
  limit_date_latest: localDateSchema.optional(),
});
export type LimitForecast = z.infer<typeof limitForecastSchema>;

/** One provider's cost forecast for the period. Dollars. */
export const providerForecastSchema = z.object({
  provider: providerSchema,
  projected: z.number().min(0),
  projected_low: z.number().min(0).optional(),
  projected_high: z.number().min(0).optional(),
});
export type ProviderForecast = z.infer<typeof providerForecastSchema>;

/** The forecast of a period's total calls or tokens, over every provider. */
export const totalForecastSchema = z.object({
  projected: z.number().min(0),
  projected_low: z.number().min(0).optional(),
  projected_high: z.number().min(0).optional(),
});
export type TotalForecast = z.infer<typeof totalForecastSchema>;

export const costProjectionsSchema = z.object({
  /** The central forecast of the period's spend (see docs/forecasting.md). Dollars. */
  projected_monthly_cost: z.number().min(0),
  /** The plan's monthly cost cap in dollars; -1 unlimited. */
  cost_limit: z.number(),
  /** projected_monthly_cost ÷ cost_limit × 100; 0 without a cap. */
  projected_usage_percentage: z.number().min(0),
  billing_period: billingPeriodSchema,
  cost_so_far: z.number().min(0),
  days_in_period: z.number().int().min(28).max(31),
  /** Fraction of the period that has elapsed, 0–1. */
  elapsed_fraction: z.number().min(0).max(1),
  /** Average spend per day so far. Dollars. */
  daily_run_rate: z.number().min(0),
  /** The day (YYYY-MM-DD, user's timezone) the central forecast reaches the cost cap; absent if it does not. */
  projected_limit_date: localDateSchema.optional(),
  /** P10 of the period's spend (never below cost_so_far). Dollars. */
  projected_monthly_cost_low: z.number().min(0).optional(),
  /** P90 of the period's spend. Dollars. */
  projected_monthly_cost_high: z.number().min(0).optional(),
  forecast_basis: forecastBasisSchema.optional(),
  /** Completed days the forecast learned from (0–28). */
  forecast_history_days: z.number().int().min(0).optional(),
  /** Earliest and latest plausible days the cost cap is reached (see limit_date_* of LimitForecast). */
  projected_limit_date_earliest: localDateSchema.optional(),
  projected_limit_date_latest: localDateSchema.optional(),
  /** Every capped limit, those reached or forecast to be reached first (nearest run-out first). */
  limit_forecasts: z.array(limitForecastSchema).optional(),
  /** Each provider with usage in the period or its history, most expensive forecast first. */
  provider_forecasts: z.array(providerForecastSchema).optional(),
  /** The period's total calls and tokens, forecast the same way (the trends chart's band). */
  calls_forecast: totalForecastSchema.optional(),
  tokens_forecast: totalForecastSchema.optional(),
});
export type CostProjections = z.infer<typeof costProjectionsSchema>;

export const usageSummarySchema = z.object({
  total_api_calls_this_month: z.number().int().min(0),
  total_cost_this_month: z.number().min(0),
  usage_status: usageStatusSchema,
  unread_alerts: z.number().int().min(0),
});
export type UsageSummary = z.infer<typeof usageSummarySchema>;

export const dashboardDataSchema = z.object({
  current_usage: usageStatsSchema,
  trends: usageTrendsSchema,
  limits: subscriptionLimitsSchema,
  alerts: z.array(usageAlertSchema),
  projections: costProjectionsSchema,
  summary: usageSummarySchema,
});
export type DashboardData = z.infer<typeof dashboardDataSchema>;

/** One model's usage within a provider drill-down. */
export const modelUsageSchema = z.object({
  model: z.string(),
  calls: z.number().int().min(0),
  errors: z.number().int().min(0),
  input_tokens: z.number().int().min(0),
  output_tokens: z.number().int().min(0),
  cached_tokens: z.number().int().min(0),
  cache_write_tokens: z.number().int().min(0),
  cache_write_1h_tokens: z.number().int().min(0),
  reasoning_tokens: z.number().int().min(0),
  tokens: z.number().int().min(0),
  cost: z.number().min(0),
  /** Dollars per 1,000 tokens (LLMs with tokens). */
  cost_per_1k_tokens: z.number().min(0).optional(),
  /** Dollars per call. */
  cost_per_request: z.number().min(0),
  avg_response_time: z.number().min(0),
  unpriced_calls: z.number().int().min(0),
});
export type ModelUsage = z.infer<typeof modelUsageSchema>;

export const dailyUsageSchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  calls: z.number().int().min(0),
  tokens: z.number().int().min(0),
  cost: z.number().min(0),
});

export const providerDetailsSchema = z.object({
  user_id: z.string(),
  provider: providerSchema,
  billing_period: billingPeriodSchema,
  calls: z.number().int().min(0),
  tokens: z.number().int().min(0),
  cost: z.number().min(0),
  models: z.array(modelUsageSchema),
  /** Every day of the period up to today, zero-filled. */
  daily: z.array(dailyUsageSchema),
  /** The provider's cost forecast for the period. */
  forecast: providerForecastSchema.optional(),
});
export type ProviderDetails = z.infer<typeof providerDetailsSchema>;

export const providerParamsSchema = z.object({ userId: userIdSchema, provider: providerSchema });

/** What-if pricing: the period (default: the current one) re-priced under `model`'s current price. */
export const whatIfQuerySchema = z
  .object({
    model: z.string().trim().min(1, 'name the model to price the period with').max(200),
    period: requestedPeriodSchema.optional(),
  })
  .strict();

/** One model of the period, as it cost and as it would have cost under the other model. Dollars. */
export const whatIfModelSchema = z.object({
  model: z.string(),
  calls: z.number().int().min(0),
  input_tokens: z.number().int().min(0),
  output_tokens: z.number().int().min(0),
  cached_tokens: z.number().int().min(0),
  cache_write_tokens: z.number().int().min(0),
  actual_cost: z.number(),
  what_if_cost: z.number(),
  /** what_if_cost − actual_cost: negative is a saving. */
  difference: z.number(),
});

/** A provider's period re-priced under another model's current price; nothing is stored. */
export const whatIfResponseSchema = z.object({
  user_id: z.string(),
  provider: providerSchema,
  billing_period: billingPeriodSchema,
  /** The model priced with, as asked, and the price row used. */
  model: z.string(),
  price_id: z.number().int(),
  actual_cost: z.number(),
  what_if_cost: z.number(),
  difference: z.number(),
  models: z.array(whatIfModelSchema),
});
export type WhatIfResponse = z.infer<typeof whatIfResponseSchema>;

/** One stored provider call. */
export const usageEventRecordSchema = z.object({
  event_id: z.string(),
  user_id: z.string(),
  provider: providerSchema,
  model: z.string(),
  endpoint: z.string().optional(),
  input_tokens: z.number().int(),
  output_tokens: z.number().int(),
  cached_tokens: z.number().int(),
  cache_write_tokens: z.number().int(),
  cache_write_1h_tokens: z.number().int(),
  reasoning_tokens: z.number().int(),
  searches: z.number().int(),
  pages: z.number().int(),
  images: z.number().int(),
  response_time_ms: z.number().optional(),
  status_code: z.number().int(),
  error: z.string().optional(),
  occurred_at: isoDateTimeSchema,
  billing_period: billingPeriodSchema,
  /** Dollars. */
  cost: z.number().min(0),
  is_priced: z.boolean(),
  /** The price version that priced the call (absent when unpriced). */
  price_id: z.number().int().optional(),
  /** How the model name found that price. */
  price_match: priceMatchSchema.optional(),
});
export type UsageEventRecord = z.infer<typeof usageEventRecordSchema>;

export const eventsQuerySchema = z
  .object({
    period: requestedPeriodSchema.optional(),
    cursor: z.string().max(200).optional(),
    limit: z
      .string()
      .regex(/^\d{1,3}$/, 'limit must be a whole number from 1 to 500')
      .transform(Number)
      .pipe(z.number().int().min(1, 'limit must be at least 1').max(500, 'limit must be at most 500'))
      .optional(),
  })
  .strict();

export const eventsPageSchema = z.object({
  events: z.array(usageEventRecordSchema),
  next_cursor: z.string().optional(),
});
export type EventsPage = z.infer<typeof eventsPageSchema>;

export const exportQuerySchema = z.object({ period: requestedPeriodSchema.optional() }).strict();
