import { z } from 'zod';
import { planTierSchema } from './common.ts';
import { LLM_PROVIDERS, PROVIDERS } from './providers.ts';

/**
 * A limit value: `-1` unlimited, `0` not included (calls are refused), a positive number is the cap.
 * Cost caps are in dollars.
 */
export const limitValueSchema = z.number().min(-1);

export type CallLimitKey = `${(typeof PROVIDERS)[number]}_calls`;
export type TokenLimitKey = `${(typeof LLM_PROVIDERS)[number]}_tokens`;
export type LimitKey = CallLimitKey | TokenLimitKey | 'monthly_cost';

export const CALL_LIMIT_KEYS = PROVIDERS.map((p) => `${p}_calls` as const) as CallLimitKey[];
export const TOKEN_LIMIT_KEYS = LLM_PROVIDERS.map((p) => `${p}_tokens` as const) as TokenLimitKey[];
/** Every metric a plan can limit, in display order. */
export const LIMIT_KEYS: LimitKey[] = [...CALL_LIMIT_KEYS, ...TOKEN_LIMIT_KEYS, 'monthly_cost'];

function shapeOf<K extends string, T extends z.ZodType>(keys: readonly K[], schema: T): Record<K, T> {
  return Object.fromEntries(keys.map((key) => [key, schema])) as Record<K, T>;
}

/**
 * The limits of a plan: `<provider>_calls` for all nine, `<llm>_tokens` for the four LLMs,
 * `monthly_cost`. A plan carries this flat object; usage replies carry it inside SubscriptionLimits.
 */
export const planLimitsSchema = z.object(shapeOf(LIMIT_KEYS, limitValueSchema));
export type PlanLimits = z.infer<typeof planLimitsSchema>;

/**
 * The limits a usage reply is held against, in the shape the spec's source system defines
 * (`{ plan_name, tier, limits, features }`), so that a client written against its types reads our
 * replies unchanged.
 */
export const subscriptionLimitsSchema = z.object({
  plan_name: z.string(),
  tier: planTierSchema,
  limits: planLimitsSchema,
  features: z.array(z.string()),
});
export type SubscriptionLimits = z.infer<typeof subscriptionLimitsSchema>;

/**
 * A key of UsagePercentages: the nine `<provider>_calls` and `cost` (the percentage of the monthly
 * cost cap) as the spec's source system names them, then our `<llm>_tokens` beside them.
 */
export type PercentageKey = CallLimitKey | TokenLimitKey | 'cost';
export const PERCENTAGE_KEYS: PercentageKey[] = [...CALL_LIMIT_KEYS, 'cost', ...TOKEN_LIMIT_KEYS];

/** The UsagePercentages key of a limit: the same name, except `monthly_cost` → `cost`. */
export function percentageKeyOf(key: LimitKey): PercentageKey {
  return key === 'monthly_cost' ? 'cost' : key;
}

/** used ÷ limit × 100 for each limited metric; 0 where the limit is unlimited. */
export const usagePercentagesSchema = z.object(shapeOf(PERCENTAGE_KEYS, z.number().min(0)));
export type UsagePercentages = z.infer<typeof usagePercentagesSchema>;
