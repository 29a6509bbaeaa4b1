import {
  type UsageAlert,
  type UsageBatchResponse,
  type UsageEvent,
  usageEventSchema,
} from '@spendscope/contracts';
import type { Kysely } from 'kysely';
import { insertNewAlerts, serializeAlertChecks } from '../db/alerts.ts';
import { addToRollups, emptyDelta, insertNewEvents, type RollupDelta } from '../db/events.ts';
import { getPlan } from '../db/plans.ts';
import { providerTotals } from '../db/rollups.ts';
import type { Database, NewUsageEvent } from '../db/schema.ts';
import { createUsers, findUsers, planIdsOf } from '../db/users.ts';
import { describeZodError } from '../errors.ts';
import { alertsDue } from './alerts.ts';
import { billableCounts, computeCostNano, pricedModelName } from './cost.ts';
import { localDateOf } from './periods.ts';
import type { PriceBook } from './priceBook.ts';
import { summarizePeriod } from './usage.ts';

/** A user and period a report changed. */
export type TouchedPeriod = { userId: string; period: string };

export type IngestResult = UsageBatchResponse & { touched: TouchedPeriod[]; newAlerts: UsageAlert[] };

type Parsed = { index: number; event: UsageEvent };

/**
 * Stores a batch of reported provider calls in one transaction: new users are created on the default
 * plan, each call is priced with the version in effect when it happened, added to the rollups, and
 * alerts are raised for every threshold now reached. An event_id already stored is a duplicate and
 * counts nothing. One invalid event is rejected on its own; the rest are stored.
 */
export async function ingestBatch(options: {
  db: Kysely<Database>;
  prices: PriceBook;
  rawEvents: readonly unknown[];
  defaultPlanId: string;
  now: Date;
}): Promise<IngestResult> {
  const { db, prices, rawEvents, now } = options;
  const nowMs = now.getTime();
  const rejected: UsageBatchResponse['rejected'] = [];
  const valid: Parsed[] = [];
  const seenInBatch = new Set<string>();
  let duplicates = 0;

  rawEvents.forEach((raw, index) => {
    const result = usageEventSchema.safeParse(raw);
    if (!result.success) {
      rejected.push({ index, error: { code: 'validation_error', message: describeZodError(result.error) } });
      return;
    }
    if (seenInBatch.has(result.data.event_id)) {
      duplicates++;
      return;
    }
    seenInBatch.add(result.data.event_id);
    valid.push({ index, event: result.data });
  });

  if (valid.length === 0) return { accepted: 0, duplicates, rejected, touched: [], newAlerts: [] };

  return db.transaction().execute(async (trx) => {
    await prices.refresh(trx);
    const userIds = [...new Set(valid.map((v) => v.event.user_id))];
    let users = await findUsers(trx, userIds);
    const unknown = userIds.filter((id) => !users.has(id));
    if (unknown.length > 0) {
      await createUsers(trx, unknown, options.defaultPlanId, nowMs);
      users = await findUsers(trx, userIds);
    }

    const priced = valid.map(({ event }) => {
      const occurredAt = event.occurred_at ? Date.parse(event.occurred_at) : nowMs;
      const timezone = users.get(event.user_id)?.timezone ?? 'UTC';
      const day = localDateOf(occurredAt, timezone);
      const model = pricedModelName(event.provider, event.model);
      const price = prices.find(event.provider, model, occurredAt);
      const counts = billableCounts(event);
      const row: NewUsageEvent = {
        event_id: event.event_id,
        user_id: event.user_id,
        provider: event.provider,
        model,
        endpoint: event.endpoint ?? null,
        input_tokens: event.input_tokens,
        output_tokens: event.output_tokens,
        cached_tokens: event.cached_tokens,
        reasoning_tokens: event.reasoning_tokens,
        searches: counts.searches,
        pages: counts.pages,
        images: counts.images,
        response_time_ms: event.response_time_ms ?? null,
        status_code: event.status_code,
        error: event.error ?? null,
        occurred_at: occurredAt,
        received_at: nowMs,
        billing_period: day.slice(0, 7),
        cost_nano: price ? computeCostNano(event, price) : 0,
        price_id: price ? price.id : null,
      };
      return { row, day };
    });

    const inserted = await insertNewEvents(
      trx,
      priced.map((p) => p.row),
    );
    duplicates += priced.length - inserted.size;

    const deltas = new Map<string, RollupDelta>();
    const touched = new Map<string, TouchedPeriod>();
    for (const { row, day } of priced) {
      if (!inserted.has(row.event_id)) continue;
      const key = `${row.user_id}\u0000${row.billing_period}\u0000${day}\u0000${row.provider}\u0000${row.model}`;
      let delta = deltas.get(key);
      if (!delta) {
        delta = emptyDelta({
          user_id: row.user_id,
          billing_period: row.billing_period,
          day,
          provider: row.provider,
          model: row.model,
        });
        deltas.set(key, delta);
      }
      addEventTo(delta, row);
      touched.set(`${row.user_id}\u0000${row.billing_period}`, {
        userId: row.user_id,
        period: row.billing_period,
      });
    }
    await addToRollups(trx, [...deltas.values()]);

    const touchedList = [...touched.values()];
    const newAlerts = await raiseAlerts(trx, touchedList, nowMs);
    return { accepted: inserted.size, duplicates, rejected, touched: touchedList, newAlerts };
  });
}

function addEventTo(delta: RollupDelta, row: NewUsageEvent): void {
  const failed = row.status_code >= 400 || (row.error !== null && row.error !== undefined);
  delta.calls += 1;
  delta.errors += failed ? 1 : 0;
  delta.unpriced_calls += row.price_id === null ? 1 : 0;
  delta.input_tokens += row.input_tokens;
  delta.output_tokens += row.output_tokens;
  delta.cached_tokens += row.cached_tokens;
  delta.reasoning_tokens += row.reasoning_tokens;
  delta.searches += row.searches;
  delta.pages += row.pages;
  delta.images += row.images;
  delta.cost_nano += row.cost_nano;
  if (row.response_time_ms !== null && row.response_time_ms !== undefined) {
    delta.response_time_sum += row.response_time_ms;
    delta.response_time_count += 1;
  }
}

/** Raises every alert now due for the touched periods; returns only the ones created just now. */
export async function raiseAlerts(
  db: Kysely<Database>,
  touched: readonly TouchedPeriod[],
  nowMs: number,
): Promise<UsageAlert[]> {
  if (touched.length === 0) return [];
  const userIds = [...new Set(touched.map((t) => t.userId))];
  await serializeAlertChecks(db, userIds);
  const totals = await providerTotals(db, touched);
  const planIds = await planIdsOf(db, userIds);
  const limitsByPlan = new Map<string, Awaited<ReturnType<typeof getPlan>>>();
  const totalsByPeriod = new Map<string, typeof totals>();
  for (const t of totals) {
    const key = `${t.user_id}\u0000${t.billing_period}`;
    totalsByPeriod.set(key, [...(totalsByPeriod.get(key) ?? []), t]);
  }
  const candidates = [];
  for (const { userId, period } of touched) {
    const planId = planIds.get(userId);
    if (!planId) continue;
    if (!limitsByPlan.has(planId)) limitsByPlan.set(planId, await getPlan(db, planId));
    const plan = limitsByPlan.get(planId);
    if (!plan) continue;
    const summary = summarizePeriod(totalsByPeriod.get(`${userId}\u0000${period}`) ?? []);
    candidates.push(
      ...alertsDue({
        userId,
        period,
        usage: summary.usage,
        limits: plan.limits,
        unpricedCalls: summary.unpricedCalls,
      }),
    );
  }
  return insertNewAlerts(db, candidates, nowMs);
}
