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
  cost_nano: number;
  response_time_sum: number;
  response_time_count: number;
};

/** User × period pairs per query. */
const KEYS_PER_QUERY = 200;

/** Per-provider totals of the given users' periods, from the rollups. */
export async function providerTotals(
  db: Db,
  keys: ReadonlyArray<{ userId: string; period: string }>,
): Promise<ProviderTotals[]> {
  if (keys.length === 0) return [];
  // SQLite refuses expressions deeper than 1,000 terms: one OR of a big report's periods is split.
  if (keys.length > KEYS_PER_QUERY) {
    const parts = [];
    for (let i = 0; i < keys.length; i += KEYS_PER_QUERY) {
      parts.push(...(await providerTotals(db, keys.slice(i, i + KEYS_PER_QUERY))));
    }
    return parts;
  }
  const rows = await db
    .selectFrom('usage_rollups')
    .select(({ fn }) => [
      'user_id',
      'billing_period',
      'provider',
      fn.sum<number>('calls').as('calls'),
      fn.sum<number>('errors').as('errors'),
      fn.sum<number>('unpriced_calls').as('unpriced_calls'),
      fn.sum<number>('input_tokens').as('input_tokens'),
      fn.sum<number>('output_tokens').as('output_tokens'),
      fn.sum<number>('cached_tokens').as('cached_tokens'),
      fn.sum<number>('cost_nano').as('cost_nano'),
      fn.sum<number>('response_time_sum').as('response_time_sum'),
      fn.sum<number>('response_time_count').as('response_time_count'),
    ])
    .where((eb) =>
      eb.or(keys.map((k) => eb.and([eb('user_id', '=', k.userId), eb('billing_period', '=', k.period)]))),
    )
    .groupBy(['user_id', 'billing_period', 'provider'])
    .execute();
  return rows.map((row) => ({
    user_id: row.user_id,
    billing_period: row.billing_period,
    provider: row.provider,
    calls: Number(row.calls),
    errors: Number(row.errors),
    unpriced_calls: Number(row.unpriced_calls),
    input_tokens: Number(row.input_tokens),
    output_tokens: Number(row.output_tokens),
    cached_tokens: Number(row.cached_tokens),
    cost_nano: Number(row.cost_nano),
    response_time_sum: Number(row.response_time_sum),
    response_time_count: Number(row.response_time_count),
  }));
}
