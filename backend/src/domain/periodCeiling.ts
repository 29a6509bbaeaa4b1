import { formatBound, PERIOD_TOTAL_CEILING } from '@spendscope/contracts';
import type { Kysely } from 'kysely';
import { serializeAlertChecks } from '../db/alerts.ts';
import { storedEventIds, storedPeriodMeasures } from '../db/periodMeasures.ts';
import {
  CEILING_MEASURES,
  type CeilingMeasure,
  type Database,
  type NewUsageEvent,
  type PeriodMeasures,
} from '../db/schema.ts';
import { type PreparedEvent, touchedBy } from './ingestRows.ts';
import { nanoToDollars } from './money.ts';

const keyOf = (userId: string, period: string) => `${userId}\u0000${period}`;

/**
 * The running totals of users' periods (all providers), checked call by call against
 * PERIOD_TOTAL_CEILING, so that no stored total and no sum formed from them can lose exactness.
 */
export class PeriodCeiling {
  private readonly totals = new Map<string, Record<CeilingMeasure, number>>();

  /** Starts from what is stored: one or more rows per user × period (they are added up). */
  constructor(
    stored: Iterable<PeriodMeasures>,
    private readonly ceiling = PERIOD_TOTAL_CEILING,
  ) {
    for (const row of stored) {
      const total = this.totalOf(row.user_id, row.billing_period);
      for (const m of CEILING_MEASURES) total[m] += row[m];
    }
  }

  /**
   * Counts the call in when every total of its period stays at or under the ceiling and answers
   * undefined; otherwise counts nothing and answers why it is refused.
   */
  admit(row: NewUsageEvent): string | undefined {
    const total = this.totalOf(row.user_id, row.billing_period);
    for (const m of CEILING_MEASURES) {
      const after = total[m] + row[m];
      if (after <= this.ceiling) continue;
      return refusal(row, m, total[m], this.ceiling);
    }
    for (const m of CEILING_MEASURES) total[m] += row[m];
    return undefined;
  }

  private totalOf(userId: string, period: string): Record<CeilingMeasure, number> {
    const key = keyOf(userId, period);
    let total = this.totals.get(key);
    if (!total) {
      total = Object.fromEntries(CEILING_MEASURES.map((m) => [m, 0])) as Record<CeilingMeasure, number>;
      this.totals.set(key, total);
    }
    return total;
  }
}

function refusal(row: NewUsageEvent, measure: CeilingMeasure, before: number, ceiling: number): string {
  const where = `user ${row.user_id} in ${row.billing_period}`;
  if (measure === 'cost_nano') {
    return `this call's cost ($${formatBound(nanoToDollars(row.cost_nano))}) would take the spend of ${where} (now $${formatBound(nanoToDollars(before))}) past the ceiling of $${formatBound(nanoToDollars(ceiling))} per user and month; it was not stored`;
  }
  return `this call's ${measure} (${formatBound(row[measure])}) would take the total of ${where} (now ${formatBound(before)}) past the ceiling of ${formatBound(ceiling)} per user and month; it was not stored`;
}

/** A report's events priced and placed in their periods, each with its index in the report. */
type PricedReport<R> = {
  report: R;
  events: Array<{ event: PreparedEvent; index: number }>;
  duplicates: number;
};

/**
 * Holds every user's period under PERIOD_TOTAL_CEILING: calls are counted in, in report order, onto the
 * stored totals, and one that would take a total past the ceiling is refused on its own (with its
 * index and the reason), unless it is stored already, which makes it a duplicate. On PostgreSQL the
 * users' advisory locks are taken first (the ones the alert check takes anyway, held to the commit), so
 * two transactions cannot both judge a period just under the ceiling.
 */
export async function holdUnderCeiling<R>(
  db: Kysely<Database>,
  userIds: readonly string[],
  priced: ReadonlyArray<PricedReport<R>>,
) {
  await serializeAlertChecks(db, userIds);
  const keys = touchedBy(priced.flatMap((p) => p.events.map((e) => e.event)));
  const ceiling = new PeriodCeiling(await storedPeriodMeasures(db, keys));
  const checked = priced.map(({ report, events, duplicates }) => {
    const admitted: PreparedEvent[] = [];
    const refused: Array<{ index: number; eventId: string; message: string }> = [];
    for (const { event, index } of events) {
      const reason = ceiling.admit(event.row);
      if (reason === undefined) admitted.push(event);
      else refused.push({ index, eventId: event.row.event_id, message: reason });
    }
    return { report, events: admitted, duplicates, refused };
  });
  const refusedIds = checked.flatMap((c) => c.refused.map((r) => r.eventId));
  const already = refusedIds.length > 0 ? await storedEventIds(db, refusedIds) : new Set<string>();
  return checked.map(({ report, events, duplicates, refused }) => ({
    report,
    events,
    duplicates: duplicates + refused.filter((r) => already.has(r.eventId)).length,
    refused: refused
      .filter((r) => !already.has(r.eventId))
      .map((r) => ({ index: r.index, error: { code: 'validation_error', message: r.message } })),
  }));
}
