import type { Kysely } from 'kysely';
import { sumsOf, TOTALS_MEASURES } from './measureLists.ts';
import { type ProviderTotals, providerTotalsOf } from './rollups.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

/**
 * Per user × period × provider totals for whole periods: one user's months (trends) or every user's
 * current month (a page of the operator's overview). Read from usage_period_totals, the rollups already summed
 * per user × period × provider, so a month costs at most nine rows however many days and models it has.
 */
export async function providerTotalsForPeriods(
  db: Db,
  options: { periods: readonly string[]; userId?: string | undefined; userIds?: readonly string[] },
): Promise<ProviderTotals[]> {
  if (options.periods.length === 0 || options.userIds?.length === 0) return [];
  let query = db
    .selectFrom('usage_period_totals')
    .select(['user_id', 'billing_period', 'provider', ...sumsOf(TOTALS_MEASURES)])
    .where('billing_period', 'in', [...options.periods]);
  if (options.userId !== undefined) query = query.where('user_id', '=', options.userId);
  if (options.userIds !== undefined) query = query.where('user_id', 'in', [...options.userIds]);
  const rows = await query.groupBy(['user_id', 'billing_period', 'provider']).execute();
  return rows.map(providerTotalsOf);
}
