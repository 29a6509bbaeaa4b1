import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** One local day of one provider's usage, summed over models. */
export type DailyProviderTotals = {
  day: string;
  provider: string;
  calls: number;
  errors: number;
  unpriced_calls: number;
  /** input + output + cached + cache writes, as limits count them (domain/usage.ts tokensOf). */
  tokens: number;
  cost_nano: number;
};

/**
 * A user's rollups per local day and provider for the days `fromDay`–`toDay` of the given billing
 * periods, in one query (the primary key's user × period prefix bounds the scan).
 */
export async function dailyProviderTotals(
  db: Kysely<Database>,
  options: { userId: string; periods: readonly string[]; fromDay: string; toDay: string },
): Promise<DailyProviderTotals[]> {
  if (options.periods.length === 0) return [];
  const rows = await db
    .selectFrom('usage_rollups')
    .select(({ fn, eb }) => [
      'day',
      'provider',
      fn.sum<number>('calls').as('calls'),
      fn.sum<number>('errors').as('errors'),
      fn.sum<number>('unpriced_calls').as('unpriced_calls'),
      fn
        .sum<number>(
          eb(
            'input_tokens',
            '+',
            eb('output_tokens', '+', eb('cached_tokens', '+', eb.ref('cache_write_tokens'))),
          ),
        )
        .as('tokens'),
      fn.sum<number>('cost_nano').as('cost_nano'),
    ])
    .where('user_id', '=', options.userId)
    .where('billing_period', 'in', [...options.periods])
    .where('day', '>=', options.fromDay)
    .where('day', '<=', options.toDay)
    .groupBy(['day', 'provider'])
    .orderBy('day')
    .orderBy('provider')
    .execute();
  return rows.map((row) => ({
    day: String(row.day),
    provider: String(row.provider),
    calls: Number(row.calls),
    errors: Number(row.errors),
    unpriced_calls: Number(row.unpriced_calls),
    tokens: Number(row.tokens),
    cost_nano: Number(row.cost_nano),
  }));
}

/** A model with unpriced calls in a user's period. */
export type UnpricedModel = { provider: string; model: string; unpriced_calls: number };

/** The models of a user's period that have calls stored without a price, from the rollups. */
export async function unpricedModels(
  db: Kysely<Database>,
  options: { userId: string; period: string },
): Promise<UnpricedModel[]> {
  const rows = await db
    .selectFrom('usage_rollups')
    .select(({ fn }) => ['provider', 'model', fn.sum<number>('unpriced_calls').as('unpriced_calls')])
    .where('user_id', '=', options.userId)
    .where('billing_period', '=', options.period)
    .where('unpriced_calls', '>', 0)
    .groupBy(['provider', 'model'])
    .orderBy('provider')
    .orderBy('model')
    .execute();
  return rows.map((row) => ({
    provider: String(row.provider),
    model: String(row.model),
    unpriced_calls: Number(row.unpriced_calls),
  }));
}
