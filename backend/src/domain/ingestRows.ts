import {
  MAX_OCCURRED_AHEAD_MS,
  type UsageBatchResponse,
  type UsageEvent,
  usageEventSchema,
} from '@spendscope/contracts';
import { emptyDelta, emptyPeriodDelta, type PeriodDelta, type RollupDelta } from '../db/events.ts';
import { type NewUsageEvent, ROLLUP_MEASURES } from '../db/schema.ts';
import { describeZodError } from '../errors.ts';
import { billableCounts, computeCostNano, pricedModelName } from './cost.ts';
import { localDateOf } from './periods.ts';
import type { ResolvedPrice } from './priceBook.ts';

/** A user and period a report changed. */
export type TouchedPeriod = { userId: string; period: string };

/** A report checked event by event: the valid events (first of each event_id), the rest accounted for. */
export type CheckedReport = {
  events: UsageEvent[];
  /** Where each of `events` stands in the report, for a refusal made when it is stored. */
  indexes: number[];
  rejected: UsageBatchResponse['rejected'];
  /** Events repeating an event_id seen earlier in the same report. */
  duplicates: number;
};

const emptyCheck = (): CheckedReport => ({ events: [], indexes: [], rejected: [], duplicates: 0 });

/**
 * Validates each event on its own; an event_id repeated within the report counts once. An event that
 * says it happened more than a day after `nowMs` (the server's clock) is refused: its month is not here
 * yet, and a far one (the year 10000) has no billing period at all.
 */
export function checkReport(rawEvents: readonly unknown[], nowMs: number): CheckedReport {
  const checked = emptyCheck();
  checkEvents(rawEvents, { from: 0, to: rawEvents.length, nowMs }, checked, new Set());
  return checked;
}

/** Events validated between two turns of the event loop by checkReportInSlices (about 2 ms of work). */
export const CHECK_SLICE = 500;

/**
 * checkReport, a slice of events at a time, letting the event loop run between slices: validating a
 * full report of 5,000 events takes tens of milliseconds, which other requests should not wait out.
 */
export async function checkReportInSlices(
  rawEvents: readonly unknown[],
  nowMs: number,
): Promise<CheckedReport> {
  const checked = emptyCheck();
  const seen = new Set<string>();
  for (let from = 0; from < rawEvents.length; from += CHECK_SLICE) {
    if (from > 0) await new Promise((resolve) => setImmediate(resolve));
    checkEvents(
      rawEvents,
      { from, to: Math.min(from + CHECK_SLICE, rawEvents.length), nowMs },
      checked,
      seen,
    );
  }
  return checked;
}

function checkEvents(
  rawEvents: readonly unknown[],
  range: { from: number; to: number; nowMs: number },
  checked: CheckedReport,
  seen: Set<string>,
): void {
  const latest = range.nowMs + MAX_OCCURRED_AHEAD_MS;
  for (let index = range.from; index < range.to; index++) {
    const result = usageEventSchema.safeParse(rawEvents[index]);
    if (!result.success) {
      checked.rejected.push({
        index,
        error: { code: 'validation_error', message: describeZodError(result.error) },
      });
      continue;
    }
    const event = result.data;
    if (event.occurred_at !== undefined && Date.parse(event.occurred_at) > latest) {
      checked.rejected.push({ index, error: aheadOfClock(event.occurred_at, range.nowMs) });
      continue;
    }
    if (seen.has(event.event_id)) {
      checked.duplicates++;
      continue;
    }
    seen.add(event.event_id);
    checked.events.push(event);
    checked.indexes.push(index);
  }
}

function aheadOfClock(occurredAt: string, nowMs: number) {
  return {
    code: 'validation_error',
    message: `occurred_at: ${occurredAt} is more than 24 hours ahead of the server's clock (${new Date(nowMs).toISOString()}); send the time the call happened`,
  };
}

/**
 * An event prepared for storing, with the local day of its user that its rollup row is kept under and
 * the reservation it settles (if any).
 */
export type PreparedEvent = { row: NewUsageEvent; day: string; reservationId: string | undefined };

/**
 * The row an event is stored as: priced with the version in effect when it happened (none: cost 0 and
 * unpriced), in the billing period and day of the user's timezone.
 */
export function storedEventOf(
  event: UsageEvent,
  options: {
    timezone: string;
    receivedAt: number;
    priceOf(provider: UsageEvent['provider'], model: string, at: number): ResolvedPrice | undefined;
  },
): PreparedEvent {
  const occurredAt = event.occurred_at ? Date.parse(event.occurred_at) : options.receivedAt;
  const day = localDateOf(occurredAt, options.timezone);
  const model = pricedModelName(event.provider, event.model);
  const resolved = options.priceOf(event.provider, model, occurredAt);
  const price = resolved?.price;
  const counts = billableCounts(event);
  return {
    day,
    reservationId: event.reservation_id,
    row: {
      event_id: event.event_id,
      user_id: event.user_id,
      provider: event.provider,
      model,
      endpoint: event.endpoint ?? null,
      input_tokens: event.input_tokens,
      output_tokens: event.output_tokens,
      cached_tokens: event.cached_tokens,
      cache_write_tokens: event.cache_write_tokens,
      cache_write_1h_tokens: event.cache_write_1h_tokens,
      reasoning_tokens: event.reasoning_tokens,
      searches: counts.searches,
      pages: counts.pages,
      images: counts.images,
      response_time_ms: event.response_time_ms ?? null,
      status_code: event.status_code,
      error: event.error ?? null,
      occurred_at: occurredAt,
      received_at: options.receivedAt,
      billing_period: day.slice(0, 7),
      cost_nano: price ? computeCostNano(event, price) : 0,
      price_id: price ? price.id : null,
      price_match: resolved ? resolved.match : null,
    },
  };
}

const SEP = '\u0000';

/** Sums stored events into one delta per user × period × day × provider × model. */
export class RollupDeltas {
  private readonly deltas = new Map<string, RollupDelta>();

  add({ row, day }: PreparedEvent): void {
    const key = `${row.user_id}${SEP}${row.billing_period}${SEP}${day}${SEP}${row.provider}${SEP}${row.model}`;
    let delta = this.deltas.get(key);
    if (!delta) {
      delta = emptyDelta({
        user_id: row.user_id,
        billing_period: row.billing_period,
        day,
        provider: row.provider,
        model: row.model,
      });
      this.deltas.set(key, delta);
    }
    const failed = row.status_code >= 400 || (row.error !== null && row.error !== undefined);
    delta.calls += 1;
    delta.errors += failed ? 1 : 0;
    delta.unpriced_calls += row.price_id === null ? 1 : 0;
    delta.input_tokens += row.input_tokens;
    delta.output_tokens += row.output_tokens;
    delta.cached_tokens += row.cached_tokens;
    delta.cache_write_tokens += row.cache_write_tokens;
    delta.cache_write_1h_tokens += row.cache_write_1h_tokens;
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

  list(): RollupDelta[] {
    return [...this.deltas.values()];
  }

  /** The same deltas summed over days and models: one per user × period × provider. */
  periodTotals(): PeriodDelta[] {
    const totals = new Map<string, PeriodDelta>();
    for (const d of this.deltas.values()) {
      const key = `${d.user_id}${SEP}${d.billing_period}${SEP}${d.provider}`;
      let total = totals.get(key);
      if (!total) {
        total = emptyPeriodDelta(d);
        totals.set(key, total);
      }
      for (const measure of ROLLUP_MEASURES) total[measure] += d[measure];
    }
    return [...totals.values()];
  }
}

/** The distinct user × period pairs of stored events, in order of first appearance. */
export function touchedBy(events: Iterable<PreparedEvent>): TouchedPeriod[] {
  const touched = new Map<string, TouchedPeriod>();
  for (const { row } of events) {
    const key = `${row.user_id}${SEP}${row.billing_period}`;
    if (!touched.has(key)) touched.set(key, { userId: row.user_id, period: row.billing_period });
  }
  return [...touched.values()];
}
