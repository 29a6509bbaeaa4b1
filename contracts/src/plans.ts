import { z } from 'zod';
import {
  formatBound,
  MAX_PLAN_COST_LIMIT_DOLLARS,
  MAX_PLAN_COUNT_LIMIT,
  MAX_PLAN_PRICE_DOLLARS,
} from './bounds.ts';
import { planTierSchema } from './common.ts';
import { LIMIT_KEYS, type LimitKey, planLimitsSchema } from './limits.ts';

export const subscriptionPlanSchema = z.object({
  id: z.string(),
  name: z.string(),
  tier: planTierSchema,
  price_monthly: z.number().min(0),
  price_yearly: z.number().min(0),
  description: z.string(),
  features: z.array(z.string()),
  limits: planLimitsSchema,
});
export type SubscriptionPlan = z.infer<typeof subscriptionPlanSchema>;

export const plansResponseSchema = z.object({ plans: z.array(subscriptionPlanSchema) });
export type PlansResponse = z.infer<typeof plansResponseSchema>;

/** The short form of a plan that other replies embed. */
export const planRefSchema = z.object({ id: z.string(), name: z.string(), tier: planTierSchema });
export type PlanRef = z.infer<typeof planRefSchema>;

/** Whether a dollar amount has at most two decimal places (whole cents). */
const isWholeCents = (value: number) => Math.abs(Math.round(value * 100) - value * 100) < 1e-6;

/** A call or token cap as an operator sets it: -1 unlimited, 0 not included, else a whole number. */
export const countLimitInputSchema = z
  .number({ error: 'a limit must be a number: -1 for unlimited, 0 for not included, or a cap' })
  .int('a call or token limit must be a whole number')
  .min(-1, 'a limit must be -1 (unlimited), 0 (not included) or a positive cap')
  .max(MAX_PLAN_COUNT_LIMIT, `a limit must be at most ${formatBound(MAX_PLAN_COUNT_LIMIT)}`);

/** A monthly cost cap in dollars: -1 unlimited, 0 not included, else whole cents up to the bound. */
export const costLimitInputSchema = z
  .number({ error: 'the cost limit must be a number of dollars, or -1 for unlimited' })
  .refine((v) => v === -1 || v >= 0, 'the cost limit must be -1 (unlimited), 0 or a positive amount')
  .refine((v) => v <= MAX_PLAN_COST_LIMIT_DOLLARS, {
    message: `the cost limit must be at most $${formatBound(MAX_PLAN_COST_LIMIT_DOLLARS)}`,
  })
  .refine(isWholeCents, 'the cost limit must be in whole cents');

/** A plan's price in dollars: whole cents, from 0 up to the bound. */
export const planPriceInputSchema = z
  .number({ error: 'a price must be a number of dollars' })
  .min(0, 'a price must not be negative')
  .max(MAX_PLAN_PRICE_DOLLARS, `a price must be at most $${formatBound(MAX_PLAN_PRICE_DOLLARS)}`)
  .refine(isWholeCents, 'a price must be in whole cents');

/** The limits an operator may change: any of the plan's limits, each within its bounds. */
export const planLimitsUpdateSchema = z
  .object(
    Object.fromEntries(
      LIMIT_KEYS.map((key) => [
        key,
        (key === 'monthly_cost' ? costLimitInputSchema : countLimitInputSchema).optional(),
      ]),
    ) as Record<LimitKey, z.ZodOptional<typeof countLimitInputSchema>>,
  )
  .strict();

/**
 * `PATCH /api/admin/plans/:planId`: new limits (only those given change) and/or prices. Applies from
 * the next request; users on the plan see it live.
 */
export const updatePlanRequestSchema = z
  .object({
    limits: planLimitsUpdateSchema.optional(),
    price_monthly: planPriceInputSchema.optional(),
    price_yearly: planPriceInputSchema.optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'give at least one of limits, price_monthly, price_yearly');
export type UpdatePlanRequest = z.input<typeof updatePlanRequestSchema>;

export const updatePlanResponseSchema = z.object({ plan: subscriptionPlanSchema });

/** A plan id in a path. */
export const planParamsSchema = z.object({
  planId: z
    .string()
    .min(1)
    .max(64, 'plan id must be at most 64 characters')
    .regex(/^[a-z0-9_-]+$/, 'plan id may hold lowercase letters, digits, _ and - only'),
});
