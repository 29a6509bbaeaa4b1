import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

export type ProviderTotals = {
  user_id: string;
  billing_period: string;
  provider: string;
  calls: number;
  errors: number;
  unpriced_calls: number;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  cache_write_tokens: number;
  cost_nano: number;
  response_time_sum: number;
  response_time_count: number;
};

/** A row of provider totals with every measure as a number (PostgreSQL returns bigint sums as text). */
export function providerTotalsOf(
  row: { user_id: string; billing_period: string; provider: string } & Record<
    Exclude<keyof ProviderTotals, 'user_id' | 'billing_period' | 'provider'>,
    unknown
  >,
): ProviderTotals {
  return {
    user_id: row.user_id,
    billing_period: row.billing_period,
    provider: row.provider,
    calls: Number(row.calls),
    errors: Number(row.errors),
    unpriced_calls: Number(row.unpriced_calls),
    input_tokens: Number(row.input_tokens),
    output_tokens: Number(row.output_tokens),
    cached_tokens: Number(row.cached_tokens),
    cache_write_tokens: Number(row.cache_write_tokens),
    cost_nano: Number(row.cost_nano),
    response_time_sum: Number(row.response_time_sum),
    response_time_count: Number(row.response_time_count),
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
      .select([
        'user_id',
        'billing_period',
        'provider',
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
      ])
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
