import {
  type CheckRefusal,
  isLlmProvider,
  type PlanLimits,
  PROVIDERS,
  type Provider,
} from '@spendscope/contracts';
import { decideCheck } from './check.ts';
import { type PeriodUsage, UNLIMITED } from './limits.ts';
import { dollarsToNano, nanoToDollars } from './money.ts';

/** What is left of each limit the call counts against, -1 when unlimited. */
export type Remaining = { calls: number; tokens: number; cost_nano: number };

/** What a user's open reservations of a period hold, per provider. */
export type Held = ReadonlyArray<{ provider: string; calls: number; tokens: number; cost_nano: number }>;

export type ReservationDecision =
  | { ok: true; remaining: Remaining }
  | { ok: false; reasonCode: CheckRefusal; reason: string; retryAfterSeconds: number; remaining: Remaining };

/** Usage with what open reservations hold added, as if their calls had been made. */
export function usageWithHeld(
  usage: PeriodUsage,
  costSoFarNano: number,
  held: Held,
): { usage: PeriodUsage; costNano: number } {
  const calls = { ...usage.calls };
  const tokens = { ...usage.tokens };
  let costNano = costSoFarNano;
  for (const h of held) {
    costNano += h.cost_nano;
    if (!(PROVIDERS as readonly string[]).includes(h.provider)) continue;
    const provider = h.provider as Provider;
    calls[provider] += h.calls;
    tokens[provider] += h.tokens;
  }
  return { usage: { calls, tokens, costDollars: nanoToDollars(costNano) }, costNano };
}

const leftOf = (limit: number, used: number) => (limit === UNLIMITED ? UNLIMITED : Math.max(0, limit - used));

/**
 * Whether one more call fits once what open reservations hold is counted as used: the rule is
 * decideCheck's (not included → calls → tokens → cost), applied to usage plus holdings. Allowed, the
 * remaining quota is what is left with this call held too; refused, what is left without it, and the
 * caller may retry when the period ends.
 */
export function decideReservation(options: {
  provider: Provider;
  planName: string;
  period: string;
  limits: PlanLimits;
  usage: PeriodUsage;
  costSoFarNano: number;
  held: Held;
  estimatedTokens: number;
  estimatedCostNano: number;
  nowMs: number;
  /** When the period ends (the user's next month begins). */
  periodEndMs: number;
}): ReservationDecision {
  const { provider, limits } = options;
  const counted = usageWithHeld(options.usage, options.costSoFarNano, options.held);
  const check = decideCheck({
    provider,
    planName: options.planName,
    period: options.period,
    limits,
    usage: counted.usage,
    costSoFarNano: counted.costNano,
    estimatedTokens: options.estimatedTokens,
    estimatedCostNano: options.estimatedCostNano,
  });
  const isAllowed = check.allowed;
  const thisCall = isAllowed
    ? { calls: 1, tokens: options.estimatedTokens, costNano: options.estimatedCostNano }
    : { calls: 0, tokens: 0, costNano: 0 };
  const capNano = limits.monthly_cost === UNLIMITED ? UNLIMITED : dollarsToNano(limits.monthly_cost);
  const remaining: Remaining = {
    calls: leftOf(limits[`${provider}_calls`], counted.usage.calls[provider] + thisCall.calls),
    tokens: isLlmProvider(provider)
      ? leftOf(limits[`${provider}_tokens`], counted.usage.tokens[provider] + thisCall.tokens)
      : UNLIMITED,
    cost_nano: leftOf(capNano, counted.costNano + thisCall.costNano),
  };
  if (isAllowed) return { ok: true, remaining };
  return {
    ok: false,
    // decideCheck gives a code and a reason with every refusal.
    reasonCode: check.reason_code ?? 'call_limit_reached',
    reason: check.reason ?? '',
    retryAfterSeconds: Math.max(1, Math.ceil((options.periodEndMs - options.nowMs) / 1000)),
    remaining,
  };
}
