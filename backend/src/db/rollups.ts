import type { Kysely } from 'kysely';
import { numbersOf, TOTALS_MEASURES, type TotalsMeasure } from './measureLists.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

export type ProviderTotals = { user_id: string; billing_period: string; provider: string } & Record<
  TotalsMeasure,
  number
>;

/** A row of provider totals with every measure as a number (PostgreSQL returns bigint sums as text). */
export function providerTotalsOf(
  row: { user_id: string; billing_period: string; provider: string } & Record<TotalsMeasure, unknown>,
): ProviderTotals {
  return {
    user_id: row.user_id,
    billing_period: row.billing_period,
    provider: row.provider,
    ...numbersOf(row, TOTALS_MEASURES),
  };
}

/** Users per query (bound values stay far inside SQLite's limit). */
const USERS_PER_QUERY = 500;

/**
 * Per-provider totals of the given users' periods, from usage_period_totals (the rollups summed over
 * days and models in the same transaction): at most one row per provider, however much was used.
 */
export async function providerTotals(
  db: Db,
  keys: ReadonlyArray<{ userId: string; period: string }>,
): Promise<ProviderTotals[]> {
  if (keys.length === 0) return [];
  const wanted = new Set(keys.map((k) => `${k.userId}\u0000${k.period}`));
  const userIds = [...new Set(keys.map((k) => k.userId))];
  const periods = [...new Set(keys.map((k) => k.period))];
  const totals: ProviderTotals[] = [];
  for (let i = 0; i < userIds.length; i += USERS_PER_QUERY) {
    const rows = await db
      .selectFrom('usage_period_totals')
      .select(['user_id', 'billing_period', 'provider', ...TOTALS_MEASURES])
      .where('user_id', 'in', userIds.slice(i, i + USERS_PER_QUERY))
      .where('billing_period', 'in', periods)
      .orderBy('user_id')
      .orderBy('billing_period')
      .orderBy('provider')
      .execute();
    for (const row of rows) {
      if (!wanted.has(`${row.user_id}\u0000${row.billing_period}`)) continue;
      totals.push(providerTotalsOf(row));
    }
  }
  return totals;
}

/** The billing periods a user has any usage in. */
/** Every (user, period) with usage among `userIds`. */
export async function periodsWithUsageOf(
  db: Db,
  userIds: readonly string[],
): Promise<{ user_id: string; billing_period: string }[]> {
  const found: { user_id: string; billing_period: string }[] = [];
  for (let i = 0; i < userIds.length; i += 500) {
    const rows = await db
      .selectFrom('usage_period_totals')
      .select(['user_id', 'billing_period'])
      .distinct()
      .where('user_id', 'in', userIds.slice(i, i + 500))
      .execute();
    found.push(...rows);
  }
  return found;
}

export async function periodsWithUsage(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('usage_rollups')
    .select('billing_period')
    .distinct()
    .where('user_id', '=', userId)
    .execute();
  return rows.map((row) => row.billing_period);
}
