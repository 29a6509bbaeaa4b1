import { z } from 'zod';
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

function shapeOf<T extends z.ZodType>(schema: T): Record<LimitKey, T> {
  return Object.fromEntries(LIMIT_KEYS.map((key) => [key, schema])) as Record<LimitKey, T>;
}

/** The limits of a plan: `<provider>_calls` for all nine, `<llm>_tokens` for the four LLMs, `monthly_cost`. */
export const subscriptionLimitsSchema = z.object(shapeOf(limitValueSchema));
export type SubscriptionLimits = z.infer<typeof subscriptionLimitsSchema>;

/** used ÷ limit × 100 for each limited metric; 0 where the limit is unlimited or not included. */
export const usagePercentagesSchema = z.object(shapeOf(z.number().min(0)));
export type UsagePercentages = z.infer<typeof usagePercentagesSchema>;
