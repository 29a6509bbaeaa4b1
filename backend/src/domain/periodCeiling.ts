import { formatBound, PERIOD_TOTAL_CEILING } from '@spendscope/contracts';
import {
  CEILING_MEASURES,
  type CeilingMeasure,
  type NewUsageEvent,
  type PeriodMeasures,
} from '../db/schema.ts';
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
