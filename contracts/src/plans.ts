import { z } from 'zod';
import { planTierSchema } from './common.ts';
import { planLimitsSchema } from './limits.ts';

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
