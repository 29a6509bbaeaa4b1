import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

/** Rollup sums of one provider within one user's period, grouped by a model or a day. */
export type DetailTotals = {
  key: string;
  calls: number;
  errors: number;
  unpriced_calls: number;
  input_tokens: number;
  output_tokens: number;
  cached_tokens: number;
  cache_write_tokens: number;
  cache_write_1h_tokens: number;
  reasoning_tokens: number;
  searches: number;
  pages: number;
  images: number;
  cost_nano: number;
  response_time_sum: number;
  response_time_count: number;
};

/** One provider's rollups of a user's period, summed per model or per local day. */
export async function providerDetailTotals(
  db: Db,
  options: { userId: string; period: string; provider: string; by: 'model' | 'day' },
): Promise<DetailTotals[]> {
  const rows = await db
    .selectFrom('usage_rollups')
    .select(({ fn }) => [
      `${options.by} as key`,
      fn.sum<number>('calls').as('calls'),
      fn.sum<number>('errors').as('errors'),
      fn.sum<number>('unpriced_calls').as('unpriced_calls'),
      fn.sum<number>('input_tokens').as('input_tokens'),
      fn.sum<number>('output_tokens').as('output_tokens'),
      fn.sum<number>('cached_tokens').as('cached_tokens'),
      fn.sum<number>('cache_write_tokens').as('cache_write_tokens'),
      fn.sum<number>('cache_write_1h_tokens').as('cache_write_1h_tokens'),
      fn.sum<number>('reasoning_tokens').as('reasoning_tokens'),
      fn.sum<number>('searches').as('searches'),
      fn.sum<number>('pages').as('pages'),
      fn.sum<number>('images').as('images'),
      fn.sum<number>('cost_nano').as('cost_nano'),
      fn.sum<number>('response_time_sum').as('response_time_sum'),
      fn.sum<number>('response_time_count').as('response_time_count'),
    ])
    .where('user_id', '=', options.userId)
    .where('billing_period', '=', options.period)
    .where('provider', '=', options.provider)
    .groupBy(options.by)
    .execute();
  return rows.map((row) => ({
    key: String(row.key),
    calls: Number(row.calls),
    errors: Number(row.errors),
    unpriced_calls: Number(row.unpriced_calls),
    input_tokens: Number(row.input_tokens),
    output_tokens: Number(row.output_tokens),
    cached_tokens: Number(row.cached_tokens),
    cache_write_tokens: Number(row.cache_write_tokens),
    cache_write_1h_tokens: Number(row.cache_write_1h_tokens),
    reasoning_tokens: Number(row.reasoning_tokens),
    searches: Number(row.searches),
    pages: Number(row.pages),
    images: Number(row.images),
    cost_nano: Number(row.cost_nano),
    response_time_sum: Number(row.response_time_sum),
    response_time_count: Number(row.response_time_count),
  }));
}
