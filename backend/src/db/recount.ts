import { type Kysely, sql } from 'kysely';
import { type Database, ROLLUP_MEASURES, type UsageRollupsTable } from './schema.ts';

type Db = Kysely<Database>;

/** The rollup measures of one user × period × provider × model, summed over its days. */
export type RollupTotals = Omit<UsageRollupsTable, 'day'>;

const KEY = ['user_id', 'billing_period', 'provider', 'model'] as const;

function toTotals(row: Record<string, unknown>): RollupTotals {
  const totals = {
    user_id: String(row.user_id),
    billing_period: String(row.billing_period),
    provider: String(row.provider),
    model: String(row.model),
  } as RollupTotals;
  for (const measure of ROLLUP_MEASURES) totals[measure] = Number(row[measure] ?? 0);
  return totals;
}

/** What the rollups hold, per user × period × provider × model. */
export async function storedRollupTotals(db: Db): Promise<RollupTotals[]> {
  const rows = await db
    .selectFrom('usage_rollups')
    .select(KEY)
    .select(({ fn }) => ROLLUP_MEASURES.map((m) => fn.sum<number>(m).as(m)))
    .groupBy([...KEY])
    .execute();
  return rows.map(toTotals);
}

/**
 * The same totals counted again from the raw events, by the rules ingest applies: a call failed when
 * its status is 400 or more or it carries an error; it is unpriced when no price row was used.
 */
export async function recountFromEvents(db: Db): Promise<RollupTotals[]> {
  const rows = await db
    .selectFrom('usage_events')
    .select(KEY)
    .select(({ fn, eb }) => [
      fn.countAll<number>().as('calls'),
      fn
        .sum<number>(
          eb
            .case()
            .when(eb.or([eb('status_code', '>=', 400), eb('error', 'is not', null)]))
            .then(1)
            .else(0)
            .end(),
        )
        .as('errors'),
      fn.sum<number>(eb.case().when('price_id', 'is', null).then(1).else(0).end()).as('unpriced_calls'),
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
      fn.coalesce(fn.sum<number>('response_time_ms'), eb.lit(0)).as('response_time_sum'),
      fn.count<number>('response_time_ms').as('response_time_count'),
    ])
    .groupBy([...KEY])
    .execute();
  return rows.map(toTotals);
}

/** Per user × period × provider totals: as kept in usage_period_totals, and as the rollups sum up. */
export async function periodTotalsBothWays(
  db: Db,
): Promise<{ stored: RollupTotals[]; summed: RollupTotals[] }> {
  const key = ['user_id', 'billing_period', 'provider'] as const;
  const [stored, summed] = await Promise.all([
    db.selectFrom('usage_period_totals').select(key).select(ROLLUP_MEASURES).execute(),
    db
      .selectFrom('usage_rollups')
      .select(key)
      .select(({ fn }) => ROLLUP_MEASURES.map((m) => fn.sum<number>(m).as(m)))
      .groupBy([...key])
      .execute(),
  ]);
  // Compared as one group per provider, under a model name no real model has.
  const asTotals = (row: Record<string, unknown>) => toTotals({ ...row, model: '(all models)' });
  return { stored: stored.map(asTotals), summed: summed.map(asTotals) };
}

/** Rollup rows whose day lies outside their billing period (a day is always inside its period). */
export async function rollupDaysOutsidePeriod(db: Db): Promise<Array<{ user_id: string; day: string }>> {
  return db
    .selectFrom('usage_rollups')
    .select(['user_id', 'day'])
    .where(sql<boolean>`substr(day, 1, 7) <> billing_period`)
    .execute();
}
