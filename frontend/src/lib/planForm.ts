import {
  costLimitInputSchema,
  countLimitInputSchema,
  LIMIT_KEYS,
  type LimitKey,
  planPriceInputSchema,
  type SubscriptionPlan,
  type UpdatePlanRequest,
} from '@spendscope/contracts';
import type { z } from 'zod';

/** The fields of a plan's edit form: the two prices, then every limit in display order. */
export type PlanField = 'price_monthly' | 'price_yearly' | LimitKey;
export const PLAN_FIELDS: PlanField[] = ['price_monthly', 'price_yearly', ...LIMIT_KEYS];

export type PlanFormValues = Record<PlanField, string>;

/** The form as the plan stands. */
export function planFormValues(plan: SubscriptionPlan): PlanFormValues {
  const values = { price_monthly: String(plan.price_monthly), price_yearly: String(plan.price_yearly) };
  return {
    ...values,
    ...(Object.fromEntries(LIMIT_KEYS.map((key) => [key, String(plan.limits[key])])) as Record<
      LimitKey,
      string
    >),
  };
}

function schemaOf(field: PlanField): z.ZodType<number> {
  if (field === 'price_monthly' || field === 'price_yearly') return planPriceInputSchema;
  return field === 'monthly_cost' ? costLimitInputSchema : countLimitInputSchema;
}

/**
 * Checks the form with the same schemas the server holds it to, and collects what changed. A field
 * that is blank or not a number gets its own message; the request carries only changed values.
 */
export function parsePlanForm(
  plan: SubscriptionPlan,
  values: PlanFormValues,
): { changes: UpdatePlanRequest; errors: Partial<Record<PlanField, string>> } {
  const errors: Partial<Record<PlanField, string>> = {};
  const limits: Partial<Record<LimitKey, number>> = {};
  const changes: UpdatePlanRequest = {};
  for (const field of PLAN_FIELDS) {
    const text = values[field].trim();
    if (text === '') {
      errors[field] = 'Enter a number: -1 for unlimited, 0 for not included.';
      continue;
    }
    const parsed = schemaOf(field).safeParse(Number(text));
    if (!parsed.success) {
      errors[field] = Number.isNaN(Number(text))
        ? 'Enter a number, e.g. 1000.'
        : (parsed.error.issues[0]?.message ?? 'Not a valid value.');
      continue;
    }
    const value = parsed.data;
    if (field === 'price_monthly' || field === 'price_yearly') {
      if (value !== plan[field]) changes[field] = value;
    } else if (value !== plan.limits[field]) {
      limits[field] = value;
    }
  }
  if (Object.keys(limits).length > 0) changes.limits = limits;
  return { changes, errors };
}
