import {
  EARLIEST_OCCURRED_AT,
  EARLIEST_OCCURRED_AT_MS,
  formatBound,
  MAX_TOKENS_PER_EVENT,
  MAX_UNITS_PER_EVENT,
  PERIOD_TOTAL_CEILING,
} from '@spendscope/contracts';
import { type AliasedRawBuilder, type Kysely, sql } from 'kysely';
import { CEILING_MEASURES, type Database, ROLLUP_MEASURES, type UsageRollupsTable } from './schema.ts';

type Db = Kysely<Database>;

/** The rollup measures of one user × period × provider × model, summed over its days. */
export type RollupTotals = Omit<UsageRollupsTable, 'day'>;

const KEY = ['user_id', 'billing_period', 'provider', 'model'] as const;

/**
 * The recount must not stop on a database whose totals overflow a 64-bit sum (SQLite raises "integer
 * overflow"; rows like that can only come from a server older than the ceiling): integer measures are
 * summed in two parts, value / 1e9 and value % 1e9, each of which stays small per row, and joined
 * exactly here. Both parts would need over a billion rows in one group to overflow.
 */
const SPLIT = 1_000_000_000;
const SPLIT_BIG = BigInt(SPLIT);

/** `sum(column)` of an integer column, as the two parts `<alias>__hi` and `<alias>__lo`. */
function exactSum(column: string, alias = column): AliasedRawBuilder<unknown, string>[] {
  const ref = sql.ref(column);
  return [
    sql`sum(${ref} / ${sql.lit(SPLIT)})`.as(`${alias}__hi`),
    sql`sum(${ref} % ${sql.lit(SPLIT)})`.as(`${alias}__lo`),
  ];
}

/** A sum's part as a bigint; a fractional part (a REAL a broken row holds in SQLite) is truncated. */
function part(value: unknown): bigint {
  if (value === null || value === undefined) return 0n;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  const n = Number(value);
  return Number.isFinite(n) ? BigInt(Math.trunc(n)) : 0n;
}

const INTEGER_MEASURES = ROLLUP_MEASURES.filter((m) => m !== 'response_time_sum');

function toTotals(row: Record<string, unknown>): RollupTotals {
  const totals = {
    user_id: String(row.user_id),
    billing_period: String(row.billing_period),
    provider: String(row.provider),
    model: String(row.model),
  } as RollupTotals;
  for (const measure of ROLLUP_MEASURES) {
    totals[measure] =
      `${measure}__hi` in row
        ? Number(part(row[`${measure}__hi`]) * SPLIT_BIG + part(row[`${measure}__lo`]))
        : Number(row[measure] ?? 0);
  }
  return totals;
}

/** The rollup measures summed per group: integers exactly (exactSum), response times as doubles. */
function summedMeasures() {
  return [
    ...INTEGER_MEASURES.flatMap((m) => exactSum(m)),
    sql`sum(response_time_sum)`.as('response_time_sum'),
  ];
}

/** What the rollups hold, per user × period × provider × model. */
export async function storedRollupTotals(db: Db): Promise<RollupTotals[]> {
  const rows = await db
    .selectFrom('usage_rollups')
    .select(KEY)
    .select(summedMeasures())
    .groupBy([...KEY])
    .execute();
  return rows.map((row) => toTotals(row as Record<string, unknown>));
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
      ...EVENT_SUMMED.flatMap((m) => exactSum(m)),
      fn.coalesce(fn.sum<number>('response_time_ms'), eb.lit(0)).as('response_time_sum'),
      fn.count<number>('response_time_ms').as('response_time_count'),
    ])
    .groupBy([...KEY])
    .execute();
  return rows.map((row) => toTotals(row as Record<string, unknown>));
}

/**
 * Measures recounted as plain sums of the event column of the same name: every measure but the
 * per-call counts, i.e. the ones the period ceiling holds, so a new token column is recounted too.
 */
const EVENT_SUMMED = CEILING_MEASURES;

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
      .select(summedMeasures())
      .groupBy([...key])
      .execute(),
  ]);
  // Compared as one group per provider, under a model name no real model has.
  const asTotals = (row: object) => toTotals({ ...row, model: '(all models)' });
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

/** A stored row outside the bounds ingest holds (only a server older than the bounds can write one). */
export type BadRow = {
  table: 'usage_events' | 'usage_period_totals';
  user_id: string;
  billing_period: string;
  /** usage_events only. */
  event_id?: string;
  provider: string;
  problem: string;
};

const TOKEN_COLUMNS = ['input_tokens', 'output_tokens', 'cached_tokens', 'reasoning_tokens'] as const;
const UNIT_COLUMNS = ['searches', 'pages', 'images'] as const;

/** At most this many bad rows are listed per table. */
const BAD_ROWS_SHOWN = 1000;

/** What is wrong with one event's stored values, if anything. */
function eventProblems(row: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const outside = (column: string, max: number) => {
    const value = Number(row[column]);
    if (!Number.isInteger(value) || value < 0 || value > max) {
      problems.push(`${column} ${String(row[column])} is outside 0–${formatBound(max)}`);
    }
  };
  for (const column of TOKEN_COLUMNS) outside(column, MAX_TOKENS_PER_EVENT);
  for (const column of UNIT_COLUMNS) outside(column, MAX_UNITS_PER_EVENT);
  outside('cost_nano', PERIOD_TOTAL_CEILING);
  if (Number(row.occurred_at) < EARLIEST_OCCURRED_AT_MS)
    problems.push(`occurred_at is before ${EARLIEST_OCCURRED_AT}`);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(String(row.billing_period))) {
    problems.push(`billing_period ${String(row.billing_period)} is not YYYY-MM`);
  }
  return problems;
}

/**
 * Stored rows outside the bounds: events with a count, cost, time or period the ingest path would refuse
 * now, and period totals past PERIOD_TOTAL_CEILING. Found by SQL comparisons (which cannot overflow),
 * described here; at most BAD_ROWS_SHOWN per table.
 */
export async function rowsOutsideBounds(db: Db): Promise<BadRow[]> {
  const events = await db
    .selectFrom('usage_events')
    .select([
      'event_id',
      'user_id',
      'billing_period',
      'provider',
      'occurred_at',
      'cost_nano',
      ...TOKEN_COLUMNS,
      ...UNIT_COLUMNS,
    ])
    .where((eb) =>
      eb.or([
        ...TOKEN_COLUMNS.flatMap((c) => [eb(c, '>', MAX_TOKENS_PER_EVENT), eb(c, '<', 0)]),
        ...UNIT_COLUMNS.flatMap((c) => [eb(c, '>', MAX_UNITS_PER_EVENT), eb(c, '<', 0)]),
        eb('cost_nano', '>', PERIOD_TOTAL_CEILING),
        eb('cost_nano', '<', 0),
        sql<boolean>`cost_nano <> cast(cost_nano as bigint)`,
        eb('occurred_at', '<', EARLIEST_OCCURRED_AT_MS),
        eb(sql`length(billing_period)`, '<>', 7),
      ]),
    )
    .limit(BAD_ROWS_SHOWN)
    .execute();
  const totals = await db
    .selectFrom('usage_period_totals')
    .select(['user_id', 'billing_period', 'provider', ...CEILING_MEASURES])
    .where((eb) => eb.or(CEILING_MEASURES.map((m) => eb(m, '>', PERIOD_TOTAL_CEILING))))
    .limit(BAD_ROWS_SHOWN)
    .execute();
  return [
    ...events.map((row) => ({
      table: 'usage_events' as const,
      event_id: row.event_id,
      user_id: row.user_id,
      billing_period: row.billing_period,
      provider: row.provider,
      problem: eventProblems(row).join('; ') || 'a value outside the bounds',
    })),
    ...totals.map((row) => ({
      table: 'usage_period_totals' as const,
      user_id: row.user_id,
      billing_period: row.billing_period,
      provider: row.provider,
      problem: CEILING_MEASURES.filter((m) => Number(row[m]) > PERIOD_TOTAL_CEILING)
        .map((m) => `${m} ${String(row[m])} is past the ceiling of ${formatBound(PERIOD_TOTAL_CEILING)}`)
        .join('; '),
    })),
  ];
}
