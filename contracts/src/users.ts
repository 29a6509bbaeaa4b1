import { z } from 'zod';
import { billingPeriodSchema, roleSchema, timezoneSchema, usageStatusSchema } from './common.ts';
import { planRefSchema } from './plans.ts';

/** A user as the operator's overview lists them. */
export const userOverviewSchema = z.object({
  id: z.string(),
  display_name: z.string(),
  timezone: z.string(),
  role: roleSchema,
  plan: planRefSchema,
  billing_period: billingPeriodSchema,
  total_calls: z.number().int().min(0),
  /** Dollars. */
  total_cost: z.number().min(0),
  usage_status: usageStatusSchema,
});
export type UserOverview = z.infer<typeof userOverviewSchema>;

export const usersResponseSchema = z.object({ users: z.array(userOverviewSchema) });

export const updateUserRequestSchema = z
  .object({
    plan_id: z.string().min(1).max(64).optional(),
    timezone: timezoneSchema.optional(),
    display_name: z.string().min(1).max(128).optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'give at least one of plan_id, timezone, display_name');
export type UpdateUserRequest = z.infer<typeof updateUserRequestSchema>;

export const updateUserResponseSchema = z.object({ user: userOverviewSchema });

/** Who the bearer of a token is. */
export const meResponseSchema = z.object({
  user_id: z.string(),
  role: roleSchema,
  display_name: z.string(),
});
export type MeResponse = z.infer<typeof meResponseSchema>;
