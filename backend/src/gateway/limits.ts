import { GATEWAY_HEADERS, type Provider } from '@spendscope/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { checkUsage } from '../domain/check.ts';
import { computeCostNano, pricedModelName } from '../domain/cost.ts';
import { dollarsToNano, nanoToDollars } from '../domain/money.ts';
import { billingPeriodOf, periodBounds } from '../domain/periods.ts';
import type { PriceBook } from '../domain/priceBook.ts';

/** What is left of the user's limits after this call's reservation; -1 means unlimited. */
export type Remaining = { calls: number; tokens: number; cost_nano: number };

export type Admission =
  | { ok: true; reservationId?: string; remaining: Remaining }
  | { ok: false; reasonCode: string; reason: string; retryAfterSeconds: number; remaining: Remaining };

export type LimitsDeps = {
  db: Kysely<Database>;
  prices: PriceBook;
  defaultPlanId: string;
  now: Date;
};

/** A call about to be forwarded, as far as the limits are concerned. */
export type CallEstimate = {
  userId: string;
  provider: Provider;
  model: string;
  /** Prompt estimate (uncached input), see docs/gateway.md. */
  inputTokens: number;
  /** The most output the call may produce. */
  maxOutputTokens: number;
};

/** The worst-case cost of a call at the model's current price (0 when the model has no price). */
export async function worstCaseCostNano(deps: LimitsDeps, call: CallEstimate): Promise<number> {
  await deps.prices.refresh();
  const price = deps.prices.find(
    call.provider,
    pricedModelName(call.provider, call.model),
    deps.now.getTime(),
  );
  if (!price) return 0;
  return computeCostNano(
    {
      provider: call.provider,
      input_tokens: call.inputTokens,
      output_tokens: call.maxOutputTokens,
      cached_tokens: 0,
    },
    price,
  );
}

/**
 * Whether the call may go upstream: the one place the gateway asks the limits. Every gateway call is
 * admitted or refused here, before a byte is forwarded.
 */
export async function admitCall(deps: LimitsDeps, call: CallEstimate): Promise<Admission> {
  const verdict = await checkUsage({
    db: deps.db,
    prices: deps.prices,
    request: {
      user_id: call.userId,
      provider: call.provider,
      model: call.model,
      input_tokens: call.inputTokens,
      output_tokens: call.maxOutputTokens,
    },
    defaultPlanId: deps.defaultPlanId,
    now: deps.now,
  });
  const remaining: Remaining = {
    calls: verdict.remaining.calls,
    tokens: verdict.remaining.tokens ?? -1,
    cost_nano: verdict.remaining.cost === -1 ? -1 : dollarsToNano(verdict.remaining.cost),
  };
  if (verdict.allowed) return { ok: true, remaining };
  const period = billingPeriodOf(deps.now.getTime(), 'UTC');
  const resetsAt = periodBounds(period, 'UTC').end.getTime();
  return {
    ok: false,
    reasonCode: verdict.reason_code ?? 'limit_reached',
    reason: verdict.reason ?? 'the call does not fit the plan’s limits',
    retryAfterSeconds: Math.max(1, Math.ceil((resetsAt - deps.now.getTime()) / 1000)),
    remaining,
  };
}

/** Gives back a reservation whose call will not be reported (nothing to settle it). */
export async function releaseCall(_deps: LimitsDeps, _reservationId: string): Promise<void> {}

/** The `x-spendscope-remaining-*` headers: calls and tokens left, cost left in dollars; -1 unlimited. */
export function remainingHeaders(remaining: Remaining): Record<string, string> {
  return {
    [GATEWAY_HEADERS.remainingCalls]: String(remaining.calls),
    [GATEWAY_HEADERS.remainingTokens]: String(remaining.tokens),
    [GATEWAY_HEADERS.remainingCost]: String(
      remaining.cost_nano === -1 ? -1 : nanoToDollars(remaining.cost_nano),
    ),
  };
}
