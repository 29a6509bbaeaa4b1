import { randomUUID } from 'node:crypto';
import {
  isLlmProvider,
  PERIOD_TOTAL_CEILING,
  type Provider,
  type UsageCheckRequest,
  type UsageCheckResponse,
} from '@spendscope/contracts';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import { getPlan } from '../db/plans.ts';
import {
  deleteExpiredReservations,
  heldInPeriod,
  insertReservation,
  releaseOpenReservation,
  serializeUserUsage,
} from '../db/reservations.ts';
import { providerTotals } from '../db/rollups.ts';
import type { Database } from '../db/schema.ts';
import { activePlanOf } from '../db/subscriptions.ts';
import { createUsers, getUser } from '../db/users.ts';
import { AppError } from '../errors.ts';
import { estimateCheckedCall } from './check.ts';
import { UNLIMITED } from './limits.ts';
import { nanoToDollars } from './money.ts';
import { billingPeriodOf, periodBounds } from './periods.ts';
import type { PriceBook } from './priceBook.ts';
import { decideReservation, type Remaining } from './reservationRules.ts';
import { summarizePeriod } from './usage.ts';

export type { Remaining } from './reservationRules.ts';

/** How long a reservation counts unless it is settled or released first: 10 minutes. */
export const DEFAULT_RESERVATION_TTL_MS = 10 * 60 * 1000;

/**
 * Where reservations are written. By default the transactions run on `db` in this thread; the server
 * hands them to the ingest worker's connection instead (ingestWorker/), so that on SQLite a reserve never
 * waits for the write lock on the event loop while the worker is storing a report.
 */
export type ReservationStore = {
  reserve(request: ReserveRequest, at: { nowMs: number; ttlMs: number }): Promise<ReserveOutcome>;
  release(reservationId: string, nowMs: number): Promise<boolean>;
  /** Deletes reservations expired by `expiredBy`; how many. */
  expire(expiredBy: number): Promise<number>;
};

export type ReservationDeps = {
  db: Kysely<Database>;
  /** Plan given to a user seen for the first time. */
  defaultPlanId: string;
  clock: Clock;
  /** How long a reservation counts (default DEFAULT_RESERVATION_TTL_MS). */
  ttlMs?: number;
  /** Where the writes run (default: transactions on `db` here). */
  store?: ReservationStore;
};

/** The store that runs each reservation's transaction on `db`, in this thread. */
export function databaseReservationStore(db: Kysely<Database>, defaultPlanId: string): ReservationStore {
  return {
    reserve: (request, at) => reserveInTransaction(db, defaultPlanId, request, at),
    release: (reservationId, nowMs) => releaseOpenReservation(db, reservationId, nowMs),
    expire: (expiredBy) => deleteExpiredReservations(db, expiredBy),
  };
}

export type ReserveRequest = {
  /** The end user (created on first sight, on the default plan). */
  userId: string;
  provider: Provider;
  /** Worst-case cost of the call in nano-dollars (0 when unknown or free). */
  estimatedCostNano: number;
  /** Worst-case tokens (LLMs), 0 when unknown. */
  estimatedTokens: number;
};

export type ReserveOutcome =
  | { ok: true; reservationId: string; expiresAt: number; remaining: Remaining }
  | {
      ok: false;
      reasonCode: NonNullable<UsageCheckResponse['reason_code']>;
      reason: string;
      retryAfterSeconds: number;
      remaining: Remaining;
    };

/**
 * Holds one call against the user's limits, or refuses it. In one transaction, serialized per user
 * (SQLite: BEGIN IMMEDIATE; PostgreSQL: the user's advisory lock): the period's usage plus every open,
 * unexpired reservation is read, decided on by decideCheck's rule, and the reservation inserted — so
 * of concurrent reserves only as many succeed as the limits have room for, across processes too.
 */
export async function reserveCall(deps: ReservationDeps, request: ReserveRequest): Promise<ReserveOutcome> {
  return (deps.store ?? databaseReservationStore(deps.db, deps.defaultPlanId)).reserve(request, {
    nowMs: deps.clock().getTime(),
    ttlMs: deps.ttlMs ?? DEFAULT_RESERVATION_TTL_MS,
  });
}

/** reserveCall's transaction, on `db`, at a given time (see reserveCall). */
export async function reserveInTransaction(
  database: Kysely<Database>,
  defaultPlanId: string,
  request: ReserveRequest,
  { nowMs, ttlMs }: { nowMs: number; ttlMs: number },
): Promise<ReserveOutcome> {
  return database.transaction().execute(async (db) => {
    // Users are created before the lock is taken, in the order the ingest path does both, so a reserve
    // and a report meeting a new user cannot wait on each other.
    const existing = await getUser(db, request.userId);
    if (!existing) await createUsers(db, [request.userId], defaultPlanId, nowMs);
    await serializeUserUsage(db, request.userId);
    // The timezone only names the period; a user just created is in UTC.
    const timezone = existing?.timezone ?? 'UTC';
    const plan = (await activePlanOf(db, request.userId)) ?? (await getPlan(db, defaultPlanId));
    if (!plan) throw new AppError('internal_error', `plan "${defaultPlanId}" does not exist`);
    const period = billingPeriodOf(nowMs, timezone);
    const totals = summarizePeriod(await providerTotals(db, [{ userId: request.userId, period }]));
    const held = await heldInPeriod(db, request.userId, period, nowMs);
    const estimatedTokens = isLlmProvider(request.provider) ? wholeOrZero(request.estimatedTokens) : 0;
    const estimatedCostNano = wholeOrZero(request.estimatedCostNano);
    const decision = decideReservation({
      provider: request.provider,
      planName: plan.name,
      period,
      limits: plan.limits,
      usage: totals.usage,
      costSoFarNano: totals.costNano,
      held,
      estimatedTokens,
      estimatedCostNano,
      nowMs,
      periodEndMs: periodBounds(period, timezone).end.getTime(),
    });
    if (!decision.ok) return decision;
    const id = `rsv_${randomUUID()}`;
    const expiresAt = nowMs + ttlMs;
    await insertReservation(db, {
      id,
      user_id: request.userId,
      billing_period: period,
      provider: request.provider,
      calls: 1,
      tokens: estimatedTokens,
      cost_nano: estimatedCostNano,
      created_at: nowMs,
      expires_at: expiresAt,
      status: 'open',
      closed_at: null,
    });
    return { ok: true, reservationId: id, expiresAt, remaining: decision.remaining };
  });
}

/**
 * An estimate as a whole, non-negative number (a fraction, NaN or a negative number is no estimate), at
 * most the period ceiling: no stored call can exceed it, and holdings summed stay exact.
 */
function wholeOrZero(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.min(PERIOD_TOTAL_CEILING, Math.round(n)) : 0;
}

/**
 * How long after its expiry a reservation is kept before the sweep deletes it. It stopped counting at
 * expiry; the margin keeps the sweep from meeting (and deadlocking with) a report that is settling a
 * reservation which expired while the report was being stored.
 */
export const SWEEP_GRACE_MS = 60_000;

/**
 * Gives a reservation's hold back (the call was abandoned or failed). Idempotent: true when an open,
 * unexpired reservation was released by this call, false for one unknown, settled, released or expired.
 */
export async function releaseReservation(
  deps: Pick<ReservationDeps, 'db' | 'clock' | 'store'>,
  reservationId: string,
): Promise<boolean> {
  const nowMs = deps.clock().getTime();
  return deps.store
    ? deps.store.release(reservationId, nowMs)
    : releaseOpenReservation(deps.db, reservationId, nowMs);
}

/**
 * Deletes reservations expired by `now` (they stopped counting at expiry already), once SWEEP_GRACE_MS
 * has passed; returns how many.
 * Run periodically by the server; several processes may run it at once.
 */
export async function expireReservations(
  deps: Pick<ReservationDeps, 'db' | 'store'>,
  now: Date,
): Promise<number> {
  const expiredBy = now.getTime() - SWEEP_GRACE_MS;
  return deps.store ? deps.store.expire(expiredBy) : deleteExpiredReservations(deps.db, expiredBy);
}

/**
 * `POST /api/usage/check` with `reserve: true`: the call is estimated as the advisory check estimates
 * it, and reserved. The reply is the check's, with `remaining` counting the reservation just made
 * and, when allowed, the reservation's id and expiry.
 */
export async function checkAndReserve(
  deps: ReservationDeps & { prices: PriceBook },
  request: UsageCheckRequest,
): Promise<UsageCheckResponse> {
  const now = deps.clock();
  await deps.prices.refresh();
  const estimate = estimateCheckedCall(deps.prices, request, now);
  const outcome = await reserveCall(deps, {
    userId: request.user_id,
    provider: request.provider,
    ...estimate,
  });
  const remaining: UsageCheckResponse['remaining'] = {
    calls: outcome.remaining.calls,
    ...(isLlmProvider(request.provider) ? { tokens: outcome.remaining.tokens } : {}),
    cost: outcome.remaining.cost_nano === UNLIMITED ? UNLIMITED : nanoToDollars(outcome.remaining.cost_nano),
  };
  const estimated_cost = nanoToDollars(estimate.estimatedCostNano);
  if (!outcome.ok) {
    return {
      allowed: false,
      reason: outcome.reason,
      reason_code: outcome.reasonCode,
      estimated_cost,
      remaining,
    };
  }
  return {
    allowed: true,
    estimated_cost,
    remaining,
    reservation_id: outcome.reservationId,
    reservation_expires_at: new Date(outcome.expiresAt).toISOString(),
  };
}
