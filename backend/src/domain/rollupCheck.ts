import type { Kysely } from 'kysely';
import {
  type BadRow,
  periodTotalsBothWays,
  type RollupTotals,
  recountFromEvents,
  rollupDaysOutsidePeriod,
  rowsOutsideBounds,
  storedRollupTotals,
} from '../db/recount.ts';
import { type Database, ROLLUP_MEASURES } from '../db/schema.ts';

/** One measure of one user × period × provider × model where the rollups and the events disagree. */
export type RollupDifference = {
  user_id: string;
  billing_period: string;
  provider: string;
  model: string;
  measure: (typeof ROLLUP_MEASURES)[number];
  stored: number;
  recounted: number;
};

const keyOf = (t: RollupTotals) => `${t.user_id}\u0000${t.billing_period}\u0000${t.provider}\u0000${t.model}`;

/** Response times are fractional milliseconds summed in a different order; allow rounding only. */
function sameMeasure(measure: RollupDifference['measure'], a: number, b: number): boolean {
  if (measure !== 'response_time_sum') return a === b;
  return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * Every difference between stored rollup totals and totals recounted from raw events. A group present
 * on one side only counts as zeros on the other, so a lost or a phantom rollup row both show.
 */
export function compareRollups(
  stored: readonly RollupTotals[],
  recounted: readonly RollupTotals[],
): RollupDifference[] {
  const storedByKey = new Map(stored.map((t) => [keyOf(t), t]));
  const recountedByKey = new Map(recounted.map((t) => [keyOf(t), t]));
  const keys = [...new Set([...storedByKey.keys(), ...recountedByKey.keys()])].sort();
  const differences: RollupDifference[] = [];
  for (const key of keys) {
    const s = storedByKey.get(key);
    const r = recountedByKey.get(key);
    const group = (s ?? r) as RollupTotals;
    for (const measure of ROLLUP_MEASURES) {
      const storedValue = s?.[measure] ?? 0;
      const recountedValue = r?.[measure] ?? 0;
      if (sameMeasure(measure, storedValue, recountedValue)) continue;
      differences.push({
        user_id: group.user_id,
        billing_period: group.billing_period,
        provider: group.provider,
        model: group.model,
        measure,
        stored: storedValue,
        recounted: recountedValue,
      });
    }
  }
  return differences;
}

export type RollupCheck = {
  /** Raw events counted. */
  events: number;
  /** User × period × provider × model groups compared. */
  groups: number;
  differences: RollupDifference[];
  /** Rollup rows filed under a day outside their billing period. */
  misplacedDays: Array<{ user_id: string; day: string }>;
  /** Stored events and period totals outside the bounds ingest holds (docs/security.md). */
  badRows: BadRow[];
};

/**
 * Recounts every rollup from the raw events and reports where they differ. Compared per user ×
 * period × provider × model: the local day of an old event depends on the timezone the user had when
 * it was reported, which the events do not keep.
 */
export async function checkRollups(options: { db: Kysely<Database> }): Promise<RollupCheck> {
  const [stored, recounted, misplacedDays, periodTotals, badRows] = await Promise.all([
    storedRollupTotals(options.db),
    recountFromEvents(options.db),
    rollupDaysOutsidePeriod(options.db),
    periodTotalsBothWays(options.db),
    rowsOutsideBounds(options.db),
  ]);
  // The per-period totals must equal their rollups too (shown with model "(all models)").
  const differences = [
    ...compareRollups(stored, recounted),
    ...compareRollups(periodTotals.stored, periodTotals.summed),
  ];
  const groups = new Set([...stored, ...recounted].map(keyOf)).size;
  const events = recounted.reduce((sum, t) => sum + t.calls, 0);
  return { events, groups, differences, misplacedDays, badRows };
}
