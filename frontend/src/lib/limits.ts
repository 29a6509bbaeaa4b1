import {
  LIMIT_KEYS,
  type LimitKey,
  type PlanLimits,
  PROVIDER_LABELS,
  type Provider,
  parseLimitKey,
} from '@spendscope/contracts';
import { formatCurrency, formatInteger } from './format.ts';

/** The provider a `<provider>_calls` / `<provider>_tokens` key is about. */
export function providerOfLimit(key: LimitKey): Provider | null {
  return parseLimitKey(key).provider;
}

/** `openai_calls` → `OpenAI calls`; `monthly_cost` → `Monthly spend`. */
export function limitLabel(key: LimitKey): string {
  const { provider, kind } = parseLimitKey(key);
  if (provider === null) return 'Monthly spend';
  return `${PROVIDER_LABELS[provider]} ${kind}`;
}

/** A limit value in words: -1 unlimited, 0 not included, else the cap. */
export function formatLimit(key: LimitKey, value: number): string {
  if (value < 0) return 'Unlimited';
  if (value === 0) return 'Not included';
  return key === 'monthly_cost' ? formatCurrency(value) : formatInteger(value);
}

/** Orders limit values by generosity: unlimited beats any cap, a cap beats "not included". */
const generosity = (value: number) => (value < 0 ? Number.POSITIVE_INFINITY : value);

export type LimitChange = { key: LimitKey; label: string; from: string; to: string; isIncrease: boolean };

/** What changes, limit by limit, when moving from one plan's limits to another's. */
export function compareLimits(from: PlanLimits, to: PlanLimits): LimitChange[] {
  return LIMIT_KEYS.filter((key) => from[key] !== to[key]).map((key) => ({
    key,
    label: limitLabel(key),
    from: formatLimit(key, from[key]),
    to: formatLimit(key, to[key]),
    isIncrease: generosity(to[key]) > generosity(from[key]),
  }));
}
