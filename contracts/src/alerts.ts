import { z } from 'zod';
import { billingPeriodSchema, isoDateTimeSchema, queryBooleanSchema } from './common.ts';
import { providerSchema } from './providers.ts';

export const alertSeveritySchema = z.enum(['info', 'warning', 'error']);
export type AlertSeverity = z.infer<typeof alertSeveritySchema>;

export const alertTypeSchema = z.enum(['usage_threshold', 'limit_reached', 'unpriced_usage']);

/** A usage alert: raised once per user, period, metric and threshold. */
export const usageAlertSchema = z.object({
  id: z.number().int(),
  user_id: z.string(),
  type: alertTypeSchema,
  /** The limit it is about, e.g. `openai_calls`, `monthly_cost`, or `unpriced`. */
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
