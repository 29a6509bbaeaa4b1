import { sql } from 'kysely';
import { ROLLUP_MEASURES } from './schema.ts';

export type RollupMeasure = (typeof ROLLUP_MEASURES)[number];

/** The measures a provider's period totals carry (what usage, status and the overview read). */
export const TOTALS_MEASURES = [
  'calls',
  'errors',
  'unpriced_calls',
  'input_tokens',
  'output_tokens',
  'cached_tokens',
  'cache_write_tokens',
  'cost_nano',
  'response_time_sum',
  'response_time_count',
] as const satisfies readonly RollupMeasure[];
export type TotalsMeasure = (typeof TOTALS_MEASURES)[number];

/** The measures of a provider drill-down: every rollup measure but the per-request units. */
export const DETAIL_MEASURES = ROLLUP_MEASURES.filter(
  (m): m is Exclude<RollupMeasure, 'searches' | 'pages' | 'images'> =>
    m !== 'searches' && m !== 'pages' && m !== 'images',
);
export type DetailMeasure = (typeof DETAIL_MEASURES)[number];

/** `sum(m) as m` for each measure, for a grouped select over rollups or period totals. */
export function sumsOf<M extends RollupMeasure>(measures: readonly M[]) {
  return measures.map((m) => sql<number>`sum(${sql.ref(m)})`.as(m));
}

/** Each measure of a row as a number (PostgreSQL returns bigint sums as text). */
export function numbersOf<M extends string>(
  row: Record<M, unknown>,
  measures: readonly M[],
): Record<M, number> {
  return Object.fromEntries(measures.map((m) => [m, Number(row[m])])) as Record<M, number>;
}
