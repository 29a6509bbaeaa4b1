import { GATEWAY_HEADERS, type Provider } from '@spendscope/contracts';
import { computeCostNano, pricedModelName } from '../domain/cost.ts';
import { nanoToDollars } from '../domain/money.ts';
import type { PriceBook } from '../domain/priceBook.ts';
import {
  type Remaining,
  type ReservationDeps,
  releaseReservation,
  reserveCall,
} from '../domain/reservations.ts';

/** What is left of the user's limits after this call's reservation; -1 means unlimited. */
export type { Remaining };

export type Admission =
  | { ok: true; reservationId: string; remaining: Remaining }
  | { ok: false; reasonCode: string; reason: string; retryAfterSeconds: number; remaining: Remaining };

export type LimitsDeps = {
  prices: PriceBook;
  /** Where reservations are made (database, default plan, TTL, store), as the check route uses it. */
  reservations: ReservationDeps;
  /** When the call came in: the reservation is made and released at this instant. */
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
 * Whether the call may go upstream: the one place the gateway asks the limits. The call is reserved
 * against the user's limits (one call, its worst-case tokens and cost) in one transaction, so of
 * concurrent calls only as many go upstream as the limits have room for; the call's event settles it.
 */
export async function admitCall(deps: LimitsDeps, call: CallEstimate): Promise<Admission> {
  const estimatedCostNano = await worstCaseCostNano(deps, call);
  return reserveCall(
    { ...deps.reservations, clock: () => deps.now },
    {
      userId: call.userId,
      provider: call.provider,
      estimatedCostNano,
      estimatedTokens: call.inputTokens + call.maxOutputTokens,
    },
  );
}

/** Gives back a reservation whose call will not be reported (nothing else would settle it). */
export async function releaseCall(deps: LimitsDeps, reservationId: string): Promise<void> {
  await releaseReservation({ ...deps.reservations, clock: () => deps.now }, reservationId);
}

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
