import { z } from 'zod';
import { isoDateTimeSchema } from './common.ts';
import { providerSchema } from './providers.ts';

export const healthStatusSchema = z.enum(['healthy', 'warning', 'critical']);
export type HealthStatus = z.infer<typeof healthStatusSchema>;

/** Health of one provider, from the calls reported to Spendscope. */
export const providerHealthSchema = z.object({
  provider: providerSchema,
  calls: z.number().int().min(0),
  errors: z.number().int().min(0),
  error_rate: z.number().min(0).max(100),
  p50_ms: z.number().min(0),
  p95_ms: z.number().min(0),
  status: healthStatusSchema,
});
export type ProviderHealth = z.infer<typeof providerHealthSchema>;

export const systemHealthSchema = z.object({
  status: healthStatusSchema,
  icon: z.string(),
  recent_requests: z.number().int().min(0),
  recent_errors: z.number().int().min(0),
  /** Percent. */
  error_rate: z.number().min(0).max(100),
  avg_response_time_ms: z.number().min(0),
  p95_response_time_ms: z.number().min(0),
  window_minutes: z.number().int().min(1),
  providers: z.array(providerHealthSchema),
  timestamp: isoDateTimeSchema,
});
export type SystemHealth = z.infer<typeof systemHealthSchema>;

export const endpointStatsSchema = z.object({
  endpoint: z.string(),
  method: z.string(),
  count: z.number().int().min(0),
  /** Milliseconds, like the percentiles. */
  avg_time: z.number().min(0),
  p50_ms: z.number().min(0),
  p95_ms: z.number().min(0),
  p99_ms: z.number().min(0),
  errors: z.number().int().min(0),
  last_called: isoDateTimeSchema,
});
export type EndpointStats = z.infer<typeof endpointStatsSchema>;

export const recentErrorSchema = z.object({
  timestamp: isoDateTimeSchema,
  /** The route pattern, never a raw path holding a user id. */
  endpoint: z.string(),
  method: z.string(),
  status_code: z.number().int(),
  error_message: z.string(),
});

export const cachePerformanceSchema = z.object({
  hits: z.number().int().min(0),
  misses: z.number().int().min(0),
  /** Percent. */
  hit_rate: z.number().min(0).max(100),
});

export const apiStatsSchema = z.object({
  timestamp: isoDateTimeSchema,
  window_minutes: z.number().int().min(1),
  overview: z.object({
    total_requests: z.number().int().min(0),
    total_errors: z.number().int().min(0),
    recent_requests: z.number().int().min(0),
    recent_errors: z.number().int().min(0),
  }),
  cache_performance: cachePerformanceSchema,
  top_endpoints: z.array(endpointStatsSchema),
  recent_errors: z.array(recentErrorSchema),
  providers: z.array(providerHealthSchema),
  system_health: z.object({ status: healthStatusSchema, error_rate: z.number().min(0).max(100) }),
});
export type APIStats = z.infer<typeof apiStatsSchema>;

export const apiStatsQuerySchema = z
  .object({
    minutes: z
      .string()
      .regex(/^\d{1,4}$/, 'minutes must be a whole number from 1 to 1440')
      .transform(Number)
      .pipe(z.number().int().min(1, 'minutes must be at least 1').max(1440, 'minutes must be at most 1440'))
      .optional(),
  })
  .strict();

export const lightweightStatsSchema = z.object({
  status: healthStatusSchema,
  icon: z.string(),
  recent_requests: z.number().int().min(0),
  recent_errors: z.number().int().min(0),
  error_rate: z.number().min(0).max(100),
  avg_response_time_ms: z.number().min(0),
  timestamp: isoDateTimeSchema,
});
export type LightweightStats = z.infer<typeof lightweightStatsSchema>;

export const cacheStatsSchema = z.object({
  hits: z.number().int().min(0),
  misses: z.number().int().min(0),
  hit_rate: z.number().min(0).max(100),
  total_requests: z.number().int().min(0),
  invalidations: z.number().int().min(0),
  evictions: z.number().int().min(0),
  size: z.number().int().min(0),
  max_size: z.number().int().min(0),
  timestamp: isoDateTimeSchema,
});
export type CacheStats = z.infer<typeof cacheStatsSchema>;

export const livenessSchema = z.object({
  status: z.literal('ok'),
  database: z.enum(['sqlite', 'postgres']),
  uptime_seconds: z.number().min(0),
});

export const featureFlagsSchema = z.object({ flags: z.record(z.string(), z.boolean()) });
export type FeatureFlags = z.infer<typeof featureFlagsSchema>;
