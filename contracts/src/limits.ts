import { z } from 'zod';
import { planTierSchema, type UsageStatus } from './common.ts';
import { LLM_PROVIDERS, PROVIDERS, type Provider } from './providers.ts';

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

/**
 * used ÷ limit × 100 for each limited metric; 0 where the limit is unlimited; 100 where the metric is
 * not included (limit 0) and was used anyway (0 while unused).
 */
export const usagePercentagesSchema = z.object(shapeOf(PERCENTAGE_KEYS, z.number().min(0)));
export type UsagePercentages = z.infer<typeof usagePercentagesSchema>;

/** A limit key taken apart: the provider and what is counted, or the monthly cost cap. */
export type ParsedLimitKey =
  | { provider: Provider; kind: 'calls' | 'tokens' }
  | { provider: null; kind: 'cost' };

/** `openai_tokens` → `{ provider: 'openai', kind: 'tokens' }`; `monthly_cost` → `{ provider: null, kind: 'cost' }`. */
export function parseLimitKey(key: LimitKey): ParsedLimitKey {
  if (key === 'monthly_cost') return { provider: null, kind: 'cost' };
  const provider = PROVIDERS.find((p) => key.startsWith(`${p}_`));
  if (!provider) throw new Error(`not a limit key: ${key}`);
  return { provider, kind: key.endsWith('_tokens') ? 'tokens' : 'calls' };
}

/** The percentages at which a limit turns to `warning` and to `limit_reached`. */
export const USAGE_STATUS_THRESHOLDS = { warning: 80, limitReached: 100 } as const;

/** The status of a percentage of a limit: ≥ 100 limit_reached, ≥ 80 warning, else active. */
export function statusForPercentage(percentage: number): UsageStatus {
  if (percentage >= USAGE_STATUS_THRESHOLDS.limitReached) return 'limit_reached';
  if (percentage >= USAGE_STATUS_THRESHOLDS.warning) return 'warning';
  return 'active';
}
