import { type Kysely, sql } from 'kysely';
import { DETAIL_MEASURES, type DetailMeasure, numbersOf, sumsOf } from './measureLists.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

/** Rollup sums of one provider within one user's period, grouped by a model or a day. */
export type DetailTotals = { key: string } & Record<DetailMeasure, number>;

/** One provider's rollups of a user's period, summed per model or per local day. */
export async function providerDetailTotals(
  db: Db,
  options: { userId: string; period: string; provider: string; by: 'model' | 'day' },
): Promise<DetailTotals[]> {
  const rows = await db
    .selectFrom('usage_rollups')
    .select([sql<string>`${sql.ref(options.by)}`.as('key'), ...sumsOf(DETAIL_MEASURES)])
    .where('user_id', '=', options.userId)
    .where('billing_period', '=', options.period)
    .where('provider', '=', options.provider)
    .groupBy(options.by)
    .execute();
  return rows.map((row) => ({ key: String(row.key), ...numbersOf(row, DETAIL_MEASURES) }));
}
