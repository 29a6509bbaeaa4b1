import { sql } from 'kysely';
import { ROLLUP_MEASURES } from './schema.ts';

export type RollupMeasure = (typeof ROLLUP_MEASURES)[number];

/** Measures the period reads leave out: per-request units and the parts of a token kind. */
const NOT_IN_TOTALS = ['cache_write_1h_tokens', 'reasoning_tokens', 'searches', 'pages', 'images'] as const;

/** The measures a provider's period totals carry (what usage, status and the overview read). */
export const TOTALS_MEASURES = ROLLUP_MEASURES.filter(
  (m): m is Exclude<RollupMeasure, (typeof NOT_IN_TOTALS)[number]> =>
    !(NOT_IN_TOTALS as readonly string[]).includes(m),
);
export type TotalsMeasure = (typeof TOTALS_MEASURES)[number];

/** The measures of a provider drill-down (and its what-if re-pricing): every rollup measure. */
export const DETAIL_MEASURES = ROLLUP_MEASURES;
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
