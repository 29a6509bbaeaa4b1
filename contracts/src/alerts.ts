import { z } from 'zod';
import { billingPeriodSchema, isoDateTimeSchema, queryBooleanSchema } from './common.ts';
import { providerSchema } from './providers.ts';

export const alertSeveritySchema = z.enum(['info', 'warning', 'error']);
export type AlertSeverity = z.infer<typeof alertSeveritySchema>;

/**
 * What raised an alert: a threshold of a limit reached, the limit itself reached, usage without a price,
 * the forecast projecting a cap to be exceeded this period, or an anomaly (a day's spend, cost per call
 * or a provider's error rate far above the user's own baseline).
 */
export const alertTypeSchema = z.enum([
  'usage_threshold',
  'limit_reached',
  'unpriced_usage',
  'projected_limit',
  'anomaly',
]);
export type AlertType = z.infer<typeof alertTypeSchema>;

/** A usage alert: raised once per user, period, metric and threshold. */
export const usageAlertSchema = z.object({
  id: z.number().int(),
  user_id: z.string(),
  type: alertTypeSchema,
  /**
   * What it is about, e.g. `openai_calls`, `monthly_cost`, `unpriced`, `unpriced:openai:<model>`,
   * `forecast:monthly_cost` or `anomaly:daily_cost:2026-12-05`.
   */
  metric: z.string(),
  provider: providerSchema.optional(),
  threshold_percentage: z.number(),
  severity: alertSeveritySchema,
  title: z.string(),
  message: z.string(),
  billing_period: billingPeriodSchema,
  is_read: z.boolean(),
  read_at: isoDateTimeSchema.optional(),
  created_at: isoDateTimeSchema,
});
export type UsageAlert = z.infer<typeof usageAlertSchema>;

export const alertsResponseSchema = z.object({
  alerts: z.array(usageAlertSchema),
  unread_count: z.number().int().min(0),
});
export type AlertsResponse = z.infer<typeof alertsResponseSchema>;

export const alertsQuerySchema = z.object({ unread_only: queryBooleanSchema.optional() }).strict();

export const alertIdParamsSchema = z.object({
  alertId: z
    .string()
    .regex(/^[1-9]\d{0,15}$/, 'alert id must be a positive whole number')
    .transform(Number),
});

export const markAlertReadResponseSchema = z.object({ alert: usageAlertSchema });
